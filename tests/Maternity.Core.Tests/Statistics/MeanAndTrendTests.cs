using Maternity.Statistics;

namespace Maternity.Tests.Statistics;

public sealed class MeanAndTrendTests
{
    private static void Near(double expected, double actual, double relative = 1e-9) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual / expected - 1):E2})");

    private static readonly double[] Area1 = [33.09375, 48.38596, 64.83495, 67.98475, 22.93556, 71.23587, 38.78465, 82.37927];
    private static readonly double[] Area2 =
    [
        5555.66666, 6666.77777, 4444.88888, 2222.99999, 3333.88888, 5555.44444, 6666.33333, 7777.44444, 5555.99999,
        8888.33333, 2222.55555, 4444.33333, 6666.22222, 4444.11111, 4444.22222, 5555.11111, 7777.22222, 9999.77777,
    ];

    // PHEindicatormethods 2.1.0 tests/testthat/testMeans.R, expected test_Mean_results (testdata_Mean.xlsx), as in
    // shared/reference/statistics/peer-cases.md section 1.4: Area1, Area2 and all 26 values together.
    [Theory]
    [InlineData(1, 8, 429.6347600000001, 53.70434500000001, 20.97557525770931, 36.168325241336504, 71.24036475866352, 18.216705294788838, 89.19198470521118)]
    [InlineData(2, 18, 102221.33323999999, 5678.962957777778, 2117.831716159067, 4625.790022452972, 6732.135893102583, 3859.0770997295967, 7498.848815825959)]
    [InlineData(0, 26, 102650.968, 3948.1141538461534, 3171.8018122194453, 2666.995676745849, 5229.232630946458, 1801.9535385474737, 6094.274769144833)]
    public void MeansMatchPheIndicatorMethods(int area, int count, double sum, double mean, double sd, double lower95, double upper95, double lower998, double upper998)
    {
        var values = area switch { 1 => Area1, 2 => Area2, _ => [.. Area1, .. Area2] };
        var m95 = Mean.Student(values);
        var m998 = Mean.Student(values, 0.998);
        Assert.Equal(count, m95.Count);
        Near(sum, m95.Sum, 1e-12);
        Near(mean, m95.Interval.Value, 1e-12);
        Near(sd, m95.StandardDeviation);
        Near(lower95, m95.Interval.Lower);
        Near(upper95, m95.Interval.Upper);
        Near(lower998, m998.Interval.Lower);
        Near(upper998, m998.Interval.Upper);
        Assert.Equal("Student's t", m95.Interval.Method);
    }

    [Fact]
    public void AMeanOfOneValueHasNoInterval()
    {
        var m = Mean.Student([3.5]);
        Assert.Equal(3.5, m.Interval.Value);
        Assert.True(double.IsNaN(m.Interval.Lower) && double.IsNaN(m.StandardDeviation));
        Assert.True(double.IsNaN(Mean.Student([]).Interval.Value));
    }

    // Base R prop.trend.test, its own help-page example (smokers 83, 90, 129, 70 of 86, 93, 136, 82), whose printed output
    // is "X-squared = 8.2249, df = 1, p-value = 0.004132" and, with scores 0, 0, 0, 1, "X-squared = 12.173, p-value =
    // 0.0004848"; a teaching example of breast cancer by age at first birth (5 groups); and a
    // maternity-sized series. Full-precision values from the definition with mpmath 1.3 at 40 digits (agreeing with R's
    // printed digits): 1e-9 relative.
    [Theory]
    [InlineData(new double[] { 83, 90, 129, 70 }, new double[] { 86, 93, 136, 82 }, null, 8.2249222851976772, 0.0041318974776415652, -0.033415626412601273, TrendDirection.NoSignificantChange)]
    [InlineData(new double[] { 83, 90, 129, 70 }, new double[] { 86, 93, 136, 82 }, new double[] { 0, 0, 0, 1 }, 12.173146220740241, 0.0004848245934416773, -0.10507162214479288, TrendDirection.Decreasing)]
    [InlineData(new double[] { 320, 1206, 1011, 463, 220 }, new double[] { 1742, 5638, 3904, 1555, 626 }, null, 129.0120417619801, 6.740817615009837e-30, 0.041388532097661437, TrendDirection.Increasing)]
    [InlineData(new double[] { 15, 18, 22, 21, 30 }, new double[] { 1000, 1010, 990, 1005, 998 }, null, 5.3082856603636532, 0.021224231450086678, 0.003316752202239731, TrendDirection.NoSignificantChange)]
    public void TrendTestMatchesBaseR(double[] x, double[] n, double[]? scores, double chi, double p, double slope, TrendDirection direction)
    {
        var t = Trend.Proportions(x, n, scores);
        Near(chi, t.ChiSquared);
        Near(p, t.PValue);
        Near(slope, t.Slope);
        Assert.Equal(direction, t.Direction);
    }

    [Fact]
    public void TheTrendLabelFollowsTheLevel()
    {
        double[] x = [83, 90, 129, 70], n = [86, 93, 136, 82];
        Assert.Equal(TrendDirection.Decreasing, Trend.Proportions(x, n, level: 0.95).Direction);
        Assert.Equal(TrendDirection.NoSignificantChange, Trend.Proportions(x, n, level: 0.999).Direction);
        Assert.Equal(TrendDirection.CannotBeCalculated, Trend.Proportions([0, 0, 0], [10, 10, 10]).Direction);
        Assert.Equal(TrendDirection.CannotBeCalculated, Trend.Proportions([3], [10]).Direction);
    }
}
