using System.Globalization;
using Maternity.Ingest;

namespace Maternity.Measures;

/// <summary>
/// A target for a measure, as data with its source: a level to reach ("at least 90%"), a level to reach by a date
/// ("6% or less by March 2025"), a reduction from a baseline ("50% reduction by 2025 from the 2010 baseline"), with
/// interim milestones. Between the baseline and each milestone the trajectory is a straight line month by month, so
/// every period has the value it should have reached; a period is judged against that value, not the final target.
/// <see cref="Org"/> null is the LMNS and each of its trusts; "*" as <see cref="Lmns"/> is every LMNS (the shipped defaults).
/// </summary>
public sealed record MeasureTarget(
    string Lmns,
    string MeasureId,
    string? Org,
    bool AtLeast,
    double Target,
    DateOnly? By,
    double? Baseline,
    DateOnly? BaselineMonth,
    double? ReductionPercent,
    IReadOnlyList<MeasureTarget.Milestone> Milestones,
    string Source)
{
    /// <summary>A value to have reached by the end of a month.</summary>
    public sealed record Milestone(DateOnly Month, double Value);

    /// <summary>
    /// The value the trajectory has reached by the end of the period that starts at <paramref name="start"/>: null
    /// before its first dated point (nothing was due yet), the target itself when it has no dates.
    /// </summary>
    public double? ValueFor(DateOnly start, Frequency frequency)
    {
        if (By is null && Milestones.Count == 0) return Target;
        var points = new List<(int Month, double Value)>();
        if (Baseline is { } b && BaselineMonth is { } bm) points.Add((Index(bm), b));
        points.AddRange(Milestones.Select(m => (Index(m.Month), m.Value)));
        if (By is { } by) points.Add((Index(by), Target));
        points.Sort((x, y) => x.Month.CompareTo(y.Month));
        var at = Index(MeasurePeriod.End(start, frequency).AddMonths(-1));
        if (at < points[0].Month) return null;
        if (at >= points[^1].Month) return Target;
        var next = points.FindIndex(p => p.Month >= at);
        if (points[next].Month == at) return points[next].Value;
        var (m0, v0) = points[next - 1];
        var (m1, v1) = points[next];
        return v0 + (v1 - v0) * (at - m0) / (m1 - m0);
    }

    /// <summary>Whether <paramref name="value"/> is on the right side of <paramref name="due"/> (equal counts as met).</summary>
    public bool Meets(double value, double due) => AtLeast ? value >= due : value <= due;

    /// <summary>The target in words: "at least 90", "at most 6 by 2025-03 (from 10.4 in 2022-03)".</summary>
    public string Describe(Func<double, string> format) =>
        $"{(AtLeast ? "at least" : "at most")} {format(Target)}{(By is { } by ? $" by {by:MMM yyyy}" : "")}" +
        (ReductionPercent is { } r ? $" ({r.ToString("0.#", CultureInfo.InvariantCulture)}% {(AtLeast ? "rise" : "reduction")} from {format(Baseline ?? 0)} in {BaselineMonth:MMM yyyy})"
            : Baseline is { } b ? $" (from {format(b)} in {BaselineMonth:MMM yyyy})" : "");

    private static int Index(DateOnly month) => month.Year * 12 + month.Month - 1;

    private static readonly string[] Required = ["Measure", "Direction"];

    public static readonly string[] Columns = ["Measure", "Org", "Direction", "Target", "By", "Baseline", "BaselinePeriod", "Reduction", "Milestones", "Source"];

    /// <summary>The shipped national targets of the built-in indicators (Measures/default-targets.csv), for every LMNS.</summary>
    public static IReadOnlyList<MeasureTarget> Defaults { get; } = ReadDefaults();

    private static MeasureTarget[] ReadDefaults()
    {
        using var stream = typeof(MeasureTarget).Assembly.GetManifestResourceStream("Measures.default-targets.csv")!;
        var path = Path.Combine(Path.GetTempPath(), $"maternity-default-targets-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        try
        {
            using (var file = File.Create(path)) stream.CopyTo(file);
            var (targets, issues) = Read(path, "*", id => Indicators.Catalogue.FindDefined(id) is { } d ? (d.Multiplier == 100 ? UnitKind.Proportion : UnitKind.Rate, []) : null);
            return issues.Count == 0 ? [.. targets] : throw new InvalidDataException("default-targets.csv: " + string.Join("; ", issues.Select(i => $"row {i.Row} {i.Column}: {i.Reason}")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Reads and checks a targets file for <paramref name="lmns"/>. <paramref name="unitOf"/> gives each known measure's
    /// unit and levels (null for an unknown measure). Every bad cell is named by row and column; any refuses the file.
    /// </summary>
    public static (IReadOnlyList<MeasureTarget> Targets, IReadOnlyList<RowIssue> Issues) Read(string path, string lmns,
        Func<string, (UnitKind Unit, IReadOnlyList<string> Levels)?> unitOf)
    {
        const string sheet = "Targets";
        var where = TableFile.IsXlsx(path) ? $"sheet {sheet}, " : "";
        var (header, rows) = TableFile.Read(path, sheet)!.Value;
        var issues = new List<RowIssue>();
        var missing = Required.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0) return ([], [new RowIssue(1, string.Join(", ", missing), null, $"{where}missing column(s); a targets file has the columns {string.Join(",", Columns)}")]);
        var targets = new List<MeasureTarget>();
        var seen = new HashSet<(string, string?)>();
        foreach (var (row, cells) in rows)
        {
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
            if (Columns.All(c => Cell(c).Length == 0)) continue;
            var before = issues.Count;
            void Bad(string column, string reason) => issues.Add(new RowIssue(row, column, Cell(column), where + reason));
            var id = Cell("Measure");
            var unit = unitOf(id);
            if (unit is null) { Bad("Measure", "not a measure of this LMNS (see 'maternity measures list')"); continue; }
            var (kind, levels) = unit.Value;
            if (kind == UnitKind.Text) { Bad("Measure", "a text measure has no target"); continue; }
            double? Number(string column, bool required = false)
            {
                var text = Cell(column).TrimEnd('%').Replace(",", "", StringComparison.Ordinal).Trim();
                if (text.Length == 0) { if (required) Bad(column, "a value is required"); return null; }
                if (kind == UnitKind.Level && levels.Contains(text, StringComparer.OrdinalIgnoreCase))
                    return levels.ToList().FindIndex(l => l.Equals(text, StringComparison.OrdinalIgnoreCase)) + 1;
                if (kind == UnitKind.YesNo) return text.Equals("yes", StringComparison.OrdinalIgnoreCase) ? 1 : text.Equals("no", StringComparison.OrdinalIgnoreCase) ? 0 : Fail("yes or no");
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                    return Fail(kind == UnitKind.Level ? $"one of the levels {string.Join(", ", levels)}" : "a number");
                if (kind == UnitKind.Proportion && v is < 0 or > 100) return Fail("a percentage from 0 to 100");
                if (kind is UnitKind.Count or UnitKind.Rate && v < 0) return Fail("not negative");
                return v;
                double? Fail(string what) { Bad(column, $"not {what}"); return null; }
            }
            DateOnly? Month(string column)
            {
                if (Cell(column).Length == 0) return null;
                if (MeasurePeriod.Parse(Cell(column), Frequency.Month) is { } m) return m;
                if (MeasurePeriod.Parse(Cell(column), Frequency.FinancialYear) is { } fy) return fy.AddMonths(11);
                Bad(column, "not a month such as 2025-03 or a financial year such as 2024/25 (its last month)");
                return null;
            }
            var atLeast = Cell("Direction").ToLowerInvariant() switch { "at least" or ">=" or "higher" => (bool?)true, "at most" or "<=" or "lower" => false, _ => null };
            if (atLeast is null) Bad("Direction", "not 'at least' or 'at most'");
            var org = Cell("Org").Length == 0 ? null : Cell("Org");
            var by = Month("By");
            var baseline = Number("Baseline");
            var baselineMonth = Month("BaselinePeriod");
            double? reduction = null;
            if (Cell("Reduction").Length > 0)
            {
                if (double.TryParse(Cell("Reduction").TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is > 0 and <= 100) reduction = r;
                else Bad("Reduction", "a percentage change from the baseline, above 0 and at most 100");
                if (baseline is null) Bad("Baseline", "a reduction needs the baseline it is from");
            }
            if (baseline is not null && baselineMonth is null && issues.Count == before) Bad("BaselinePeriod", "a baseline needs the month (or financial year) it was measured");
            var target = reduction is { } red && baseline is { } bl ? (atLeast == true ? bl * (1 + red / 100) : bl * (1 - red / 100)) : Number("Target", required: true);
            if (reduction is not null && Cell("Target").Length > 0) Bad("Target", "give either a target or a reduction from the baseline, not both");
            var milestones = new List<Milestone>();
            foreach (var part in Cell("Milestones").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var pieces = part.Split([':', '='], 2, StringSplitOptions.TrimEntries);
                if (pieces.Length == 2 && MeasurePeriod.Parse(pieces[0], Frequency.Month) is { } mm
                    && double.TryParse(pieces[1].TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var mv))
                    milestones.Add(new Milestone(mm, mv));
                else Bad("Milestones", $"'{part}' is not a milestone such as 2024-03: 8 (month: value), separated by ';'");
            }
            if (Cell("Source").Length == 0) Bad("Source", "say where the target comes from (the plan, the national ambition)");
            if (issues.Count == before && !seen.Add((id, org))) Bad("Measure", $"{id} has a target{(org is null ? "" : " for " + org)} twice");
            if (issues.Count == before)
                targets.Add(new MeasureTarget(lmns, id, org, atLeast!.Value, target!.Value, by, baseline, baselineMonth, reduction, milestones, Cell("Source")));
        }
        return (targets, issues);
    }

    /// <summary>Writes targets as the file they are imported from (sheet Targets of a workbook, or CSV; the console when null).</summary>
    public static long Write(IEnumerable<MeasureTarget> targets, string? path)
    {
        var sheet = new TableFile.SheetData("Targets", Columns, targets.Select(t => (IReadOnlyList<string>)t.Row()));
        return path is null ? TableFile.WriteCsv(Console.Out, sheet) : TableFile.Write(path, sheet);
    }

    /// <summary>A target as a row of the targets file.</summary>
    public string[] Row() =>
    [
        MeasureId, Org ?? "", AtLeast ? "at least" : "at most", ReductionPercent is null ? Target.ToString(CultureInfo.InvariantCulture) : "",
        By?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? "", Baseline?.ToString(CultureInfo.InvariantCulture) ?? "",
        BaselineMonth?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? "", ReductionPercent?.ToString(CultureInfo.InvariantCulture) ?? "",
        string.Join("; ", Milestones.Select(m => $"{m.Month:yyyy-MM}: {m.Value.ToString(CultureInfo.InvariantCulture)}")), Source,
    ];
}
