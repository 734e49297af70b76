using Maternity.Indicators;
using Maternity.National;
using Maternity.Reference;
using Maternity.Returns;
using Maternity.Security;

namespace Maternity.Tests.National;

/// <summary>
/// The national publication where the LMNS looks first: the overview of a store holding only the public files, the
/// benchmark block of a catalogue indicator (England, region, LMNS, peers), the pack's England column, a financial year
/// labelled as people say it, and a trust's region from the organisation hierarchy. Reference values are cells of
/// hosp-epis-stat-mat-msdscsv-2022-23.csv (line numbers of the raw file cited) worked by hand; Wilson limits from
/// Newcombe's formula (z = 1.959964) worked separately.
/// </summary>
public sealed class NationalBenchmarkTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly bool _loaded;

    public NationalBenchmarkTests()
    {
        if (SharedData.Find("hosp-epis-stat-mat-msdscsv-2022-23.csv") is not { } path) return;
        NationalStatistics.Import(_store.Database, path);
        _loaded = true;
    }

    public void Dispose() => _store.Dispose();

    private void RequireFiles() =>
        Assert.SkipWhen(!_loaded, "hosp-epis-stat-mat-msdscsv-2022-23.csv is not beside the checkout (../shared/data); CI provides it");

    /// <summary>R0A with Bolton (RMC) under an LMNS "QOP", under an ICB, under the North West region Y62.</summary>
    private void LoadHierarchy() => new OrgHierarchy(
    [
        new("Y62", "North West", "Region", null),
        new("QOP", "Greater Manchester ICB", "ICB", "Y62"),
        new("LMNS-GM", "Greater Manchester LMNS", "LMNS", "QOP"),
        new("R0A", "Manchester University NHS Foundation Trust", "Trust", "LMNS-GM"),
        new("RMC", "Bolton NHS Foundation Trust", "Trust", "LMNS-GM"),
    ]).Store(_store.Database);

    [Fact]
    public void APublicOnlyOverviewShowsTheChosenTrustBesideEnglandForTheLatestYear()
    {
        RequireFiles();
        var overview = NationalOverview.Build(_store.Database, "R0A", [])!;

        Assert.Equal(("R0A", "2022-23"), (overview.Org!.Code, overview.Year));
        var smoking = Assert.Single(overview.Rows, r => r.Rate.Id == "SMOKING_BOOKING");
        // R0A: Smoker 1,125 (line 15159), Non-Smoker / Ex-Smoker 8,215 (line 15158); TotalDeliveries 14,120 (line 15665).
        Assert.Equal((1_125L, 9_340L, 14_120L), (smoking.Org!.Numerator, smoking.Org.Denominator, smoking.Org.Total));
        Assert.Equal(12.045, smoking.Org.Value!.Value, 3);
        Assert.Equal(11.400, smoking.Org.Value.Lower, 3);
        Assert.Equal(12.721, smoking.Org.Value.Upper, 3);
        Assert.Equal(66.147, smoking.Org.Coverage!.Value, 3);
        // England: 51,120 of 51,120 + 335,835 (lines 15135, 15134) = 13.211%, outside R0A's interval above it.
        Assert.Equal(13.211, smoking.England!.Value!.Value, 3);
        Assert.Equal("lower", smoking.Verdict);
        // One tile per mapped rate the year publishes: the two 2019-20 layouts are not in 2022-23.
        Assert.Equal(NationalMapping.Rates.Count - 2, overview.Rows.Count);
    }

    [Fact]
    public void TheOverviewOpensOnTheCallersTrustThenTheLmnsSummedFromItsTrusts()
    {
        RequireFiles();
        Assert.Null(NationalOverview.Build(_store.Database, null, [])!.Org);
        Assert.Equal("R0A", NationalOverview.Build(_store.Database, "LMNSX1", ["R0A"])!.Org!.Code);

        LoadHierarchy();
        var lmns = NationalOverview.Build(_store.Database, null, [])!;
        Assert.Equal(("LMNS-GM", "LMNS"), (lmns.Org!.Code, lmns.Org.Level));
        // R0A + RMC: 1,125 + 215 smokers (lines 15159, 15354) of 9,340 + 1,580 (15158-15159, 15353-15354); deliveries 14,120 + 5,195 (15665, 15730).
        var smoking = lmns.Rows.Single(r => r.Rate.Id == "SMOKING_BOOKING").Org!;
        Assert.Equal((1_340L, 10_920L, 19_315L), (smoking.Numerator, smoking.Denominator, smoking.Total));
        Assert.Equal(12.271, smoking.Value!.Value, 3);
        Assert.Equal(56.536, smoking.Coverage!.Value, 3);
    }

    [Fact]
    public void AnEmptyStoreHasNoNationalOverview()
    {
        using var empty = new TestStore();
        Assert.Null(NationalOverview.Build(empty.Database, "R0A", []));
        Assert.Null(NationalIndicatorBenchmark.For(empty.Database, "SMOKING_BOOKING", "R0A"));
    }

    [Fact]
    public void AnIndicatorsBenchmarkShowsEnglandTheTrustsOwnRegionFirstItsLmnsAndPeers()
    {
        RequireFiles();
        LoadHierarchy();
        var b = NationalIndicatorBenchmark.For(_store.Database, "SMOKING_BOOKING", "R0A")!;

        Assert.Equal(("SMOKING_BOOKING", "2022-23", "Y62"), (b.Rate.Id, b.Year, b.OwnRegion));
        Assert.Equal((51_120L, 386_955L, 531_000L), (b.England!.Numerator, b.England.Denominator, b.England.Total));
        Assert.Equal(13.105, b.England.Value!.Lower, 3);
        Assert.Equal(13.318, b.England.Value.Upper, 3);
        Assert.Equal(72.873, b.England.Coverage!.Value, 3);
        // Y62: Smoker 6,530 (line 15153), Non-Smoker / Ex-Smoker 38,020 (line 15152), TotalDeliveries 67,485 (line 15663).
        Assert.Equal(7, b.Regions.Count);
        var own = b.Regions[0];
        Assert.Equal(("Y62", 6_530L, 44_550L), (own.Org, own.Numerator, own.Denominator));
        Assert.Equal(14.658, own.Value!.Value, 3);
        Assert.Equal(66.015, own.Coverage!.Value, 3);
        Assert.Equal(["Y56", "Y58", "Y59", "Y60", "Y61", "Y63"], b.Regions.Skip(1).Select(r => r.Org));
        Assert.Equal(("LMNS-GM", 1_340L, 10_920L), (b.Lmns!.Org, b.Lmns.Numerator, b.Lmns.Denominator));
        Assert.Equal("lower", b.Verdict);
        Assert.Equal(5, b.Peers.Count);
        Assert.All(b.Peers, p => Assert.True(p.Org != "R0A" && p.Comparable && p.Level == "Provider"));
    }

    [Fact]
    public void WithoutTheHierarchyNoRegionIsKnownAndEveryRegionIsShownInCodeOrder()
    {
        RequireFiles();
        var b = NationalIndicatorBenchmark.For(_store.Database, "SMOKING_BOOKING", "R0A")!;
        Assert.Null(b.OwnRegion);
        Assert.Null(b.Lmns);
        Assert.Equal(["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"], b.Regions.Select(r => r.Org));
        Assert.Null(NationalRegions.Of(_store.Database, "R0A"));
    }

    [Fact]
    public void ThePacksEnglandColumnIsTheFigureOfTheIndicatorPage()
    {
        RequireFiles();
        LoadHierarchy();
        var pack = NationalBenchmark.ForPack(_store.Database, "LMNS-GM")!;
        foreach (var indicator in new[] { "SMOKING_BOOKING", "PRETERM_37", "BOOKED_BY_10W" })
        {
            var page = NationalIndicatorBenchmark.For(_store.Database, indicator, "R0A")!;
            Assert.Equal(page.England, pack.England(indicator));
        }
        Assert.Equal(13.211, pack.England("SMOKING_BOOKING")!.Value!.Value, 3);
        // BOOKED_BY_10W in 2022-23 is the days layout (the 2019-20 weeks layout has no 2022-23 rows).
        Assert.Equal("BOOKED_BY_10W", NationalIndicatorBenchmark.For(_store.Database, "BOOKED_BY_10W", null)!.Rate.Id);
        Assert.Null(pack.England("SATOD"));
    }

    [Fact]
    public void AFinancialYearOfPublishedCountsIsLabelledAsTheYearNotItsFirstMonth()
    {
        RequireFiles();
        var results = IndicatorEngine.Results(_store.Database, Access.System("test"), Catalogue.Find("SMOKING_BOOKING")!, PeriodType.FinancialYear, "R0A");
        var total = Assert.Single(results, r => r.Breakdown == "Total");
        Assert.Equal((new DateOnly(2022, 4, 1), 1_125L, 9_340L), (total.PeriodStart, total.Numerator, total.Denominator));
        Assert.Equal("2022-23", PeriodLabel.Of(total.PeriodType, total.PeriodStart));
        Assert.Equal("2019-20", PeriodLabel.Of(PeriodType.FinancialYear, new DateOnly(2019, 4, 1)));
        Assert.Equal("2099-00", PeriodLabel.Of(PeriodType.FinancialYear, new DateOnly(2099, 4, 1)));
        Assert.Equal("2022-04", PeriodLabel.Of(PeriodType.Month, new DateOnly(2022, 4, 1)));
    }

    [Fact]
    public void TheComputeCommandPrintsTheFinancialYearAs2022Dash23()
    {
        RequireFiles();
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var run = TestCli.Run(cli!, ["indicators", "compute", "--no-recompute", "--period-type", "FinancialYear", "--indicator", "SMOKING_BOOKING",
            "--org", "R0A", "--breakdown", "Total", .. TestCli.StoreArguments(_store)]);
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("2022-23", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("2022-04", run.Output, StringComparison.Ordinal);
    }
}
