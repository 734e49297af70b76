using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;

namespace Maternity.Tests.Indicators;

/// <summary>
/// Three pregnancies at trust X1A, every expected count worked out by hand from the rows below.
/// M1 White, LSOA in IMD decile 1; M2 Black, no residence; M3 ethnicity not stated, LSOA in decile 10.
/// P1 booked 2024-09-10 at 70 days, nulliparous; P2 booked 2024-09-15 at 84 days, one previous birth by caesarean;
/// P3 booked 2024-09-20 at 63 days, one previous vaginal birth.
/// B1 (P1) live at 280 days, vaginal, 3rd degree tear, blood loss 1,600 ml, smoker at delivery;
/// B2 (P2) live at 250 days, emergency caesarean, died on day 9; B3 (P3) stillborn at 185 days at the level 3 site.
/// </summary>
public sealed class IndicatorEngineTests(IndicatorEngineTests.HandBuilt data) : IClassFixture<IndicatorEngineTests.HandBuilt>
{
    private readonly TestStore _store = data.Store;

    /// <summary>The hand-built store, loaded once for the class.</summary>
    public sealed class HandBuilt : IDisposable
    {
        public TestStore Store { get; } = new();

        public HandBuilt()
        {
            OrgHierarchy.Demo.Store(Store.Database);
            ImdImporter.Import(Store.Database, Store.File("imd.csv", """
            LSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile
            E01900001,Test 001A,E08999990,Test,12,1
            E01900002,Test 001B,E08999990,Test,"32,000",10
            """));
            Load("MSD001MotherDemog.csv", """
            OrgCodeProvider,RPStartDate,LPIDMother,PersonBirthDateMother,EthnicCategoryMother,Postcode,LSOAMother2011
            X1A,2024-09-01,M1,1990-05-01,A,ZX1 1AA,E01900001
            X1A,2024-09-01,M2,1988-01-20,N,,
            X1A,2024-09-01,M3,1995-07-07,Z,ZX2 2BB,E01900002
            """);
            Load("MSD101PregnancyBooking.csv", """
            OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate,GestAgeBooking,ComplexSocialFactorsInd,InterpreterReqInd,PreviousCaesareanSections,PreviousLiveBirths,PreviousStillBirths,OrgSiteIDBooking
            X1A,2024-09-01,P1,M1,2024-09-10,70,N,N,0,0,0,X1A01
            X1A,2024-09-01,P2,M2,2024-09-15,84,Y,Y,1,1,0,X1A02
            X1A,2024-09-01,P3,M3,2024-09-20,63,,,0,1,0,X1A01
            """);
            Load("MSD102MatCarePlan.csv", """
            OrgCodeProvider,RPStartDate,PregnancyID,CarePlanDate,CarePlanType,MatPersCarePlanInd,ContCarePathInd,CareProfLID,TeamLocalID
            X1A,2024-09-01,P1,2024-09-24,05,Y,Y,MW1,T1
            X1A,2025-02-01,P1,2025-02-27,06,Y,,MW1,T1
            X1A,2025-03-01,P1,2025-03-14,07,Y,,MW1,T1
            X1A,2024-09-01,P2,2024-09-22,05,N,N,,T2
            """);
            Load("MSD202CareActivityPreg.csv", """
            OrgCodeProvider,RPStartDate,PregnancyID,CContactDate,ObsCode,ObsValue,UCUMUnit,FindingCode
            X1A,2024-09-01,P1,2024-09-10,50373000,165,cm,
            X1A,2024-09-01,P1,2024-09-10,27113001,60,kg,
            X1A,2024-09-01,P1,2024-09-10,,,,266919005
            X1A,2024-09-01,P1,2024-09-10,251900003,2,ppm,
            X1A,2025-04-01,P1,2025-04-09,,,,77176002
            X1A,2024-09-01,P2,2024-09-15,60621009,32,kg/m2,
            X1A,2024-09-01,P2,2024-09-15,,,,77176002
            X1A,2024-09-01,P3,2024-09-20,27113001,70,kg,
            X1A,2024-10-01,P3,2024-10-10,,,,8517006
            """);
            Load("MSD301LabourDelivery.csv", """
            OrgCodeProvider,RPStartDate,LabourDeliveryID,PregnancyID,OrgSiteIDActualDelivery,LabourOnsetMethod
            X1A,2025-04-01,L1,P1,X1A01,1
            X1A,2025-04-01,L2,P2,X1A02,4
            X1A,2025-04-01,L3,P3,X1A01,1
            """);
            Load("MSD302CareActivityLabDel.csv", """
            OrgCodeProvider,RPStartDate,LabourDeliveryID,ClinInterDateMother,BloodLoss,PerinealTearDegree
            X1A,2025-04-01,L1,2025-04-10,1600,3
            X1A,2025-04-01,L2,2025-04-11,400,
            X1A,2025-04-01,L3,2025-04-12,300,0
            """);
            Load("MSD401BabyDemographics.csv", """
            OrgCodeProvider,RPStartDate,LPIDBaby,LabourDeliveryID,PregnancyID,PersonBirthDateBaby,PregOutcome,GestationLengthBirth,BirthWeight,ApgarScore5,BabyFirstFeedIndCode,FetusPresentation,DeliveryMethodCode,PersonDeathDateBaby
            X1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,3400,9,01,1,0,
            X1A,2025-04-01,B2,L2,P2,2025-04-11,01,250,2600,6,03,1,8,2025-04-20
            X1A,2025-04-01,B3,L3,P3,2025-04-12,02,185,700,0,,1,0,
            """);
            IndicatorEngine.Compute(Store.Database);
        }

        public void Dispose() => Store.Dispose();

        private void Load(string name, string content) =>
            Assert.Equal(0, Ingester.Ingest(Store.Database, Store.File(name, content)).RowsQuarantined);
    }

    [Theory]
    // indicator, org, month, breakdown, group, numerator, denominator
    [InlineData("DQ_ETHNICITY_VALID", "X1A", "2024-09", "Total", "Total", 2, 3)]
    [InlineData("DQ_ETHNICITY_VALID", "X1A", "2024-09", "EthnicGroup", "Not stated", 0, 1)]
    [InlineData("DQ_ETHNICITY_VALID", "X1A", "2024-09", "EthnicCategory", "N", 1, 1)]
    [InlineData("DQ_ETHNICITY_VALID", "LMNSX1", "2024-09", "Total", "Total", 2, 3)]
    [InlineData("DQ_ETHNICITY_VALID", "X1A01", "2024-09", "Total", "Total", 1, 2)]
    [InlineData("DQ_RESIDENCE_RECORDED", "X1A", "2024-09", "Total", "Total", 2, 3)]
    [InlineData("DQ_RESIDENCE_RECORDED", "X1A", "2024-09", "EthnicGroup", "Black", 0, 1)]
    [InlineData("DQ_CSF_RECORDED", "X1A", "2024-09", "Total", "Total", 2, 3)]
    [InlineData("DQ_INTERPRETER_RECORDED", "X1A", "2024-09", "Total", "Total", 2, 3)]
    [InlineData("INTERPRETER_NEEDED", "X1A", "2024-09", "Total", "Total", 1, 2)]
    [InlineData("BOOKED_BY_10W", "X1A", "2024-09", "Total", "Total", 2, 3)]
    [InlineData("BOOKED_BY_13W", "X1A", "2024-09", "Total", "Total", 3, 3)]
    [InlineData("BOOKED_BY_10W", "X1A", "2024-09", "AgeBand", "30-34", 1, 1)]
    [InlineData("BOOKED_BY_10W", "X1A", "2024-09", "AgeBand", "35-39", 0, 1)]
    [InlineData("BOOKED_BY_10W", "X1A", "2024-09", "AgeBand", "25-29", 1, 1)]
    [InlineData("BOOKED_BY_10W", "X1A", "2024-09", "ImdDecile", "10", 1, 1)]
    [InlineData("BOOKED_BY_10W", "X1A", "2024-09", "EthnicGroupByImdQuintile", "White | 1", 1, 1)]
    [InlineData("DQ_PCSP_RECORDED", "X1A", "2024-09", "Total", "Total", 2, 3)]
    [InlineData("SMOKING_BOOKING", "X1A", "2024-09", "Total", "Total", 1, 2)]
    [InlineData("CO_TEST_BOOKING", "X1A", "2024-09", "Total", "Total", 1, 3)]
    [InlineData("DQ_BMI_BY_15W", "X1A", "2024-10", "Total", "Total", 2, 2)]
    [InlineData("DQ_BMI_BY_15W", "X1A", "2024-11", "Total", "Total", 0, 1)]
    [InlineData("OBESITY_AT_BOOKING", "X1A", "2024-10", "Total", "Total", 1, 2)]
    [InlineData("DQ_COC_CARE_PLAN", "X1A", "2025-01", "Total", "Total", 2, 2)]
    [InlineData("DQ_COC_LEAD_AND_TEAM", "X1A", "2025-01", "Total", "Total", 1, 2)]
    [InlineData("DQ_COC_CARE_PROFESSIONAL", "X1A", "2025-01", "Total", "Total", 1, 1)]
    [InlineData("COC_PATHWAY_29W", "X1A", "2025-01", "Total", "Total", 1, 2)]
    [InlineData("COC_PATHWAY_29W_PRIORITY", "X1A", "2025-01", "Total", "Total", 1, 2)]
    [InlineData("PCSP_ALL_PATHWAYS", "X1A", "2025-03", "Total", "Total", 1, 1)]
    [InlineData("PCSP_ANTENATAL_BY_17W", "X1A", "2025-03", "Total", "Total", 1, 1)]
    [InlineData("PRETERM_37", "X1A", "2025-04", "Total", "Total", 1, 2)]
    [InlineData("PRETERM_37", "X1A", "2025-04", "EthnicGroup", "White", 0, 1)]
    [InlineData("PRETERM_37", "X1A", "2025-04", "ImdQuintile", "Unknown", 1, 1)]
    [InlineData("PRETERM_34", "X1A", "2025-04", "Total", "Total", 0, 2)]
    [InlineData("EXTREME_PRETERM_LEVEL3", "X1A", "2025-04", "Total", "Total", 1, 1)]
    [InlineData("LBW_TERM", "X1A", "2025-04", "Total", "Total", 0, 1)]
    [InlineData("STILLBIRTH_RATE", "X1A", "2025-04", "Total", "Total", 1, 3)]
    [InlineData("STILLBIRTH_RATE", "X1A", "2025-04", "ImdQuintile", "5", 1, 1)]
    [InlineData("STILLBIRTH_RATE", "LMNSX1", "2025-04", "EthnicGroup", "Not stated", 1, 1)]
    [InlineData("NEONATAL_DEATH_RATE", "X1A", "2025-04", "Total", "Total", 1, 2)]
    [InlineData("EXTENDED_PERINATAL_RATE", "X1A", "2025-04", "Total", "Total", 2, 3)]
    [InlineData("APGAR_LOW_TERM", "X1A", "2025-04", "Total", "Total", 0, 1)]
    [InlineData("PPH_1500", "X1A", "2025-04", "Total", "Total", 1, 3)]
    [InlineData("TEARS_3RD_4TH", "X1A", "2025-04", "Total", "Total", 1, 1)]
    [InlineData("ROBSON_01_CS", "X1A", "2025-04", "Total", "Total", 0, 1)]
    [InlineData("VBAC", "X1A", "2025-04", "Total", "Total", 0, 1)]
    [InlineData("BREASTMILK_FIRST_FEED", "X1A", "2025-04", "Total", "Total", 1, 2)]
    [InlineData("SATOD", "X1A", "2025-04", "Total", "Total", 1, 1)]
    [InlineData("CO_TEST_36W", "X1A", "2025-04", "Total", "Total", 0, 1)]
    [InlineData("EXTREME_PRETERM_LEVEL3", "X1A01", "2025-04", "Total", "Total", 1, 1)]
    public void CountsEqualTheHandWorkedValues(string indicator, string org, string month, string breakdown, string group, long numerator, long denominator)
    {
        var period = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var count = Assert.Single(IndicatorEngine.Read(_store.Database, TestAccess.Admin, indicator, org, breakdown, period), c => c.GroupCode == group);
        Assert.Equal((numerator, denominator), (count.Numerator, count.Denominator));
        Assert.Equal(("exact", IndicatorEngine.RecordLevel), (count.Exactness, count.Source));
    }

    [Theory]
    [InlineData("ROBSON_05_CS")]
    [InlineData("ROBSON_02_CS")]
    public void IndicatorsWithAnEmptyDenominatorHaveNoRows(string indicator) =>
        Assert.Empty(IndicatorEngine.Read(_store.Database, TestAccess.Admin, indicator));

    [Fact]
    public void StillbirthRateIsPerThousandTotalBirths()
    {
        var row = IndicatorSummary.For(_store.Database, TestAccess.Admin, Catalogue.Find("STILLBIRTH_RATE")!, "X1A", new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 1))[0];
        Assert.Equal(1000.0 / 3, row.Value.Interval.Value, 9);
        Assert.Equal("Exact", row.Value.Interval.Method);
    }

    [Fact]
    public void RecomputingReplacesTheCountsRatherThanAddingToThem()
    {
        var before = IndicatorEngine.Read(_store.Database, TestAccess.Admin).Count;
        IndicatorEngine.Compute(_store.Database);
        Assert.Equal(before, IndicatorEngine.Read(_store.Database, TestAccess.Admin).Count);
    }
}

public sealed class NationalExportTests(IndicatorEngineTests.HandBuilt data) : IClassFixture<IndicatorEngineTests.HandBuilt>
{
    private List<string[]> Export(Maternity.Statistics.SuppressionPolicy? policy = null)
    {
        using var writer = new StringWriter();
        IndicatorExport.WriteNational(data.Store.Database, new DateOnly(2025, 4, 1), writer, policy);
        return [.. writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(','))];
    }

    [Fact]
    public void ColumnsAreThoseOfTheNationalDataFile() =>
        Assert.Equal(["ReportingPeriodStartDate", "ReportingPeriodEndDate", "Dimension", "Org_Level", "Org_Code", "Org_Name", "Measure", "Count_Of", "Final_value"], Export()[0]);

    [Fact]
    public void EveryCountIsSuppressedAndRatesComeFromTheSuppressedCounts()
    {
        var rows = Export().Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows.Where(r => r[7] != "Rate"), r => Assert.Equal(0, long.Parse(r[8], System.Globalization.CultureInfo.InvariantCulture) % 5));
        // Stillbirths at X1A: 1 of 3 births, shown as 5 of 5, so the published rate is 1,000 per 1,000.
        var stillbirths = rows.Where(r => r[2] == "STILLBIRTH_RATE" && r[4] == "X1A").ToDictionary(r => r[7], r => r[8]);
        Assert.Equal(("5", "5", "1000"), (stillbirths["Numerator"], stillbirths["Denominator"], stillbirths["Rate"]));
        Assert.Contains(rows, r => r[3] == "Local Maternity System" && r[4] == "LMNSX1" && r[5] == "RIVERSIDE AND NORTHFIELD LMNS (SYNTHETIC)");
        Assert.Contains(rows, r => r[2] == "PRETERM_37ByEthnicGroup" && r[6] == "White");
    }

    [Fact]
    public void WithoutSuppressionTheExactCountsAreWritten()
    {
        var rows = Export(Maternity.Statistics.SuppressionPolicy.Off).Skip(1);
        var stillbirths = rows.Where(r => r[2] == "STILLBIRTH_RATE" && r[4] == "X1A").ToDictionary(r => r[7], r => r[8]);
        Assert.Equal(("1", "3"), (stillbirths["Numerator"], stillbirths["Denominator"]));
    }
}
