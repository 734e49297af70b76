namespace Maternity.Statistics;

/// <summary>
/// The slope and relative indices of inequality across deprivation quantiles, as the public-health profiles
/// compute them (PHEindicatormethods <c>phe_sii</c>).
/// </summary>
public static class Inequality
{
    /// <summary>One deprivation quantile: its order (1 = most deprived), value, population or denominator, and the value's confidence limits.</summary>
    public sealed record Quantile(int Order, double Value, double Population, double Lower, double Upper);

    /// <summary>SII and RII with their simulated confidence intervals.</summary>
    public sealed record Result(Interval Sii, Interval Rii, int Quantiles);

    /// <summary>
    /// Quantiles are sorted by order (1 = most deprived); aᵢ is each quantile's share of the population and xᵢ the
    /// cumulative midpoint of the shares (x = 0 is the most deprived end, x = 1 the least). A weighted least-squares
    /// line value = α + βx with weights aᵢ gives SII = β (the fitted least-deprived value minus the fitted
    /// most-deprived value, × multiplier) and RII = (α + β)/α (their ratio). Confidence limits by simulation:
    /// each quantile's value is redrawn from a normal distribution with the standard error implied by its
    /// confidence limits, se = (upper − lower)/(2z) at <paramref name="inputLevel"/>, and the line refitted
    /// <paramref name="repetitions"/> times; the limits are the percentiles of the refitted SII and RII.
    /// The simulation is seeded, so the same input always gives the same limits. Needs two or more quantiles
    /// with a population; fewer gives NaN. Reference: Low A, Low A, J Public Health 2004;26:355-61;
    /// PHEindicatormethods R/SII.R (its own tests allow 5% relative on the simulated limits).
    /// </summary>
    public static Result SlopeIndex(IReadOnlyList<Quantile> quantiles, double level = 0.95, double inputLevel = 0.95,
        int repetitions = 100_000, int seed = 1, double multiplier = 1)
    {
        var q = quantiles.Where(v => v.Population > 0 && !double.IsNaN(v.Value)).OrderBy(v => v.Order).ToArray();
        if (q.Length < 2) return new Result(new Interval(double.NaN, double.NaN, double.NaN, "Simulation"), new Interval(double.NaN, double.NaN, double.NaN, "Simulation"), q.Length);
        var total = q.Sum(v => v.Population);
        var a = q.Select(v => v.Population / total).ToArray();
        var x = new double[q.Length];
        var cumulative = 0.0;
        for (var i = 0; i < q.Length; i++) { x[i] = cumulative + a[i] / 2; cumulative += a[i]; }
        var (alpha, beta) = Fit(x, q.Select(v => v.Value).ToArray(), a);

        var zIn = Normal.TwoSidedZ(inputLevel);
        var se = q.Select(v => (v.Upper - v.Lower) / (2 * zIn)).ToArray();
        var random = new Random(seed);
        var siis = new double[repetitions];
        var riis = new double[repetitions];
        var y = new double[q.Length];
        for (var r = 0; r < repetitions; r++)
        {
            for (var i = 0; i < q.Length; i++) y[i] = q[i].Value + se[i] * Sampling.StandardNormal(random);
            var (al, be) = Fit(x, y, a);
            siis[r] = be;
            riis[r] = (al + be) / al;
        }
        Array.Sort(siis);
        Array.Sort(riis);
        var p = (1 - level) / 2;
        return new Result(
            new Interval(beta * multiplier, Sampling.Quantile(siis, p) * multiplier, Sampling.Quantile(siis, 1 - p) * multiplier, "Simulation"),
            new Interval((alpha + beta) / alpha, Sampling.Quantile(riis, p), Sampling.Quantile(riis, 1 - p), "Simulation"),
            q.Length);
    }

    private static (double Alpha, double Beta) Fit(double[] x, double[] y, double[] w)
    {
        double sw = 0, sx = 0, sy = 0;
        for (var i = 0; i < x.Length; i++) { sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i]; }
        double mx = sx / sw, my = sy / sw, sxy = 0, sxx = 0;
        for (var i = 0; i < x.Length; i++) { sxy += w[i] * (x[i] - mx) * (y[i] - my); sxx += w[i] * (x[i] - mx) * (x[i] - mx); }
        var beta = sxy / sxx;
        return (my - beta * mx, beta);
    }

}
