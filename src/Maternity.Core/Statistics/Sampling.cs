namespace Maternity.Statistics;

/// <summary>Small numerical pieces the statistics share.</summary>
internal static class Sampling
{
    /// <summary>Type-7 quantile (R's default) of values sorted ascending.</summary>
    public static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>A standard normal draw (Box-Muller) from a seeded generator, so simulations repeat exactly.</summary>
    public static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
