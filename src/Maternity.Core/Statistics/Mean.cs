using MathNet.Numerics.Distributions;

namespace Maternity.Statistics;

/// <summary>A mean with its count, sum and sample standard deviation, and its Student's t interval.</summary>
public sealed record MeanResult(int Count, double Sum, double StandardDeviation, Interval Interval);

/// <summary>Means of a measured value (e.g. birth weight, length of stay), as the public-health profiles compute them.</summary>
public static class Mean
{
    /// <summary>
    /// Mean x̄ = Σx/n with Student's t interval x̄ ± t(1 − α/2; n − 1) × s/√n, s the sample standard deviation
    /// (n − 1 divisor), as PHEindicatormethods <c>phe_mean</c>. NaN values are left out. One value gives the mean with
    /// NaN limits (no spread to estimate); none gives NaN throughout.
    /// </summary>
    public static MeanResult Student(IEnumerable<double> values, double level = 0.95)
    {
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), level, "confidence level must be between 0 and 1 (e.g. 0.95)");
        var x = values.Where(v => !double.IsNaN(v)).ToArray();
        var n = x.Length;
        var sum = x.Sum();
        var mean = n == 0 ? double.NaN : sum / n;
        var sd = n < 2 ? double.NaN : Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = n < 2 ? double.NaN : StudentT.InvCDF(0, 1, n - 1, 1 - (1 - level) / 2) * sd / Math.Sqrt(n);
        return new MeanResult(n, sum, sd, new Interval(mean, mean - half, mean + half, "Student's t"));
    }
}
