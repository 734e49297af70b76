using Maternity.Statistics;

namespace Maternity.Indicators;

/// <summary>
/// Turns stored monthly counts into results: sums them into the requested periods, computes each value and
/// interval, compares each group with its breakdown's reference group, rates each total against the target,
/// and measures the gradient across IMD deciles. Pure functions over counts.
/// </summary>
public static class IndicatorAnalysis
{
    /// <summary>
    /// The reference group of each breakdown: White; category A (White British); the least deprived decile (10)
    /// and quintile (5); White in quintile 5; ages 25-29. Totals have none.
    /// </summary>
    public static string? ReferenceGroup(string breakdown) => breakdown switch
    {
        nameof(Breakdown.EthnicGroup) => "White",
        nameof(Breakdown.EthnicCategory) => "A",
        nameof(Breakdown.ImdDecile) => "10",
        nameof(Breakdown.ImdQuintile) => "5",
        nameof(Breakdown.EthnicGroupByImdQuintile) => "White | 5",
        nameof(Breakdown.AgeBand) => "25-29",
        _ => null,
    };

    /// <summary>
    /// Results for one indicator from its monthly counts. Ratios are risk ratios (Katz) for percentages and rate
    /// ratios for rates; differences are Newcombe's for percentages (in percentage points) and rate differences
    /// (per 1,000) for rates. RAG: "Green" when the value meets the target, "Red" when the whole interval misses
    /// it, "Amber" when the interval straddles it, "" without a target.
    /// </summary>
    public static IReadOnlyList<IndicatorResult> Compute(IndicatorDefinition definition, IEnumerable<IndicatorCount> monthly,
        PeriodType periodType = PeriodType.Month, double level = 0.95)
    {
        var summed = Sum(monthly.Where(c => c.IndicatorId == definition.Id), periodType);
        var results = new List<IndicatorResult>(summed.Count);
        foreach (var cell in summed.GroupBy(s => (s.OrgLevel, s.OrgCode, s.Start, s.Breakdown, s.Source, s.Exactness)))
        {
            var reference = ReferenceGroup(cell.Key.Breakdown);
            var referenceCell = reference is null ? null : cell.FirstOrDefault(c => c.Group == reference);
            foreach (var c in cell)
            {
                var value = IndicatorValue.Of(definition, c.Numerator, c.Denominator, level);
                Interval? ratio = null, difference = null;
                if (referenceCell is not null && c.Group != reference)
                {
                    var (a, n1, r, n2) = (c.Numerator, c.Denominator, referenceCell.Numerator, referenceCell.Denominator);
                    ratio = definition.Unit == "%" ? Comparison.RiskRatio(a, n1, r, n2, level) : Comparison.RateRatio(a, n1, r, n2, level);
                    difference = definition.Unit == "%"
                        ? Comparison.ProportionDifference(a, n1, r, n2, level, definition.Multiplier)
                        : Comparison.RateDifference(a, n1, r, n2, level, definition.Multiplier);
                }
                results.Add(new IndicatorResult(definition.Id, c.OrgLevel, c.OrgCode, periodType, c.Start, c.End, c.Months,
                    c.Breakdown, c.Group, c.Numerator, c.Denominator, value.Interval, referenceCell is null || c.Group == reference ? null : reference,
                    ratio, difference, Rag(definition, value.Interval), c.Source, c.Exactness));
            }
        }
        return results;
    }

    /// <summary>Why a ratio cannot be computed when a band of the organisation has no counterpart in the reference.</summary>
    public const string ReferenceBandMissing = "the reference has no denominator in an age band this organisation has";

    /// <summary>Why a ratio cannot be computed when the reference's rates predict no events at all.</summary>
    public const string NoneExpected = "no events expected: the reference has none in these age bands";

    /// <summary>
    /// Indirect age standardisation of <paramref name="organisations"/> against <paramref name="reference"/>, from the
    /// <see cref="Breakdown.AgeBand"/> counts of <paramref name="counts"/> (every month given is summed, so pass one window
    /// of one source kind). For each organisation with age-band counts: observed O = Σ band events; expected
    /// E = Σ nᵢ × Rᵢ/Pᵢ with nᵢ its band denominator and Rᵢ/Pᵢ the reference's band rate (Unknown age is a band like the
    /// others); ratio O/E with its exact or Byar's interval and rate O/E × ΣR/ΣP × multiplier
    /// (<see cref="Standardisation.IndirectRatio"/>, <see cref="Standardisation.IndirectRate"/>). E = 0 gives NaN with
    /// <see cref="NoneExpected"/>; a
    /// band with a denominator that the reference lacks (possible only when the counts were withheld or rounded for
    /// the viewer) gives NaN with <see cref="ReferenceBandMissing"/>, rather than a ratio whose events outrun its
    /// expectation. The caller passes the counts the viewer may see, so rounded counts give a ratio from rounded counts.
    /// </summary>
    public static IReadOnlyList<AgeStandardisedRate> AgeStandardise(IndicatorDefinition definition, IEnumerable<IndicatorCount> counts,
        string reference, IEnumerable<string> organisations, double level = 0.95)
    {
        var bands = counts.Where(c => c.IndicatorId == definition.Id && c.Breakdown == nameof(Breakdown.AgeBand)).ToList();
        var referenceBands = bands.Where(c => c.OrgCode == reference).GroupBy(c => c.GroupCode)
            .ToDictionary(g => g.Key, g => (Events: g.Sum(c => c.Numerator), Denominator: g.Sum(c => c.Denominator),
                Exact: g.All(c => c.Exactness == "exact")));
        var results = new List<AgeStandardisedRate>();
        if (referenceBands.Values.Sum(b => b.Denominator) == 0) return results;
        foreach (var org in organisations.Distinct())
        {
            var own = bands.Where(c => c.OrgCode == org).ToList();
            if (own.Count == 0) continue;
            var groups = own.GroupBy(c => c.GroupCode)
                .Select(g => (Group: g.Key, Events: g.Sum(c => c.Numerator), Denominator: g.Sum(c => c.Denominator))).ToList();
            var (observed, denominator) = (groups.Sum(g => g.Events), groups.Sum(g => g.Denominator));
            var exact = own.All(c => c.Exactness == "exact") && referenceBands.Values.All(b => b.Exact);
            var crude = IndicatorValue.Of(definition, observed, denominator, level).Interval;
            Interval ratio, rate;
            double expected;
            if (groups.Any(g => g.Denominator > 0 && !(referenceBands.TryGetValue(g.Group, out var r) && r.Denominator > 0)))
            {
                expected = double.NaN;
                ratio = rate = new Interval(double.NaN, double.NaN, double.NaN, ReferenceBandMissing);
            }
            else
            {
                List<Standardisation.ReferenceBand> standard = [.. referenceBands.Where(r => r.Value.Denominator > 0).Select(r =>
                {
                    var mine = groups.FirstOrDefault(g => g.Group == r.Key);
                    return new Standardisation.ReferenceBand(mine.Events, mine.Denominator, r.Value.Events, r.Value.Denominator);
                })];
                var indirect = Standardisation.IndirectRatio(standard, level);
                (expected, ratio) = (indirect.Expected, indirect.Interval);
                rate = Standardisation.IndirectRate(standard, level, definition.Multiplier).Interval;
                if (!(expected > 0)) ratio = rate = new Interval(double.NaN, double.NaN, double.NaN, NoneExpected);
            }
            results.Add(new AgeStandardisedRate(own[0].OrgLevel, org, reference, observed, denominator, crude, expected, ratio, rate,
                exact ? "exact" : "suppressed"));
        }
        return results;
    }

    /// <summary>Green, Amber, Red or "" (no target, no value).</summary>
    public static string Rag(IndicatorDefinition definition, Interval value)
    {
        if (definition.Target is not { } target || double.IsNaN(value.Value) || definition.Polarity == Polarity.NoJudgement) return "";
        var higher = definition.Polarity == Polarity.HigherIsBetter;
        if (higher ? value.Value >= target : value.Value <= target) return "Green";
        return (higher ? value.Upper < target : value.Lower > target) ? "Red" : "Amber";
    }

    /// <summary>
    /// Slope and relative index of inequality across IMD deciles for each organisation and period, from the
    /// decile results (Unknown left out; deciles with no denominator left out; fewer than two gives NaN).
    /// </summary>
    public static IReadOnlyList<(string OrgCode, DateOnly PeriodStart, Inequality.Result Result)> DecileGradient(
        IEnumerable<IndicatorResult> results, int repetitions = 10_000, double level = 0.95) =>
        [.. results.Where(r => r.Breakdown == nameof(Breakdown.ImdDecile) && r.Group != "Unknown" && r.Denominator > 0)
            .GroupBy(r => (r.OrgCode, r.PeriodStart))
            .Select(g => (g.Key.OrgCode, g.Key.PeriodStart, Inequality.SlopeIndex(
                [.. g.Select(r => new Inequality.Quantile(int.Parse(r.Group, System.Globalization.CultureInfo.InvariantCulture), r.Value.Value, r.Denominator, r.Value.Lower, r.Value.Upper))],
                level, level, repetitions)))];

    private sealed record Summed(string OrgLevel, string OrgCode, DateOnly Start, DateOnly End, int Months, string Breakdown, string Group, long Numerator, long Denominator,
        string Source, string Exactness);

    /// <summary>The kind of a count's source: record-level, return (any trust return) or national (any publication).</summary>
    public static string SourceKind(string source) => source.StartsWith("return", StringComparison.Ordinal) ? "return"
        : source.StartsWith("national", StringComparison.Ordinal) ? "national" : source;

    private static List<Summed> Sum(IEnumerable<IndicatorCount> monthly, PeriodType periodType)
    {
        // Only monthly counts are summed into periods; published annual figures are reported as they are.
        var counts = monthly.Where(c => c.PeriodType == "Month" || periodType == PeriodType.FinancialYear && c.PeriodType == "FinancialYear").ToList();
        if (periodType == PeriodType.Rolling12Months)
        {
            var months = counts.Select(c => c.PeriodStart).Distinct().Order().ToList();
            var byKey = counts.Where(c => c.PeriodType == "Month").ToLookup(c => (c.OrgLevel, c.OrgCode, c.Breakdown, c.GroupCode, Kind: SourceKind(c.Source), c.Exactness));
            var rolling = new List<Summed>();
            foreach (var key in byKey)
            {
                var byMonth = key.ToDictionary(c => c.PeriodStart);
                foreach (var end in months.Where(m => m >= months[0].AddMonths(11)))
                {
                    var window = Enumerable.Range(0, 12).Select(i => end.AddMonths(-i)).Where(byMonth.ContainsKey).Select(m => byMonth[m]).ToList();
                    if (window.Count == 0) continue;
                    rolling.Add(new Summed(key.Key.OrgLevel, key.Key.OrgCode, end.AddMonths(-11), End(end), MonthsPresent(months, end.AddMonths(-11), end),
                        key.Key.Breakdown, key.Key.GroupCode, window.Sum(w => w.Numerator), window.Sum(w => w.Denominator), key.Key.Kind, key.Key.Exactness));
                }
            }
            return rolling;
        }
        var allMonths = counts.Select(c => c.PeriodStart).Distinct().Order().ToList();
        return [.. counts
            .GroupBy(c => (c.OrgLevel, c.OrgCode, Start: StartOf(c.PeriodStart, periodType), c.Breakdown, c.GroupCode, Kind: SourceKind(c.Source), c.Exactness))
            .Select(g =>
            {
                var last = LastMonth(g.Key.Start, periodType);
                return new Summed(g.Key.OrgLevel, g.Key.OrgCode, g.Key.Start, End(last), MonthsPresent(allMonths, g.Key.Start, last),
                    g.Key.Breakdown, g.Key.GroupCode, g.Sum(c => c.Numerator), g.Sum(c => c.Denominator), g.Key.Kind, g.Key.Exactness);
            })];
    }

    /// <summary>Months of the period for which the store holds any counts (12 for a complete year).</summary>
    private static int MonthsPresent(List<DateOnly> months, DateOnly first, DateOnly last) => months.Count(m => m >= first && m <= last);

    private static DateOnly End(DateOnly month) => month.AddMonths(1).AddDays(-1);

    public static DateOnly StartOf(DateOnly month, PeriodType type) => type switch
    {
        PeriodType.Quarter => new DateOnly(month.Year, (month.Month - 1) / 3 * 3 + 1, 1),
        PeriodType.FinancialYear => new DateOnly(month.Month >= 4 ? month.Year : month.Year - 1, 4, 1),
        _ => month,
    };

    private static DateOnly LastMonth(DateOnly start, PeriodType type) => type switch
    {
        PeriodType.Quarter => start.AddMonths(2),
        PeriodType.FinancialYear => start.AddMonths(11),
        _ => start,
    };
}
