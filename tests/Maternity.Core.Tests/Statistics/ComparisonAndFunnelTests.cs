using Maternity.Statistics;

namespace Maternity.Tests.Statistics;

public sealed class ComparisonAndFunnelTests
{
    // Newcombe RG, Stat Med 1998;17:873-90, Table II, method 10 (score interval without continuity correction), to 4 dp.
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(6, 7, 2, 7, 0.0582, 0.8062)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775)]
    [InlineData(10, 10, 0, 20, 0.6791, 1.0000)]
    public void ProportionDifferenceMatchesNewcombesPublishedExamples(int a, int n1, int c, int n2, double lower, double upper)
    {
        var d = Comparison.ProportionDifference(a, n1, c, n2);
        Assert.Equal(lower, Math.Round(d.Lower, 4));
        Assert.Equal(upper, Math.Round(d.Upper, 4));
        Assert.Equal((double)a / n1 - (double)c / n2, d.Value, 12);
    }

    [Fact]
    public void RelativeLikelihoodReproducesTheWresWorkedExample()
    {
        // The Christie WRES 2022-23: White applicants 46.99% appointed from shortlisting, BAME 14.65%: RL = 3.2.
        var rl = Comparison.RiskRatio(4699, 10_000, 1465, 10_000);
        Assert.Equal(3.2, Math.Round(rl.Value, 1));
        Assert.InRange(rl.Value, rl.Lower, rl.Upper);
    }

    [Fact]
    public void RatioIntervalsAreSymmetricOnTheLogScaleWithTheKatzAndPoissonStandardErrors()
    {
        var rr = Comparison.RiskRatio(30, 1000, 15, 1000);
        Assert.Equal(2, rr.Value, 12);
        Assert.Equal(Math.Log(rr.Upper) - Math.Log(2), Math.Log(2) - Math.Log(rr.Lower), 12);
        Assert.Equal(1.959963984540054 * Math.Sqrt(1.0 / 30 - 1.0 / 1000 + 1.0 / 15 - 1.0 / 1000), Math.Log(rr.Upper / 2), 12);
        var rate = Comparison.RateRatio(30, 1000, 15, 1000);
        Assert.Equal(1.959963984540054 * Math.Sqrt(1.0 / 30 + 1.0 / 15), Math.Log(rate.Upper / 2), 12);
        Assert.True(double.IsNaN(Comparison.RateRatio(0, 1000, 15, 1000).Lower));
    }

    [Fact]
    public void RateDifferenceUsesThePoissonVariances()
    {
        var d = Comparison.RateDifference(21, 3000, 65, 15000);
        var se = Math.Sqrt(21.0 / (3000.0 * 3000) + 65.0 / (15000.0 * 15000));
        Assert.Equal((21 / 3000.0 - 65 / 15000.0) * 1000, d.Value, 12);
        Assert.Equal((21 / 3000.0 - 65 / 15000.0 + 1.959963984540054 * se) * 1000, d.Upper, 12);
    }

    // PHEindicatormethods tests/testthat/testdata_funnel_prop_outputs.csv: baseline 80.642448%, limits in % to 6 dp.
    [Theory]
    [InlineData(1, 3.204264, 100, 0, 100)]
    [InlineData(3, 35.933491, 100, 10.150815, 100)]
    [InlineData(18, 62.390093, 98.894803, 51.864359, 100)]
    [InlineData(41, 68.548635, 92.73626, 61.574398, 99.710497)]
    [InlineData(260, 75.839936, 85.44496, 73.070432, 88.214464)]
    [InlineData(1886, 78.859312, 82.425583, 77.831017, 83.453878)]
    [InlineData(20742, 80.10476, 81.180135, 79.794688, 81.490208)]
    [InlineData(110000, 80.408963, 80.875933, 80.274317, 81.010578)]
    public void ProportionFunnelLimitsMatchPheIndicatorMethods(double n, double lower95, double upper95, double lower998, double upper998)
    {
        const double p0 = 0.80642448;
        Assert.Equal(lower95, Funnel.Limit(p0, n, 0.025, FunnelMethod.Wilson) * 100, 5);
        Assert.Equal(upper95, Funnel.Limit(p0, n, 0.975, FunnelMethod.Wilson) * 100, 5);
        Assert.Equal(lower998, Funnel.Limit(p0, n, 0.001, FunnelMethod.Wilson) * 100, 5);
        Assert.Equal(upper998, Funnel.Limit(p0, n, 0.999, FunnelMethod.Wilson) * 100, 5);
    }

    [Fact]
    public void ProportionFunnelLimitIsWhereTheWilsonIntervalReachesTheTarget()
    {
        const double p0 = 0.3;
        var lower = Funnel.Limit(p0, 1000, 0.025, FunnelMethod.Wilson);
        Assert.Equal(p0, Proportion.Wilson(lower * 1000, 1000, 0.95).Upper, 12);
        var upper = Funnel.Limit(p0, 1000, 0.999, FunnelMethod.Wilson);
        Assert.Equal(p0, Proportion.Wilson(upper * 1000, 1000, 0.998).Lower, 12);
    }

    [Fact]
    public void FunnelFlagsUnitsAsThePublicHealthPackageDoes()
    {
        // Four areas of PHEindicatormethods' funnel input with the significance the package gives them (baseline 80.642448%).
        FunnelUnit[] units =
        [
            new("West Norfolk PCT", 26789.2380, 33012),
            new("North Devon PCT", 30277.5312, 37828),
            new("Exeter PCT", 24866.9160, 30929),
            new("Mansfield District PCT", 18986, 22000),
        ];
        var funnel = Funnel.Proportions(units, target: 80.642448);

        Assert.Equal(["High (0.025)", "Low (0.025)", "Not significant", "High (0.001)"], funnel.Units.Select(u => u.Significance).ToArray());
        Assert.Equal(80.642448, funnel.Target, 9);
        Assert.InRange(funnel.Curve.Count, 50, 100);
    }

    [Fact]
    public void ExactBinomialLimitsInterpolateBetweenQuantiles()
    {
        // Binomial(100, 0.1): F(4) = 0.0237, F(5) = 0.0576; the 2.5% limit lies between 4 and 5 events.
        var lower = Funnel.Limit(0.1, 100, 0.025, FunnelMethod.ExactBinomial) * 100;
        Assert.InRange(lower, 4, 5);
        var f4 = MathNet.Numerics.Distributions.Binomial.CDF(0.1, 100, 4);
        var f5 = MathNet.Numerics.Distributions.Binomial.CDF(0.1, 100, 5);
        Assert.Equal(5 - (f5 - 0.025) / (f5 - f4), lower, 9);
    }

    [Fact]
    public void OverdispersionWidensTheLimitsOnlyWhenUnitsVaryMoreThanChance()
    {
        var spread = Enumerable.Range(0, 20).Select(i => new FunnelUnit($"T{i}", 100 + i * 15, 1000)).ToList();
        var tight = Enumerable.Range(0, 20).Select(i => new FunnelUnit($"T{i}", 200 + (i % 2 == 0 ? 3 : -3), 1000)).ToList();

        var wide = Funnel.Proportions(spread, overdispersion: true);
        var calm = Funnel.Proportions(tight, overdispersion: true);

        Assert.True(wide.Tau2 > 0);
        Assert.True(wide.Units[0].AdjustedLimits!.Upper95 > wide.Units[0].Limits.Upper95);
        Assert.Equal(0, calm.Tau2);
        Assert.Contains(wide.Units, u => u.Significance != "Not significant" && u.AdjustedSignificance == "Not significant");
    }

    [Fact]
    public void RateFunnelFlagsAHighStillbirthRate()
    {
        FunnelUnit[] trusts = [new("X1A", 30, 10000), new("X1B", 35, 9000), new("X1C", 70, 8000), new("X1D", 25, 7000)];
        var funnel = Funnel.Rates(trusts, target: 3.5);
        Assert.Equal("High (0.001)", funnel.Units.Single(u => u.Id == "X1C").Significance);
        Assert.Equal("Not significant", funnel.Units.Single(u => u.Id == "X1A").Significance);
    }
}
