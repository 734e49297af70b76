using MathNet.Numerics;

namespace Maternity.Statistics;

/// <summary>Whether a series has changed: the label public-health profiles put beside an indicator.</summary>
public enum TrendDirection { CannotBeCalculated, NoSignificantChange, Increasing, Decreasing }

/// <summary>
/// The chi-squared test for trend in a series of proportions: the statistic (1 degree of freedom), its p-value, the
/// fitted change in proportion per unit of score, and the label at the chosen level.
/// </summary>
public sealed record TrendResult(double ChiSquared, double PValue, double Slope, TrendDirection Direction);

/// <summary>Tests for a trend over time.</summary>
public static class Trend
{
    /// <summary>
    /// Chi-squared test for trend in proportions xᵢ/nᵢ with scores sᵢ (default 1, 2, …, in time order), as base R
    /// <c>prop.trend.test</c> and the public-health profiles' trend markers for proportions: with p = Σx/Σn and
    /// weights wᵢ = nᵢ/(p(1 − p)), the weighted least-squares line of xᵢ/nᵢ on sᵢ has slope b = Sxy/Sxx, and
    /// χ² = Sxy²/Sxx on 1 degree of freedom (Sxy = Σwᵢ(sᵢ − s̄)(fᵢ − f̄), Sxx = Σwᵢ(sᵢ − s̄)², weighted means).
    /// The label is Increasing or Decreasing by the sign of b when the p-value is below 1 − <paramref name="level"/>
    /// (default 0.999, the level recorded for the Fingertips trend markers), otherwise No significant change. Points with
    /// no denominator are left out; fewer than two points, p of 0 or 1, or a single score cannot be tested.
    /// Reference: Armitage P, Biometrics 1955;11:375-86; R stats <c>prop.trend.test</c>.
    /// </summary>
    public static TrendResult Proportions(IReadOnlyList<double> numerators, IReadOnlyList<double> denominators,
        IReadOnlyList<double>? scores = null, double level = 0.999)
    {
        if (numerators.Count != denominators.Count || (scores is not null && scores.Count != numerators.Count))
            throw new ArgumentException("numerators, denominators and scores differ in length", nameof(denominators));
        var points = Enumerable.Range(0, numerators.Count).Where(i => denominators[i] > 0)
            .Select(i => (X: numerators[i], N: denominators[i], S: scores?[i] ?? i + 1)).ToList();
        var none = new TrendResult(double.NaN, double.NaN, double.NaN, TrendDirection.CannotBeCalculated);
        if (points.Count < 2) return none;
        var p = points.Sum(v => v.X) / points.Sum(v => v.N);
        if (p <= 0 || p >= 1) return none;
        var w = points.Select(v => v.N / (p * (1 - p))).ToArray();
        var total = w.Sum();
        var sBar = points.Select((v, i) => w[i] * v.S).Sum() / total;
        var fBar = points.Select((v, i) => w[i] * v.X / v.N).Sum() / total;
        var sxy = points.Select((v, i) => w[i] * (v.S - sBar) * (v.X / v.N - fBar)).Sum();
        var sxx = points.Select((v, i) => w[i] * (v.S - sBar) * (v.S - sBar)).Sum();
        if (sxx <= 0) return none;
        var chi = sxy * sxy / sxx;
        var pValue = SpecialFunctions.GammaUpperRegularized(0.5, chi / 2);
        var direction = pValue >= 1 - level ? TrendDirection.NoSignificantChange
            : sxy > 0 ? TrendDirection.Increasing : TrendDirection.Decreasing;
        return new TrendResult(chi, pValue, sxy / sxx, direction);
    }

    /// <summary>The words for a trend, as the public-health profiles print them.</summary>
    public static string Label(TrendDirection direction) => direction switch
    {
        TrendDirection.Increasing => "Increasing",
        TrendDirection.Decreasing => "Decreasing",
        TrendDirection.NoSignificantChange => "No significant change",
        _ => "Cannot be calculated",
    };
}
