using K = Maternity.Programme.ProgrammeValueKind;

namespace Maternity.Programme;

/// <summary>
/// The registers of the programme's resources (and the safety log's positive reports and QI projects) and their sheets, as data: one import, export, store and history path
/// serves them all. The typed views (<see cref="FundingStatus"/>, <see cref="TrainingCoverage"/>,
/// <see cref="ProgrammeSummary"/>) read the rows by these column names.
/// </summary>
public static class ProgrammeRegisters
{
    public const string Funding = "funding";
    public const string Posts = "posts";
    public const string Training = "training";
    public const string Assets = "assets";
    public const string Eia = "eia";
    public const string Approvals = "approvals";
    public const string Learning = "learning";

    private static ProgrammeColumn Id() => new("Id", K.Text, true, "The row's own id, kept across imports (a changed row becomes a new version)");

    private static ProgrammeColumn Actions() => new("Actions", K.Actions, false, "Ids of the plan's actions this row serves, separated by ;");

    private static ProgrammeColumn Stream(bool required) =>
        new("Stream", K.Reference, required, "The id of the funding stream") { Refers = "funding.streams" };

    public static IReadOnlyList<ProgrammeSheet> Sheets { get; } =
    [
        new(Funding, "streams", "Funding streams",
        [
            Id(), new("Source", K.Text, true, "Who gives the money, e.g. NHS England, the ICB"),
            new("Purpose", K.Text, true, "What it is for, e.g. LMNS capacity (targeted)"),
            new("Year", K.FinancialYear, true, "The financial year, e.g. 2022-23"),
            new("Amount", K.Money, true, "The whole allocation, in pounds"),
            new("Conditions", K.Text, false, "Conditions such as 'subject to assurance'"), Actions(),
        ]),
        new(Funding, "instalments", "Instalments of each stream",
        [
            Id(), Stream(true),
            new("When", K.Text, true, "H1, H2, M1 to M12 (M1 = April, M4 = July, M10 = January) or Year"),
            new("Amount", K.Money, true, "The instalment, in pounds"),
            new("Due", K.Date, false, "When it is due, if not the end of the half-year or month named in When"),
            new("Received", K.Date, false, "When it arrived; blank until it does"),
            new("Risk", K.Text, false, "Why it may not come (e.g. assurance not yet given); blank if none"),
        ]),
        new(Funding, "allocations", "Allocations, grants and spend",
        [
            Id(), Stream(true), new("Recipient", K.Text, true, "The trust, project, MVP or grantee"),
            new("Kind", K.Choice, true, "Trust, Project, Grant, MVP or Post") { Choices = ["Trust", "Project", "Grant", "MVP", "Post"] },
            new("Amount", K.Money, true, "Allocated or awarded, in pounds"), new("Spent", K.Money, false, "Spent so far, in pounds"),
            new("Awarded", K.Date, false, "When it was allocated or awarded"), Actions(),
        ]),
        new(Posts, "posts", "Named posts",
        [
            Id(), new("Role", K.Text, true, "e.g. Health Inequalities Lead"), new("Organisation", K.Text, true, "Trust or LMNS code"),
            new("Wte", K.Number, true, "Whole-time equivalent, e.g. 0.2"), Stream(false),
            new("Status", K.Choice, true, "Planned, Recruiting, In post or Vacant") { Choices = ["Planned", "Recruiting", "In post", "Vacant"] },
            new("Since", K.Date, false, "Since when the post has had this status"),
            new("Holder", K.Text, false, "Who holds it (a name, if the holder agrees; else blank)"),
            new("Ends", K.Date, false, "When the post or its funding ends"), Actions(),
            new("Measure", K.Text, false, "The id of the LMNS's yes/no measure this post counts towards, e.g. a measure 'each trust has a Health Inequalities Lead in post'"),
        ]),
        new(Training, "courses", "Courses",
        [
            Id(), new("Title", K.Text, true, "e.g. Cultural competence for maternity staff"),
            new("Topic", K.Text, true, "e.g. Cultural competence, Equality, Interpreting"), new("Provider", K.Text), Actions(),
        ]),
        new(Training, "sessions", "Sessions and attendance",
        [
            Id(), new("Course", K.Reference, true, "The id of the course") { Refers = "training.courses" },
            new("Date", K.Date, true), new("Trust", K.Text, true, "The trust whose staff attended"),
            new("StaffGroup", K.Text, true, "e.g. Midwives, Obstetricians, Maternity support workers"),
            new("Attended", K.Whole, true, "Staff of that trust and group who completed the session"),
        ]),
        new(Training, "staff", "Staff in post",
        [
            Id(), new("Trust", K.Text, true), new("StaffGroup", K.Text, true),
            new("InPost", K.Whole, true, "Staff (headcount) in post, the denominator of % trained"), new("AsAt", K.Date, false),
        ]),
        new(Eia, "assessments", "Equality impact assessments",
        [
            Id(), new("Subject", K.Text, true, "The plan, service change or action assessed"), new("Date", K.Date, true),
            new("Author", K.Text, true), new("Groups", K.List, true, "Groups considered, separated by ;"),
            new("Findings", K.Text), new("Mitigations", K.Text), new("Review", K.Date, true, "When it is next reviewed"),
            new("Status", K.Choice, false, "Open (default) or Closed") { Choices = ["Open", "Closed"] }, Actions(),
        ]),
        new(Approvals, "approvals", "Approvals and circulation of the plan",
        [
            Id(), new("Version", K.Text, true, "The version of the plan document, e.g. v1.3"),
            new("Step", K.Choice, true, "Approved, Submitted, Accepted, Published or Shared")
                { Choices = ["Drafted", "Approved", "Submitted", "Accepted", "Published", "Shared"] },
            new("By", K.Text, true, "e.g. LMNS Board, ICB quality subgroup, NHS England"), new("Date", K.Date, true),
            new("Where", K.Text, false, "Where it was published or shared (a web page, an MVP meeting)"), new("Note", K.Text),
        ]),
        new(Assets, "assets", "Community assets",
        [
            Id(), new("Name", K.Text, true), new("Kind", K.Text, true, "e.g. Family hub, Children's centre, Faith group, Community clinic"),
            new("Services", K.Text), new("Languages", K.List, false, "Languages spoken, separated by ;"), new("Opening", K.Text),
            new("ContactRole", K.Text, false, "A role, not a person"), new("Postcode", K.Text),
            new("Lsoa", K.Text, false, "The LSOA code (2011) where it is, which places it on the map"), Actions(),
        ]),
        new(Learning, "greatix", "Positive reports (GREATix)",
        [
            Id(), new("Trust", K.Text, true, "The trust whose staff were reported"), new("Date", K.Date, true),
            new("Summary", K.Text, true, "What went well, without names of women or families"),
            new("Themes", K.List, false, "Theme codes of the safety log (e.g. COMMUNICATION; INTERPRETING), separated by ;"),
            new("SharedWhere", K.Text, false, "Where it was shared (a safety huddle, a newsletter)"), Actions(),
        ]),
        new(Learning, "qi", "Quality improvement projects",
        [
            Id(), new("Title", K.Text, true), new("Trust", K.Text, true, "The trust, or the LMNS code for an LMNS-wide project"),
            new("Aim", K.Text, true, "The aim: what will improve, by how much, by when"),
            new("Measures", K.List, false, "Ids of the indicators or measures that track it (as on the Measures page), separated by ;"),
            new("Status", K.Choice, true, "Proposed, Active, Sustaining or Closed") { Choices = ["Proposed", "Active", "Sustaining", "Closed"] },
            new("Started", K.Date, false), Actions(),
        ]),
    ];

    public static IReadOnlyList<string> Names { get; } = [Funding, Posts, Training, Eia, Approvals, Assets, Learning];

    public static IReadOnlyList<ProgrammeSheet> Of(string register) => [.. Sheets.Where(s => s.Register == register)];

    /// <summary>The sheet named register.sheet, or (for a register of one sheet) the register's name alone.</summary>
    public static ProgrammeSheet Find(string key)
    {
        var found = Sheets.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
        if (found is not null) return found;
        var of = Of(key.ToLowerInvariant());
        if (of.Count == 1) return of[0];
        throw new InvalidDataException(of.Count == 0
            ? $"no register or sheet '{key}': the registers are {string.Join(", ", Names)}"
            : $"the {key} register has sheets {string.Join(", ", of.Select(s => s.Name))}: name one (--sheet)");
    }

    /// <summary>
    /// The sheet of <paramref name="register"/> a file holds: the one named, else the register's only sheet, else the one
    /// whose name the file name contains (funding-instalments.csv).
    /// </summary>
    public static ProgrammeSheet For(string register, string? sheet, string fileName)
    {
        var of = Of(register);
        if (of.Count == 0) throw new InvalidDataException($"no register '{register}': the registers are {string.Join(", ", Names)}");
        if (sheet is not null) return of.FirstOrDefault(s => string.Equals(s.Name, sheet, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"the {register} register has no sheet '{sheet}': its sheets are {string.Join(", ", of.Select(s => s.Name))}");
        if (of.Count == 1) return of[0];
        var named = of.Where(s => Path.GetFileNameWithoutExtension(fileName).Contains(s.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        return named.Count == 1 ? named[0] : throw new InvalidDataException(
            $"{fileName}: say which sheet of the {register} register it holds (--sheet {string.Join("|", of.Select(s => s.Name))}), or name the file after it");
    }
}
