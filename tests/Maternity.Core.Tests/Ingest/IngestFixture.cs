using Maternity.Ingest;

namespace Maternity.Tests.Ingest;

/// <summary>Small, visible MSDS-shaped files: three pregnancies at X1A booked in March 2025 and delivered in April.</summary>
internal static class IngestFixture
{
    public const string Mothers = """
        OrgCodeProvider,RPStartDate,LPIDMother,PersonBirthDateMother,EthnicCategoryMother,Postcode,LSOAMother2011
        X1A,2024-09-01,M1,1990-05-01,A,ZX1 1AA,E01900001
        X1A,2024-09-01,M2,1988-01-20,N,,
        X1A,2024-09-01,M3,1995-07-07,Z,ZX2 2BB,E01900002
        """;

    public const string Bookings = """
        OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate,GestAgeBooking,ComplexSocialFactorsInd
        X1A,2024-09-01,P1,M1,2024-09-10,70,N
        X1A,2024-09-01,P2,M2,2024-09-15,84,Y
        X1A,2024-09-01,P3,M3,2024-09-20,63,N
        """;

    public const string Deliveries = """
        OrgCodeProvider,RPStartDate,LabourDeliveryID,PregnancyID
        X1A,2025-04-01,L1,P1
        X1A,2025-04-01,L2,P2
        X1A,2025-04-01,L3,P3
        """;

    public const string BabyHeader = "OrgCodeProvider,RPStartDate,LPIDBaby,LabourDeliveryID,PregnancyID,PersonBirthDateBaby,PregOutcome,GestationLengthBirth,BirthWeight,PersonDeathDateBaby";

    /// <summary>Loads mothers, bookings and deliveries; babies are left to the test.</summary>
    public static void LoadParents(TestStore store)
    {
        foreach (var (name, content) in new[] { ("MSD001MotherDemog.csv", Mothers), ("MSD101PregnancyBooking.csv", Bookings), ("MSD301LabourDelivery.csv", Deliveries) })
        {
            var report = Ingester.Ingest(store.Database, store.File(name, content));
            Assert.Equal(0, report.RowsQuarantined);
        }
    }
}
