using System.Globalization;
using System.Text.Json;

namespace Maternity.Tests.Statistics;

/// <summary>
/// <c>maternity stats</c> run as the real command: every option reaches the engine. Expected values are the reference
/// values the engine's own tests check (PHEindicatormethods fixtures, base R, NHSRplotthedots), so these show the
/// command passes the options through, not the methods again.
/// </summary>
public sealed class StatsCommandTests : IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly string _folder = Directory.CreateTempSubdirectory("stats-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static JsonElement Json(params string[] arguments)
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var (exit, output) = TestCli.Run(cli!, ["stats", .. arguments, "--format", "json"]);
        Assert.True(exit == 0, output);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static (int Exit, string Output) Run(params string[] arguments)
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        return TestCli.Run(cli!, ["stats", .. arguments]);
    }

    private static double D(JsonElement e) => e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, Inv) : e.GetDouble();

    private static void Near(double expected, double actual, double relative = 1e-9) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void RateExactGivesThePoissonTestIntervalAtAnyCount()
    {
        // Base R poisson.test(30, 3): 6.7469580071403 to 14.2756217982692 per 1,000 (rates_exact_poisson.csv).
        var exact = Json("rate", "--x", "30", "--n", "3000", "--exact")[0].GetProperty("interval");
        Assert.Equal("Exact", exact.GetProperty("method").GetString());
        Near(6.7469580071403, D(exact.GetProperty("lower")));
        Near(14.2756217982692, D(exact.GetProperty("upper")));
        Assert.Equal("Byars", Json("rate", "--x", "30", "--n", "3000")[0].GetProperty("interval").GetProperty("method").GetString());
    }

    // NHSRplotthedots cases S1-S4 (shared/reference/statistics/peer-cases.md section 2.2).
    private const string S1 = "-0.5604756465522126, -0.23017748948327996, 1.558708314149124, 0.070508391424576, 0.12928773516094624, 1.715064986883281, 0.4609162059892023, -1.265061234606534, -0.6868528518935261, -0.44566197009995806, 1.2240817974394615, 0.3598138270573638, 0.40077145059405217, 0.1106827159451197, -0.5558411347540749, 1.7869131368030782, 0.4978504782292394, -1.9666171566296382, 0.7013559015636855, -0.47279140772793404";

    private string Series(string name, IEnumerable<string> values) => File(name, "value\n" + string.Join("\n", values.Select(v => v.Trim())) + "\n");

    [Fact]
    public void SpcNoScreeningAndFixAfterReachTheEngine()
    {
        var s2 = S1.Split(',').ToArray();
        s2[14] = "10";
        var file = Series("s2.csv", s2);
        // S2 (screened) and S3 (not screened): the same mean, different moving ranges.
        Near(3.722497315698736, D(Json("spc", "--file", file).GetProperty("points")[0].GetProperty("upper")), 1e-12);
        Near(5.935456900894364, D(Json("spc", "--file", file, "--no-screening").GetProperty("points")[0].GetProperty("upper")), 1e-12);

        // S1 with its limits fixed on the first 10 points: S4's limits (points 1-10 alone) on all 20 points.
        var fixedLimits = Json("spc", "--file", Series("s1.csv", S1.Split(',')), "--fix-after", "10").GetProperty("points");
        Assert.Equal(20, fixedLimits.GetArrayLength());
        Near(0.0746256440971619, D(fixedLimits[19].GetProperty("mean")), 1e-12);
        Near(-2.600585407745439, D(fixedLimits[19].GetProperty("lower")), 1e-12);
        Near(2.749836695939763, D(fixedLimits[19].GetProperty("upper")), 1e-12);
        Assert.Equal(2, Run("spc", "--file", file, "--fix-after", "0").Exit);
    }

    [Fact]
    public void SpcTrendLengthMinimumPointsAndMultiplierReachTheEngine()
    {
        // Six rising points then a fall: a trend at length 6, not at the default 7 (runs stay at 7).
        var file = Series("rise.csv", ["10", "11", "12", "13", "14", "15", "9", "10", "11", "10"]);
        var seven = Json("spc", "--file", file).GetProperty("points");
        var six = Json("spc", "--file", file, "--trend-length", "6").GetProperty("points");
        Assert.NotEqual("trendIncreasing", seven[2].GetProperty("rule").GetString());
        Assert.Equal("trendIncreasing", six[2].GetProperty("rule").GetString());
        Assert.True(seven[0].GetProperty("trialLimits").GetBoolean());
        Assert.False(Json("spc", "--file", file, "--minimum-points", "10").GetProperty("trialLimits").GetBoolean());

        var p = File("p.csv", "numerator,denominator\n10,100\n20,100\n30,100\n");
        Near(0.2, D(Json("spc", "--file", p, "--chart", "p", "--multiplier", "1").GetProperty("points")[0].GetProperty("mean")), 1e-12);
        Near(20, D(Json("spc", "--file", p, "--chart", "p").GetProperty("points")[0].GetProperty("mean")), 1e-12);
    }

    [Fact]
    public void FunnelKindsRatioRateDsrAndProportion()
    {
        // One event where 0.01 expected: High at 95% only; the 95% upper limit 0.81457/0.01 (CountFunnelTests).
        var ratio = Json("funnel", "--kind", "ratio", "--file", File("ratio.csv", "id,observed,expected\nA,1,0.01\nB,151,106.4429719\nC,159,232.9329036\n"));
        Assert.Equal(1, D(ratio.GetProperty("target")));
        var units = ratio.GetProperty("units");
        Assert.Equal("High (0.025)", units[0].GetProperty("significance").GetString());
        Near(81.457304032809186, D(units[0].GetProperty("limits").GetProperty("upper95")));
        Assert.Equal("High (0.001)", units[1].GetProperty("significance").GetString());
        Assert.Equal("Low (0.001)", units[2].GetProperty("significance").GetString());
        var smr = Json("funnel", "--kind", "ratio", "--multiplier", "100", "--overdispersion", "--file", File("ratio2.csv", "id,observed,expected\nA,1,0.01\nB,151,106.4429719\nC,159,232.9329036\n"));
        Assert.Equal(100, D(smr.GetProperty("target")));
        Assert.Equal(JsonValueKind.Number, smr.GetProperty("tau2").ValueKind);
        var withTarget = Run("funnel", "--kind", "ratio", "--target", "2", "--file", File("ratio3.csv", "id,observed,expected\nA,1,2\n"));
        Assert.Equal(2, withTarget.Exit);

        var dsr = Json("funnel", "--kind", "dsr", "--file", File("dsr.csv", "id,numerator,rate\nA,2419,907.6174266\nB,9,500\nC,0,\nD,1332,469.5645784\n")).GetProperty("units");
        Assert.Equal("High (0.001)", dsr[0].GetProperty("significance").GetString());
        Assert.Equal("Not applicable for events less than 10 for dsrs", dsr[1].GetProperty("significance").GetString());
        Assert.Equal("Not applicable for events less than 10 for dsrs", dsr[2].GetProperty("significance").GetString());
        Assert.Equal("Low (0.001)", dsr[3].GetProperty("significance").GetString());

        // Base R poisson.test: 3 events' exact 95% lower limit is 0.206224040965201 per 1,000 over 3,000; there, 3 is on the upper line.
        var rate = Json("funnel", "--kind", "rate", "--target", "0.206224040965201", "--file", File("rate.csv", "id,numerator,denominator\nA,3,3000\n"));
        Near(1, D(rate.GetProperty("units")[0].GetProperty("limits").GetProperty("upper95")));

        var proportion = Json("funnel", "--file", File("prop.csv", "id,numerator,denominator\nA,18986,22000\nB,30277.5312,37828\n"), "--target", "80.642448");
        Assert.Equal("High (0.001)", proportion.GetProperty("units")[0].GetProperty("significance").GetString());
        Assert.Equal(2, Run("funnel", "--kind", "odds", "--file", File("odd.csv", "id,numerator,denominator\nA,1,2\n")).Exit);
    }

    [Fact]
    public void MeanTakesValuesOrAFileOfGroups()
    {
        // PHEindicatormethods testMeans.R, Area1: 53.704345, 95% 36.168325241336504 to 71.24036475866352.
        var area1 = "33.09375,48.38596,64.83495,67.98475,22.93556,71.23587,38.78465,82.37927";
        var one = Json("mean", "--values", area1)[0].GetProperty("mean");
        Assert.Equal(8, one.GetProperty("count").GetInt32());
        Near(36.168325241336504, D(one.GetProperty("interval").GetProperty("lower")));
        var file = File("means.csv", "group,value\n" + string.Join("\n", area1.Split(',').Select(v => "Area1," + v)) + "\nArea2,1\nArea2,3\n");
        var groups = Json("mean", "--file", file, "--level", "0.998");
        Assert.Equal("Area1", groups[0].GetProperty("group").GetString());
        Near(89.19198470521118, D(groups[0].GetProperty("mean").GetProperty("interval").GetProperty("upper")));
        Assert.Equal(2, groups[1].GetProperty("mean").GetProperty("count").GetInt32());
        Assert.Equal(2, Run("mean", "--values", "1,x").Exit);
    }

    // The PHEindicatormethods DSR/ISR fixture (StandardisationTests): 19 bands, population and counts of the big, small and tiny areas.
    private static readonly int[] Population = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207];
    private static readonly int[] Big = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91];
    private static readonly int[] Small = [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4];
    private static readonly string[] Tiny = ["0", "0", "", "0", "0", "0", "1", "0", "0", "0", "0", "0", "1", "0", "0", "1", "1", "2", "3"];
    private static readonly int[] ReferenceCount = [10303, 2824, 0, 3615, 3641, 3490, 3789, 3213, 3031, 2771, 3089, 3490, 3595, 4745, 5514, 7125, 5694, 6210, 5757];
    private static readonly int[] ReferencePopulation = [50520, 57173, 60213, 54659, 44345, 50128, 62163, 67423, 62899, 55463, 60479, 49974, 44140, 40888, 37239, 30819, 18136, 15325, 13918];

    private string Bands(string name) => File(name, "group,count,population,refcount,refpopulation\n" + string.Join("\n",
        Enumerable.Range(0, 19).SelectMany(i => new[]
        {
            $"big,{Big[i]},{Population[i]},{ReferenceCount[i]},{ReferencePopulation[i]}",
            $"small,{Small[i]},{Population[i]},{ReferenceCount[i]},{ReferencePopulation[i]}",
            $"tiny,{Tiny[i]},{Population[i]},{ReferenceCount[i]},{ReferencePopulation[i]}",
        })) + "\n");

    [Fact]
    public void DsrUsesTheEuropeanStandardPopulationOrAStandardColumn()
    {
        var rows = Json("dsr", "--file", Bands("bands.csv"));
        Assert.Equal(["big", "small", "tiny"], rows.EnumerateArray().Select(r => r.GetProperty("group").GetString()));
        Near(10430.247991469423, D(rows[0].GetProperty("interval").GetProperty("value")));
        Near(877.455767536709, D(rows[1].GetProperty("interval").GetProperty("lower")));
        Assert.Equal("dsr NA for total count < 10", rows[2].GetProperty("interval").GetProperty("method").GetString());
        Near(1162.0595999522059, D(Json("dsr", "--file", Bands("bands2.csv"), "--multiplier", "10000", "--level", "0.998")[0].GetProperty("interval").GetProperty("upper")));

        double[] esp1976 = [8000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 6000, 5000, 4000, 3000, 2000, 1000, 1000];
        var user = File("esp1976.csv", "count,population,standard\n" + string.Join("\n", Enumerable.Range(0, 18).Select(i => $"{Big[i]},{Population[i]},{esp1976[i]}")) + "\n");
        Near(859.2097585022366, D(Json("dsr", "--file", user, "--multiplier", "10000")[0].GetProperty("interval").GetProperty("value")));
        var short18 = File("short.csv", "count,population\n" + string.Join("\n", Enumerable.Range(0, 18).Select(i => $"{Big[i]},{Population[i]}")) + "\n");
        var refused = Run("dsr", "--file", short18);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("2013 European Standard Population", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void IsrGivesRatiosAndRates()
    {
        var ratios = Json("isr", "--file", Bands("isr.csv"));
        Near(835.8835612311743, D(ratios[0].GetProperty("expected")));
        Near(1.0707232939020275, D(ratios[0].GetProperty("interval").GetProperty("value")));
        Assert.Equal("Exact", ratios[2].GetProperty("interval").GetProperty("method").GetString());
        Near(0.004923380825095776, D(ratios[2].GetProperty("interval").GetProperty("lower")));
        Near(8.765040101829404, D(Json("isr", "--file", Bands("isr2.csv"), "--multiplier", "100")[1].GetProperty("interval").GetProperty("lower")));
        var rates = Json("isr", "--file", Bands("isr3.csv"), "--statistic", "rate", "--level", "0.998");
        Near(11089.02718538338, D(rates[0].GetProperty("interval").GetProperty("upper")));
        Assert.Equal(2, Run("isr", "--file", Bands("isr4.csv"), "--statistic", "odds").Exit);
    }

    [Fact]
    public void TrendLabelsTheSeriesAtTheChosenLevel()
    {
        // Base R: prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82)) gives X-squared = 8.2249, p-value = 0.004132.
        var file = File("trend.csv", "numerator,denominator\n83,86\n90,93\n129,136\n70,82\n");
        var strict = Json("trend", "--file", file);
        Near(8.2249222851976772, D(strict.GetProperty("chiSquared")));
        Assert.Equal("No significant change", strict.GetProperty("label").GetString());
        Assert.Equal("Decreasing", Json("trend", "--file", file, "--level", "0.95").GetProperty("label").GetString());
        // With scores 0, 0, 0, 1: X-squared = 12.173.
        var scored = File("scored.csv", "numerator,denominator,score\n83,86,0\n90,93,0\n129,136,0\n70,82,1\n");
        Near(12.173146220740241, D(Json("trend", "--file", scored).GetProperty("chiSquared")));
    }

    [Fact]
    public void ArlGivesTheExactRunLengthForWholeNumberKAndH()
    {
        // With whole-number k and h the CUSUM only visits whole numbers, so the Brook-Evans equations are exact and
        // small enough to solve by hand. mu0 = 1, k = 1, h = 2, p(x) = e^-1/x!: from S = 0, x <= 1 stays at 0, x = 2
        // goes to 1, x >= 3 signals; from S = 1, S becomes x. L0 = 1 + (p0 + p1)L0 + p2 L1, L1 = 1 + p0 L0 + p1 L1, so
        // L0 = ((1 - p1) + p2) / ((1 - p0 - p1)(1 - p1) - p0 p2) = 8.212786730931159. With h = 1, L0 = 1 / P(x >= 2) =
        // 1 / (1 - 2/e) = 3.784422382354666. (No published Poisson CUSUM table was to hand; R surveillance arlCusum
        // solves the same chain.)
        var two = Json("arl", "--mu0", "1", "--k", "1", "--h", "2");
        Near(8.212786730931159, D(two.GetProperty("arl")));
        Near(3.784422382354666, D(Json("arl", "--mu0", "1", "--k", "1", "--h", "1").GetProperty("arl")));

        // MOSS's design: k = mu0 / ln 2 for a doubling, and the h whose in-control run length first reaches the target.
        var designed = Json("arl", "--mu0", "1", "--arl", "100");
        Near(1 / Math.Log(2), D(designed.GetProperty("k")), 1e-12);
        Assert.True(D(designed.GetProperty("arl")) >= 100);
        var below = D(designed.GetProperty("h")) - 0.05;
        Assert.True(D(Json("arl", "--mu0", "1", "--h", below.ToString("R", Inv)).GetProperty("arl")) < 100);
        Assert.Equal(2, Run("arl", "--mu0", "1", "--h", "2", "--arl", "20").Exit);
        Assert.Equal(2, Run("arl", "--mu0", "1", "--k", "1", "--arl", "20").Exit);
    }

    [Fact]
    public void CusumSignalsAtTheGivenIntervalsOrThoseOfTheTargetRunLengths()
    {
        // One event expected a period, k = 1/ln 2: S = 0, 0, 4 - k (level 1 at h1 = 2), then 9 - 2k (level 2 at h2 = 5), reset.
        var file = File("cusum.csv", "period,observed,expected\n2025-01,0,1\n2025-02,1,1\n2025-03,4,1\n2025-04,5,1\n2025-05,0,1\n2025-06,1,1\n");
        var k = 1 / Math.Log(2);
        var given = Json("cusum", "--file", file, "--h1", "2", "--h2", "5");
        var points = given.GetProperty("points");
        Assert.Equal("2025-03", points[2].GetProperty("period").GetString());
        Near(k, D(points[0].GetProperty("k")), 1e-12);
        Near(4 - k, D(points[2].GetProperty("s")), 1e-12);
        Assert.Equal(1, points[2].GetProperty("signal").GetInt32());
        Near(9 - 2 * k, D(points[3].GetProperty("s")), 1e-12);
        Assert.Equal(2, points[3].GetProperty("signal").GetInt32());
        Assert.Equal(0, D(points[4].GetProperty("s")));

        // Without --h1/--h2 the intervals are those of --arl1/--arl2 at the mean expected count (as stats arl gives them).
        var designed = Json("cusum", "--file", file, "--arl1", "20", "--arl2", "100");
        Near(D(Json("arl", "--mu0", "1", "--arl", "20").GetProperty("h")), D(designed.GetProperty("h1")), 1e-12);
        Near(D(Json("arl", "--mu0", "1", "--arl", "100").GetProperty("h")), D(designed.GetProperty("h2")), 1e-12);
        Assert.True(D(designed.GetProperty("arl2")) >= 100);
        // A tripling: k = 2 mu0 / ln 3.
        Near(2 / Math.Log(3), D(Json("cusum", "--file", file, "--ratio", "3", "--h1", "2", "--h2", "5").GetProperty("points")[0].GetProperty("k")), 1e-12);
        Assert.Equal(2, Run("cusum", "--file", File("bad.csv", "observed,expected\n-1,1\n")).Exit);
        var table = Run("cusum", "--file", file, "--h1", "2", "--h2", "5");
        Assert.Equal(0, table.Exit);
        Assert.Contains("Level 2", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void VladIsTheRunningExcessOfEvents()
    {
        var rows = Json("vlad", "--file", File("vlad.json", """[{"observed":0,"expected":0.5},{"observed":1,"expected":0.5},{"observed":0,"expected":0.5},{"observed":2,"expected":0}]"""));
        Assert.Equal([-0.5, 0, -0.5, 1.5], rows.EnumerateArray().Select(r => D(r.GetProperty("vlad"))));
        Assert.Equal("4", rows[3].GetProperty("period").GetString());
    }

    [Fact]
    public void GChartLimitsAreBenneyansGeometricLimits()
    {
        // Benneyan JC, Health Care Manag Sci 2001;4:305-18 (and qicharts2 qic.g, Montgomery p. 319): limits
        // g + 3 sqrt(g(g + 1)), lower clamped at 0. Mean of 120, 340, 95, 610, 45, 2300, 180 = 527.142857142857...,
        // upper 2110.0707178632683; 2,300 births between events is above it.
        var g = Json("gchart", "--values", "120,340,95,610,45,2300,180");
        Near(3690 / 7.0, D(g.GetProperty("mean")), 1e-12);
        Near(2110.0707178632683, D(g.GetProperty("upper")), 1e-12);
        Assert.Equal(0, D(g.GetProperty("lower")));
        Assert.Equal([false, false, false, false, false, true, false], g.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("aboveUpper").GetBoolean()));
        var fromFile = Json("gchart", "--file", File("g.csv", "between\n120\n340\n95\n610\n45\n2300\n180\n"));
        Near(2110.0707178632683, D(fromFile.GetProperty("upper")), 1e-12);
        Assert.Equal(2, Run("gchart", "--values", "10,-1").Exit);
    }

    [Fact]
    public void TChartReproducesMontgomerysValveFailureExample()
    {
        // Montgomery, Introduction to Statistical Quality Control, example 7.6 (table 7.14: hours between valve
        // failures), as qicharts2's test reference ex_7.6_1.rds holds it: qic(failure, hours, chart = "t") gives centre
        // 430.04095178975825, lower limit 0, upper 6937.933488166575. qicharts2 does not screen moving ranges and uses
        // 3/1.128 = 2.6596 x the mean moving range on the transformed scale; Making Data Count's 2.66 moves the upper limit
        // to (c + (u - c) x 2.66 x 1.128/3)^3.6 with c and u the reference centre and limit raised to 1/3.6.
        const double centre = 430.04095178975825, upper = 6937.933488166575;
        var (c, u) = (Math.Pow(centre, 1 / 3.6), Math.Pow(upper, 1 / 3.6));
        var hours = "286,948,536,124,816,729,4,143,431,8,2837,596,81,227,603,492,1199,1214,2831,96";
        var chart = Json("tchart", "--values", hours, "--no-screening");
        var last = chart.GetProperty("points")[19];
        Near(centre, D(last.GetProperty("mean")), 1e-9);
        Near(Math.Pow(c + (u - c) * 2.66 * 1.128 / 3, 3.6), D(last.GetProperty("upper")), 1e-9);
        Assert.Equal(0, D(last.GetProperty("lower")));
        Near(96, D(last.GetProperty("value")), 1e-9);
        // The spc options reach the chart: limits fixed on the first 10 failures differ.
        var fixedLimits = Json("tchart", "--file", File("t.csv", "days\n" + hours.Replace(',', '\n') + "\n"), "--fix-after", "10");
        Assert.NotEqual(D(last.GetProperty("mean")), D(fixedLimits.GetProperty("points")[19].GetProperty("mean")));
        Assert.Equal(2, Run("tchart", "--values", "3,-2").Exit);
    }

    [Theory]
    [InlineData("rate", "--exact")]
    [InlineData("spc", "--no-screening", "--fix-after", "--trend-length", "--minimum-points", "--multiplier", "--run-length", "--rebase", "--plotthedots", "--target", "--direction", "--chart")]
    [InlineData("funnel", "--kind", "dsr", "ratio", "--overdispersion", "--method", "--target", "--multiplier")]
    [InlineData("mean", "--values", "--file", "--level")]
    [InlineData("dsr", "--multiplier", "--level", "standard")]
    [InlineData("isr", "--statistic", "--multiplier", "refpopulation")]
    [InlineData("trend", "--level", "score")]
    [InlineData("cusum", "--ratio", "--h1", "--h2", "--arl1", "--arl2", "observed", "expected", "period")]
    [InlineData("arl", "--mu0", "--ratio", "--k", "--h", "--arl")]
    [InlineData("vlad", "observed", "expected")]
    [InlineData("gchart", "--values", "between")]
    [InlineData("tchart", "--values", "days", "--direction", "--no-screening", "--fix-after", "--rebase", "--run-length", "--trend-length", "--minimum-points", "--plotthedots", "--target")]
    public void HelpDescribesEveryOption(string command, params string[] words)
    {
        var (exit, output) = Run(command, "--help");
        Assert.Equal(0, exit);
        foreach (var word in words) Assert.Contains(word, output, StringComparison.Ordinal);
    }
}
