using Maternity.National;
using Maternity.Returns;

namespace Maternity.Tests.National;

/// <summary>
/// The national block of a catalogue indicator's page for the financial year asked for: two loaded years with different
/// figures, the page for the older year shows that year's England, trust and peers; a year not published falls back to
/// the latest and says so; the trust and its peers over the years. Reference values are cells of
/// hosp-epis-stat-mat-msdscsv-2021-22.csv and -2022-23.csv (line numbers of the raw files cited), worked by hand; Wilson
/// limits from Newcombe's formula (z = 1.959964) worked separately.
/// </summary>
public sealed class NationalIndicatorYearTests : IDisposable
{
    private readonly TwoPublishedYears _years = new();

    private TestStore Store => _years.Store;

    public void Dispose() => _years.Dispose();

    private void RequireFiles() => _years.Require();

    [Fact]
    public void TheIndicatorsBenchmarkForTheOlderYearShowsThatYearsEnglandAndTrust()
    {
        RequireFiles();
        var b = NationalIndicatorBenchmark.For(Store.Database, "SMOKING_BOOKING", "R0A", "2021-22")!;

        Assert.Equal(("2021-22", null), (b.Year, b.NotPublished));
        Assert.Equal(["2022-23", "2021-22"], b.Years);
        // England 2021-22: Smoker 24,295 (line 15383), Non-Smoker / Ex-Smoker 192,000 (line 15382), TotalDeliveries 546,100
        // (line 15909): 24,295 / 216,295 = 11.232%, Wilson 11.100 to 11.366; coverage 216,295 / 546,100 = 39.6%, low.
        Assert.Equal((24_295L, 216_295L, 546_100L), (b.England!.Numerator, b.England.Denominator, b.England.Total));
        Assert.Equal(11.232, b.England.Value!.Value, 3);
        Assert.Equal(11.100, b.England.Value.Lower, 3);
        Assert.Equal(11.366, b.England.Value.Upper, 3);
        Assert.Equal(39.607, b.England.Coverage!.Value, 3);
        Assert.True(b.England.LowCoverage);
        // R0A 2021-22: Smoker 15 (line 15407), Non-Smoker / Ex-Smoker 115 (line 15406), TotalDeliveries 16,470 (line 15917):
        // 15 / 130 = 11.538%, Wilson 7.118 to 18.166; coverage 0.8%, so not compared.
        Assert.Equal((15L, 130L, 16_470L), (b.Org!.Numerator, b.Org.Denominator, b.Org.Total));
        Assert.Equal(11.538, b.Org.Value!.Value, 3);
        Assert.Equal(7.118, b.Org.Value.Lower, 3);
        Assert.Equal(18.166, b.Org.Value.Upper, 3);
        Assert.Equal("not compared: coverage below the threshold", b.Verdict);
        // Peers 2021-22: the comparable trusts whose TotalDeliveries are nearest 16,470: RAJ 12,155 (line 15928), RDU 9,075
        // (15947), RQM 8,785 (15996), RC9 7,725 (15939), REP 7,555 (15949).
        Assert.Equal(["RAJ", "RDU", "RQM", "RC9", "REP"], b.Peers.Select(p => p.Org));
        // RAJ: Smoker 685 (line 15440), Non-Smoker / Ex-Smoker 7,625 (line 15439) = 685 / 8,310 = 8.243%.
        Assert.Equal((685L, 8_310L), (b.Peers[0].Numerator, b.Peers[0].Denominator));
        Assert.Equal(8.243, b.Peers[0].Value!.Value, 3);
        Assert.Contains("in 2021-22", b.PeersChosen, StringComparison.Ordinal);
        Assert.Contains("(16,470)", b.PeersChosen, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLatestYearIsShownByDefaultWithItsOwnPeers()
    {
        RequireFiles();
        var b = NationalIndicatorBenchmark.For(Store.Database, "SMOKING_BOOKING", "R0A")!;

        Assert.Equal(("2022-23", null), (b.Year, b.NotPublished));
        // England 2022-23: 51,120 of 51,120 + 335,835 (lines 15135, 15134) = 13.211%; R0A 1,125 of 9,340 (15159, 15158) = 12.045%.
        Assert.Equal(13.211, b.England!.Value!.Value, 3);
        Assert.Equal((1_125L, 9_340L), (b.Org!.Numerator, b.Org.Denominator));
        // Peers 2022-23, nearest R0A's 14,120 deliveries (line 15665): RAJ 11,250 (15676), RYJ 9,060 (15785), RR8 8,270
        // (15747), RDU 8,100 (15694), RQM 7,885 (15743).
        Assert.Equal(["RAJ", "RYJ", "RR8", "RDU", "RQM"], b.Peers.Select(p => p.Org));
    }

    [Fact]
    public void AYearNotPublishedFallsBackToTheLatestAndSaysSo()
    {
        RequireFiles();
        var b = NationalIndicatorBenchmark.For(Store.Database, "SMOKING_BOOKING", "R0A", "2030-31")!;
        Assert.Equal(("2022-23", "2030-31"), (b.Year, b.NotPublished));
        Assert.Equal("not a year", NationalIndicatorBenchmark.For(Store.Database, "SMOKING_BOOKING", "R0A", "not a year")!.NotPublished);
        // "2021" is read as the financial year starting in April 2021, as on the overview.
        Assert.Equal(("2021-22", null), NationalIndicatorBenchmark.For(Store.Database, "SMOKING_BOOKING", "R0A", "2021") is { } y ? (y.Year, y.NotPublished) : default);
    }

    [Fact]
    public void TheTrendShowsEnglandTheTrustAndItsPeersInEveryYear()
    {
        RequireFiles();
        var b = NationalIndicatorBenchmark.For(Store.Database, "SMOKING_BOOKING", "R0A", "2021-22")!;

        Assert.Equal(["2021-22", "2022-23"], b.TrendYears);
        Assert.Equal(["England", "Manchester University NHS Foundation Trust", "RAJ", "RDU", "RQM", "RC9", "REP"],
            b.Trend.Select(t => t.Peer ? t.Org : t.Name));
        Assert.Equal([11.232, 13.211], b.Trend[0].Figures.Select(f => Math.Round(f!.Value!.Value, 3)));
        Assert.Equal([11.538, 12.045], b.Trend[1].Figures.Select(f => Math.Round(f!.Value!.Value, 3)));
        // RAJ 2022-23: Smoker 1,070 (line 15192), Non-Smoker / Ex-Smoker 8,425 (line 15191) = 1,070 / 9,495 = 11.269%.
        var raj = b.Trend.Single(t => t.Org == "RAJ");
        Assert.True(raj.Peer);
        Assert.Equal([8.243, 11.269], raj.Figures.Select(f => Math.Round(f!.Value!.Value, 3)));
    }

    [Fact]
    public void EachYearIsReadFromItsOwnLayout()
    {
        RequireFiles();
        var path = SharedData.Find("hosp-epis-stat-mat-msdscsv-2019-20.csv");
        Assert.SkipWhen(path is null, "hosp-epis-stat-mat-msdscsv-2019-20.csv is not beside the checkout (../shared/data); CI provides it");
        NationalStatistics.Import(Store.Database, path!);

        // 2019-20 publishes booking in weeks: England 00-04 weeks 1,660 + 05-09 weeks 192,685 (lines 1110-1111) of every
        // recorded band 343,735 (lines 1110-1122, missing at line 1123 left out) = 56.539%.
        var old = NationalIndicatorBenchmark.For(Store.Database, "BOOKED_BY_10W", null, "2019-20")!;
        Assert.Equal(("BOOKED_BY_10W_2019", "2019-20"), (old.Rate.Id, old.Year));
        Assert.Equal((194_345L, 343_735L), (old.England!.Numerator, old.England.Denominator));
        Assert.Equal(56.539, old.England.Value!.Value, 3);
        Assert.Equal(["2022-23", "2021-22", "2019-20"], old.Years);
        // 2022-23 publishes it in days: England 0 to 70 days 323,930 of 323,930 + 142,160 + 42,765 + 19,820 (lines 7838-7841) = 61.272%.
        var latest = NationalIndicatorBenchmark.For(Store.Database, "BOOKED_BY_10W", null)!;
        Assert.Equal(("BOOKED_BY_10W", "2022-23"), (latest.Rate.Id, latest.Year));
        Assert.Equal(61.272, latest.England!.Value!.Value, 3);
        var england = Assert.Single(latest.Trend);
        Assert.Equal(["2019-20", "2021-22", "2022-23"], latest.TrendYears);
        Assert.Equal(56.539, england.Figures[0]!.Value!.Value, 3);
        Assert.Equal(61.272, england.Figures[2]!.Value!.Value, 3);
        Assert.Contains("choose a trust", latest.PeersChosen, StringComparison.Ordinal);
    }
}
