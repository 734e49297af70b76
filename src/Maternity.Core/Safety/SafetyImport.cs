using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Safety;

/// <summary>
/// Loads an export of an incident or review system (CSV, or the first sheet of an XLSX workbook) into the safety log.
/// Local column names and codes are turned into the log's through an <see cref="ExtractMapping"/> (its <c>columns</c>,
/// <c>values</c> and <c>dateFormats</c>; no table). Every row is checked; a file with any bad cell changes nothing and
/// every problem names the file, row and column. A file with a column that looks like a name, an NHS number, a date of
/// birth, an address or a hospital number is refused whole, as is a cell that holds a valid NHS number: the log keeps a
/// local case reference only. A good file adds its cases, or replaces those with the same trust and reference, in one
/// transaction with its audit entry. Columns the log does not know are ignored and listed.
/// </summary>
public static partial class SafetyImport
{
    public sealed record Result(string File, int Cases, IReadOnlyList<RowIssue> Issues, IReadOnlyList<string> Ignored)
    {
        public bool Imported => Issues.Count == 0;

        /// <summary>What the load wrote to the ethnicity coding measure (<see cref="SafetyCodingMeasure"/>).</summary>
        public SafetyCodingMeasure.Outcome Coding { get; init; } = SafetyCodingMeasure.Outcome.None;
    }

    /// <summary>The log's columns, as the file carries them after the mapping.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "CaseRef", "Trust", "Kind", "EventDate", "Category", "Harm", "EthnicCategory", "Language", "InterpreterNeeded", "LSOA",
        "AgeBand", "GestationWeeks", "CarePlanFlags", "Status", "Grading", "Themes", "ContributoryFactors", "ReviewDue",
    ];

    private static readonly string[] Required = ["CaseRef", "Trust", "Kind", "EventDate", "Status"];

    public static Result Import(Database database, Access access, string path, ExtractMapping? mapping = null, string? fileName = null) =>
        Load(database, access, TableFile.Read(path)!.Value, mapping ?? ExtractMapping.Identity, fileName ?? Path.GetFileName(path));

    /// <summary>
    /// One case entered in the web form: <paramref name="fields"/> by the log's column names (<see cref="Columns"/>),
    /// checked exactly as a row of a file is (the problems name the field as their column), stored with its audit entry
    /// as "web form". A case with the trust's reference already logged replaces it, as a file's row does.
    /// </summary>
    public static Result Enter(Database database, Access access, IReadOnlyDictionary<string, string> fields)
    {
        var header = Columns.Where(c => fields.ContainsKey(c) || Required.Contains(c)).ToList();
        var cells = header.Where(fields.ContainsKey).ToDictionary(c => c, c => fields[c], StringComparer.Ordinal);
        return Load(database, access, (header, [(1L, cells)]), ExtractMapping.Identity, "web form");
    }

    private static Result Load(Database database, Access access, (List<string> Header, IEnumerable<(long Row, Dictionary<string, string> Cells)> Rows) table,
        ExtractMapping mapping, string file)
    {
        var issues = new List<RowIssue>();
        var targets = table.Header.Select(h => (Source: h, Target: Canonical(mapping.TargetOf(h)))).ToList();
        foreach (var (source, target) in targets)
            if ((Identifier(source) ?? (target is null ? null : Identifier(target))) is { } what)
                issues.Add(new RowIssue(1, source, null, $"the column looks like {what}: the safety log keeps a local case reference only, so remove the column and load the file again"));
        var ignored = targets.Where(t => t.Target is null).Select(t => t.Source).ToList();
        foreach (var missing in Required.Where(r => !targets.Any(t => t.Target == r)))
            issues.Add(new RowIssue(1, missing, null, $"no column for {missing} (name it so, or map a local column to it in the mapping file)"));
        if (issues.Count > 0) return new Result(file, 0, issues, ignored);

        var orgs = OrgHierarchy.Read(database);
        var trusts = orgs.OfType("Trust").ToDictionary(o => o.Code, o => o.Parent, StringComparer.OrdinalIgnoreCase);
        var themes = SafetyStore.Themes(database, null).ToLookup(t => t.Lmns, t => t.Code);
        var dateFormats = mapping.DateFormats is { Count: > 0 } f ? ["yyyy-MM-dd", .. f] : new[] { "yyyy-MM-dd" };
        var cases = new List<SafetyCase>();
        var seen = new HashSet<(string, string)>();
        foreach (var (row, raw) in table.Rows)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (source, target) in targets)
                if (target is not null && raw.TryGetValue(source, out var value) && value.Trim() is { Length: > 0 } v)
                    cells[target] = target is "Themes" or "ContributoryFactors" ? v : mapping.Recode(target, v);
            if (cells.Count == 0) continue;
            var before = issues.Count;
            void Problem(string column, string? value, string reason) =>
                issues.Add(new RowIssue(row, SourceOf(targets, column), value, reason));
            string? Cell(string column) => cells.TryGetValue(column, out var v) ? v : null;
            foreach (var (column, value) in cells)
                if (LooksLikeNhsNumber(value))
                    Problem(column, "(withheld)", "the value looks like an NHS number: the safety log keeps a local case reference only");

            var reference = Cell("CaseRef");
            if (reference is null) Problem("CaseRef", null, "no case reference");
            var trust = Cell("Trust")?.ToUpperInvariant();
            string? lmns = null;
            if (trust is null) Problem("Trust", null, "no trust");
            else if (!trusts.TryGetValue(trust, out lmns)) Problem("Trust", trust, "not a trust in the organisations loaded");
            else if (!access.SeesRecordsOf(trust)) Problem("Trust", trust, $"{access.Name} may not load the cases of {trust}");
            var kind = Cell("Kind")?.ToUpperInvariant();
            if (kind is null || !SafetyCodes.Kinds.Any(k => k.Code == kind))
                Problem("Kind", kind, $"not a kind of case: one of {string.Join(", ", SafetyCodes.Kinds.Select(k => k.Code))}");
            var date = Date("EventDate", required: true);
            var due = Date("ReviewDue", required: false);
            var harm = Coded("Harm", SafetyCodes.Harms);
            var status = Coded("Status", SafetyCodes.Statuses);
            var ageBand = Cell("AgeBand");
            if (ageBand is not null && !SafetyCodes.AgeBands.Contains(ageBand, StringComparer.OrdinalIgnoreCase))
                Problem("AgeBand", ageBand, $"not an age band: one of {string.Join(", ", SafetyCodes.AgeBands)}");
            var ethnic = Cell("EthnicCategory")?.ToUpperInvariant();
            if (ethnic is not null && !EthnicCategory.AllCodes.Contains(ethnic))
                Problem("EthnicCategory", ethnic, "not an NHS ethnic category code (A to S, Z or 99); recode local values in the mapping file");
            var interpreter = Cell("InterpreterNeeded")?.ToUpperInvariant();
            if (interpreter is not null && interpreter is not ("Y" or "N")) Problem("InterpreterNeeded", interpreter, "Y or N");
            var lsoa = Cell("LSOA")?.ToUpperInvariant();
            if (lsoa is not null && !ImdImporter.IsLsoaCode(lsoa)) Problem("LSOA", lsoa, "not an LSOA code (E01 and six digits)");
            int? gestation = null;
            if (Cell("GestationWeeks") is { } g)
            {
                if (int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var weeks) && weeks <= 45) gestation = weeks;
                else Problem("GestationWeeks", g, "not a number of completed weeks from 0 to 45");
            }
            var known = SafetyCodes.Themes.Select(t => t.Code).Concat(lmns is null ? [] : themes[lmns]).ToHashSet(StringComparer.Ordinal);
            var caseThemes = Codes("Themes", known, "a theme");
            var factors = Codes("ContributoryFactors", SafetyCodes.Factors.Select(x => x.Code).ToHashSet(StringComparer.Ordinal), "a contributory factor");
            if (reference is not null && trust is not null && !seen.Add((trust, reference)))
                Problem("CaseRef", reference, $"the case {reference} of {trust} appears twice in the file");
            if (issues.Count == before)
                cases.Add(new SafetyCase(trust!, reference!, kind!, date!.Value, Cell("Category"), harm, ethnic, Cell("Language"), interpreter, lsoa,
                    ageBand is null ? null : SafetyCodes.AgeBands.First(a => a.Equals(ageBand, StringComparison.OrdinalIgnoreCase)),
                    gestation, Cell("CarePlanFlags"), status!, Cell("Grading"), caseThemes, factors, due));

            DateOnly? Date(string column, bool required)
            {
                if (Cell(column) is not { } text)
                {
                    if (required) Problem(column, null, "no date");
                    return null;
                }
                if (DateOnly.TryParseExact(text, dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
                Problem(column, text, $"not a date in the form {string.Join(" or ", dateFormats)}");
                return null;
            }

            string? Coded(string column, IReadOnlyList<string> allowed)
            {
                if (Cell(column) is not { } text) return null;
                var match = allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase));
                if (match is null) Problem(column, text, $"not one of {string.Join(", ", allowed)}; recode local values in the mapping file");
                return match;
            }

            List<string> Codes(string column, IReadOnlySet<string> allowed, string what)
            {
                var list = new List<string>();
                foreach (var part in (Cell(column) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var code = mapping.Recode(column, part).ToUpperInvariant();
                    if (allowed.Contains(code)) list.Add(code);
                    else Problem(column, part, $"not {what}: one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}");
                }
                return [.. list.Distinct()];
            }
        }
        if (issues.Count > 0) return new Result(file, 0, issues, ignored);
        if (cases.Count == 0) return new Result(file, 0, [new RowIssue(2, "", null, file == "web form" ? "the form is empty" : "the file has no cases")], ignored);
        var coding = Store(database, access, cases, file);
        return new Result(file, cases.Count, [], ignored) { Coding = coding };
    }

    /// <summary>
    /// Adds the cases, replacing any with the same trust and reference, in one transaction with its audit entry; then
    /// recomputes the ethnicity coding measure of the trusts loaded (<see cref="SafetyCodingMeasure"/>).
    /// </summary>
    internal static SafetyCodingMeasure.Outcome Store(Database database, Access access, IReadOnlyList<SafetyCase> cases, string file)
    {
        foreach (var org in cases.Select(c => c.OrgCode).Distinct()) access.DemandRecords(org);
        Insert(database, access, cases, file);
        // After the cases are committed: the measure is derived from the log, so a refused measure never unloads the cases.
        return SafetyCodingMeasure.Write(database, access, cases.Select(c => c.OrgCode));
    }

    private static void Insert(Database database, Access access, IReadOnlyList<SafetyCase> cases, string file)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        var at = Database.Now();
        foreach (var c in cases)
        {
            connection.Execute(connection.Sql("DELETE FROM safety_case WHERE org_code = $OrgCode AND case_ref = $CaseRef"), c, tx);
            connection.Execute(connection.Sql("""
                INSERT INTO safety_case (org_code, case_ref, kind, event_date, category, harm, ethnic_category, language, interpreter, lsoa,
                  age_band, gestation_weeks, care_plan_flags, status, grading, themes, factors, review_due, source_file, loaded_at, loaded_by)
                VALUES ($OrgCode, $CaseRef, $Kind, $EventDate, $Category, $Harm, $EthnicCategory, $Language, $Interpreter, $Lsoa,
                  $AgeBand, $GestationWeeks, $CarePlanFlags, $Status, $Grading, $Themes, $Factors, $ReviewDue, $file, $at, $by)
                """), new
            {
                c.OrgCode, c.CaseRef, c.Kind, EventDate = c.EventDate.ToDateTime(TimeOnly.MinValue), c.Category, c.Harm, c.EthnicCategory,
                c.Language, c.Interpreter, c.Lsoa, c.AgeBand, c.GestationWeeks, c.CarePlanFlags, c.Status, c.Grading,
                Themes = string.Join(';', c.Themes), Factors = string.Join(';', c.Factors),
                ReviewDue = c.ReviewDue?.ToDateTime(TimeOnly.MinValue), file, at, by = access.Name,
            }, tx);
        }
        AuditLog.Commit(database, connection, tx, access.Name, "safety.import", file,
            $"{cases.Count} cases of {string.Join(", ", cases.Select(c => c.OrgCode).Distinct().Order(StringComparer.Ordinal))}");
    }

    /// <summary>The log's column a header names (any case, spaces and underscores ignored), or null.</summary>
    private static string? Canonical(string header)
    {
        var key = Squash(header);
        return Columns.FirstOrDefault(c => Squash(c) == key);
    }

    private static string SourceOf(List<(string Source, string? Target)> targets, string column) =>
        targets.FirstOrDefault(t => t.Target == column).Source ?? column;

    private static string Squash(string text) => new([.. text.ToLowerInvariant().Where(char.IsLetterOrDigit)]);

    /// <summary>What a column header looks like if it names a person or an identifier, else null.</summary>
    internal static string? Identifier(string header)
    {
        var key = Squash(header);
        if (key.Contains("nhsnumber", StringComparison.Ordinal) || key.Contains("nhsno", StringComparison.Ordinal) || key == "nhs") return "an NHS number";
        if (key.Contains("name", StringComparison.Ordinal)) return "a name";
        if (key is "dob" || key.Contains("dateofbirth", StringComparison.Ordinal) || key.Contains("birthdate", StringComparison.Ordinal)) return "a date of birth";
        if (key.Contains("address", StringComparison.Ordinal) || key.Contains("postcode", StringComparison.Ordinal)) return "an address";
        if (key.Contains("hospitalnumber", StringComparison.Ordinal) || key is "mrn" or "hospitalno" or "patientid" or "patientnumber") return "a hospital number";
        return null;
    }

    /// <summary>Ten digits (spaces or dashes as 3-3-4 allowed) whose modulus 11 check digit is right: an NHS number.</summary>
    internal static bool LooksLikeNhsNumber(string value)
    {
        var match = NhsNumber().Match(value);
        while (match.Success)
        {
            var digits = match.Value.Where(char.IsDigit).Select(c => c - '0').ToArray();
            var sum = 0;
            for (var i = 0; i < 9; i++) sum += digits[i] * (10 - i);
            var check = 11 - sum % 11;
            if (check == 11) check = 0;
            if (check != 10 && check == digits[9]) return true;
            match = match.NextMatch();
        }
        return false;
    }

    [GeneratedRegex(@"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")]
    private static partial Regex NhsNumber();
}
