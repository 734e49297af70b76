using Maternity.Indicators;

namespace Maternity.Reports;

/// <summary>
/// The equity overview as a tartan rug: indicators as rows, groups as columns (the priority cohort against everyone else, ethnic groups against White, fifths of
/// deprivation against the least deprived, each trust against the LMNS's pooled value), each cell the group's value over
/// the window and whether it is better, similar or worse than its reference (by its 95% interval, or for a trust its
/// funnel limits), with a word and a symbol as well as a colour. Rows are ordered by the size of their largest
/// significant gap; <see cref="MostAffected"/> counts, per group, the indicators in which it fares worse. Built from the
/// same views as the pages and the pack, so every figure is the one shown there.
/// </summary>
public sealed record EquityRug(IReadOnlyList<EquityRug.Column> Columns, IReadOnlyList<EquityRug.Row> Rows)
{
    /// <summary>A column: its breakdown (or "Trust"), its group and how it is headed.</summary>
    public sealed record Column(string Breakdown, string Group, string Heading, string Reference);

    /// <summary>One cell: the group's value (with its interval; a trust's without, judged by the funnel's limits), how it compares ("Better", "Similar", "Worse", or "Higher"/"Lower" for
    /// an indicator with no better direction), and the ratio to the reference it was judged by (null for a trust).</summary>
    public sealed record Cell(Column Column, double? Value, Statistics.Interval? Interval, string Verdict, double? Ratio)
    {
        /// <summary>The symbol beside the word: ▲ worse, ▼ better, ● similar (the words carry the meaning; the symbol and colour repeat it).</summary>
        public string Symbol => Verdict switch { "Worse" => "▲", "Better" => "▼", "Higher" => "↑", "Lower" => "↓", "Similar" => "●", _ => "" };
    }

    public sealed record Row(IndicatorView View, IReadOnlyList<Cell> Cells, double Gap);

    /// <summary>Per column, how many indicators it fares worse in, and which, most affected first.</summary>
    public IReadOnlyList<(Column Column, IReadOnlyList<IndicatorDefinition> Worse)> MostAffected =>
        [.. Columns.Select(c => (c, (IReadOnlyList<IndicatorDefinition>)[.. Rows.Where(r => r.Cells.Any(x => x.Column == c && x.Verdict == "Worse")).Select(r => r.View.Definition)]))
            .Where(x => x.Item2.Count > 0).OrderByDescending(x => x.Item2.Count)];

    private static readonly (string Breakdown, string Reference, string[] Groups, Func<string, string> Heading)[] Splits =
    [
        (nameof(Breakdown.EthnicGroup), "White", ["Asian", "Black", "Mixed", "Other"], g => g == "Other" ? "Other ethnic group" : g),
        (nameof(Breakdown.ImdQuintile), "5", ["1", "2", "3", "4"], g => g == "1" ? "Most deprived fifth" : $"Deprivation fifth {g}"),
    ];

    /// <summary>
    /// The rug of <paramref name="views"/> (one organisation's indicators over one window, as the caller is shown them); with
    /// <paramref name="cohort"/>, a first column for the LMNS's priority cohort against everyone else, read from the ethnic
    /// group x deprivation grid (<see cref="EquityDetail.Priority"/>; no column when the grid cannot give the cohort).
    /// </summary>
    public static EquityRug Build(IReadOnlyList<IndicatorView> views, Measures.PriorityCohort? cohort = null)
    {
        var shown = views.Where(v => v.Total is not null).ToList();
        var columns = new List<Column>();
        if (cohort is not null && EquityDetail.FromGrid(cohort))
            columns.Add(new Column(EquityDetail.PriorityBreakdown, EquityDetail.PriorityGroup, "Priority cohort", EquityDetail.EveryoneElse));
        foreach (var (breakdown, reference, groups, heading) in Splits)
            columns.AddRange(groups.Select(g => new Column(breakdown, g, heading(g), reference == "5" ? "least deprived fifth" : reference)));
        columns.AddRange(shown.SelectMany(v => v.Funnel?.Units.Select(u => u.Id) ?? []).Distinct().Order(StringComparer.Ordinal)
            .Select(t => new Column("Trust", t, t, "the pooled value")));
        var rows = shown.Select(v =>
        {
            var cells = columns.Select(c => CellOf(v, c, cohort)).ToList();
            var gap = cells.Where(c => c.Verdict is "Worse" or "Better" or "Higher" or "Lower" && c.Ratio is > 0).Select(c => Math.Abs(Math.Log(c.Ratio!.Value))).DefaultIfEmpty(0).Max();
            return new Row(v, cells, gap);
        });
        return new EquityRug(columns, [.. rows.OrderByDescending(r => r.Gap).ThenBy(r => r.View.Definition.Title, StringComparer.Ordinal)]);
    }

    private static Cell CellOf(IndicatorView view, Column column, Measures.PriorityCohort? cohort)
    {
        var polarity = view.Definition.Polarity;
        if (column.Breakdown == "Trust")
        {
            if (view.Funnel?.Units.FirstOrDefault(u => u.Id == column.Group) is not { } unit) return new Cell(column, null, null, "", null);
            // Judged on the exact counts' funnel when the caller is shown rounded ones, as every group's cell.
            var significance = view.ExactTrustSignificance?.GetValueOrDefault(unit.Id) ?? unit.Significance;
            var high = significance.StartsWith("High", StringComparison.Ordinal);
            var low = significance.StartsWith("Low", StringComparison.Ordinal);
            return new Cell(column, unit.Value, null, Judge(polarity, high, low), view.Funnel.Target > 0 ? unit.Value / view.Funnel.Target : null);
        }
        var r = column.Breakdown == EquityDetail.PriorityBreakdown
            ? (cohort is null ? null : EquityDetail.Priority(view, cohort))
            : view.Breakdown(column.Breakdown).FirstOrDefault(x => x.Group == column.Group);
        if (r is null || r.Denominator == 0) return new Cell(column, null, null, "", null);
        var verdict = Verdict(view.Definition, r);
        return new Cell(column, r.Value.Value, r.Value, verdict, verdict == "Not compared" ? null : r.Ratio!.Value);
    }

    /// <summary>
    /// A group's verdict against its reference by the 95% interval of its ratio (of the exact counts when the counts shown
    /// are rounded, <see cref="IndicatorResult.ExactComparison"/>): "Worse", "Better" or "Similar" (for an
    /// indicator with no better direction "Higher" or "Lower"); "Not compared" when the ratio cannot be computed.
    /// </summary>
    public static string Verdict(IndicatorDefinition definition, IndicatorResult result) =>
        (result.ExactComparison ?? ShownFigures.Comparison(result.Ratio)) switch
        {
            "not compared" => "Not compared",
            var c => Judge(definition.Polarity, c == "higher", c == "lower"),
        };

    private static string Judge(Polarity polarity, bool higher, bool lower) => polarity switch
    {
        _ when !higher && !lower => "Similar",
        Polarity.HigherIsBetter => higher ? "Better" : "Worse",
        Polarity.LowerIsBetter => higher ? "Worse" : "Better",
        _ => higher ? "Higher" : "Lower",
    };
}
