using System.Globalization;
using Maternity.Statistics;

namespace Maternity.Tests.Statistics;

/// <summary>Intervals for proportions and rates against base R and PHEindicatormethods 2.1.0 reference values.</summary>
public sealed class IntervalTests
{
    private static IEnumerable<double[]> ReadCsv(string name) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", name)).Skip(1)
            .Select(l => l.Split(',').Select(v => double.Parse(v.Trim('"'), CultureInfo.InvariantCulture)).ToArray());

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), 1e-300) || Math.Abs(expected - actual) < 1e-15,
            $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void WilsonAndExactBinomialMatchBaseR()
    {
        var rows = ReadCsv("r-proportions.csv").ToList();
        Assert.Equal(20, rows.Count);
        foreach (var r in rows)
        {
            var (x, n, level) = (r[0], r[1], r[2]);
            var wilson = Proportion.Wilson(x, n, level);
            var exact = Proportion.ClopperPearson(x, n, level);
            Close(r[3], wilson.Value, 1e-12, $"value {x}/{n}");
            Close(r[4], wilson.Lower, 1e-9, $"Wilson lower {x}/{n} at {level}");
            Close(r[5], wilson.Upper, 1e-9, $"Wilson upper {x}/{n} at {level}");
            Close(r[6], exact.Lower, 1e-9, $"exact lower {x}/{n} at {level}");
            Close(r[7], exact.Upper, 1e-9, $"exact upper {x}/{n} at {level}");
        }
    }

    [Fact]
    public void ExactPoissonRatesMatchBaseR()
    {
        var rows = ReadCsv("r-rates-exact-poisson.csv").ToList();
        Assert.Equal(12, rows.Count);
        foreach (var r in rows)
        {
            var rate = Rate.Exact(r[0], r[1], r[3], r[2]);
            Close(r[4], rate.Value, 1e-12, $"rate {r[0]}/{r[1]}");
            Close(r[5], rate.Lower, 1e-9, $"lower {r[0]}/{r[1]} at {r[3]}");
            Close(r[6], rate.Upper, 1e-9, $"upper {r[0]}/{r[1]} at {r[3]}");
        }
    }

    // PHEindicatormethods test_Prop (testdata_Proportion.xlsx): x, n, value, 95% and 99.8% limits.
    [Theory]
    [InlineData(1, 100, 0.01, 0.0017674320641406511, 0.054486196178705294, 0.000873065697299977, 0.1045544528370582)]
    [InlineData(5, 100, 0.05, 0.02154367915436798, 0.11175046923191911, 0.013865320725997183, 0.16458852282596442)]
    [InlineData(20, 100, 0.2, 0.1333669333310325, 0.28882916559315885, 0.10519162066711432, 0.3471109417008601)]
    [InlineData(65, 100, 0.65, 0.5525444329688797, 0.7363575175690247, 0.4954946574070431, 0.7783540614089697)]
    [InlineData(9856, 12345, 0.7983799108950992, 0.7912101752909069, 0.8053640073614909, 0.7869924108419063, 0.8093061412589626)]
    [InlineData(7776456, 7564336677, 0.0010280420256339154, 0.0010273201001641094, 0.0010287644578977231, 0.0010269040118442213, 0.0010291812992698397)]
    [InlineData(222, 3215, 0.06905132192846034, 0.060791690363636595, 0.07833956681383633, 0.05647101964624248, 0.08418414185270134)]
    [InlineData(999, 3456, 0.2890625, 0.27418951080009873, 0.30440389662818057, 0.26583995768074953, 0.3134475449279985)]
    [InlineData(0.445, 1, 0.445, 0.04381744772058822, 0.9334621276979156, 0.019347006132900975, 0.9702259947019541)]
    [InlineData(1045, 5000, 0.209, 0.19795549880013297, 0.22049130373189027, 0.19179381799015244, 0.22731562902525818)]
    public void WilsonMatchesPheIndicatorMethods(double x, double n, double value, double l95, double u95, double l998, double u998)
    {
        var at95 = Proportion.Wilson(x, n, 0.95);
        var at998 = Proportion.Wilson(x, n, 0.998);
        Close(value, at95.Value, 1e-12, "value");
        Close(l95, at95.Lower, 1e-12, "lower 95%");
        Close(u95, at95.Upper, 1e-12, "upper 95%");
        Close(l998, at998.Lower, 1e-12, "lower 99.8%");
        Close(u998, at998.Upper, 1e-12, "upper 99.8%");
    }

    [Fact]
    public void WilsonScalesWithTheMultiplier()
    {
        var percent = Proportion.Wilson(1, 100, 0.95, 100);
        Close(0.1767432064140651, percent.Lower, 1e-12, "lower");
        Close(5.44861961787053, percent.Upper, 1e-12, "upper");
    }

    // PHEindicatormethods test_Rate (testdata_Rate.xlsx), per 100,000: exact below 10 events, Byar's from 10.
    [Theory]
    [InlineData(1, 100, "Exact", 1000, 25.317807984289896, 5571.643390938898, 1.0005003335835343, 9233.413476451586)]
    [InlineData(5, 100, "Exact", 5000, 1623.4863901184199, 11668.332079322669, 739.3717319178389, 16454.745203680104)]
    [InlineData(20, 100, "Byars", 20000, 12211.428834875936, 30889.880369197064, 8922.802365144193, 38085.03562504191)]
    [InlineData(65, 100, "Byars", 65000, 50163.18771045945, 82849.13854593984, 42880.261471480204, 94000.290844318)]
    [InlineData(9856, 12345, "Byars", 79837.99108950992, 78269.49058976758, 81430.01654272141, 77375.90543271053, 82354.47277095431)]
    [InlineData(7776456, 7564336677, "Byars", 102.80420256339154, 102.73196005302074, 102.87648334092832, 102.690317308454, 102.91817639509068)]
    [InlineData(222, 3215, "Byars", 6905.132192846034, 6026.574877652674, 7875.729370871851, 5560.737695259853, 8461.04668173341)]
    [InlineData(999, 3456, "Byars", 28906.25, 27141.30493609052, 30755.833237378414, 26162.147596445768, 31845.604819822653)]
    [InlineData(250, 220, "Byars", 113636.36363636365, 99984.94738532876, 128631.14487455782, 92710.00554438953, 137651.23772147458)]
    public void RatesMatchPheIndicatorMethods(double x, double n, string method, double value, double l95, double u95, double l998, double u998)
    {
        var at95 = Rate.Interval(x, n, 0.95, 100_000);
        var at998 = Rate.Interval(x, n, 0.998, 100_000);
        Assert.Equal(method, at95.Method);
        Close(value, at95.Value, 1e-12, "value");
        Close(l95, at95.Lower, 1e-9, "lower 95%");
        Close(u95, at95.Upper, 1e-9, "upper 95%");
        Close(l998, at998.Lower, 1e-9, "lower 99.8%");
        Close(u998, at998.Upper, 1e-9, "upper 99.8%");
    }

    // PHEindicatormethods test_BW (testdata_Byars_Wilson.xlsx): Byar's limits of a count.
    [Theory]
    [InlineData(65, 0.95, 50.163187710459454, 82.84913854593984)]
    [InlineData(1045, 0.95, 982.5932018073325, 1110.33121298565)]
    [InlineData(1, 0.95, 0.01307213290150435, 5.5637555824752605)]
    [InlineData(65, 0.998, 42.8802614714802, 94.00029084431802)]
    [InlineData(1045, 0.998, 947.9407035610374, 1148.806160988033)]
    [InlineData(10, 0.998, 2.916318374695686, 24.193724927880535)]
    public void ByarsLimitsMatchPheIndicatorMethods(double x, double level, double lower, double upper)
    {
        Close(lower, Rate.ByarsLower(x, level), 1e-12, "lower");
        Close(upper, Rate.ByarsUpper(x, level), 1e-12, "upper");
    }

    [Fact]
    public void ZForTheTwoPublishedLevelsIsExact()
    {
        Close(1.959963984540054, Normal.TwoSidedZ(0.95), 1e-15, "z 95%");
        Close(3.090232306167813, Normal.TwoSidedZ(0.998), 1e-15, "z 99.8%");
    }

    [Fact]
    public void IntervalsContainTheEstimateNarrowWithNAndRespectZeroAndOne()
    {
        for (var n = 1; n <= 2000; n = n * 3 + 1)
        {
            for (var x = 0; x <= n; x += Math.Max(1, n / 7))
            {
                foreach (var level in new[] { 0.95, 0.998 })
                {
                    var w = Proportion.Wilson(x, n, level);
                    Assert.InRange(w.Value, w.Lower, w.Upper);
                    Assert.InRange(w.Lower, 0, 1);
                    Assert.InRange(w.Upper, 0, 1);
                    var bigger = Proportion.Wilson(x * 10, n * 10, level);
                    Assert.True(bigger.Upper - bigger.Lower < w.Upper - w.Lower);
                    var rate = Rate.Interval(x, n, level);
                    Assert.InRange(rate.Value, rate.Lower, rate.Upper);
                }
            }
            Assert.Equal(0, Proportion.Wilson(0, n).Lower);
            Assert.Equal(1, Proportion.Wilson(n, n).Upper);
        }
        Assert.True(double.IsNaN(Proportion.Wilson(0, 0).Value));
        Assert.True(double.IsNaN(Rate.Interval(3, 0).Upper));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(1, 10, 1.2));
    }
}
