using System.Text.Json;
using Maternity.Indicators;
using Maternity.National;
using Maternity.Security;

namespace Maternity.Tests.National;

/// <summary>
/// The financial year of the national figures: the overview of a store holding only the public files shows the year
/// asked for (the /national pages' chooser), and every CSV and JSON output of a financial-year result carries the label
/// the pages show ("2022-23") beside its dates. Reference values are cells of hosp-epis-stat-mat-msdscsv-2021-22.csv
/// and -2022-23.csv (line numbers of the raw files cited), worked by hand.
/// </summary>
public sealed class NationalYearTests : IDisposable
{
    private readonly TwoPublishedYears _years = new();

    private TestStore Store => _years.Store;

    public void Dispose() => _years.Dispose();

    private void RequireFiles() => _years.Require();

    [Fact]
    public void TheOverviewShowsTheFinancialYearAskedFor()
    {
        RequireFiles();
        var overview = NationalOverview.Build(Store.Database, "R0A", [], "2021-22")!;

        Assert.Equal("2021-22", overview.Year);
        Assert.Equal(["2022-23", "2021-22"], overview.Years);
        var smoking = Assert.Single(overview.Rows, r => r.Rate.Id == "SMOKING_BOOKING");
        // 2021-22, R0A: Smoker 15 (line 15407), Non-Smoker / Ex-Smoker 115 (line 15406); TotalDeliveries 16,470 (line 15917).
        Assert.Equal((15L, 130L, 16_470L), (smoking.Org!.Numerator, smoking.Org.Denominator, smoking.Org.Total));
        Assert.Equal(11.538, smoking.Org.Value!.Value, 3); // 15 / 130
        Assert.Equal(0.789, smoking.Org.Coverage!.Value, 3); // 130 / 16,470: far below the 50% threshold
        Assert.True(smoking.Org.LowCoverage);
        // England 2021-22: 24,295 of 192,000 + 24,295 (lines 15383, 15382) = 11.232%.
        Assert.Equal(11.232, smoking.England!.Value!.Value, 3);
    }

    [Fact]
    public void TheOverviewFallsBackToTheLatestYearWhenTheYearAskedForIsNotPublished()
    {
        RequireFiles();
        Assert.Equal("2022-23", NationalOverview.Build(Store.Database, "R0A", [])!.Year);
        Assert.Equal("2022-23", NationalOverview.Build(Store.Database, "R0A", [], "2030-31")!.Year);
        Assert.Equal("2022-23", NationalOverview.Build(Store.Database, "R0A", [], "not a year")!.Year);
        Assert.Equal("2021-22", NationalOverview.Build(Store.Database, "R0A", [], "2021")!.Year);
    }

    [Fact]
    public void ResultsAsCsvAndJsonCarryTheFinancialYearLabelBesideTheDates()
    {
        RequireFiles();
        var results = IndicatorEngine.Results(Store.Database, Access.System("test"), Catalogue.Find("SMOKING_BOOKING")!,
            PeriodType.FinancialYear, "R0A", "Total");
        Assert.Equal(["2021-22", "2022-23"], results.Select(r => r.Period).Order());

        using var csv = new StringWriter();
        IndicatorExport.WriteCsv(results, csv);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(header.Length, lines[1].Split(',').Length);
        var period = Array.IndexOf(header, "period");
        var start = Array.IndexOf(header, "period_start");
        Assert.True(period >= 0 && start >= 0, lines[0]);
        // 2022-23, R0A: 1,125 smokers of 9,340 (lines 15159, 15158 of the 2022-23 file).
        var row = lines.Skip(1).Select(l => l.Split(',')).Single(c => c[period] == "2022-23");
        Assert.Equal("2022-04-01", row[start]);
        Assert.Equal(("1125", "9340"), (row[Array.IndexOf(header, "numerator")], row[Array.IndexOf(header, "denominator")]));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(results));
        Assert.Equal(["2021-22", "2022-23"], json.RootElement.EnumerateArray().Select(e => e.GetProperty("Period").GetString()!).Order());
    }

    [Fact]
    public void StoredCountsCarryTheLabelToo()
    {
        RequireFiles();
        var counts = IndicatorEngine.Read(Store.Database, Access.System("test"), "SMOKING_BOOKING", "R0A", "Total");
        Assert.Contains(counts, c => c.PeriodType == "FinancialYear" && c.Period == "2021-22" && c.Numerator == 15);
    }

    [Fact]
    public void TheShowCommandTakesAPublishedYearAndRefusesOneThatIsNot()
    {
        RequireFiles();
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var run = TestCli.Run(cli!, ["national", "show", "SMOKING_BOOKING", "--org", "R0A", "--year", "2021-22", .. TestCli.StoreArguments(Store)]);
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("2021-22", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("2022-23", run.Output, StringComparison.Ordinal);

        var missing = TestCli.Run(cli!, ["national", "show", "--year", "2030-31", .. TestCli.StoreArguments(Store)]);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("'2030-31' is not a financial year of the loaded publications", missing.Output, StringComparison.Ordinal);
    }
}
