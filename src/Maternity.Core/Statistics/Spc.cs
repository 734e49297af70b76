namespace Maternity.Statistics;

/// <summary>Which way is better for a measure on an SPC chart.</summary>
public enum ImprovementDirection { Increase, Decrease, Neutral }

/// <summary>The special-cause rule a point is flagged by (one per point, by precedence: limit, trend, 2 of 3, run).</summary>
public enum SpcRule { None, AboveUpperLimit, BelowLowerLimit, TrendIncreasing, TrendDecreasing, TwoOfThreeAbove, TwoOfThreeBelow, RunAbove, RunBelow }

/// <summary>Making Data Count point classification; the variation icon shows the latest point's.</summary>
public enum VariationType { CommonCause, SpecialCauseImprovement, SpecialCauseConcern, SpecialCauseNeutralHigh, SpecialCauseNeutralLow }

/// <summary>Making Data Count assurance icon: can the process be relied on to meet the target?</summary>
public enum AssuranceType { NotApplicable, ConsistentPass, ConsistentFail, HitOrMiss }

/// <summary>
/// Options of an SPC chart. Defaults follow NHS England's Making Data Count (MDC): runs and trends of 7 points,
/// moving-range outlier screening, and (since November 2023) points beyond the process limits counting towards
/// "two of three beyond two sigma". Setting <see cref="TwoOfThreeCountsBeyondLimits"/> to false reproduces
/// NHSRplotthedots 0.2, which counts only points between the 2σ and 3σ lines.
/// </summary>
/// <param name="RunLength">Points on one side of the mean that make a shift (6 or 7).</param>
/// <param name="TrendLength">Consecutive rising or falling points that make a trend (6 or 7).</param>
/// <param name="FixAfterPoints">Compute each segment's mean and moving range from its first k points only (a baseline).</param>
/// <param name="Rebase">Indices (0-based) at which a new segment starts, with limits recomputed from that point.</param>
/// <param name="MinimumPoints">Segments shorter than this have trial limits (MDC shows limits from 13 points).</param>
/// <param name="Excluded">Indices (0-based) of points drawn but kept out of the chart: incomplete months, whose data are still
/// arriving. They add nothing to the centre line, the moving ranges or Laney's σz, no rule fires on them and they break runs
/// and trends; the variation and assurance icons are those of the latest point not excluded.</param>
public sealed record SpcOptions(
    ImprovementDirection Direction = ImprovementDirection.Increase,
    int RunLength = 7,
    int TrendLength = 7,
    bool ScreenOutliers = true,
    bool TwoOfThreeCountsBeyondLimits = true,
    int? FixAfterPoints = null,
    IReadOnlyList<int>? Rebase = null,
    int MinimumPoints = 13,
    double? Target = null,
    IReadOnlyCollection<int>? Excluded = null)
{
    /// <summary>Whether point <paramref name="index"/> is kept out of the limits and the rules (<see cref="Excluded"/>).</summary>
    public bool IsExcluded(int index) => Excluded is { } excluded && excluded.Contains(index);

    /// <summary>The options that reproduce NHSRplotthedots 0.2 point for point.</summary>
    public static SpcOptions PlotTheDots(ImprovementDirection direction = ImprovementDirection.Increase, bool screenOutliers = true) =>
        new(direction, ScreenOutliers: screenOutliers, TwoOfThreeCountsBeyondLimits: false);
}

/// <summary>One point of an SPC chart with the limits that apply to it.</summary>
/// <param name="Excluded">Drawn but kept out of the limits and the rules (an incomplete month, <see cref="SpcOptions.Excluded"/>): never a signal.</param>
public sealed record SpcPoint(int Index, double Value, int Segment, double Mean, double Lower, double Upper,
    double NearLower, double NearUpper, SpcRule Rule, VariationType Type, bool TrialLimits, bool Excluded = false);

/// <summary>An SPC chart: its points, and the icons for its latest point and last segment.</summary>
public sealed record SpcResult(IReadOnlyList<SpcPoint> Points, VariationType Variation, AssuranceType Assurance, bool TrialLimits);

/// <summary>
/// Statistical process control as NHS England's Making Data Count programme uses it.
/// </summary>
public static class Spc
{
    /// <summary>d2 for moving ranges of two: the 2.66 in 2.66 × mean moving range is 3 / 1.128.</summary>
    public const double LimitFactor = 2.66;

    /// <summary>Moving ranges of 3.267 × the mean moving range or more are screened out (Nelson 1982).</summary>
    public const double ScreenFactor = 3.267;

    /// <summary>
    /// XmR (individuals) chart. In each segment: centre = mean of the values (or of the first
    /// <see cref="SpcOptions.FixAfterPoints"/>); MRᵢ = |yᵢ − yᵢ₋₁|; mean MR, recomputed once without the MRs
    /// ≥ 3.267 × mean MR when screening; limits = centre ± 2.66 × mean MR; near (2σ) lines = centre ± (2/3)(2.66) × mean MR.
    /// A segment of one point has no moving range, so its limits are NaN and no limit rule can fire.
    /// Reference: NHS England, Making Data Count (2019, 2023 rule update); NHSRplotthedots R/ptd_spc_standard.R.
    /// </summary>
    public static SpcResult XmR(IReadOnlyList<double> values, SpcOptions? options = null)
    {
        options ??= new SpcOptions();
        var n = values.Count;
        var mean = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        var nearLower = new double[n];
        var nearUpper = new double[n];
        foreach (var (start, end) in Segments(n, options.Rebase))
        {
            var baseEnd = options.FixAfterPoints is { } k ? Math.Min(end, start + k) : end;
            var baseline = Enumerable.Range(start, baseEnd - start).Where(i => !options.IsExcluded(i)).ToList();
            var centre = baseline.Count == 0 ? double.NaN : baseline.Average(i => values[i]);
            var ranges = new List<double>();
            for (var b = 1; b < baseline.Count; b++) ranges.Add(Math.Abs(values[baseline[b]] - values[baseline[b - 1]]));
            var mr = ranges.Count == 0 ? double.NaN : ranges.Average();
            if (options.ScreenOutliers && ranges.Count > 0)
            {
                var kept = ranges.Where(r => r < ScreenFactor * mr).ToList();
                if (kept.Count > 0) mr = kept.Average();
            }
            for (var i = start; i < end; i++)
            {
                mean[i] = centre;
                upper[i] = centre + LimitFactor * mr;
                lower[i] = centre - LimitFactor * mr;
                nearUpper[i] = centre + 2.0 / 3 * LimitFactor * mr;
                nearLower[i] = centre - 2.0 / 3 * LimitFactor * mr;
            }
        }
        return Classify(values, mean, lower, upper, nearLower, nearUpper, options);
    }

    /// <summary>
    /// p-chart for proportions with varying denominators: centre p̄ = Σx/Σn per segment; σᵢ = √(p̄(1 − p̄)/nᵢ);
    /// limits p̄ ± 3σᵢ and near lines p̄ ± 2σᵢ, clamped to [0, 1], all × <paramref name="multiplier"/>.
    /// With <paramref name="laney"/> (Laney's p′), σᵢ is multiplied by σz, the mean moving range of the
    /// z-scores zᵢ = (pᵢ − p̄)/σᵢ divided by 1.128, which widens the limits for large, over-dispersed denominators.
    /// A point with nᵢ = 0 is NaN and never flagged. Reference: Montgomery, Introduction to SQC; Laney DB, Qual Eng 2002;14:531-7.
    /// </summary>
    public static SpcResult PChart(IReadOnlyList<long> numerators, IReadOnlyList<long> denominators, bool laney = false,
        SpcOptions? options = null, double multiplier = 100)
    {
        options ??= new SpcOptions();
        var n = numerators.Count;
        if (denominators.Count != n) throw new ArgumentException("numerators and denominators differ in length", nameof(denominators));
        var values = new double[n];
        var mean = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        var nearLower = new double[n];
        var nearUpper = new double[n];
        for (var i = 0; i < n; i++) values[i] = denominators[i] == 0 ? double.NaN : (double)numerators[i] / denominators[i];
        foreach (var (start, end) in Segments(n, options.Rebase))
        {
            var baseEnd = options.FixAfterPoints is { } k ? Math.Min(end, start + k) : end;
            double x = 0, d = 0;
            for (var i = start; i < baseEnd; i++) if (!options.IsExcluded(i)) { x += numerators[i]; d += denominators[i]; }
            var p = d == 0 ? double.NaN : x / d;
            var sigmaZ = 1.0;
            if (laney)
            {
                var z = Enumerable.Range(start, baseEnd - start).Where(i => denominators[i] > 0 && !options.IsExcluded(i))
                    .Select(i => (values[i] - p) / Math.Sqrt(p * (1 - p) / denominators[i])).ToList();
                sigmaZ = z.Count < 2 ? double.NaN : z.Zip(z.Skip(1), (a, b) => Math.Abs(b - a)).Average() / 1.128;
            }
            for (var i = start; i < end; i++)
            {
                var sigma = Math.Sqrt(p * (1 - p) / denominators[i]) * sigmaZ;
                mean[i] = p * multiplier;
                upper[i] = Math.Min(1, p + 3 * sigma) * multiplier;
                lower[i] = Math.Max(0, p - 3 * sigma) * multiplier;
                nearUpper[i] = Math.Min(1, p + 2 * sigma) * multiplier;
                nearLower[i] = Math.Max(0, p - 2 * sigma) * multiplier;
                values[i] *= multiplier;
            }
        }
        return Classify(values, mean, lower, upper, nearLower, nearUpper, options);
    }

    /// <summary>Segments [start, end) split at the rebase indices.</summary>
    private static List<(int Start, int End)> Segments(int n, IReadOnlyList<int>? rebase)
    {
        var cuts = (rebase ?? []).Where(r => r > 0 && r < n).Distinct().Order().ToList();
        var segments = new List<(int, int)>();
        var start = 0;
        foreach (var cut in cuts) { segments.Add((start, cut)); start = cut; }
        if (n > 0) segments.Add((start, n));
        return segments;
    }

    private static SpcResult Classify(IReadOnlyList<double> values, double[] mean, double[] lower, double[] upper, double[] nearLower, double[] nearUpper, SpcOptions options)
    {
        var n = values.Count;
        // The rules see an excluded point as a gap (NaN): no side, never beyond a line, and it breaks runs and trends.
        var y = values.Select((v, i) => options.IsExcluded(i) ? double.NaN : v).ToArray();
        var rules = new SpcRule[n];
        var segments = Segments(n, options.Rebase);
        foreach (var (start, end) in segments)
        {
            var side = new int[n];
            var outside = new bool[n];
            var close = new bool[n];
            for (var i = start; i < end; i++)
            {
                side[i] = double.IsNaN(y[i]) ? 0 : Math.Sign(y[i] - mean[i]);
                outside[i] = y[i] > upper[i] || y[i] < lower[i];
                var beyondNear = y[i] > nearUpper[i] || y[i] < nearLower[i];
                close[i] = beyondNear && (options.TwoOfThreeCountsBeyondLimits || !outside[i]);
            }
            var run = new SpcRule[n];
            var trend = new SpcRule[n];
            var twoOfThree = new SpcRule[n];

            // Runs: RunLength or more consecutive points with the same non-zero side; every point of the run is flagged.
            for (int i = start, j; i < end; i = j)
            {
                j = i + 1;
                if (side[i] == 0) continue;
                while (j < end && side[j] == side[i]) j++;
                if (j - i >= options.RunLength)
                    for (var m = i; m < j; m++) run[m] = side[i] > 0 ? SpcRule.RunAbove : SpcRule.RunBelow;
            }

            // Trends: TrendLength or more points each strictly above (or below) the one before; a tie breaks the trend.
            for (int i = start, j; i < end; i = j)
            {
                j = i + 1;
                if (j >= end || double.IsNaN(y[i]) || double.IsNaN(y[j])) continue;
                var direction = Math.Sign(y[j] - y[i]);
                if (direction == 0) continue;
                while (j + 1 < end && !double.IsNaN(y[j + 1]) && Math.Sign(y[j + 1] - y[j]) == direction) j++;
                if (j - i + 1 >= options.TrendLength)
                    for (var m = i; m <= j; m++) trend[m] = direction > 0 ? SpcRule.TrendIncreasing : SpcRule.TrendDecreasing;
                // The loop goes on from the trend's last point: it may start a trend the other way.
            }

            // Two of three: in a window of three points all on the same side of the mean, two or more beyond the 2σ line; only those are flagged.
            for (var i = start; i + 2 < end; i++)
            {
                var s = side[i];
                if (s == 0 || side[i + 1] != s || side[i + 2] != s) continue;
                var count = (close[i] ? 1 : 0) + (close[i + 1] ? 1 : 0) + (close[i + 2] ? 1 : 0);
                if (count < 2) continue;
                for (var m = i; m <= i + 2; m++)
                    if (close[m]) twoOfThree[m] = s > 0 ? SpcRule.TwoOfThreeAbove : SpcRule.TwoOfThreeBelow;
            }

            for (var i = start; i < end; i++)
            {
                rules[i] = outside[i] ? (y[i] > upper[i] ? SpcRule.AboveUpperLimit : SpcRule.BelowLowerLimit)
                    : trend[i] != SpcRule.None ? trend[i]
                    : twoOfThree[i] != SpcRule.None ? twoOfThree[i]
                    : run[i];
            }
        }

        var points = new SpcPoint[n];
        foreach (var (start, end) in segments)
        {
            var trial = end - start < options.MinimumPoints;
            for (var i = start; i < end; i++)
                points[i] = new SpcPoint(i, values[i], segments.IndexOf((start, end)), mean[i], lower[i], upper[i], nearLower[i], nearUpper[i], rules[i],
                    TypeOf(rules[i], options.Direction), trial, options.IsExcluded(i));
        }
        var last = points.LastOrDefault(p => !p.Excluded);
        return new SpcResult(points, last?.Type ?? VariationType.CommonCause, Assurance(last, options), last?.TrialLimits ?? true);
    }

    private static bool IsHigh(SpcRule rule) => rule is SpcRule.AboveUpperLimit or SpcRule.TrendIncreasing or SpcRule.TwoOfThreeAbove or SpcRule.RunAbove;

    private static VariationType TypeOf(SpcRule rule, ImprovementDirection direction) => rule == SpcRule.None
        ? VariationType.CommonCause
        : direction switch
        {
            ImprovementDirection.Increase => IsHigh(rule) ? VariationType.SpecialCauseImprovement : VariationType.SpecialCauseConcern,
            ImprovementDirection.Decrease => IsHigh(rule) ? VariationType.SpecialCauseConcern : VariationType.SpecialCauseImprovement,
            _ => IsHigh(rule) ? VariationType.SpecialCauseNeutralHigh : VariationType.SpecialCauseNeutralLow,
        };

    /// <summary>
    /// Assurance against the target with the latest point's limits: increase is better and the target is above the
    /// upper limit, the process will consistently fail; below the lower limit, consistently pass; between, hit or miss.
    /// Mirrored when decrease is better; not applicable without a target or direction.
    /// </summary>
    private static AssuranceType Assurance(SpcPoint? last, SpcOptions options)
    {
        if (last is null || options.Target is not { } target || options.Direction == ImprovementDirection.Neutral || double.IsNaN(last.Upper))
            return AssuranceType.NotApplicable;
        var increase = options.Direction == ImprovementDirection.Increase;
        if (target > last.Upper) return increase ? AssuranceType.ConsistentFail : AssuranceType.ConsistentPass;
        if (target < last.Lower) return increase ? AssuranceType.ConsistentPass : AssuranceType.ConsistentFail;
        return AssuranceType.HitOrMiss;
    }
}
