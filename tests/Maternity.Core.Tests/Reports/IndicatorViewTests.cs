using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Tests.Ingest;

namespace Maternity.Tests.Reports;

/// <summary>Indicator views are kept between requests, and never outlive the counts they were built from.</summary>
public sealed class IndicatorViewTests
{
    [Fact]
    public void AKeptViewIsRebuiltOnceTheCountsChange()
    {
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        IngestFixture.LoadParents(store);
        IndicatorEngine.Compute(store.Database);
        var definition = Catalogue.Find("DQ_ETHNICITY_VALID")!;
        var first = IndicatorView.Build(store.Database, TestAccess.Admin, definition, "X1A");
        Assert.Same(first, IndicatorView.Build(store.Database, TestAccess.Admin, definition, "X1A"));
        Assert.Equal((2L, 3L), (first.Total!.Numerator, first.Total.Denominator));

        // A fourth woman booked in September 2024, with a valid ethnic category.
        Assert.Equal(0, Ingester.Ingest(store.Database, store.File("MSD001MotherDemog.csv", IngestFixture.Mothers + "\nX1A,2024-09-01,M4,1992-02-02,A,ZX4 4DD,E01900001\n")).RowsQuarantined);
        Assert.Equal(0, Ingester.Ingest(store.Database, store.File("MSD101PregnancyBooking.csv", IngestFixture.Bookings + "\nX1A,2024-09-01,P4,M4,2024-09-25,70,N\n")).RowsQuarantined);
        IndicatorEngine.Compute(store.Database);
        var after = IndicatorView.Build(store.Database, TestAccess.Admin, definition, "X1A");
        Assert.NotSame(first, after);
        Assert.Equal((3L, 4L), (after.Total!.Numerator, after.Total.Denominator));
    }
}
