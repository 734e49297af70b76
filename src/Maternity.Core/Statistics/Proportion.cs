namespace Maternity.Statistics;

/// <summary>Intervals for a proportion x/n.</summary>
public static class Proportion
{
    /// <summary>
    /// Wilson score interval without continuity correction, as PHEindicatormethods and Fingertips compute it:
    /// lower, upper = (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²)), z = Φ⁻¹(1 − (1 − level)/2), all times
    /// <paramref name="multiplier"/>. Edge cases: x = 0 gives lower 0; x = n gives upper 1 (× multiplier);
    /// n = 0 gives NaN throughout (no interval exists). x outside 0..n is an error.
    /// Reference: Newcombe RG, Stat Med 1998;17:857-872; PHEindicatormethods R/Wilson.R.
    /// </summary>
    public static Interval Wilson(double x, double n, double level = 0.95, double multiplier = 1)
    {
        if (n < 0 || x < 0 || x > n) throw new ArgumentOutOfRangeException(nameof(x), $"need 0 <= x <= n, got x = {x}, n = {n}");
        if (n == 0) return new Interval(double.NaN, double.NaN, double.NaN, "Wilson");
        var z = Normal.TwoSidedZ(level);
        var z2 = z * z;
        var root = z * Math.Sqrt(z2 + 4 * x * (1 - x / n));
        var lower = x == 0 ? 0 : (2 * x + z2 - root) / (2 * (n + z2));
        var upper = x == n ? 1 : (2 * x + z2 + root) / (2 * (n + z2));
        return new Interval(x / n * multiplier, lower * multiplier, upper * multiplier, "Wilson");
    }

    /// <summary>
    /// Exact (Clopper-Pearson) interval: lower = B(α/2; x, n − x + 1), upper = B(1 − α/2; x + 1, n − x), the beta
    /// quantiles (R <c>binom.test</c>). x = 0 gives lower 0; x = n gives upper 1; n = 0 gives NaN.
    /// Reference: Clopper CJ, Pearson ES, Biometrika 1934;26:404-13.
    /// </summary>
    public static Interval ClopperPearson(double x, double n, double level = 0.95, double multiplier = 1)
    {
        if (n < 0 || x < 0 || x > n) throw new ArgumentOutOfRangeException(nameof(x), $"need 0 <= x <= n, got x = {x}, n = {n}");
        if (n == 0) return new Interval(double.NaN, double.NaN, double.NaN, "Exact");
        var alpha = 1 - level;
        var lower = x == 0 ? 0 : MathNet.Numerics.Distributions.Beta.InvCDF(x, n - x + 1, alpha / 2);
        var upper = x == n ? 1 : MathNet.Numerics.Distributions.Beta.InvCDF(x + 1, n - x, 1 - alpha / 2);
        return new Interval(x / n * multiplier, lower * multiplier, upper * multiplier, "Exact");
    }
}
