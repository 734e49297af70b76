using Maternity.Statistics;

namespace Maternity.Tests.Statistics;

public sealed class RareEventsAndSuppressionTests
{
    [Theory]
    [InlineData(0, 0L)]
    [InlineData(1, 5L)]
    [InlineData(7, 5L)]
    [InlineData(8, 10L)]
    [InlineData(12, 10L)]
    [InlineData(13, 15L)]
    [InlineData(347_637, 347_635L)]
    public void DefaultPolicyIsTheNhsMaternityStatisticsRule(long count, long shown) =>
        Assert.Equal(shown, SuppressionPolicy.Default.Apply(count));

    [Fact]
    public void RatesAreComputedFromTheSuppressedCounts()
    {
        Assert.Equal(5.0 / 15 * 100, SuppressionPolicy.Default.Rate(3, 13)!.Value, 12);
        Assert.Null(SuppressionPolicy.Default.Rate(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SuppressionPolicy.Default.Apply(-1));
    }

    [Fact]
    public void EveryShownCountIsZeroOrAMultipleOfFive()
    {
        for (long v = 0; v < 5000; v++) Assert.Equal(0, SuppressionPolicy.Default.Apply(v)!.Value % 5);
    }

    [Fact]
    public void ThresholdPolicyWithholdsASecondCellSoTheFirstCannotBeRecovered()
    {
        var policy = new SuppressionPolicy(SuppressionKind.Threshold, Threshold: 10);
        var shown = policy.Apply([120, 4, 35, 18, 0]);
        Assert.Equal([120, null, 35, null, 0], shown);
        Assert.Equal([120, null, null, 35], policy.Apply([120, 4, 6, 35]));
    }

    [Fact]
    public void CusumReferenceValueForADoublingIsMuOverLogTwo() =>
        Assert.Equal(3 / Math.Log(2), RareEvents.ReferenceValue(3), 12);

    [Fact]
    public void DecisionIntervalGivesTheTargetInControlRunLength()
    {
        foreach (var (mu, arl) in new[] { (0.5, 20.0), (0.5, 100.0), (2.0, 100.0), (5.0, 20.0) })
        {
            var h = RareEvents.DecisionInterval(mu, arl);
            var k = RareEvents.ReferenceValue(mu);
            Assert.True(RareEvents.AverageRunLength(mu, k, h) >= arl);
            Assert.True(RareEvents.AverageRunLength(mu, k, h - 0.05) < arl);
        }
        Assert.True(RareEvents.DecisionInterval(1, 100) > RareEvents.DecisionInterval(1, 20));
    }

    [Fact]
    public void MarkovChainRunLengthAgreesWithSimulation()
    {
        const double mu = 1.0;
        var k = RareEvents.ReferenceValue(mu);
        const double h = 3.0;
        var random = new Random(3);
        var total = 0.0;
        const int runs = 20_000;
        for (var r = 0; r < runs; r++)
        {
            double s = 0;
            var t = 0;
            do { t++; s = Math.Max(0, s + MathNet.Numerics.Distributions.Poisson.Sample(random, mu) - Math.Round(k * 20) / 20); } while (s < h);
            total += t;
        }
        var simulated = total / runs;
        Assert.InRange(RareEvents.AverageRunLength(mu, k, h), simulated * 0.95, simulated * 1.05);
    }

    [Fact]
    public void CusumSignalsAndResetsAfterALevelTwoSignal()
    {
        var points = RareEvents.PoissonCusum([0, 1, 4, 5, 0, 1], [1, 1, 1, 1, 1, 1], h1: 2, h2: 5);
        var k = 1 / Math.Log(2);
        // k = 1/ln 2 = 1.4427 > 1, so a single event does not move S off zero.
        Assert.Equal(0, points[0].S);
        Assert.Equal(0, points[1].S);
        Assert.Equal(4 - k, points[2].S, 12);
        Assert.Equal(4 - k + 5 - k, points[3].S, 12);
        Assert.Equal(1, points[2].Signal);
        Assert.Equal(2, points[3].Signal);
        Assert.Equal(0, points[4].S);
    }

    [Fact]
    public void VladIsTheRunningObservedMinusExpected() =>
        Assert.Equal([-0.5, 0, -0.5, 1.5], RareEvents.Vlad([0, 1, 0, 2], [0.5, 0.5, 0.5, 0]));

    [Fact]
    public void GChartLimitsFollowTheGeometricDistribution()
    {
        var g = RareEvents.GChart([100, 250, 80, 300, 150, 2000]);
        var mean = (100 + 250 + 80 + 300 + 150 + 2000) / 6.0;
        Assert.Equal(mean + 3 * Math.Sqrt(mean * (mean + 1)), g.Upper, 9);
        Assert.Equal(0, g.Lower);
        Assert.Equal([false, false, false, false, false, true], g.AboveUpper);
    }

    [Fact]
    public void SlopeIndexIsTheWeightedLeastSquaresGradient()
    {
        // Five quintiles of equal size: x = 0.1, 0.3, 0.5, 0.7, 0.9, a straight line 10 - 5x gives SII -5 and RII 5/10.
        var q = Enumerable.Range(1, 5).Select(i => new Inequality.Quantile(i, 10 - 5 * (0.2 * i - 0.1), 1000, 9 - 5 * (0.2 * i - 0.1), 11 - 5 * (0.2 * i - 0.1))).ToList();
        var result = Inequality.SlopeIndex(q, repetitions: 20_000);
        Assert.Equal(-5, result.Sii.Value, 9);
        Assert.Equal(0.5, result.Rii.Value, 9);
        Assert.InRange(result.Sii.Value, result.Sii.Lower, result.Sii.Upper);
        // Deterministic for a seed.
        Assert.Equal(result, Inequality.SlopeIndex(q, repetitions: 20_000));
    }

    [Fact]
    public void SlopeIndexWeightsQuantilesByTheirPopulation()
    {
        // Unequal shares: a = 0.5, 0.25, 0.25 gives x = 0.25, 0.625, 0.875; weighted fit of y = (8, 6, 5).
        var q = new[] { new Inequality.Quantile(1, 8, 200, 7, 9), new Inequality.Quantile(2, 6, 100, 5, 7), new Inequality.Quantile(3, 5, 100, 4, 6) };
        double[] a = [0.5, 0.25, 0.25], x = [0.25, 0.625, 0.875], y = [8, 6, 5];
        var mx = a.Zip(x, (w, v) => w * v).Sum();
        var my = a.Zip(y, (w, v) => w * v).Sum();
        var beta = Enumerable.Range(0, 3).Sum(i => a[i] * (x[i] - mx) * (y[i] - my)) / Enumerable.Range(0, 3).Sum(i => a[i] * (x[i] - mx) * (x[i] - mx));
        Assert.Equal(beta, Inequality.SlopeIndex(q, repetitions: 1000).Sii.Value, 12);
    }
}
