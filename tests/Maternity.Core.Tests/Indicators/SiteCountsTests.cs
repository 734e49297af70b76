using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Security;

namespace Maternity.Tests.Indicators;

/// <summary>Site-level counts belong to the provider whose records they are, whatever site code the records carry.</summary>
public sealed class SiteCountsTests : IDisposable
{
    private readonly TestStore _store = new();

    public SiteCountsTests()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        // X1A and X1B each book women in September 2024 with no site recorded; X1A also books two at X1B's hospital.
        Load("MSD001MotherDemog.csv", """
            OrgCodeProvider,RPStartDate,LPIDMother,PersonBirthDateMother,EthnicCategoryMother
            X1A,2024-09-01,M1,1990-05-01,A
            X1A,2024-09-01,M2,1988-01-20,N
            X1A,2024-09-01,M3,1991-02-02,H
            X1B,2024-09-01,M1,1992-03-03,A
            X1B,2024-09-01,M2,1993-04-04,M
            """);
        Load("MSD101PregnancyBooking.csv", """
            OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate,GestAgeBooking,ComplexSocialFactorsInd,OrgSiteIDBooking
            X1A,2024-09-01,P1,M1,2024-09-10,70,N,
            X1A,2024-09-01,P2,M2,2024-09-15,84,Y,X1B01
            X1A,2024-09-01,P3,M3,2024-09-16,84,N,X1B01
            X1B,2024-09-01,P1,M1,2024-09-12,70,N,
            X1B,2024-09-01,P2,M2,2024-09-18,77,N,X1B01
            """);
        IndicatorEngine.Compute(_store.Database);
    }

    public void Dispose() => _store.Dispose();

    private void Load(string name, string content) => Assert.Equal(0, Ingester.Ingest(_store.Database, _store.File(name, content)).RowsQuarantined);

    private Access As(Role role, params string[] orgs) => Access.Resolve(_store.Database, role.ToString(), role, orgs);

    [Fact]
    public void TwoTrustsWithNoSiteRecordedInOneMonthHaveTheirOwnSiteCountsAndEveryRoleCanReadThem()
    {
        var exact = IndicatorEngine.Read(_store.Database, TestAccess.Admin, "DQ_CSF_RECORDED");
        var sites = exact.Where(c => c.OrgLevel == "Site" && c.Breakdown == "Total").ToDictionary(c => c.OrgCode, c => c.Denominator);
        Assert.Equal(new Dictionary<string, long> { ["X1A/UNKNOWN"] = 1, ["X1B/UNKNOWN"] = 1, ["X1A/X1B01"] = 2, ["X1B01"] = 1 }, sites);
        Assert.Equal(exact.Count, exact.Select(c => (c.OrgCode, c.Breakdown, c.GroupCode, c.PeriodStart)).Distinct().Count());

        // Disclosure control reckons every site under its provider: no role's read fails.
        foreach (var access in new[] { As(Role.Viewer), As(Role.TrustUser, "X1A"), As(Role.TrustUser, "X1C"), As(Role.Analyst, "LMNSX1") })
            foreach (var definition in Catalogue.Definitions)
                IndicatorEngine.Read(_store.Database, access, definition.Id);
    }

    [Fact]
    public void ATrustDoesNotSeeTheExactCountsOfAnotherTrustsRecordsCodedAtItsSite()
    {
        var x1b = IndicatorEngine.Read(_store.Database, As(Role.TrustUser, "X1B"), "DQ_CSF_RECORDED", breakdown: "Total")
            .Where(c => c.OrgLevel == "Site").ToDictionary(c => c.OrgCode);
        // Its own booking at its own hospital: exact. X1A's two bookings there: X1A's, so suppressed (or withheld).
        Assert.Equal(("exact", 1L), (x1b["X1B01"].Exactness, x1b["X1B01"].Denominator));
        Assert.Equal(("exact", 1L), (x1b["X1B/UNKNOWN"].Exactness, x1b["X1B/UNKNOWN"].Denominator));
        Assert.All(x1b.Values.Where(c => c.OrgCode.StartsWith("X1A/", StringComparison.Ordinal)), c => Assert.Equal("suppressed", c.Exactness));

        var x1a = IndicatorEngine.Read(_store.Database, As(Role.TrustUser, "X1A"), "DQ_CSF_RECORDED", breakdown: "Total")
            .Where(c => c.OrgLevel == "Site").ToDictionary(c => c.OrgCode);
        Assert.Equal(("exact", 2L), (x1a["X1A/X1B01"].Exactness, x1a["X1A/X1B01"].Denominator));
        Assert.Equal("suppressed", x1a["X1B01"].Exactness);
    }
}
