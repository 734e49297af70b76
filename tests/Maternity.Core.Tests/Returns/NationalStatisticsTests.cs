using Maternity.Indicators;
using Maternity.Returns;

namespace Maternity.Tests.Returns;

public sealed class NationalStatisticsTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void AMonthlyDataFileImportsAndItsCountsAreLabelledPublishedRounded()
    {
        // Written for this test in the layout of the Maternity Services Monthly Statistics data file.
        var file = _store.File("msds-jun2025-exp-data.csv", """
            ReportingPeriodStartDate,ReportingPeriodEndDate,Dimension,Org_Level,Org_Code,Org_Name,Measure,Count_Of,Final_value
            2025-06-01,2025-06-30,BirthweightTermGroup2500,National,ALL,ALL SUBMITTERS,Under 2500g,Babies,1195
            2025-06-01,2025-06-30,BirthweightTermGroup2500,National,ALL,ALL SUBMITTERS,2500g and over,Babies,30640
            2025-06-01,2025-06-30,BirthweightTermGroup2500,National,ALL,ALL SUBMITTERS,Missing value / Value outside reporting parameters,Babies,12920
            2025-06-01,2025-06-30,BirthweightTermGroup2500,Provider,R0A,"MANCHESTER UNIVERSITY NHS FOUNDATION TRUST",Under 2500g,Babies,45
            2025-06-01,2025-06-30,BirthweightTermGroup2500,Provider,R0A,"MANCHESTER UNIVERSITY NHS FOUNDATION TRUST",2500g and over,Babies,1005
            2025-06-01,2025-06-30,EthnicCategoryMotherGroup,Provider,R0A,"MANCHESTER UNIVERSITY NHS FOUNDATION TRUST",White,Deliveries,600
            2025-06-01,2025-06-30,EthnicCategoryMotherGroup,Provider,R0A,"MANCHESTER UNIVERSITY NHS FOUNDATION TRUST",Asian or Asian British,Deliveries,250
            2025-06-01,2025-06-30,EthnicCategoryMotherGroup,Provider,R0A,"MANCHESTER UNIVERSITY NHS FOUNDATION TRUST",Not Stated,Deliveries,100
            2025-06-01,2025-06-30,TotalDeliveries,Provider,R0A,"MANCHESTER UNIVERSITY NHS FOUNDATION TRUST",,Deliveries,1040
            """);

        var result = NationalStatistics.Import(_store.Database, file);

        Assert.Empty(result.Problems);
        Assert.Equal(9, result.RowsRead);
        var england = Assert.Single(IndicatorEngine.Read(_store.Database, TestAccess.Admin, "LBW_TERM", "ENGLAND"));
        Assert.Equal((1195L, 31835L, "published-rounded", "Month", new DateOnly(2025, 6, 1)), (england.Numerator, england.Denominator, england.Exactness, england.PeriodType, england.PeriodStart));
        Assert.Equal("national monthly 2025-06", england.Source);
        var ethnicity = Assert.Single(IndicatorEngine.Read(_store.Database, TestAccess.Admin, "DQ_ETHNICITY_VALID", "R0A"));
        Assert.Equal((850L, 950L), (ethnicity.Numerator, ethnicity.Denominator));
    }

    [Fact]
    public void ANonStatisticsFileIsRefused() =>
        Assert.Contains("not a national maternity statistics file", Assert.Throws<InvalidDataException>(() =>
            NationalStatistics.Import(_store.Database, _store.File("x.csv", "a,b\n1,2\n"))).Message, StringComparison.Ordinal);

    /// <summary>The four published annual files (in ../shared/data in CI) through the product's importer, 2019-20's older layout included.</summary>
    [Theory]
    [InlineData("hosp-epis-stat-mat-msdscsv-2019-20.csv", 2019)]
    [InlineData("hosp-epis-stat-mat-msdscsv-2020-21.csv", 2020)]
    [InlineData("hosp-epis-stat-mat-msdscsv-2021-22.csv", 2021)]
    [InlineData("hosp-epis-stat-mat-msdscsv-2022-23.csv", 2022)]
    public void ThePublishedAnnualFilesImport(string name, int year)
    {
        var path = SharedData.Find(name);
        Assert.SkipWhen(path is null, $"{name} is not beside the checkout (../shared/data); CI provides it");

        var result = NationalStatistics.Import(_store.Database, path!);

        Assert.Empty(result.Problems);
        var counts = IndicatorEngine.Read(_store.Database, TestAccess.Admin);
        Assert.All(counts, c => Assert.Equal(("published-rounded", "FinancialYear", new DateOnly(year, 4, 1)), (c.Exactness, c.PeriodType, c.PeriodStart)));
        Assert.Contains(counts, c => c.OrgLevel == "Provider");
        Assert.Contains(counts, c => c.OrgLevel == "Region");
        var smoking = counts.Single(c => c.IndicatorId == "SMOKING_BOOKING" && c.OrgCode == "ENGLAND");
        if (year == 2022)
        {
            Assert.Equal((51_120L, 51_120L + 335_835L), (smoking.Numerator, smoking.Denominator));
            var ethnicity = counts.Single(c => c.IndicatorId == "DQ_ETHNICITY_VALID" && c.OrgCode == "ENGLAND");
            Assert.Equal((361_155L + 70_005 + 29_530 + 12_785 + 21_305, 531_000L), (ethnicity.Numerator, ethnicity.Denominator));
        }
        if (year == 2019) Assert.Equal((3_255L, 3_255L + 22_640L), (smoking.Numerator, smoking.Denominator));
    }
}
