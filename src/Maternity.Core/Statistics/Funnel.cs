using MathNet.Numerics.Distributions;

namespace Maternity.Statistics;

/// <summary>How funnel-plot control limits are drawn.</summary>
public enum FunnelMethod
{
    /// <summary>Proportions: the public-health (Fingertips) limits, the proportions whose Wilson interval just reaches the target.</summary>
    Wilson,
    /// <summary>Proportions: exact binomial quantiles with Spiegelhalter's interpolation.</summary>
    ExactBinomial,
    /// <summary>Rates and ratios of counts: the counts whose exact Poisson limits reach the expected count (PHEindicatormethods).</summary>
    Poisson,
}

/// <summary>One unit (a trust, a site) on a funnel plot: events over denominator (births, population, or expected events for a ratio).</summary>
public sealed record FunnelUnit(string Id, double Events, double Denominator);

/// <summary>One unit on a funnel plot of directly standardised rates: its events and its rate (per the plot's multiplier).</summary>
public sealed record FunnelRateUnit(string Id, double Events, double Rate);

/// <summary>The four control limits at one denominator: 99.8% (3σ) and 95% (2σ), in the unit of the plot.</summary>
public sealed record FunnelLimits(double Denominator, double Lower998, double Lower95, double Upper95, double Upper998);

/// <summary>A unit's value, the limits at its denominator and its significance (PHE labels), unadjusted and with overdispersion.</summary>
public sealed record FunnelPoint(string Id, double Value, double Denominator, FunnelLimits Limits, string Significance,
    FunnelLimits? AdjustedLimits, string? AdjustedSignificance);

/// <summary>
/// A funnel plot: the target, every unit with its flag, the limit curves for drawing, and Spiegelhalter's
/// overdispersion estimate (φ and τ²) with the adjusted limits beside the unadjusted ones when asked for.
/// </summary>
public sealed record FunnelResult(FunnelMethod Method, double Target, IReadOnlyList<FunnelPoint> Units,
    IReadOnlyList<FunnelLimits> Curve, IReadOnlyList<FunnelLimits>? AdjustedCurve, double? Phi, double? Tau2);

/// <summary>
/// Funnel plots for comparing units with a target or the overall value. Significance labels are those of
/// PHEindicatormethods: "High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)", "Not significant",
/// with the 99.8% limits checked first.
/// </summary>
public static class Funnel
{
    private const double P95 = 0.975;
    private const double P998 = 0.999;

    /// <summary>
    /// Proportions (value = events/denominator × multiplier). The target defaults to the pooled Σx/Σn.
    /// <see cref="FunnelMethod.Wilson"/> gives, for denominator n and tail probability P (0.975, 0.999),
    /// with z = Φ⁻¹(P), the closed-form limits of PHEindicatormethods (R/utils.R <c>sigma_adjustment</c>):
    /// first = p₀(n/z² + 1); adj = √((−8p₀(n/z² + 1))² − 64(1/z² + 1/n)p₀(n(p₀(n/z² + 2) − 1) + z²(p₀ − 1)));
    /// last = 1/z² + 1/n; limits = (first ∓ adj/8)/last/n, clamped to [0, 1] (then × multiplier).
    /// <see cref="FunnelMethod.ExactBinomial"/> uses the binomial quantile r with interpolation
    /// (r − (F(r) − P)/(F(r) − F(r − 1)))/n (Spiegelhalter, Stat Med 2005;24:1185-1202).
    /// With <paramref name="overdispersion"/>, Spiegelhalter's additive random-effects adjustment on the arcsine
    /// scale: Yᵢ = asin(√pᵢ), sᵢ = 1/(2√nᵢ), zᵢ winsorised at the 10th and 90th percentiles, φ = Σzᵢ²/I,
    /// τ² = max(0, (Iφ − (I − 1))/(Σwᵢ − Σwᵢ²/Σwᵢ)) with wᵢ = 1/sᵢ², limits sin²(θ₀ ± z√(sᵢ² + τ²))
    /// (FunnelPlotR R/od_adjustment.R). Units with denominator 0 are left out.
    /// </summary>
    public static FunnelResult Proportions(IReadOnlyList<FunnelUnit> units, FunnelMethod method = FunnelMethod.Wilson,
        double? target = null, bool overdispersion = false, double multiplier = 100)
    {
        if (method == FunnelMethod.Poisson) throw new ArgumentException("use Rates for the Poisson method", nameof(method));
        var valid = units.Where(u => u.Denominator > 0).ToList();
        var p0 = target is { } t ? t / multiplier : valid.Sum(u => u.Events) / valid.Sum(u => u.Denominator);
        FunnelLimits At(double n) => new(n,
            Limit(p0, n, 1 - P998, method) * multiplier, Limit(p0, n, 1 - P95, method) * multiplier,
            Limit(p0, n, P95, method) * multiplier, Limit(p0, n, P998, method) * multiplier);

        double? phi = null, tau2 = null;
        Func<double, FunnelLimits>? adjusted = null;
        if (overdispersion && valid.Count > 1)
        {
            var theta0 = Math.Asin(Math.Sqrt(p0));
            var s = valid.Select(u => 1 / (2 * Math.Sqrt(u.Denominator))).ToArray();
            var z = valid.Select((u, i) => (Math.Asin(Math.Sqrt(u.Events / u.Denominator)) - theta0) / s[i]).ToArray();
            (phi, tau2) = Dispersion(z, s);
            var tau = tau2.Value;
            adjusted = n => new FunnelLimits(n,
                Sin2(theta0 - Normal.TwoSidedZ(0.998) * Math.Sqrt(1 / (4 * n) + tau)) * multiplier,
                Sin2(theta0 - Normal.TwoSidedZ(0.95) * Math.Sqrt(1 / (4 * n) + tau)) * multiplier,
                Sin2(theta0 + Normal.TwoSidedZ(0.95) * Math.Sqrt(1 / (4 * n) + tau)) * multiplier,
                Sin2(theta0 + Normal.TwoSidedZ(0.998) * Math.Sqrt(1 / (4 * n) + tau)) * multiplier);
        }
        return Build(method, p0 * multiplier, valid, u => u.Events / u.Denominator * multiplier, At, adjusted, phi, tau2);
    }

    /// <summary>
    /// Rates (value = events/denominator × multiplier) against a target rate θ₀ (default the pooled Σx/Σn), as
    /// PHEindicatormethods <c>calculate_funnel_limits(statistic = "rate")</c> draws them. At denominator n the expected
    /// count is E = θ₀n and each limit is the count O at which E is one of O's exact Poisson confidence limits
    /// (<see cref="PoissonLimit"/>), as a rate O/n × multiplier. At whole counts this is the package's own curve:
    /// E = χ²(1 − α; 2O + 2)/2 on the lower line, χ²(α; 2O)/2 on the upper, α = 0.025 (95%) or 0.001 (99.8%).
    /// Flags are the package's <c>assign_funnel_significance</c>: "High" when the lower limit of the unit's count at
    /// 99.8% (95%) is above E, "Low" when its upper limit is below E, the count's limits exact below 10 events and
    /// Byar's from 10 (<see cref="Rate.Interval"/>); so a unit with 10 or more events close to a line may be flagged on
    /// the other side of it by the width of Byar's error (well under 1% of the count), as in the package.
    /// With <paramref name="overdispersion"/>, the adjustment on the log scale: Yᵢ = ln(Oᵢ/Eᵢ), sᵢ = 1/√Eᵢ,
    /// limits θ₀exp(± z√(1/E + τ²)) (Spiegelhalter 2005; the SHMI method). Units with no events are kept on the plot
    /// but left out of the dispersion estimate (their log is −∞). Units with denominator 0 are left out.
    /// </summary>
    public static FunnelResult Rates(IReadOnlyList<FunnelUnit> units, double? target = null, bool overdispersion = false, double multiplier = 1000)
    {
        var valid = units.Where(u => u.Denominator > 0).ToList();
        var rate0 = target is { } t ? t / multiplier : valid.Sum(u => u.Events) / valid.Sum(u => u.Denominator);
        return CountFunnel(valid.Select(u => (u, Value: u.Events / u.Denominator * multiplier)).ToList(), rate0, overdispersion, multiplier, applicable: _ => true);
    }

    /// <summary>
    /// Indirectly standardised ratios (or any observed/expected ratio) against 1, as PHEindicatormethods
    /// <c>calculate_funnel_limits(statistic = "ratio")</c>: each unit's <see cref="FunnelUnit.Denominator"/> is its
    /// expected count E, the value O/E × multiplier (1 for a ratio, 100 for the package's "isr"), and the limits
    /// at E the counts whose exact Poisson limits reach E, over E (see <see cref="Rates"/>; the flags likewise).
    /// With <paramref name="overdispersion"/>, the log-scale adjustment of <see cref="Rates"/> with θ₀ = 1.
    /// </summary>
    public static FunnelResult Ratios(IReadOnlyList<FunnelUnit> units, bool overdispersion = false, double multiplier = 1) =>
        Rates(units, multiplier, overdispersion, multiplier);

    /// <summary>
    /// Directly standardised rates, as PHEindicatormethods <c>calculate_funnel_limits(statistic = "rate",
    /// rate_type = "dsr")</c> and <c>assign_funnel_significance</c>: a unit's denominator is derived from its events and
    /// rate, n = multiplier × O/DSR; the target defaults to ΣO/Σn over units with events; limits and flags as for
    /// <see cref="Rates"/>. A DSR of fewer than 10 events is not published (PHEindicatormethods <c>calculate_dsr</c>),
    /// so such a unit is flagged "Not applicable for events less than 10 for dsrs" and left out of the
    /// overdispersion estimate; a unit with no events has no derived denominator, so its denominator and limits are NaN.
    /// </summary>
    public static FunnelResult Dsrs(IReadOnlyList<FunnelRateUnit> units, double? target = null, bool overdispersion = false, double multiplier = 100_000)
    {
        var derived = units.Select(u => (Unit: new FunnelUnit(u.Id, u.Events, u.Events > 0 && u.Rate > 0 ? multiplier * u.Events / u.Rate : double.NaN), u.Rate)).ToList();
        var counted = derived.Where(d => !double.IsNaN(d.Unit.Denominator)).ToList();
        var rate0 = target is { } t ? t / multiplier : counted.Sum(d => d.Unit.Events) / counted.Sum(d => d.Unit.Denominator);
        return CountFunnel(derived.Select(d => (d.Unit, Value: d.Rate)).ToList(), rate0, overdispersion, multiplier, applicable: u => u.Events >= 10);
    }

    /// <summary>The label PHEindicatormethods gives a directly standardised rate of fewer than 10 events.</summary>
    public const string DsrNotApplicable = "Not applicable for events less than 10 for dsrs";

    private static FunnelResult CountFunnel(List<(FunnelUnit Unit, double Value)> units, double rate0, bool overdispersion, double multiplier,
        Func<FunnelUnit, bool> applicable)
    {
        FunnelLimits At(double n) => double.IsNaN(n)
            ? new(n, double.NaN, double.NaN, double.NaN, double.NaN)
            : new(n,
                PoissonLimit(rate0 * n, 1 - P998) / n * multiplier, PoissonLimit(rate0 * n, 1 - P95) / n * multiplier,
                PoissonLimit(rate0 * n, P95) / n * multiplier, PoissonLimit(rate0 * n, P998) / n * multiplier);

        double? phi = null, tau2 = null;
        Func<double, FunnelLimits>? adjusted = null;
        var positive = units.Where(u => u.Unit.Events > 0 && applicable(u.Unit) && !double.IsNaN(u.Unit.Denominator)).ToList();
        if (overdispersion && positive.Count > 1)
        {
            var s = positive.Select(u => 1 / Math.Sqrt(rate0 * u.Unit.Denominator)).ToArray();
            var z = positive.Select((u, i) => Math.Log(u.Unit.Events / (rate0 * u.Unit.Denominator)) / s[i]).ToArray();
            (phi, tau2) = Dispersion(z, s);
            var tau = tau2.Value;
            adjusted = n => new FunnelLimits(n,
                rate0 * Math.Exp(-Normal.TwoSidedZ(0.998) * Math.Sqrt(1 / (rate0 * n) + tau)) * multiplier,
                rate0 * Math.Exp(-Normal.TwoSidedZ(0.95) * Math.Sqrt(1 / (rate0 * n) + tau)) * multiplier,
                rate0 * Math.Exp(Normal.TwoSidedZ(0.95) * Math.Sqrt(1 / (rate0 * n) + tau)) * multiplier,
                rate0 * Math.Exp(Normal.TwoSidedZ(0.998) * Math.Sqrt(1 / (rate0 * n) + tau)) * multiplier);
        }
        var points = units.Select(u =>
        {
            var limits = At(u.Unit.Denominator);
            var adj = adjusted?.Invoke(u.Unit.Denominator);
            var ok = applicable(u.Unit);
            return new FunnelPoint(u.Unit.Id, u.Value, u.Unit.Denominator, limits,
                ok ? PoissonSignificance(u.Unit.Events, rate0 * u.Unit.Denominator) : DsrNotApplicable,
                adj, adj is null ? null : ok ? Significance(u.Value, adj) : DsrNotApplicable);
        }).ToList();
        var curve = Curve(units.Select(u => u.Unit.Denominator).Where(double.IsFinite).ToList(), whole: false);
        return new FunnelResult(FunnelMethod.Poisson, rate0 * multiplier, points, [.. curve.Select(At)],
            adjusted is null ? null : [.. curve.Select(adjusted)], phi, tau2);
    }

    /// <summary>
    /// PHEindicatormethods <c>assign_funnel_significance</c> for counts (R/utils.R <c>funnel_ratio_significance</c>):
    /// a count of <paramref name="events"/> against <paramref name="expected"/> is "High (0.001)" when its lower 99.8%
    /// limit is above the expected count, else "High (0.025)" when its lower 95% limit is; "Low (0.001)" and
    /// "Low (0.025)" when its upper limits are below; the limits exact below 10 events and Byar's from 10.
    /// </summary>
    public static string PoissonSignificance(double events, double expected)
    {
        if (Limits(0.998).Lower > expected) return "High (0.001)";
        if (Limits(0.95).Lower > expected) return "High (0.025)";
        if (Limits(0.998).Upper < expected) return "Low (0.001)";
        if (Limits(0.95).Upper < expected) return "Low (0.025)";
        return "Not significant";
        Interval Limits(double level) => Rate.Interval(events, 1, level, 1);
    }

    /// <summary>The proportion limit at tail probability <paramref name="p"/> (below 0.5: a lower limit).</summary>
    public static double Limit(double p0, double n, double p, FunnelMethod method)
    {
        if (method == FunnelMethod.ExactBinomial)
        {
            var r = 0;
            var F = Binomial.CDF(p0, (int)n, 0);
            while (F < p && r < n) { r++; F = Binomial.CDF(p0, (int)n, r); }
            var below = r == 0 ? 0 : Binomial.CDF(p0, (int)n, r - 1);
            var alpha = F == below ? 0 : (F - p) / (F - below);
            return Math.Clamp((r - alpha) / n, 0, 1);
        }
        var z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, Math.Max(p, 1 - p));
        var z2 = z * z;
        var first = p0 * (n / z2 + 1);
        var adj = Math.Sqrt(Math.Pow(-8 * p0 * (n / z2 + 1), 2) - 64 * (1 / z2 + 1 / n) * p0 * (n * (p0 * (n / z2 + 2) - 1) + z2 * (p0 - 1)));
        var last = 1 / z2 + 1 / n;
        var limit = (p < 0.5 ? first - adj / 8 : first + adj / 8) / last / n;
        return Math.Clamp(limit, 0, 1);
    }

    /// <summary>
    /// The funnel limit, as a count of events, at expected count <paramref name="expected"/> and one-sided probability
    /// <paramref name="p"/> (0.025 or 0.001 for the lower lines, 0.975 or 0.999 for the upper): the count O whose exact
    /// Poisson limit is the expected count, the definition of PHEindicatormethods' funnels for rates and ratios
    /// (R/utils.R <c>poisson_funnel</c>, which finds it by bisection for whole O). With the regularised lower
    /// incomplete gamma function P(a, E) (for whole O, P(O, E) = Pr(X ≥ O) and 1 − P(O + 1, E) = Pr(X ≤ O) when
    /// X ~ Poisson(E)):
    /// upper line: P(O, E) = 1 − p, i.e. E = χ²(1 − p; 2O)/2, the exact lower limit of O;
    /// lower line: P(O + 1, E) = 1 − p, i.e. E = χ²(1 − p; 2O + 2)/2, the exact upper limit of O, and 0 when even
    /// no events would not be significantly low (E ≤ −ln p).
    /// Between whole counts the gamma function continues the curve smoothly, so at any E the limit is the
    /// (fractional) count at which the exact test is on the boundary: one event where 0.01 are expected is above the
    /// 95% limit (about 0.80) and below the 99.8% limit (about 1.5). Solved by bisection to 1e-13 relative.
    /// An expected count of 0 gives 0.
    /// </summary>
    public static double PoissonLimit(double expected, double p)
    {
        if (expected <= 0) return 0;
        if (p < 0.5)
        {
            if (-Math.Log(p) >= expected) return 0;
            return SolveShape(expected, 1 - p) - 1;
        }
        return SolveShape(expected, 1 - p);
    }

    /// <summary>The shape a with P(a, x) = target; P falls as a rises.</summary>
    private static double SolveShape(double x, double target)
    {
        double lo = 0, hi = Math.Max(1, x);
        while (MathNet.Numerics.SpecialFunctions.GammaLowerRegularized(hi, x) > target) { lo = hi; hi *= 2; }
        while (hi - lo > 1e-13 * hi)
        {
            var mid = (lo + hi) / 2;
            if (mid <= lo || mid >= hi) break;
            if (MathNet.Numerics.SpecialFunctions.GammaLowerRegularized(mid, x) > target) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private static (double Phi, double Tau2) Dispersion(double[] z, double[] s)
    {
        var sorted = z.OrderBy(v => v).ToArray();
        var lo = Sampling.Quantile(sorted, 0.1);
        var hi = Sampling.Quantile(sorted, 0.9);
        var winsorised = z.Select(v => Math.Clamp(v, lo, hi)).ToArray();
        var count = z.Length;
        var phi = winsorised.Sum(v => v * v) / count;
        var w = s.Select(v => 1 / (v * v)).ToArray();
        var tau2 = count * phi <= count - 1 ? 0 : (count * phi - (count - 1)) / (w.Sum() - w.Sum(v => v * v) / w.Sum());
        return (phi, tau2);
    }

    private static double Sin2(double x) => Math.Pow(Math.Sin(Math.Clamp(x, 0, Math.PI / 2)), 2);

    private static string Significance(double value, FunnelLimits l) =>
        value > l.Upper998 ? "High (0.001)" : value < l.Lower998 ? "Low (0.001)"
        : value > l.Upper95 ? "High (0.025)" : value < l.Lower95 ? "Low (0.025)" : "Not significant";

    private static FunnelResult Build(FunnelMethod method, double target, List<FunnelUnit> units, Func<FunnelUnit, double> value,
        Func<double, FunnelLimits> at, Func<double, FunnelLimits>? adjusted, double? phi, double? tau2)
    {
        var points = units.Select(u =>
        {
            var limits = at(u.Denominator);
            var adj = adjusted?.Invoke(u.Denominator);
            var v = value(u);
            return new FunnelPoint(u.Id, v, u.Denominator, limits, Significance(v, limits), adj, adj is null ? null : Significance(v, adj));
        }).ToList();
        var curve = Curve([.. units.Select(u => u.Denominator)], whole: true);
        return new FunnelResult(method, target, points, [.. curve.Select(at)], adjusted is null ? null : [.. curve.Select(adjusted)], phi, tau2);
    }

    /// <summary>
    /// 100 denominators spaced geometrically from half the smallest to 1.05 × the largest, as the public-health funnels
    /// draw them; whole numbers from 1 for proportions, any positive value for rates and ratios (expected counts below 1).
    /// </summary>
    private static List<double> Curve(List<double> denominators, bool whole)
    {
        var max = denominators.Count == 0 ? 1 : denominators.Max() * 1.05;
        var min = denominators.Count == 0 ? 1 : denominators.Min() / 2;
        if (whole) min = Math.Max(1, min);
        return [.. Enumerable.Range(0, 100).Select(i => min * Math.Pow(max / min, i / 99.0)).Select(v => whole ? Math.Round(v) : v).Distinct()];
    }
}
