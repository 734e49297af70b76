using Maternity.Statistics;
using static Maternity.Statistics.SpcRule;

namespace Maternity.Tests.Statistics;

/// <summary>
/// XmR charts against NHSRplotthedots 0.2.2 (the NHS-R Community's Making Data Count implementation), cases
/// S1-S24 of shared/reference/statistics/peer-cases.md: mean and limits to 1e-12 relative, every point's rule.
/// </summary>
public sealed class SpcTests
{
    private static readonly double[] S1 =
    [
        -0.5604756465522126, -0.23017748948327996, 1.558708314149124, 0.070508391424576, 0.12928773516094624, 1.715064986883281,
        0.4609162059892023, -1.265061234606534, -0.6868528518935261, -0.44566197009995806, 1.2240817974394615, 0.3598138270573638,
        0.40077145059405217, 0.1106827159451197, -0.5558411347540749, 1.7869131368030782, 0.4978504782292394, -1.9666171566296382,
        0.7013559015636855, -0.47279140772793404,
    ];

    private static double[] S2 => [.. S1.Select((v, i) => i == 14 ? 10 : v)];

    public static TheoryData<string, double[], SpcOptions, double, double, double, string> Cases => new()
    {
        { "S1", S1, SpcOptions.PlotTheDots(), 0.1416238024745986, -3.0113795957080995, 3.2946272006572963, "" },
        { "S2", S2, SpcOptions.PlotTheDots(), 0.6694158592123024, -2.383665597274131, 3.722497315698736, "15:AboveUpperLimit" },
        { "S3", S2, SpcOptions.PlotTheDots(screenOutliers: false), 0.6694158592123024, -4.59662518246976, 5.935456900894364, "15:AboveUpperLimit" },
        { "S4", S1[..10], SpcOptions.PlotTheDots(), 0.0746256440971619, -2.600585407745439, 2.749836695939763, "" },
        { "S5", S1[10..], SpcOptions.PlotTheDots(), 0.20862196085203533, -3.2790054477294084, 3.696249369433479, "" },
        { "S6", [1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 5.5, -5.5], SpcOptions.PlotTheDots(), 0, -6.175000000000001, 6.175000000000001, "" },
        { "S7", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], SpcOptions.PlotTheDots(), 5.5, 2.84, 8.16, "1-2:BelowLowerLimit 3-8:TrendIncreasing 9-10:AboveUpperLimit" },
        { "S8", [1, 2, 3, 4, 5, 4, 3, 2, 1, 2], SpcOptions.PlotTheDots(), 2.7, 0.040000000000000036, 5.36, "" },
        { "S9", [3, 1, 4, 1, 5, 9, 2], SpcOptions.PlotTheDots(), 3.5714285714285716, -6.625238095238096, 13.768095238095238, "" },
        { "S10", [1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2], SpcOptions.PlotTheDots(), 3, -0.014666666666666828, 6.014666666666667, "5-10:TrendIncreasing 11:AboveUpperLimit" },
        { "S11", [2.9, 3.1, 2.8, 3.0, 3.3, 2.7, 3.0, 3.2, 2.9, 3.1, 2.8, 3.0, 3.4, 3.5, 3.3, 3.6, 3.4, 3.5, 3.3, 3.6], SpcOptions.PlotTheDots(), 3.17, 2.4839999999999995, 3.8560000000000003, "13-20:RunAbove" },
        { "S14", [21.0, 22.5, 20.8, 21.9, 22.2, 21.4, 20.2, 20.6, 21.1, 21.5, 22.0, 22.4, 22.9, 21.3, 21.8, 22.1, 21.0, 21.7], SpcOptions.PlotTheDots(ImprovementDirection.Decrease), 21.57777777777778, 19.465424836601308, 23.69013071895425, "7-13:TrendIncreasing" },
        { "S17", [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 11, 10, 14.6, 11, 14.8, 10, 11, 10], SpcOptions.PlotTheDots(), 10.97, 5.8180000000000005, 16.122, "15:TwoOfThreeAbove 17:TwoOfThreeAbove" },
        { "S20", [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 11, 10, 5, 11, 12, 10, 11, 10], SpcOptions.PlotTheDots(), 10.35, 6.212222222222222, 14.487777777777778, "15:BelowLowerLimit" },
        { "S22", [46, 49, 47, 52, 45, 48, 51, 44, 53, 52, 54, 50, 53, 52, 55, 53, 47, 49, 48, 52], SpcOptions.PlotTheDots(), 50, 40.48, 59.52, "" },
        {
            "S24", [18.2, 17.5, 18.9, 18.1, 17.8, 18.6, 17.9, 18.4, 18.0, 17.6, 18.3, 18.1, 15.2, 15.8, 15.1, 15.6, 15.4, 15.9, 15.3, 15.7, 15.5, 15.0, 15.6, 15.4],
            SpcOptions.PlotTheDots(ImprovementDirection.Decrease), 16.7875, 15.34868181818182, 18.226318181818183,
            "1-2:RunAbove 3:AboveUpperLimit 4-5:TwoOfThreeAbove 6:AboveUpperLimit 7:TwoOfThreeAbove 8:AboveUpperLimit 9:TwoOfThreeAbove 10:RunAbove 11:AboveUpperLimit 12:RunAbove " +
            "13:BelowLowerLimit 14:TwoOfThreeBelow 15:BelowLowerLimit 16-17:TwoOfThreeBelow 18:RunBelow 19:BelowLowerLimit 20-21:TwoOfThreeBelow 22:BelowLowerLimit 23-24:TwoOfThreeBelow"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void XmRMatchesNhsrPlotTheDotsPointForPoint(string id, double[] values, SpcOptions options, double mean, double lower, double upper, string flags)
    {
        var chart = Spc.XmR(values, options);

        Assert.All(chart.Points, p =>
        {
            Assert.Equal(mean, p.Mean, 1e-12);
            AssertRelative(lower, p.Lower, id);
            AssertRelative(upper, p.Upper, id);
        });
        Assert.Equal(Expand(flags, values.Length), chart.Points.Select(p => p.Rule).ToArray());
    }

    [Fact]
    public void PointTypesFollowTheImprovementDirection()
    {
        var increase = Spc.XmR([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], SpcOptions.PlotTheDots());
        var decrease = Spc.XmR([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], SpcOptions.PlotTheDots(ImprovementDirection.Decrease));
        var neutral = Spc.XmR([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], SpcOptions.PlotTheDots(ImprovementDirection.Neutral));

        Assert.Equal(VariationType.SpecialCauseImprovement, increase.Variation);
        Assert.Equal(VariationType.SpecialCauseConcern, increase.Points[0].Type);
        Assert.Equal(VariationType.SpecialCauseConcern, decrease.Variation);
        Assert.Equal(VariationType.SpecialCauseNeutralHigh, neutral.Variation);
        Assert.Equal(VariationType.SpecialCauseNeutralLow, neutral.Points[0].Type);
    }

    [Theory]
    // S1 limits -3.01 to 3.29, increase is better
    [InlineData(ImprovementDirection.Increase, 4.0, AssuranceType.ConsistentFail)]
    [InlineData(ImprovementDirection.Increase, -4.0, AssuranceType.ConsistentPass)]
    [InlineData(ImprovementDirection.Increase, 0.5, AssuranceType.HitOrMiss)]
    [InlineData(ImprovementDirection.Decrease, 4.0, AssuranceType.ConsistentPass)]
    [InlineData(ImprovementDirection.Decrease, -4.0, AssuranceType.ConsistentFail)]
    [InlineData(ImprovementDirection.Neutral, 4.0, AssuranceType.NotApplicable)]
    public void AssuranceComparesTheTargetWithTheProcessLimits(ImprovementDirection direction, double target, AssuranceType expected) =>
        Assert.Equal(expected, Spc.XmR(S1, SpcOptions.PlotTheDots(direction) with { Target = target }).Assurance);

    [Fact]
    public void SixPointRunsAndTrendsAreAnOption()
    {
        double[] values = [5, 5.2, 4.8, 5.1, 4.9, 5.3, 5.1, 6, 6.1, 6.2, 6.3, 6.4, 5, 4.9];
        Assert.DoesNotContain(Spc.XmR(values, new SpcOptions()).Points, p => p.Rule == TrendIncreasing);
        Assert.Contains(Spc.XmR(values, new SpcOptions(RunLength: 6, TrendLength: 6)).Points, p => p.Rule == TrendIncreasing);
    }

    [Fact]
    public void SinceMakingDataCount2023APointBeyondTheLimitCountsTowardsTwoOfThree()
    {
        // A baseline alternating 10, 11 (mean 10.5, mean moving range 1: near line 12.27, limit 13.16), then 12.5, 11, 20.
        // MDC 2023 counts 20 (beyond the limit) with 12.5 as two of three; NHSRplotthedots 0.2 does not.
        var values = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 10.0 : 11.0).Concat([12.5, 11, 20]).ToArray();
        var mdc = Spc.XmR(values, new SpcOptions(FixAfterPoints: 20));
        var peer = Spc.XmR(values, SpcOptions.PlotTheDots() with { FixAfterPoints = 20 });

        Assert.Equal(TwoOfThreeAbove, mdc.Points[20].Rule);
        Assert.Equal(AboveUpperLimit, mdc.Points[22].Rule);
        Assert.Equal(None, peer.Points[20].Rule);
        Assert.Equal(AboveUpperLimit, peer.Points[22].Rule);
    }

    [Fact]
    public void RebaseRecalculatesLimitsFromTheNewSegment()
    {
        var values = S1.Concat(S1.Select(v => v + 10)).ToArray();
        var chart = Spc.XmR(values, SpcOptions.PlotTheDots() with { Rebase = [20] });

        Assert.Equal(0.1416238024745986, chart.Points[0].Mean, 1e-12);
        Assert.Equal(10.1416238024745986, chart.Points[20].Mean, 1e-12);
        Assert.Equal(chart.Points[0].Upper - chart.Points[0].Mean, chart.Points[39].Upper - chart.Points[39].Mean, 1e-9);
        Assert.All(chart.Points, p => Assert.Equal(None, p.Rule));
        Assert.Equal(1, chart.Points[39].Segment);
    }

    [Fact]
    public void ShortSegmentsHaveTrialLimits()
    {
        Assert.True(Spc.XmR(S1[..12]).TrialLimits);
        Assert.False(Spc.XmR(S1[..13]).TrialLimits);
    }

    [Fact]
    public void FixAfterPointsUsesOnlyTheBaselineForTheLimits()
    {
        var chart = Spc.XmR(S1.Concat([5.0, 5, 5]).ToArray(), SpcOptions.PlotTheDots() with { FixAfterPoints = 20 });
        Assert.Equal(3.2946272006572963, chart.Points[^1].Upper, 1e-12);
        Assert.Equal(AboveUpperLimit, chart.Points[^1].Rule);
    }

    [Fact]
    public void PChartLimitsWidenForSmallDenominators()
    {
        // p̄ = 30/300 = 0.1: n = 100 gives σ = 0.03, limits 1% to 19%; n = 25 gives σ = 0.06, limits 0% (clamped) to 28%.
        var chart = Spc.PChart([10, 10, 10, 0], [100, 100, 75, 25]);

        Assert.Equal(10, chart.Points[0].Mean, 9);
        Assert.Equal(19, chart.Points[0].Upper, 9);
        Assert.Equal(1, chart.Points[0].Lower, 9);
        Assert.Equal(28, chart.Points[3].Upper, 9);
        Assert.Equal(0, chart.Points[3].Lower, 9);
    }

    [Fact]
    public void LaneyPPrimeScalesTheLimitsByTheSpreadOfTheZScores()
    {
        long[] x = [500, 520, 480, 530, 470, 510];
        long[] n = [5000, 5000, 5000, 5000, 5000, 5000];
        var p = Spc.PChart(x, n);
        var laney = Spc.PChart(x, n, laney: true);
        // p̄ = 3010/30000, σ = √(p̄(1 − p̄)/5000); σz = mean moving range of the z-scores / 1.128; Laney limits = p̄ ± 3σσz.
        var pBar = 3010 / 30000.0;
        var sigma = Math.Sqrt(pBar * (1 - pBar) / 5000);
        var z = x.Select(v => (v / 5000.0 - pBar) / sigma).ToArray();
        var sigmaZ = z.Zip(z.Skip(1), (a, b) => Math.Abs(b - a)).Average() / 1.128;
        Assert.Equal((pBar + 3 * sigma * sigmaZ) * 100, laney.Points[0].Upper, 9);
        Assert.True(laney.Points[0].Upper > p.Points[0].Upper);
    }

    private static void AssertRelative(double expected, double actual, string id) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{id}: expected {expected:R}, got {actual:R}");

    private static SpcRule[] Expand(string flags, int n)
    {
        var rules = new SpcRule[n];
        foreach (var part in flags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (range, rule) = (part[..part.IndexOf(':', StringComparison.Ordinal)], Enum.Parse<SpcRule>(part[(part.IndexOf(':', StringComparison.Ordinal) + 1)..]));
            var bounds = range.Split('-').Select(int.Parse).ToArray();
            for (var i = bounds[0]; i <= bounds[^1]; i++) rules[i - 1] = rule;
        }
        return rules;
    }
}
