using Maternity.Security;

namespace Maternity.Indicators;

/// <summary>
/// One honest number: a figure over a period (a quarter, a year, a rolling 12 months, a page's window) is summed from the
/// exact monthly counts and only then rounded for a caller who may not see them exactly, never summed from months
/// already rounded. Every page, API call, CSV and board pack goes through here, so the same caller is shown the same
/// figure everywhere. Verdicts (RAG against the target) are judged on the exact figure; only the counts shown are
/// rounded.
/// <para>
/// A rounded period figure sits beside the rounded months it is the sum of, and so can narrow them: twelve months each
/// shown as 5 (1 to 7) with a year shown as 10 (8 to 12) can only be 1 each. Such a figure is moved to the nearest
/// multiple of 5 that pins none of its months (<see cref="Disclosure.Unpin"/>), and then the period's tables are
/// protected against each other as the months are (<see cref="Disclosure.Protect"/>).
/// </para>
/// </summary>
public static class ShownFigures
{
    /// <summary>
    /// Results of <paramref name="definition"/> summed into <paramref name="periodType"/> from <paramref name="exactMonthly"/>
    /// (every stored count of the indicator, exact), as <paramref name="access"/> may see them; <paramref name="shownMonthly"/>
    /// are the months as that caller is shown them (<see cref="IndicatorEngine.Read(Storage.Database, Access, string?, string?, string?, DateOnly?)"/>).
    /// </summary>
    public static IReadOnlyList<IndicatorResult> Compute(IndicatorDefinition definition, IReadOnlyList<IndicatorCount> exactMonthly,
        IReadOnlyList<IndicatorCount> shownMonthly, Access access, PeriodType periodType, double level = 0.95)
    {
        // A month is its own final figure: the months the caller is shown, with the verdicts of the exact months.
        if (periodType == PeriodType.Month)
            return Judged(IndicatorAnalysis.Compute(definition, shownMonthly, periodType, level), IndicatorAnalysis.Compute(definition, exactMonthly, periodType, level));
        return Round(definition, IndicatorAnalysis.Compute(definition, exactMonthly, periodType, level), exactMonthly, shownMonthly, access, level);
    }

    /// <summary>
    /// <paramref name="exact"/> period results as <paramref name="access"/> may see them: counts rounded (or left exact for the
    /// caller's own organisations), moved off any value that would pin one of the months they sum, tables protected,
    /// values and comparisons recomputed from the counts shown, and each RAG kept from the exact result.
    /// </summary>
    public static IReadOnlyList<IndicatorResult> Round(IndicatorDefinition definition, IReadOnlyList<IndicatorResult> exact,
        IReadOnlyList<IndicatorCount> exactMonthly, IReadOnlyList<IndicatorCount> shownMonthly, Access access, double level = 0.95)
    {
        if (access.Role == Role.Admin || exact.Count == 0) return exact;
        // Each period as one pseudo-month keyed by its first month, so that the tables of a period are protected together.
        var rounded = access.Round(exact.Select(r => new IndicatorCount(r.IndicatorId, definition.Version, r.OrgLevel, r.OrgCode, "Month", r.PeriodStart,
            r.Breakdown, r.Group, r.Numerator, r.Denominator, r.Source, r.Exactness)));
        var ends = exact.GroupBy(r => r.PeriodStart).ToDictionary(g => g.Key, g => g.Max(r => r.PeriodEnd));
        var shownMonths = shownMonthly.Where(c => c.PeriodType == "Month").ToLookup(Key);
        var exactMonths = exactMonthly.Where(c => c.PeriodType == "Month").ToLookup(Key);
        var unpinned = rounded.Select(c =>
        {
            if (c.Exactness != "suppressed") return c;
            var end = ends[c.PeriodStart];
            bool InPeriod(IndicatorCount m) => m.PeriodStart >= c.PeriodStart && m.PeriodStart <= end;
            var months = shownMonths[Key(c)].Where(InPeriod).ToList();
            var unknown = exactMonths[Key(c)].Count(InPeriod) - months.Count;
            var numerator = Disclosure.Unpin(c.Numerator, [[.. months.Select(m => (m.Numerator, m.Exactness != "suppressed"))]], Math.Max(0, unknown));
            var denominator = Disclosure.Unpin(c.Denominator, [[.. months.Select(m => (m.Denominator, m.Exactness != "suppressed"))]], Math.Max(0, unknown));
            return c with { Numerator = numerator, Denominator = Math.Max(numerator, denominator) };
        }).ToList();
        var shown = Disclosure.Protect(unpinned, access.Parents);
        var periods = exact.GroupBy(ResultKey).ToDictionary(g => g.Key, g => g.First());
        return [.. IndicatorAnalysis.Compute(definition, shown, PeriodType.Month, level).Select(s =>
        {
            var e = periods[ResultKey(s)];
            return s with { PeriodType = e.PeriodType, PeriodEnd = e.PeriodEnd, MonthsCovered = e.MonthsCovered, Rag = e.Rag };
        })];
    }

    /// <summary><paramref name="shown"/> with the RAG of the matching exact result (judged on exact counts).</summary>
    private static IReadOnlyList<IndicatorResult> Judged(IReadOnlyList<IndicatorResult> shown, IReadOnlyList<IndicatorResult> exact)
    {
        var rags = exact.GroupBy(ResultKey).ToDictionary(g => g.Key, g => g.First().Rag);
        return [.. shown.Select(s => rags.TryGetValue(ResultKey(s), out var rag) ? s with { Rag = rag } : s)];
    }

    private static (string, string, string, string, string) Key(IndicatorCount c) =>
        (c.OrgCode, c.Breakdown, c.GroupCode, IndicatorAnalysis.SourceKind(c.Source), c.IndicatorId);

    private static (string, DateOnly, string, string, string) ResultKey(IndicatorResult r) =>
        (r.OrgCode, r.PeriodStart, r.Breakdown, r.Group, IndicatorAnalysis.SourceKind(r.Source));
}
