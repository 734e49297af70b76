using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Tests.Ingest;

namespace Maternity.Tests.Reports;

/// <summary>
/// A page's request asks for the counts' version once (not once per indicator), and the views callers were shown are
/// built again after a compute, before anyone asks.
/// </summary>
public sealed class CountsFreshnessTests
{
    [Fact]
    public void WithinOneVersionCheckTheStoreIsAskedOnce()
    {
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        IngestFixture.LoadParents(store);
        IndicatorEngine.Compute(store.Database);
        var first = IndicatorEngine.Read(store.Database, TestAccess.Admin, "DQ_ETHNICITY_VALID");
        using (IndicatorEngine.OneVersionCheck())
        {
            Assert.Same(first, IndicatorEngine.Read(store.Database, TestAccess.Admin, "DQ_ETHNICITY_VALID"));
            // The counts change (a later load) while the request runs: the request keeps the version it asked for.
            IndicatorEngine.Compute(store.Database, full: true);
            Assert.Same(first, IndicatorEngine.Read(store.Database, TestAccess.Admin, "DQ_ETHNICITY_VALID"));
        }
        // The next request asks again and sees the new counts.
        using (IndicatorEngine.OneVersionCheck())
            Assert.NotSame(first, IndicatorEngine.Read(store.Database, TestAccess.Admin, "DQ_ETHNICITY_VALID"));
    }

    [Fact]
    public void AViewShownBeforeAComputeIsBuiltAgainByWarmingNotByTheNextCaller()
    {
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        IngestFixture.LoadParents(store);
        IndicatorEngine.Compute(store.Database);
        var definition = Catalogue.Find("DQ_ETHNICITY_VALID")!;
        var first = IndicatorView.Build(store.Database, TestAccess.Admin, definition, "X1A");

        Assert.Equal(0, Ingester.Ingest(store.Database, store.File("MSD001MotherDemog.csv", IngestFixture.Mothers + "\nX1A,2024-09-01,M4,1992-02-02,A,ZX4 4DD,E01900001\n")).RowsQuarantined);
        Assert.Equal(0, Ingester.Ingest(store.Database, store.File("MSD101PregnancyBooking.csv", IngestFixture.Bookings + "\nX1A,2024-09-01,P4,M4,2024-09-25,70,N\n")).RowsQuarantined);
        var summary = IndicatorEngine.Compute(store.Database);
        Assert.Contains(new DateOnly(2024, 9, 1), summary.Months);

        var warmed = Assert.Single(IndicatorView.Warm(store.Database));
        Assert.NotSame(first, warmed);
        Assert.Equal((3L, 4L), (warmed.Total!.Numerator, warmed.Total.Denominator));
        // The caller after the warming is handed the view the warming built.
        Assert.Same(warmed, IndicatorView.Build(store.Database, TestAccess.Admin, definition, "X1A"));
    }
}
