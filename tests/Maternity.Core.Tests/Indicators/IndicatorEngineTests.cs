using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Tests.Ingest;

namespace Maternity.Tests.Indicators;

/// <summary>
/// Three pregnancies at X1A, worked by hand:
/// M1 White, LSOA in IMD decile 1; M2 Black, no residence recorded; M3 ethnicity not stated, LSOA in decile 10.
/// Babies: B1 (M1) live at 280 days; B2 (M2) live at 250 days, preterm; B3 (M3) stillborn at 200 days.
/// </summary>
public sealed class IndicatorEngineTests : IDisposable
{
    private readonly TestStore _store = new();

    public IndicatorEngineTests()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        ImdImporter.Import(_store.Database, _store.File("imd.csv", """
            LSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile
            E01900001,Test 001A,E08999990,Test,12,1
            E01900002,Test 001B,E08999990,Test,"32,000",10
            """));
        IngestFixture.LoadParents(_store);
        Ingester.Ingest(_store.Database, _store.File("MSD401BabyDemographics.csv", $"""
            {IngestFixture.BabyHeader}
            X1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,3400,
            X1A,2025-04-01,B2,L2,P2,2025-04-11,01,250,2600,
            X1A,2025-04-01,B3,L3,P3,2025-04-12,02,200,900,
            """));
        IndicatorEngine.Compute(_store.Database);
    }

    public void Dispose() => _store.Dispose();

    [Theory]
    // indicator, org, breakdown, group, numerator, denominator
    [InlineData("DQ_ETHNICITY_VALID", "X1A", "Total", "Total", 2, 3)]
    [InlineData("DQ_ETHNICITY_VALID", "X1A", "EthnicGroup", "Not stated", 0, 1)]
    [InlineData("DQ_ETHNICITY_VALID", "X1A", "EthnicGroup", "Black", 1, 1)]
    [InlineData("DQ_ETHNICITY_VALID", "LMNSX1", "Total", "Total", 2, 3)]
    [InlineData("DQ_RESIDENCE_RECORDED", "X1A", "Total", "Total", 2, 3)]
    [InlineData("DQ_RESIDENCE_RECORDED", "X1A", "EthnicGroup", "Black", 0, 1)]
    [InlineData("PRETERM_37", "X1A", "Total", "Total", 1, 2)]
    [InlineData("PRETERM_37", "X1A", "EthnicGroup", "White", 0, 1)]
    [InlineData("PRETERM_37", "X1A", "ImdQuintile", "Unknown", 1, 1)]
    [InlineData("PRETERM_37", "X1A", "ImdQuintile", "1", 0, 1)]
    [InlineData("STILLBIRTH_RATE", "X1A", "Total", "Total", 1, 3)]
    [InlineData("STILLBIRTH_RATE", "X1A", "ImdQuintile", "5", 1, 1)]
    [InlineData("STILLBIRTH_RATE", "LMNSX1", "EthnicGroup", "Not stated", 1, 1)]
    public void CountsEqualTheHandWorkedValues(string indicator, string org, string breakdown, string group, long numerator, long denominator)
    {
        var count = Assert.Single(IndicatorEngine.Read(_store.Database, indicator, org, breakdown), c => c.GroupCode == group);
        Assert.Equal((numerator, denominator), (count.Numerator, count.Denominator));
        Assert.Equal(("exact", IndicatorEngine.RecordLevel), (count.Exactness, count.Source));
    }

    [Fact]
    public void BookingsCountInTheBookingMonthAndBirthsInTheBirthMonth()
    {
        Assert.All(IndicatorEngine.Read(_store.Database, "DQ_ETHNICITY_VALID"), c => Assert.Equal(new DateOnly(2024, 9, 1), c.PeriodStart));
        Assert.All(IndicatorEngine.Read(_store.Database, "PRETERM_37"), c => Assert.Equal(new DateOnly(2025, 4, 1), c.PeriodStart));
    }

    [Fact]
    public void StillbirthRateIsPerThousandTotalBirths()
    {
        var row = IndicatorSummary.For(_store.Database, Catalogue.Find("STILLBIRTH_RATE")!, "X1A", new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 1))[0];
        Assert.Equal(1000.0 / 3, row.Value.Interval.Value, 9);
        Assert.Equal("Exact", row.Value.Interval.Method);
    }

    [Fact]
    public void RecomputingReplacesTheCountsRatherThanAddingToThem()
    {
        var before = IndicatorEngine.Read(_store.Database).Count;
        IndicatorEngine.Compute(_store.Database);
        Assert.Equal(before, IndicatorEngine.Read(_store.Database).Count);
    }
}
