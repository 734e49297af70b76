namespace Maternity.Statistics;

/// <summary>Pearson's chi-squared goodness-of-fit test of observed counts against expected proportions.</summary>
public static class GoodnessOfFit
{
    public sealed record Result(double Statistic, int DegreesOfFreedom, double PValue, double MinExpected);

    /// <summary>
    /// X² = Σ (Oᵢ − Eᵢ)² / Eᵢ with Eᵢ = N·pᵢ, N = ΣOᵢ and pᵢ the expected proportions (rescaled to sum to 1, as R's
    /// <c>chisq.test(x, p = p, rescale.p = TRUE)</c>); df = k − 1 over the k groups with pᵢ &gt; 0; p-value the upper tail
    /// of χ²(df). No continuity correction (R applies none for goodness of fit). <see cref="Result.MinExpected"/> is the
    /// smallest Eᵢ: under 5, the χ² approximation is doubtful (R warns). N = 0, fewer than two groups, or an observed count
    /// in a group with pᵢ = 0 give NaN. Reference: R <c>stats::chisq.test</c>; Agresti, Categorical Data Analysis, 3rd ed., 1.5.
    /// </summary>
    public static Result ChiSquared(IReadOnlyList<double> observed, IReadOnlyList<double> expectedShares)
    {
        if (observed.Count != expectedShares.Count) throw new ArgumentException("observed and expected need the same number of groups");
        if (observed.Any(o => o < 0) || expectedShares.Any(p => p < 0)) throw new ArgumentOutOfRangeException(nameof(observed), "counts and shares are 0 or more");
        var n = observed.Sum();
        var total = expectedShares.Sum();
        var groups = Enumerable.Range(0, observed.Count).Where(i => expectedShares[i] > 0).ToList();
        if (n == 0 || total == 0 || groups.Count < 2 || Enumerable.Range(0, observed.Count).Any(i => expectedShares[i] == 0 && observed[i] > 0))
            return new Result(double.NaN, Math.Max(groups.Count - 1, 0), double.NaN, double.NaN);
        double x2 = 0, min = double.MaxValue;
        foreach (var i in groups)
        {
            var e = n * expectedShares[i] / total;
            x2 += (observed[i] - e) * (observed[i] - e) / e;
            min = Math.Min(min, e);
        }
        var df = groups.Count - 1;
        // The upper tail as Q(df/2, X²/2) directly, so a small p-value keeps its precision (1 − CDF would round to 0).
        return new Result(x2, df, MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(df / 2.0, x2 / 2), min);
    }
}
