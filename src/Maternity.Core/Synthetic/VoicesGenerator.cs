using System.Globalization;
using System.Text;
using Dapper;
using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Voices;

namespace Maternity.Synthetic;

/// <summary>
/// A year of the demo MNVP's engagement, written as the MNVP would keep it (an engagement log CSV and a "you said, we did"
/// CSV) and loaded through the same importer as a user's files. The people heard at each event are drawn from the shares of
/// the women booked in the store over the same months (fixed shares when none are loaded), except that Asian women are heard
/// at <see cref="AsianFactor"/> of their booked share: the known under-representation the page must find.
/// </summary>
public static class VoicesGenerator
{
    /// <summary>How much less likely an Asian woman is to be heard than her share of bookings says.</summary>
    public const double AsianFactor = 0.35;

    private static readonly string[] Places = ["X1A", "X1B", "X1C", "X1D", "Northfield community hub", "Eastgate family centre", "Online"];
    private static readonly string[] Partners = ["", "Sure Start family centre", "Refugee women's group", "Mosque women's circle", "Black mums' network", "Dads' group"];
    private static readonly string[] Languages = ["English", "English", "English", "Urdu", "Polish", "Somali", "Bengali"];
    private static readonly (string Kind, string Name)[] Events =
    [
        ("forum", "Monthly MNVP forum"), ("listening", "Listening event: postnatal care"), ("walk-through", "15 Steps walk-through"),
        ("outreach", "Community outreach coffee morning"), ("survey", "Infant feeding survey"),
    ];

    private static readonly Dictionary<string, double> FallbackEthnic = new(StringComparer.Ordinal)
    {
        ["White"] = 0.55, ["Mixed"] = 0.05, ["Asian"] = 0.22, ["Black"] = 0.12, ["Other"] = 0.06,
    };

    /// <summary>The voices measures (docs/voices.md), as an LMNS analyst would add them to the measures file.</summary>
    public const string MeasuresCsv = """
        Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority
        FORUMS_HELD,Listening forums held,MNVP forums held,count,,,,,higher,quarter,,LMNS entry,1
        PEOPLE_HEARD,People heard by the MNVP,People heard at the MNVP's forums surveys listening events walk-throughs and outreach,count,,,,,higher,quarter,,LMNS entry,4a
        GROUPS_UNDER_REPRESENTED,Groups under-represented in the MNVP,Ethnic groups IMD quintiles and age bands heard under their booked share over the 12 months to the quarter's end,count,,,,,lower,quarter,,LMNS entry,4a
        """;

    public const string TargetsCsv = """
        Measure,Org,Direction,Target,By,Baseline,BaselinePeriod,Reduction,Milestones,Source
        FORUMS_HELD,,at least,3,,,,,,MNVP terms of reference: a forum every month
        PEOPLE_HEARD,,at least,100,,,,,,MNVP work plan: 100 people heard a quarter
        GROUPS_UNDER_REPRESENTED,,at most,0,,,,,,NICE QS167: the MNVP reflects the women booked
        """;

    /// <summary>
    /// Adds the voices measures the LMNS does not define yet, and their targets where it has set none, so the MNVP's loads
    /// feed them (a measure the LMNS already defines, such as the demo's FORUMS_HELD, keeps its definition).
    /// </summary>
    public static void DefineMeasures(Database database, string lmns)
    {
        var admin = Access.System("demo");
        var folder = Directory.CreateTempSubdirectory("maternity-voices-measures-").FullName;
        try
        {
            string Write(string file, string text) { var path = Path.Combine(folder, file); File.WriteAllText(path, text.ReplaceLineEndings("\n")); return path; }
            var before = MeasureStore.Load(database, lmns);
            var content = MeasureFile.Read(Write("measures.csv", MeasuresCsv), lmns);
            if (content.Issues.Count > 0) throw new InvalidOperationException("the demo voices measures have bad cells: " + content.Issues[0].Reason);
            MeasureStore.Import(database, admin, lmns, content with { Measures = [.. content.Measures.Where(m => before.Find(m.Id) is null)] });
            var set = MeasureStore.Load(database, lmns);
            var (targets, issues) = MeasureTarget.Read(Write("targets.csv", TargetsCsv), lmns, m => set.Find(m) is { } x ? (x.Unit, x.Levels) : null);
            if (issues.Count > 0) throw new InvalidOperationException("the demo voices targets have bad cells: " + issues[0].Reason);
            var own = set.Own ?? [];
            MeasureStore.ImportTargets(database, admin, lmns, [.. own, .. targets.Where(t => !own.Any(o => o.MeasureId == t.MeasureId && o.Org == t.Org))]);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>Writes and loads 24 events over the 12 months to <paramref name="lastMonth"/> (default: the latest month of bookings held, else last month) and eight feedback themes.</summary>
    public static VoicesStore.SaveResult[] Generate(Database database, string lmns, DateOnly? lastMonth = null, int seed = 25)
    {
        DefineMeasures(database, lmns);
        var random = new Random(seed);
        var last = lastMonth ?? LatestBookings(database, lmns) ?? DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1);
        last = new DateOnly(last.Year, last.Month, 1);
        var from = last.AddMonths(-11);
        var admin = Access.System("demo");
        var shares = Characteristic.Compared.ToDictionary(c => c.Name, c => Shares(database, lmns, c, from, last));
        if (shares["EthnicGroup"].Count == 0) shares["EthnicGroup"] = FallbackEthnic;
        shares["EthnicGroup"] = shares["EthnicGroup"].ToDictionary(kv => kv.Key, kv => kv.Key == "Asian" ? kv.Value * AsianFactor : kv.Value, StringComparer.Ordinal);
        var roles = new Dictionary<string, double>(StringComparer.Ordinal) { ["Mother"] = 0.78, ["Birthing person"] = 0.02, ["Partner"] = 0.06, ["Dad"] = 0.12, ["Not stated"] = 0.02 };
        var disability = new Dictionary<string, double>(StringComparer.Ordinal) { ["Yes"] = 0.08, ["No"] = 0.84, ["Not stated"] = 0.08 };
        var columns = new List<(Characteristic C, string Group)>();
        foreach (var c in Characteristic.Compared) columns.AddRange(c.Groups.Select(g => (c, g)));
        columns.AddRange(Characteristic.ParentRole.Groups.Select(g => (Characteristic.ParentRole, g)));
        columns.AddRange(Characteristic.Disability.Groups.Select(g => (Characteristic.Disability, g)));
        var csv = new StringBuilder("Date,Event,Kind,Place,Languages,Partners,People heard");
        foreach (var (c, g) in columns) csv.Append(',').Append(c.Title.Split(' ')[0] == "Deprivation" ? "Deprivation" : c.Title).Append(": ").Append(g);
        csv.Append('\n');
        for (var i = 0; i < 24; i++)
        {
            var day = from.AddMonths(i / 2).AddDays(3 + 14 * (i % 2) + random.Next(5));
            var (kind, name) = Events[i % 2 == 0 ? 0 : 1 + random.Next(Events.Length - 1)];
            var people = kind == "survey" ? 60 + random.Next(60) : 8 + random.Next(30);
            var counts = new Dictionary<(string, string), int>();
            for (var p = 0; p < people; p++)
            {
                foreach (var c in Characteristic.Compared)
                {
                    var group = random.NextDouble() < 0.04 ? Characteristic.NotStated : Pick(random, shares[c.Name]);
                    counts[(c.Name, group)] = counts.GetValueOrDefault((c.Name, group)) + 1;
                }
                var role = Pick(random, roles);
                counts[("ParentRole", role)] = counts.GetValueOrDefault(("ParentRole", role)) + 1;
                var disabled = Pick(random, disability);
                counts[("Disability", disabled)] = counts.GetValueOrDefault(("Disability", disabled)) + 1;
            }
            var language = Languages[random.Next(Languages.Length)];
            csv.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{name} {day:MMMM yyyy},{kind},{Places[random.Next(Places.Length)]},")
                .Append(language == "English" ? "English" : $"English; {language}").Append(',').Append(Partners[random.Next(Partners.Length)])
                .Append(CultureInfo.InvariantCulture, $",{people}");
            foreach (var (c, g) in columns) csv.Append(',').Append(counts.GetValueOrDefault((c.Name, g)).ToString(CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        var actions = PlanStore.Load(database, admin, lmns).Actions.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        string Link(string id) => actions.Contains(id) ? id : "";
        var feedback = $"""
            Date,Source,Theme,You said,We did,Action,Status
            {from.AddMonths(1):yyyy-MM-dd},Friends and Family Test,Interpreters,Women who do not speak English waited for an interpreter at booking,Booked interpreters in advance for every booking that needs one,{Link("A003")},done
            {from.AddMonths(2):yyyy-MM-dd},MNVP report,Postnatal ward at night,Partners could not stay overnight,Overnight stays for partners on the postnatal ward,{Link("A007")},done
            {from.AddMonths(4):yyyy-MM-dd},CQC maternity survey,Being listened to,Concerns in labour were not always taken seriously,Listening training for midwives; escalation card for women,{Link("A012")},in progress
            {from.AddMonths(5):yyyy-MM-dd},MNVP forum,Asian women's voices,Few Asian women come to the forums,Outreach with the mosque women's circle in Urdu and Bengali,{Link("A015")},in progress
            {from.AddMonths(6):yyyy-MM-dd},Friends and Family Test,Infant feeding support,Feeding support stops when you leave hospital,Peer supporters in the family centres,{Link("A021")},done
            {from.AddMonths(8):yyyy-MM-dd},15 Steps walk-through,Signage,The antenatal clinic is hard to find,New signs in five languages,,done
            {from.AddMonths(9):yyyy-MM-dd},MNVP report,Continuity of carer,Black women want to see the same midwife,,{Link("A030")},open
            {from.AddMonths(11):yyyy-MM-dd},CQC maternity survey,Information in other languages,Leaflets only in English,,,open
            """;
        var folder = Directory.CreateTempSubdirectory("maternity-voices-").FullName;
        try
        {
            string Write(string file, string text) { var path = Path.Combine(folder, file); File.WriteAllText(path, text.ReplaceLineEndings("\n")); return path; }
            var results = new[]
            {
                VoicesStore.Import(database, admin, lmns, Write("mnvp-engagement.csv", csv.ToString())),
                VoicesStore.Import(database, admin, lmns, Write("mnvp-you-said-we-did.csv", feedback)),
            };
            foreach (var r in results.Where(r => !r.Stored))
                throw new InvalidOperationException($"the demo MNVP file {r.File} was refused: row {r.Issues[0].Row} {r.Issues[0].Column}: {r.Issues[0].Reason}");
            return results;
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>A group drawn by its share, the groups taken in ordinal order so the same seed gives the same data whatever order the store returned them in.</summary>
    private static string Pick(Random random, IReadOnlyDictionary<string, double> shares)
    {
        var ordered = shares.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var x = random.NextDouble() * ordered.Sum(kv => kv.Value);
        foreach (var (group, share) in ordered)
        {
            x -= share;
            if (x < 0) return group;
        }
        return ordered[^1].Key;
    }

    /// <summary>Booked shares by group over the months, from the LMNS's booking counts (stated groups only).</summary>
    private static Dictionary<string, double> Shares(Database database, string lmns, Characteristic c, DateOnly from, DateOnly last)
    {
        using var connection = database.Open();
        var rows = connection.Query<(string Group, long Booked)>(connection.Sql("""
            SELECT group_code, SUM(denominator) FROM indicator_count
            WHERE indicator_id = $indicator AND org_code = $lmns AND breakdown = $breakdown AND period_type = 'Month'
              AND period_start >= $from AND period_start <= $last
            GROUP BY group_code
            """), new { indicator = VoicesReport.BookingsIndicator, lmns, breakdown = c.Breakdown, from = from.ToDateTime(TimeOnly.MinValue), last = last.ToDateTime(TimeOnly.MinValue) });
        return rows.Where(r => c.Allows(r.Group) && r.Group != Characteristic.NotStated && r.Booked > 0)
            .ToDictionary(r => r.Group, r => (double)r.Booked, StringComparer.Ordinal);
    }

    private static DateOnly? LatestBookings(Database database, string lmns)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<DateTime?>(connection.Sql("""
            SELECT MAX(period_start) FROM indicator_count WHERE indicator_id = $indicator AND org_code = $lmns AND period_type = 'Month'
            """), new { indicator = VoicesReport.BookingsIndicator, lmns }) is { } d ? DateOnly.FromDateTime(d) : null;
    }
}
