using Maternity.Security;

namespace Maternity.Indicators;

/// <summary>
/// One number for one caller: every page, API call, CSV and board pack takes a period's figures from here (or, for a
/// page's window, from <see cref="Reports.IndicatorView"/>, which does the same), so the same caller is shown the same
/// figure everywhere. A caller who may not see an organisation's counts exactly is shown each period as the sum of the
/// months it is shown (rounded month by month), so that no period adds anything to what the months already give away
/// (the disclosure guarantee: no small count can be pinned by combining everything a caller is shown). Verdicts (RAG
/// against the target, SPC signals and assurance) are judged on the exact counts, whoever asks; only the counts shown
/// are rounded.
/// </summary>
public static class ShownFigures
{
    /// <summary>
    /// Results of <paramref name="definition"/> summed into <paramref name="periodType"/>: from <paramref name="shownMonthly"/>
    /// (the months as <paramref name="access"/> is shown them), each RAG judged on <paramref name="exactMonthly"/>.
    /// </summary>
    public static IReadOnlyList<IndicatorResult> Compute(IndicatorDefinition definition, IReadOnlyList<IndicatorCount> exactMonthly,
        IReadOnlyList<IndicatorCount> shownMonthly, Access access, PeriodType periodType, double level = 0.95)
    {
        var exact = IndicatorAnalysis.Compute(definition, exactMonthly, periodType, level);
        return access.Role == Role.Admin ? exact : Judged(IndicatorAnalysis.Compute(definition, shownMonthly, periodType, level), exact);
    }

    /// <summary>
    /// <paramref name="shown"/> with the RAG and the comparison with the reference group of the matching result of
    /// <paramref name="exact"/>: verdicts are judged on exact counts.
    /// </summary>
    public static IReadOnlyList<IndicatorResult> Judged(IReadOnlyList<IndicatorResult> shown, IReadOnlyList<IndicatorResult> exact)
    {
        var verdicts = exact.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        return [.. shown.Select(s => verdicts.TryGetValue(Key(s), out var e) ? s with { Rag = e.Rag, ExactComparison = Comparison(e.Ratio) } : s)];
    }

    /// <summary>"higher", "lower" or "similar" by the 95% interval of a ratio to the reference group; "not compared" without one.</summary>
    public static string Comparison(Statistics.Interval? ratio) => ratio switch
    {
        null => "not compared",
        _ when !double.IsFinite(ratio.Value) || !double.IsFinite(ratio.Lower) || !double.IsFinite(ratio.Upper) => "not compared",
        { Lower: > 1 } => "higher",
        { Upper: < 1 } => "lower",
        _ => "similar",
    };

    private static (string, DateOnly, string, string, string) Key(IndicatorResult r) =>
        (r.OrgCode, r.PeriodStart, r.Breakdown, r.Group, IndicatorAnalysis.SourceKind(r.Source));
}
