using Dapper;
using Maternity.Indicators;
using Maternity.National;
using Maternity.Returns;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Tests.National;

/// <summary>
/// The national publication in full: every dimension of the four published annual files stored, suppressed and blank
/// cells kept as missing, a period loaded twice stored once, coverage and rounding shown honestly. Reference values are
/// the raw CSV cells (file and line cited) worked by hand; the Wilson limits are Newcombe's formula worked separately.
/// </summary>
public sealed class NationalPublicationTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>Rows read per published dimension, counted from the raw files with a spreadsheet filter on the Dimension column.</summary>
    [Theory]
    [InlineData("hosp-epis-stat-mat-msdscsv-2019-20.csv", 5_751, 11, "GESTATIONATBOOKING", 1_618, "GestationAtBookingWeeks")]
    [InlineData("hosp-epis-stat-mat-msdscsv-2020-21.csv", 16_160, 21, "DeprivationDecileAtBooking", 1_729, "DeprivationDecileAtBooking")]
    [InlineData("hosp-epis-stat-mat-msdscsv-2021-22.csv", 16_038, 21, "EthnicCategoryMotherGroup", 1_056, "EthnicCategoryMotherGroup")]
    [InlineData("hosp-epis-stat-mat-msdscsv-2022-23.csv", 15_785, 21, "PlaceTypeActualDeliveryMidwifery", 1_950, "PlaceTypeActualDeliveryMidwifery")]
    public void EveryRowOfEveryDimensionOfThePublishedFilesIsStored(string name, long rows, int dimensions, string sample, long sampleRows, string canonical)
    {
        var path = SharedData.Find(name);
        Assert.SkipWhen(path is null, $"{name} is not beside the checkout (../shared/data); CI provides it");

        var result = NationalStatistics.Import(_store.Database, path!);

        Assert.Equal((rows, rows, 0L), (result.RowsRead, result.RowsStored, (long)result.Skipped.Count));
        Assert.Equal(0, result.MissingCells);
        Assert.Equal(dimensions, result.Dimensions.Count);
        Assert.All(result.Dimensions, d => Assert.Equal((d.Read, 0L), (d.Stored, d.Skipped)));
        var dimension = Assert.Single(result.Dimensions, d => d.Published == sample);
        Assert.Equal((sampleRows, canonical), (dimension.Stored, dimension.Canonical));
        using var connection = _store.Database.Open();
        Assert.Equal(rows, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM national_count"));
    }

    [Fact]
    public void EnglandAndATrustMatchTheRawCellsWithCoverage()
    {
        var y2019 = SharedData.Find("hosp-epis-stat-mat-msdscsv-2019-20.csv");
        var y2022 = SharedData.Find("hosp-epis-stat-mat-msdscsv-2022-23.csv");
        Assert.SkipWhen(y2019 is null || y2022 is null, "the published files are not beside the checkout (../shared/data); CI provides them");
        NationalStatistics.Import(_store.Database, y2019!);
        NationalStatistics.Import(_store.Database, y2022!);

        var smoking = NationalView.Figures(_store.Database, NationalMapping.FindRate("SMOKING_BOOKING")!);
        // 2019-20 file lines 5160 (Smoker 3,255), 5159 (Non-Smoker / Ex-Smoker 22,640), 5633 (TOTAL DELIVERIES 347,635).
        var england2019 = smoking.Single(f => f.Org == "ENGLAND" && f.Period == "2019-20");
        Assert.Equal((3_255L, 25_895L, 347_635L), (england2019.Numerator, england2019.Denominator, england2019.Total));
        Assert.Equal(12.570, england2019.Value!.Value, 3);
        Assert.Equal(12.172, england2019.Value.Lower, 3);
        Assert.Equal(12.979, england2019.Value.Upper, 3);
        Assert.Equal(7.449, england2019.Coverage!.Value, 3);
        Assert.True(england2019.LowCoverage);

        // 2022-23 file lines 15159 (R0A Smoker 1,125), 15158 (Non-Smoker / Ex-Smoker 8,215), 15665 (TotalDeliveries 14,120).
        var r0a = smoking.Single(f => f.Org == "R0A" && f.Period == "2022-23");
        Assert.Equal((1_125L, 9_340L, 14_120L), (r0a.Numerator, r0a.Denominator, r0a.Total));
        Assert.Equal(12.045, r0a.Value!.Value, 3);
        Assert.Equal(66.147, r0a.Coverage!.Value, 3);
        Assert.False(r0a.LowCoverage);
        Assert.Equal("Manchester University NHS Foundation Trust", r0a.OrgName);
        // England 2022-23 lines 15135 and 15134: 51,120 / 386,955 = 13.21%, above R0A's interval 11.40 to 12.72.
        var england2022 = smoking.Single(f => f.Org == "ENGLAND" && f.Period == "2022-23");
        Assert.Equal("lower", NationalView.Verdict(r0a, england2022));
        Assert.Equal("not compared: coverage below the threshold", NationalView.Verdict(r0a with { LowCoverage = true }, england2022));

        // Booked by 10+0 weeks, England 2022-23, lines 7838-7841: 323,930 / (323,930 + 142,160 + 42,765 + 19,820) = 61.27%.
        var booked = NationalView.Figures(_store.Database, NationalMapping.FindRate("BOOKED_BY_10W")!).Single(f => f.Org == "ENGLAND" && f.Period == "2022-23");
        Assert.Equal((323_930L, 528_675L), (booked.Numerator, booked.Denominator));
        Assert.Equal(99.562, booked.Coverage!.Value, 3);

        // Deliveries by ethnic group, 2022-23 lines 6199-6206 (R0A: White 6,730 of 13,070) against England (361,155 of 531,000).
        var ethnic = NationalView.Profiles(_store.Database, "R0A", new DateOnly(2022, 4, 1)).Single(p => p.Dimension == "EthnicCategoryMotherGroup");
        var white = ethnic.Rows.Single(r => r.Category == "White");
        Assert.Equal((6_730L, 361_155L), (white.Count, white.England));
        Assert.Equal(51.492, white.Share!.Value, 3);
        Assert.Equal(68.014, white.EnglandShare!.Value, 3);

        var publications = NationalView.Publications(_store.Database);
        Assert.Equal(["2022-23", "2019-20"], publications.Select(p => p.Label));
    }

    [Fact]
    public void SuppressedAndBlankCellsAreMissingNeverZeroAndTheirRatesAreNotShown()
    {
        // Written for this test in the annual layout: R1 has a '*' numerator, R2 a blank denominator part, R3 a marker 'x'.
        var file = _store.File("fixture.csv", """
            Period,Dimension,Org_Level,Org_Code,Org_Name,Measure,Count_Of,Value
            2023-24,SmokingStatusGroupBooking,National,National,ALL SUBMITTERS,Smoker,Deliveries,100
            2023-24,SmokingStatusGroupBooking,National,National,ALL SUBMITTERS,Non-Smoker / Ex-Smoker,Deliveries,900
            2023-24,SmokingStatusGroupBooking,Provider,R1,TRUST ONE,Smoker,Deliveries,*
            2023-24,SmokingStatusGroupBooking,Provider,R1,TRUST ONE,Non-Smoker / Ex-Smoker,Deliveries,460
            2023-24,SmokingStatusGroupBooking,Provider,R2,TRUST TWO,Smoker,Deliveries,40
            2023-24,SmokingStatusGroupBooking,Provider,R2,TRUST TWO,Non-Smoker / Ex-Smoker,Deliveries,
            2023-24,SmokingStatusGroupBooking,Provider,R3,TRUST THREE,Smoker,Deliveries,x
            2023-24,SmokingStatusGroupBooking,Provider,R3,TRUST THREE,Non-Smoker / Ex-Smoker,Deliveries,300
            2023-24,TotalDeliveries,Provider,R1,TRUST ONE,,Deliveries,500
            2023-24,NotADimension,Provider,R1,TRUST ONE,A,Deliveries,5
            2023-24,SmokingStatusGroupBooking,Integrated Care Board,QOP,AN ICB,Smoker,Deliveries,5
            """);

        var result = NationalStatistics.Import(_store.Database, file);

        Assert.Equal((11L, 9L, 3L), (result.RowsRead, result.RowsStored, result.MissingCells));
        Assert.Equal(2, result.Skipped.Count);
        Assert.Equal((11L, "NotADimension"), (result.Skipped[0].Row, result.Skipped[0].Dimension));
        Assert.Contains("not a published dimension", result.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("fixture.csv row 12: column Org_Level: 'Integrated Care Board'", result.Problems[1], StringComparison.Ordinal);
        Assert.Equal(3, result.RatesWithheld);
        var counts = IndicatorEngine.Read(_store.Database, TestAccess.Admin, "SMOKING_BOOKING");
        Assert.Equal(["ENGLAND"], counts.Select(c => c.OrgCode));
        using (var connection = _store.Database.Open())
        {
            var stored = connection.Query<(long? Value, string? Marker)>(
                "SELECT value, marker FROM national_count WHERE org_code IN ('R1', 'R2', 'R3') AND value IS NULL ORDER BY org_code").ToList();
            Assert.Equal([(null, "*"), (null, ""), (null, "x")], stored);
        }
        var figures = NationalView.Figures(_store.Database, NationalMapping.FindRate("SMOKING_BOOKING")!);
        Assert.All(figures.Where(f => f.Level == "Provider"), f => Assert.Null(f.Value));
        Assert.Contains("'Smoker' is suppressed or blank", figures.Single(f => f.Org == "R1").Withheld, StringComparison.Ordinal);
        Assert.Equal("not shown", NationalView.Format(figures.Single(f => f.Org == "R2")));
    }

    [Fact]
    public void AYearLoadedTwiceUnderTwoNamesIsStoredOnceWithHistory()
    {
        const string Body = """
            Period,Dimension,Org_Level,Org_Code,Org_Name,Measure,Count_Of,Value
            2022-23,GestationLengthBirthGroup37,National,National,ALL SUBMITTERS,<37 weeks,Babies,40
            2022-23,GestationLengthBirthGroup37,National,National,ALL SUBMITTERS,>=37 weeks,Babies,460
            2022-23,TotalBabies,National,National,ALL SUBMITTERS,,Babies,600
            """;
        NationalStatistics.Import(_store.Database, _store.File("first.csv", Body), "analyst");
        var second = NationalStatistics.Import(_store.Database, _store.File("copy-of-first.csv", Body), "analyst");

        Assert.Contains("2022-23 loaded before from first.csv: the same file, reloaded", second.Replaced);
        var england = Assert.Single(IndicatorEngine.Read(_store.Database, TestAccess.Admin, "PRETERM_37", "ENGLAND"));
        Assert.Equal((40L, 500L), (england.Numerator, england.Denominator));
        using var connection = _store.Database.Open();
        Assert.Equal(3L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM national_count"));
        Assert.Equal("first.csv", connection.ExecuteScalar<string>("SELECT file_name FROM national_publication_history"));
        Assert.Equal("copy-of-first.csv", connection.ExecuteScalar<string>("SELECT file_name FROM national_publication"));
        Assert.Contains(AuditLog.List(_store.Database, TestAccess.Admin, action: "national.import"), e => e.Target == "copy-of-first.csv" && e.Detail.Contains("reloaded", StringComparison.Ordinal));
        // Coverage 500 of 600 babies = 83.3%: above 50%, below a threshold of 90.
        var rate = NationalMapping.FindRate("PRETERM_37")!;
        Assert.False(Assert.Single(NationalView.Figures(_store.Database, rate)).LowCoverage);
        var strict = Assert.Single(NationalView.Figures(_store.Database, rate, minCoverage: 90));
        Assert.Equal(83.333, strict.Coverage!.Value, 3);
        Assert.True(strict.LowCoverage);
    }

    [Fact]
    public void NoVerdictWhereTheRoundingCouldChangeIt()
    {
        // 40 of 400 is 10.0%, Wilson 7.43 to 13.33; England at 13.4 is above it ("lower"), but 42 of 398 (each of the two
        // published counts moved by 2) gives 7.90 to 13.96, which holds 13.4: the rounding could change the verdict.
        var org = new NationalView.Figure("2022-23", new DateOnly(2022, 4, 1), "Provider", "R1", "R1", 40, 400, 400, 100,
            Proportion.Wilson(40, 400, multiplier: 100), null, false, 2, 1);
        var england = org with { Level = "National", Org = "ENGLAND", Value = new Interval(13.4, 13.3, 13.5, "Wilson") };
        Assert.Equal("not judged: rounding could change it", NationalView.Verdict(org, england));
        Assert.Equal("lower", NationalView.Verdict(org, england with { Value = new Interval(14.5, 14.4, 14.6, "Wilson") }));
    }

    [Fact]
    public void AnLmnsIsTheSumOfItsTrusts()
    {
        var file = _store.File("lmns.csv", """
            Period,Dimension,Org_Level,Org_Code,Org_Name,Measure,Count_Of,Value
            2022-23,SmokingStatusGroupBooking,Provider,RA1,TRUST A,Smoker,Deliveries,10
            2022-23,SmokingStatusGroupBooking,Provider,RA1,TRUST A,Non-Smoker / Ex-Smoker,Deliveries,90
            2022-23,SmokingStatusGroupBooking,Provider,RB2,TRUST B,Smoker,Deliveries,30
            2022-23,SmokingStatusGroupBooking,Provider,RB2,TRUST B,Non-Smoker / Ex-Smoker,Deliveries,170
            """);
        using (var connection = _store.Database.Open())
        {
            connection.Execute("INSERT INTO org (org_code, org_name, org_type, parent_code) VALUES ('LMNS1', 'Test LMNS', 'LMNS', NULL)");
            connection.Execute("INSERT INTO org (org_code, org_name, org_type, parent_code) VALUES ('RA1', 'Trust A', 'Trust', 'LMNS1')");
            connection.Execute("INSERT INTO org (org_code, org_name, org_type, parent_code) VALUES ('RB2', 'Trust B', 'Trust', 'LMNS1')");
        }
        NationalStatistics.Import(_store.Database, file);

        var lmns = NationalView.Figures(_store.Database, NationalMapping.FindRate("SMOKING_BOOKING")!).Single(f => f.Org == "LMNS1");
        Assert.Equal(("LMNS", 40L, 300L), (lmns.Level, lmns.Numerator, lmns.Denominator));
        Assert.Equal("LMNS1", NationalView.Choose(_store.Database, null)!.Code);
        // The board pack's benchmark: the LMNS beside England for the latest year.
        var pack = NationalBenchmark.ForPack(_store.Database, "LMNS1")!;
        Assert.Equal(("LMNS1", "2022-23"), (pack.Org, pack.Year));
        Assert.Equal((40L, 300L), (pack.Rows.Single(r => r.Rate.Id == "SMOKING_BOOKING").Org!.Numerator, pack.Rows.Single(r => r.Rate.Id == "SMOKING_BOOKING").Org!.Denominator));
        using var empty = new TestStore();
        Assert.Null(NationalBenchmark.ForPack(empty.Database, "LMNS1"));
    }

    [Fact]
    public void EveryPublishedDimensionIsInTheMappingAndEveryRateNamesOne()
    {
        Assert.All(NationalMapping.Rates, r => Assert.NotNull(NationalMapping.Find(r.Dimension)));
        Assert.All(NationalMapping.Rates.Where(r => r.Indicator is not null), r => Assert.NotNull(Catalogue.Find(r.Indicator!)));
        Assert.Equal("SmokingStatusGroupBooking", NationalMapping.Find("SMOKINGATBOOKING")!.Name);
        Assert.Equal("02", NationalMapping.Category("DeprivationDecileAtBooking", "2"));
        Assert.Equal(NationalMapping.Missing, NationalMapping.Category("X", "Missing Value/Value outside reporting parameters"));
    }
    [Fact]
    public void TheCommandReportsEverySkippedRowAndExitsThree()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command is not built beside the tests");
        // 25 rows of a dimension the publication never had, and one good row.
        var rows = string.Join("\n", Enumerable.Range(1, 25).Select(i => $"2022-23,Invented,Provider,R{i},TRUST,A,Deliveries,5"));
        var file = _store.File("odd.csv", "Period,Dimension,Org_Level,Org_Code,Org_Name,Measure,Count_Of,Value\n"
            + "2022-23,TotalDeliveries,National,National,ALL SUBMITTERS,,Deliveries,100\n" + rows + "\n");
        var report = Path.Combine(_store.Directory, "skipped.csv");

        var run = TestCli.Run(cli!, ["returns", "import-national", file, "--report", report, .. TestCli.StoreArguments(_store)]);

        Assert.Equal(3, run.Exit);
        Assert.Contains("26 rows read, 1 stored, 25 skipped", run.Output, StringComparison.Ordinal);
        Assert.Contains("... and 5 more", run.Output, StringComparison.Ordinal);
        Assert.Equal(26, File.ReadAllLines(report).Length);
        var show = TestCli.Run(cli!, ["national", "list", .. TestCli.StoreArguments(_store)]);
        Assert.Equal(0, show.Exit);
        Assert.Contains("2022-23 (annual): odd.csv, 1 rows", show.Output, StringComparison.Ordinal);
    }
}
