using System.Globalization;
using Maternity.Ingest;
using Maternity.Reference;

namespace Maternity.Wres;

/// <summary>
/// The WRES data file a trust fills in (CSV, or the sheet <see cref="Sheet"/> of a workbook): one row a count, in the
/// layout of the national WRES data collection turned long so that the maternity and neonatal staff groups sit beside
/// the whole trust. Columns <see cref="Columns"/>. Every cell is checked; any bad cell refuses the file, named by row
/// and column, and nothing is loaded.
/// </summary>
public static class WresFile
{
    public const string Sheet = "WRES";

    public static readonly string[] Columns = ["Org", "Year", "StaffGroup", "Item", "Category", "Band", "Ethnicity", "Count", "Respondents", "Stated"];

    /// <summary>The staff groups: the whole trust, maternity (midwives, maternity support workers, obstetricians), neonatal.</summary>
    public static readonly string[] StaffGroups = ["Trust", "Maternity", "Neonatal"];

    public const string StaffInPost = "StaffInPost";
    public const string Shortlisted = "Shortlisted";
    public const string Appointed = "Appointed";
    public const string Disciplinary = "Disciplinary";
    public const string Training = "Training";
    public static readonly string[] SurveyItems = ["Survey5", "Survey6", "Survey7", "Survey8"];
    public static readonly string[] BoardItems = ["BoardVoting", "BoardExecutive", "BoardNonExecutive"];
    public static readonly string[] StatedLikelihoods = ["RL2", "RL3", "RL4"];

    /// <summary>Every item a row may carry.</summary>
    public static IReadOnlyList<string> Items { get; } =
        [StaffInPost, Shortlisted, Appointed, Disciplinary, Training, .. SurveyItems, .. BoardItems, .. StatedLikelihoods];

    public static readonly string[] Categories = ["Clinical", "Non-clinical", "Medical"];

    /// <summary>Agenda for Change bands (clinical and non-clinical) in order, then very senior managers.</summary>
    public static readonly string[] AfcBands = ["Under 1", "1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "VSM"];

    /// <summary>Medical and dental grades, as the WRES groups them.</summary>
    public static readonly string[] MedicalGrades = ["Consultant", "Non-consultant career grade", "Trainee", "Other"];

    public const string White = "White";
    public const string Bme = "BME";
    public const string Unknown = "Unknown";
    public const string Total = "Total";

    /// <summary>One row of the file as checked (and as stored).</summary>
    public sealed record Row(string Org, int Year, string StaffGroup, string Item, string Category, string Band, string Ethnicity, string EthnicCode,
        long? Count, long? Respondents, string? Stated, string File, long SourceRow)
    {
        /// <summary>The stated value as a number (a percentage or a relative likelihood), if any.</summary>
        public double? StatedValue => Stated is { } s && double.TryParse(s.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

        /// <summary>Half a unit of the stated value's last decimal place: how far from the truth its rounding may be.</summary>
        public double StatedHalfUnit => Stated is { } s && s.TrimEnd('%').IndexOf('.', StringComparison.Ordinal) is var dot and >= 0
            ? 0.5 * Math.Pow(10, -(s.TrimEnd('%').Length - dot - 1)) : 0.5;
    }

    /// <summary>What a file held: its rows when every cell is good, else the problems.</summary>
    public sealed record Content(IReadOnlyList<Row> Rows, IReadOnlyList<RowIssue> Issues)
    {
        /// <summary>For a staff extract, the number of people aggregated; null for an aggregate file.</summary>
        public int? People { get; init; }
    }

    /// <summary>
    /// Reads and checks a WRES file. <paramref name="trusts"/> are the trust codes loaded in the store. Cells: Org a
    /// trust; Year 2014 to 2100; StaffGroup one of <see cref="StaffGroups"/>; Item one of <see cref="Items"/>; Category
    /// and Band for staff in post only; Ethnicity White, BME, Unknown or Total, or an ethnic category code (A-C count as
    /// White, D-S as BME, Z and 99 as unknown, the WRES's own grouping); Count a whole number; Respondents for the
    /// survey items; Stated a published percentage or relative likelihood. Across rows: a cell given twice, more
    /// appointed than shortlisted, and more answering than responding are refused too.
    /// </summary>
    public static Content Read(string path, IReadOnlySet<string> trusts)
    {
        var file = Path.GetFileName(path);
        var where = TableFile.IsXlsx(path) ? $"{file}, sheet {Sheet}, " : $"{file}, ";
        var (header, rows) = TableFile.Read(path, Sheet)!.Value;
        var missing = Columns.Take(8).Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
            return new([], [new RowIssue(1, string.Join(", ", missing), null, $"{where}missing column(s); a WRES file has the columns {string.Join(",", Columns)}")]);
        var issues = new List<RowIssue>();
        var good = new List<Row>();
        var seen = new Dictionary<(string, int, string, string, string, string, string, string), long>();
        foreach (var (row, cells) in rows)
        {
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
            if (Columns.All(c => Cell(c).Length == 0)) continue;
            var before = issues.Count;
            void Bad(string column, string reason) => issues.Add(new RowIssue(row, column, Cell(column), where + $"row {row}, column {column}: " + reason));
            var org = Cell("Org").ToUpperInvariant();
            if (!trusts.Contains(org)) Bad("Org", "not a trust loaded in the store (see 'maternity reference orgs')");
            if (!int.TryParse(Cell("Year"), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2014 or > 2100)
                Bad("Year", "the WRES year, four digits (staff as at 31 March of that year), from 2014");
            var group = StaffGroups.FirstOrDefault(g => g.Equals(Cell("StaffGroup"), StringComparison.OrdinalIgnoreCase))
                ?? (Cell("StaffGroup").Equals("Whole trust", StringComparison.OrdinalIgnoreCase) ? "Trust" : null);
            if (group is null) Bad("StaffGroup", $"not one of {string.Join(", ", StaffGroups)}");
            var item = Items.FirstOrDefault(i => i.Equals(Cell("Item"), StringComparison.OrdinalIgnoreCase));
            if (item is null) Bad("Item", $"not one of {string.Join(", ", Items)}");
            var category = "";
            var band = "";
            if (item == StaffInPost)
            {
                category = Categories.FirstOrDefault(c => c.Equals(Cell("Category"), StringComparison.OrdinalIgnoreCase)) ?? "";
                if (category.Length == 0) Bad("Category", $"staff in post are {string.Join(", ", Categories)}");
                var bands = category == "Medical" ? MedicalGrades : AfcBands;
                var text = Cell("Band").StartsWith("Band ", StringComparison.OrdinalIgnoreCase) ? Cell("Band")[5..].Trim() : Cell("Band");
                band = bands.FirstOrDefault(b => b.Equals(text, StringComparison.OrdinalIgnoreCase)) ?? "";
                if (category.Length > 0 && band.Length == 0) Bad("Band", $"{category} staff are in one of {string.Join(", ", bands)}");
            }
            else if (item is not null)
            {
                if (Cell("Category").Length > 0) Bad("Category", "only staff in post have a category");
                if (Cell("Band").Length > 0) Bad("Band", "only staff in post have a band");
            }
            if (item is not null && BoardItems.Contains(item) && group is not null and not "Trust") Bad("StaffGroup", "the board is the whole trust's: StaffGroup Trust");
            var (ethnicity, code) = Ethnicity(Cell("Ethnicity"));
            var isLikelihood = item is not null && StatedLikelihoods.Contains(item);
            if (isLikelihood && Cell("Ethnicity").Length > 0) Bad("Ethnicity", "a relative likelihood is for both groups: leave Ethnicity blank");
            else if (!isLikelihood && ethnicity is null) Bad("Ethnicity", "White, BME, Unknown or Total, or an ethnic category code A-S, Z or 99");
            long? count = null, respondents = null;
            if (Cell("Count").Length > 0)
            {
                if (long.TryParse(Cell("Count").Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var c)) count = c;
                else Bad("Count", "a whole number, 0 or more");
            }
            if (Cell("Respondents").Length > 0)
            {
                if (long.TryParse(Cell("Respondents").Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) respondents = n;
                else Bad("Respondents", "a whole number, 0 or more");
            }
            var stated = Cell("Stated").Length > 0 ? Cell("Stated") : null;
            if (stated is not null && !(double.TryParse(stated.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var sv) && sv >= 0 && double.IsFinite(sv)))
                Bad("Stated", "a published percentage or relative likelihood, a number such as 14.6 or 1.45");
            var isSurvey = item is not null && SurveyItems.Contains(item);
            if (isLikelihood && stated is null) Bad("Stated", "a relative likelihood row gives the published value in Stated");
            if (isLikelihood && (count is not null || respondents is not null)) Bad("Count", "a relative likelihood row has no counts");
            if (isSurvey && respondents is null) Bad("Respondents", "a staff survey row gives the number of respondents in the group");
            if (isSurvey && Cell("Count").Length == 0 && stated is null) Bad("Count", "a staff survey row gives the number answering (Count) or the percentage (Stated)");
            if (isSurvey && count is { } k && respondents is { } r && k > r) Bad("Count", $"{k} answering is more than the {r} respondents");
            if (isSurvey && count is null && stated is not null && double.TryParse(stated.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) && pct > 100)
                Bad("Stated", "a percentage of respondents is 100 at most");
            if (!isSurvey && !isLikelihood && item is not null && Cell("Count").Length == 0) Bad("Count", "the number of staff is required");
            if (!isSurvey && respondents is not null) Bad("Respondents", "only staff survey rows have respondents");
            if (issues.Count > before) continue;
            var key = (org, year, group!, item!, category, band, ethnicity ?? "", code);
            if (seen.TryGetValue(key, out var first))
            {
                Bad("Ethnicity", $"the same count is given on row {first}");
                continue;
            }
            seen[key] = row;
            good.Add(new Row(org, year, group!, item!, category, band, ethnicity ?? "", code, count, respondents, stated, file, row));
        }
        // Across rows: more appointed than shortlisted cannot be.
        foreach (var g in good.Where(r => r.Item is Appointed or Shortlisted).GroupBy(r => (r.Org, r.Year, r.StaffGroup, r.Ethnicity)))
        {
            var appointed = g.Where(r => r.Item == Appointed).Sum(r => r.Count ?? 0);
            var shortlisted = g.Where(r => r.Item == Shortlisted).Sum(r => r.Count ?? 0);
            if (appointed > shortlisted && g.FirstOrDefault(r => r.Item == Appointed) is { } a)
                issues.Add(new RowIssue(a.SourceRow, "Count", appointed.ToString(CultureInfo.InvariantCulture),
                    where + $"row {a.SourceRow}, column Count: {appointed} {g.Key.Ethnicity} appointed is more than the {shortlisted} shortlisted"));
        }
        if (issues.Count == 0 && good.Count == 0) issues.Add(new RowIssue(2, "Org", null, where + "the file has no rows"));
        return new(issues.Count == 0 ? good : [], issues);
    }

    /// <summary>The WRES group of an Ethnicity cell, and the ethnic category code when one was given; null when not recognised.</summary>
    public static (string? Group, string Code) Ethnicity(string text)
    {
        var t = text.Trim();
        if (t.Equals(White, StringComparison.OrdinalIgnoreCase)) return (White, "");
        if (t.ToUpperInvariant() is "BME" or "BAME" or "ETHNIC MINORITY" or "BLACK AND MINORITY ETHNIC") return (Bme, "");
        if (t.ToUpperInvariant() is "UNKNOWN" or "NOT STATED" or "NULL") return (Unknown, "");
        if (t.Equals(Total, StringComparison.OrdinalIgnoreCase)) return (Total, "");
        var code = t.ToUpperInvariant();
        if (!EthnicCategory.AllCodes.Contains(code)) return (null, "");
        return (EthnicCategory.GroupOf(code) switch
        {
            EthnicCategory.White => White,
            EthnicCategory.Mixed or EthnicCategory.Asian or EthnicCategory.Black or EthnicCategory.Other => Bme,
            _ => Unknown,
        }, code);
    }

    /// <summary>A blank file: every row a trust fills for one staff group and year, with example counts to overwrite.</summary>
    public static long Template(string? path, string org = "RXX", int year = 2025)
    {
        var lines = new List<IReadOnlyList<string>>();
        string[] ethnicities = [White, Bme, Unknown];
        foreach (var group in StaffGroups)
        {
            foreach (var category in Categories)
                foreach (var band in category == "Medical" ? MedicalGrades : AfcBands.Skip(1))
                    foreach (var e in ethnicities) lines.Add([org, Year(year), group, StaffInPost, category, band, e, "", "", ""]);
            foreach (var item in new[] { Shortlisted, Appointed, Disciplinary, Training })
                foreach (var e in ethnicities) lines.Add([org, Year(year), group, item, "", "", e, "", "", ""]);
            foreach (var item in SurveyItems)
                foreach (var e in new[] { White, Bme }) lines.Add([org, Year(year), group, item, "", "", e, "", "", ""]);
        }
        foreach (var item in BoardItems)
            foreach (var e in ethnicities) lines.Add([org, Year(year), "Trust", item, "", "", e, "", "", ""]);
        var sheet = new TableFile.SheetData(Sheet, Columns, lines);
        return path is null ? TableFile.WriteCsv(Console.Out, sheet) : TableFile.Write(path, sheet);

        static string Year(int y) => y.ToString(CultureInfo.InvariantCulture);
    }
}
