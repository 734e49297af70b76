using MathNet.Numerics.Distributions;

namespace Maternity.Statistics;

/// <summary>How funnel-plot control limits are drawn.</summary>
public enum FunnelMethod
{
    /// <summary>Proportions: the public-health (Fingertips) limits, the proportions whose Wilson interval just reaches the target.</summary>
    Wilson,
    /// <summary>Proportions: exact binomial quantiles with Spiegelhalter's interpolation.</summary>
    ExactBinomial,
    /// <summary>Rates and ratios of counts: exact Poisson quantiles with Spiegelhalter's interpolation.</summary>
    Poisson,
}

/// <summary>One unit (a trust, a site) on a funnel plot: events over denominator.</summary>
public sealed record FunnelUnit(string Id, double Events, double Denominator);

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
    /// Rates (value = events/denominator × multiplier) against a target rate (default the pooled Σx/Σn): the
    /// limits at denominator n are the exact Poisson quantiles of E = θ₀n with interpolation,
    /// (r − (F(r) − P)/(F(r) − F(r − 1)))/n × multiplier. For indirectly standardised ratios pass expected counts
    /// as denominators and multiplier 1 (target 1). With <paramref name="overdispersion"/>, the adjustment on the log
    /// scale: Yᵢ = ln(Oᵢ/Eᵢ), sᵢ = 1/√Eᵢ, limits θ₀exp(± z√(1/E + τ²)) (Spiegelhalter 2005; the SHMI method).
    /// Units with no events get a log value of −∞; they are kept on the plot but left out of the dispersion estimate.
    /// </summary>
    public static FunnelResult Rates(IReadOnlyList<FunnelUnit> units, double? target = null, bool overdispersion = false, double multiplier = 1000)
    {
        var valid = units.Where(u => u.Denominator > 0).ToList();
        var rate0 = target is { } t ? t / multiplier : valid.Sum(u => u.Events) / valid.Sum(u => u.Denominator);
        FunnelLimits At(double n) => new(n,
            PoissonLimit(rate0 * n, 1 - P998) / n * multiplier, PoissonLimit(rate0 * n, 1 - P95) / n * multiplier,
            PoissonLimit(rate0 * n, P95) / n * multiplier, PoissonLimit(rate0 * n, P998) / n * multiplier);

        double? phi = null, tau2 = null;
        Func<double, FunnelLimits>? adjusted = null;
        var positive = valid.Where(u => u.Events > 0).ToList();
        if (overdispersion && positive.Count > 1)
        {
            var s = positive.Select(u => 1 / Math.Sqrt(rate0 * u.Denominator)).ToArray();
            var z = positive.Select((u, i) => Math.Log(u.Events / (rate0 * u.Denominator)) / s[i]).ToArray();
            (phi, tau2) = Dispersion(z, s);
            var tau = tau2.Value;
            adjusted = n => new FunnelLimits(n,
                rate0 * Math.Exp(-Normal.TwoSidedZ(0.998) * Math.Sqrt(1 / (rate0 * n) + tau)) * multiplier,
                rate0 * Math.Exp(-Normal.TwoSidedZ(0.95) * Math.Sqrt(1 / (rate0 * n) + tau)) * multiplier,
                rate0 * Math.Exp(Normal.TwoSidedZ(0.95) * Math.Sqrt(1 / (rate0 * n) + tau)) * multiplier,
                rate0 * Math.Exp(Normal.TwoSidedZ(0.998) * Math.Sqrt(1 / (rate0 * n) + tau)) * multiplier);
        }
        return Build(FunnelMethod.Poisson, rate0 * multiplier, valid, u => u.Events / u.Denominator * multiplier, At, adjusted, phi, tau2);
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

    /// <summary>The interpolated Poisson quantile of mean <paramref name="mean"/> at probability <paramref name="p"/>.</summary>
    public static double PoissonLimit(double mean, double p)
    {
        if (mean <= 0) return 0;
        var r = 0;
        var F = Poisson.CDF(mean, 0);
        while (F < p) { r++; F = Poisson.CDF(mean, r); }
        var below = r == 0 ? 0 : Poisson.CDF(mean, r - 1);
        var alpha = F == below ? 0 : (F - p) / (F - below);
        return Math.Max(0, r - alpha);
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
        // 100 denominators spaced geometrically up to 1.05 × the largest, as the public-health funnels draw them.
        var max = units.Count == 0 ? 1 : units.Max(u => u.Denominator) * 1.05;
        var min = Math.Max(1, units.Count == 0 ? 1 : units.Min(u => u.Denominator) / 2);
        var curve = Enumerable.Range(0, 100).Select(i => Math.Round(min * Math.Pow(max / min, i / 99.0))).Distinct().ToList();
        return new FunnelResult(method, target, points, [.. curve.Select(at)], adjusted is null ? null : [.. curve.Select(adjusted)], phi, tau2);
    }
}
