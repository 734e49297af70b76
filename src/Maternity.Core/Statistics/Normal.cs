namespace Maternity.Statistics;

/// <summary>Standard normal quantiles for two-sided confidence levels.</summary>
public static class Normal
{
    /// <summary>z = Φ⁻¹(1 − (1 − level)/2): 1.959963984540054 at 0.95, 3.090232306167813 at 0.998.</summary>
    public static double TwoSidedZ(double level)
    {
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), level, "confidence level must be between 0 and 1 (e.g. 0.95)");
        return MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
    }
}
