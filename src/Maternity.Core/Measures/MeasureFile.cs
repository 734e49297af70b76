using System.Globalization;
using Maternity.Indicators;
using Maternity.Ingest;

namespace Maternity.Measures;

/// <summary>
/// The measures file an analyst edits: one row a measure (CSV, or the sheet <see cref="Sheet"/> of a workbook), and the
/// LMNS's own dimensions with their codes (the sheet <see cref="DimensionSheet"/>, or a second CSV). Every cell is
/// checked; any bad cell refuses the file, named by sheet, row and column.
/// </summary>
public static partial class MeasureFile
{
    public const string Sheet = "Measures";
    public const string DimensionSheet = "Dimensions";

    public static readonly string[] Columns =
        ["Id", "Title", "Description", "Unit", "Per", "Levels", "Numerator", "Denominator", "Polarity", "Frequency", "Breakdowns", "SuppliedBy", "Priority"];

    public static readonly string[] DimensionColumns = ["Dimension", "Code", "Description"];

    public sealed record Content(IReadOnlyList<MeasureDefinition> Measures, IReadOnlyList<Dimension> Dimensions, IReadOnlyList<RowIssue> Issues);

    /// <summary>Reads and checks a measures file for <paramref name="lmns"/>; <paramref name="dimensionsPath"/> is the dimensions CSV, if any.</summary>
    public static Content Read(string path, string lmns, string? dimensionsPath = null)
    {
        var issues = new List<RowIssue>();
        var dimensions = ReadDimensions(dimensionsPath ?? (TableFile.IsXlsx(path) ? path : null), issues);
        var known = Dimension.BuiltIns.Concat(dimensions).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var where = TableFile.IsXlsx(path) ? $"sheet {Sheet}, " : "";
        var (header, rows) = TableFile.Read(path, Sheet)!.Value;
        var missing = Columns.Take(4).Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0) return new([], dimensions, [new RowIssue(1, string.Join(", ", missing), null, $"{where}missing column(s); a measures file has the columns {string.Join(",", Columns)}")]);
        var measures = new List<MeasureDefinition>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, cells) in rows)
        {
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
            if (Columns.All(c => Cell(c).Length == 0)) continue;
            var before = issues.Count;
            void Bad(string column, string reason) => issues.Add(new RowIssue(row, column, Cell(column), where + reason));
            var id = Cell("Id");
            if (!IdPattern().IsMatch(id)) Bad("Id", "an id is letters, digits, '_' and '-', up to 40, starting with a letter");
            else if (Catalogue.Find(id) is not null) Bad("Id", $"{id} is a built-in indicator; give the local measure its own id");
            else if (!ids.Add(id)) Bad("Id", $"{id} appears twice");
            if (Cell("Title").Length == 0) Bad("Title", "a title is required");
            var unit = ParseUnit(Cell("Unit"));
            if (unit is null) Bad("Unit", "not one of count, proportion, rate, mean, money, yes/no, level, text");
            var per = unit switch { UnitKind.Proportion => 100, _ => 1 };
            if (unit == UnitKind.Rate)
            {
                if (!int.TryParse(Cell("Per").Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out per) || per is not (100 or 1_000 or 10_000 or 100_000))
                    Bad("Per", "a rate is per 100, 1,000, 10,000 or 100,000");
            }
            else if (Cell("Per").Length > 0 && !(unit == UnitKind.Proportion && Cell("Per") == "100")) Bad("Per", "only a rate has a 'per'");
            var levels = Cell("Levels").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (unit == UnitKind.Level && levels.Length < 2) Bad("Levels", "a level measure lists its levels, lowest first, separated by ';' (at least two)");
            else if (unit != UnitKind.Level && levels.Length > 0) Bad("Levels", "only a level measure has levels");
            var numerator = Cell("Numerator");
            var denominator = Cell("Denominator");
            if (unit is UnitKind.Proportion or UnitKind.Rate && (numerator.Length == 0 || denominator.Length == 0))
                Bad(numerator.Length == 0 ? "Numerator" : "Denominator", "a proportion or rate says what its numerator and denominator count");
            var polarity = Cell("Polarity").ToLowerInvariant() switch
            {
                "higher" or "higher is better" => (Polarity?)Polarity.HigherIsBetter,
                "lower" or "lower is better" => Polarity.LowerIsBetter,
                "none" or "no judgement" or "" => Polarity.NoJudgement,
                _ => null,
            };
            if (polarity is null) Bad("Polarity", "not one of higher, lower, none");
            var frequency = Cell("Frequency").ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal) switch
            {
                "month" or "monthly" => (Frequency?)Frequency.Month,
                "quarter" or "quarterly" => Frequency.Quarter,
                "financialyear" or "annual(financialyear)" => Frequency.FinancialYear,
                "year" or "yearly" or "annual" or "calendaryear" => Frequency.Year,
                _ => null,
            };
            if (frequency is null) Bad("Frequency", "not one of month, quarter, financial year, year");
            var breakdowns = Cell("Breakdowns").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var b in breakdowns.Where(b => !known.Contains(b)))
                Bad("Breakdowns", $"'{b}' is not a dimension: one of {string.Join(", ", known)}, or one defined on the {DimensionSheet} sheet");
            var supplier = Cell("SuppliedBy").ToLowerInvariant() switch
            {
                "trust" or "trust return" or "trusts" => (Supplier?)Supplier.TrustReturn,
                "lmns" or "lmns entry" => Supplier.LmnsEntry,
                _ => null,
            };
            if (supplier is null) Bad("SuppliedBy", "not one of trust return, LMNS entry");
            if (issues.Count == before)
                measures.Add(new MeasureDefinition(lmns, id, Cell("Title"), Cell("Description"), unit!.Value, per, levels, NullIfEmpty(numerator), NullIfEmpty(denominator),
                    polarity!.Value, frequency!.Value, breakdowns, supplier!.Value, NullIfEmpty(Cell("Priority"))));
        }
        if (issues.Count == 0 && measures.Count == 0) issues.Add(new RowIssue(2, "Id", null, where + "the file has no measures"));
        return new(measures, dimensions, issues);
    }

    private static List<Dimension> ReadDimensions(string? path, List<RowIssue> issues)
    {
        if (path is null) return [];
        var table = TableFile.Read(path, DimensionSheet, required: !TableFile.IsXlsx(path));
        if (table is not { } t) return [];
        var where = TableFile.IsXlsx(path) ? $"sheet {DimensionSheet}, " : $"{Path.GetFileName(path)}, ";
        var builtIn = Dimension.BuiltIns.Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var codes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (row, cells) in t.Rows)
        {
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
            var name = Cell("Dimension");
            var code = Cell("Code");
            if (name.Length == 0 && code.Length == 0) continue;
            if (!IdPattern().IsMatch(name)) issues.Add(new RowIssue(row, "Dimension", name, where + "a dimension name is letters, digits, '_' and '-', starting with a letter"));
            else if (builtIn.Contains(name)) issues.Add(new RowIssue(row, "Dimension", name, where + $"{name} is a built-in dimension with its own codes"));
            else if (code.Length is 0 or > 80) issues.Add(new RowIssue(row, "Code", code, where + "a code of 1 to 80 characters is required"));
            else if (codes.TryGetValue(name, out var list) && list.Contains(code)) issues.Add(new RowIssue(row, "Code", code, where + $"{code} appears twice in {name}"));
            else
            {
                (codes.TryGetValue(name, out var l) ? l : codes[name] = []).Add(code);
                if (Cell("Description").Length > 0) descriptions.TryAdd(name, Cell("Description"));
            }
        }
        return [.. codes.Select(c => new Dimension(c.Key, descriptions.GetValueOrDefault(c.Key, c.Key), c.Value, BuiltIn: false))];
    }

    public static UnitKind? ParseUnit(string text) => text.Trim().ToLowerInvariant() switch
    {
        "count" or "number" => UnitKind.Count,
        "proportion" or "percentage" or "%" => UnitKind.Proportion,
        "rate" => UnitKind.Rate,
        "mean" or "average" => UnitKind.Mean,
        "money" or "£" or "pounds" => UnitKind.Money,
        "yes/no" or "yesno" or "yes or no" => UnitKind.YesNo,
        "level" or "stage" => UnitKind.Level,
        "text" => UnitKind.Text,
        _ => null,
    };

    public static string UnitName(UnitKind unit) => unit == UnitKind.YesNo ? "yes/no" : unit.ToString().ToLowerInvariant();

    /// <summary>A measure as a row of the measures file (what <see cref="Read"/> reads back unchanged).</summary>
    public static string[] Row(MeasureDefinition m) =>
    [
        m.Id, m.Title, m.Description, UnitName(m.Unit), m.Unit == UnitKind.Rate ? m.Per.ToString(CultureInfo.InvariantCulture) : "", string.Join("; ", m.Levels),
        m.NumeratorLabel ?? "", m.DenominatorLabel ?? "",
        m.Polarity switch { Polarity.HigherIsBetter => "higher", Polarity.LowerIsBetter => "lower", _ => "none" },
        m.Frequency switch { Frequency.FinancialYear => "financial year", _ => m.Frequency.ToString().ToLowerInvariant() },
        string.Join("; ", m.Dimensions), m.Supplier switch { Supplier.TrustReturn => "trust return", Supplier.LmnsEntry => "LMNS entry", _ => "records" },
        m.Priority ?? "",
    ];

    /// <summary>
    /// Writes the LMNS's own measures and dimensions as the file they are imported from (<paramref name="set"/> null:
    /// a blank file with two example rows to overwrite). The console gets the measures sheet as CSV when the path is null.
    /// </summary>
    public static long Write(MeasureStore.MeasureSet? set, string? path)
    {
        IEnumerable<IReadOnlyList<string>> measures = set is null
            ?
            [
                ["FORUMS_HELD", "MNVP forums held", "Listening events held with women and families from the priority groups", "count", "", "", "", "", "higher", "quarter", "", "LMNS entry", "1"],
                ["STAFF_CULTURAL_TRAINING", "Staff trained in cultural competence", "Maternity staff who completed cultural competence training", "proportion", "", "",
                    "Staff trained", "Maternity staff in post", "higher", "quarter", "StaffGroup", "trust return", "3"],
            ]
            : set.Measures.Where(m => !m.BuiltIn).Select(m => (IReadOnlyList<string>)Row(m));
        IEnumerable<IReadOnlyList<string>> dimensions = set is null
            ? [["PriorityGroup", "Gypsy, Roma and Traveller", "Women the LMNS prioritises"], ["PriorityGroup", "Armed forces family", ""]]
            : set.Dimensions.Where(d => !d.BuiltIn).SelectMany(d => d.Codes.Select(c => (IReadOnlyList<string>)[d.Name, c, d.Description]));
        var sheet = new TableFile.SheetData(Sheet, Columns, measures);
        return path is null ? TableFile.WriteCsv(Console.Out, sheet) : TableFile.Write(path, sheet, new TableFile.SheetData(DimensionSheet, DimensionColumns, dimensions));
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,39}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex IdPattern();
}
