using MathNet.Numerics.Distributions;

namespace Maternity.Statistics;

/// <summary>Intervals for a count of events over a denominator (births, population).</summary>
public static class Rate
{
    /// <summary>
    /// Rate x/n × multiplier with the public-health convention for its interval: Byar's approximation for
    /// x ≥ 10, the exact Poisson interval for x &lt; 10 (PHEindicatormethods <c>phe_rate</c>).
    /// n = 0 gives NaN. Reference: Breslow and Day 1987; PHEindicatormethods R/Rates.R.
    /// </summary>
    public static Interval Interval(double x, double n, double level = 0.95, double multiplier = 1000)
    {
        if (x < 0 || n < 0) throw new ArgumentOutOfRangeException(nameof(x), $"need x >= 0 and n >= 0, got x = {x}, n = {n}");
        if (n == 0) return new Interval(double.NaN, double.NaN, double.NaN, x < 10 ? "Exact" : "Byars");
        var (lower, upper, method) = x < 10 ? (ExactLower(x, level), ExactUpper(x, level), "Exact") : (ByarsLower(x, level), ByarsUpper(x, level), "Byars");
        return new Interval(x / n * multiplier, lower / n * multiplier, upper / n * multiplier, method);
    }

    /// <summary>Exact Poisson interval for the count, at any x (R <c>poisson.test</c>), as a rate.</summary>
    public static Interval Exact(double x, double n, double level = 0.95, double multiplier = 1000)
    {
        if (x < 0 || n <= 0) throw new ArgumentOutOfRangeException(nameof(x), $"need x >= 0 and n > 0, got x = {x}, n = {n}");
        return new Interval(x / n * multiplier, ExactLower(x, level) / n * multiplier, ExactUpper(x, level) / n * multiplier, "Exact");
    }

    /// <summary>Byar's lower limit of a count: x(1 − 1/(9x) − z/(3√x))³.</summary>
    public static double ByarsLower(double x, double level)
    {
        var z = Normal.TwoSidedZ(level);
        return x * Math.Pow(1 - 1 / (9 * x) - z / (3 * Math.Sqrt(x)), 3);
    }

    /// <summary>Byar's upper limit of a count: (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³.</summary>
    public static double ByarsUpper(double x, double level)
    {
        var z = Normal.TwoSidedZ(level);
        return (x + 1) * Math.Pow(1 - 1 / (9 * (x + 1)) + z / (3 * Math.Sqrt(x + 1)), 3);
    }

    /// <summary>Exact lower limit of a count: χ²(α/2; 2x)/2, 0 when x = 0.</summary>
    public static double ExactLower(double x, double level) =>
        x == 0 ? 0 : ChiSquared.InvCDF(2 * x, (1 - level) / 2) / 2;

    /// <summary>Exact upper limit of a count: χ²(1 − α/2; 2x + 2)/2.</summary>
    public static double ExactUpper(double x, double level) =>
        ChiSquared.InvCDF(2 * x + 2, 1 - (1 - level) / 2) / 2;
}
