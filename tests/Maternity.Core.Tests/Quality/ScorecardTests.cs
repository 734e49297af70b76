using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Quality;
using Maternity.Storage;
using Maternity.Tests.Indicators;

namespace Maternity.Tests.Quality;

/// <summary>The scorecard on the hand-built store of <see cref="IndicatorEngineTests"/>, every figure worked by hand.</summary>
public sealed class ScorecardTests(IndicatorEngineTests.HandBuilt data) : IClassFixture<IndicatorEngineTests.HandBuilt>
{
    private Scorecard.Row Row(string month) =>
        Scorecard.Build(data.Store.Database, TestAccess.Admin, orgCode: "X1A").Single(r => r.Month == DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void BookingMonthScoresEqualTheHandWorkedValues()
    {
        var september = Row("2024-09");
        Assert.Equal(["ETHNICITY", "POSTCODE", "CSF", "PCSP"], september.Criteria.Select(c => c.RuleId).ToArray());
        Assert.All(september.Criteria, c => Assert.Equal((2L, 3L, false), (c.Numerator, c.Denominator, c.Passed)));
        Assert.Equal("0/4", september.Score);
    }

    [Fact]
    public void EachRuleCountsInItsOwnCohortMonth()
    {
        Assert.Equal("1/1", Row("2024-10").Score); // BMI: P1 and P2 reach 15 weeks in October, both recorded
        Assert.Equal("0/1", Row("2024-11").Score); // BMI: P3 reaches 15 weeks in November with weight only
        var january = Row("2025-01"); // continuity-of-carer items at 29 weeks: P1 and P2
        Assert.Equal(["COC_PLAN", "COC_LEAD_TEAM", "COC_CARE_PROFESSIONAL"], january.Criteria.Select(c => c.RuleId).ToArray());
        Assert.Equal([100.0, 50.0, 100.0], january.Criteria.Select(c => c.Value).ToArray());
        Assert.Equal("3/3", january.Score);
    }

    [Fact]
    public void RecordsToFixNameEveryFailingPregnancyAndField()
    {
        using var writer = new StringWriter();
        var rows = Scorecard.WriteRecordsToFix(data.Store.Database, TestAccess.Admin, "X1A", new DateOnly(2024, 9, 1), writer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, rows);
        Assert.Equal("org_code,month,rule,pregnancy_id,mother_id,fields,reason", lines[0]);
        Assert.Equal(["ETHNICITY P3", "POSTCODE P2", "CSF P3", "PCSP P3"], lines.Skip(1).Select(l => l.Split(',')).Select(f => $"{f[2]} {f[3]}").ToArray());
        Assert.Contains("MSD001 EthnicCategoryMother", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void FieldProfileCountsValidDefaultInvalidAndMissing()
    {
        var profile = FieldProfile.Compute(data.Store.Database, TestAccess.Admin, "X1A", new DateOnly(2024, 9, 1));
        var ethnicity = profile.Single(p => p.Item == "EthnicCategoryMother");
        Assert.Equal((2L, 1L, 0L, 0L, 3L), (ethnicity.Valid, ethnicity.Default, ethnicity.Invalid, ethnicity.Missing, ethnicity.Denominator));
        var postcode = profile.Single(p => p.Item == "Postcode");
        Assert.Equal((2L, 0L, 0L, 1L), (postcode.Valid, postcode.Default, postcode.Invalid, postcode.Missing));
        var csf = profile.Single(p => p.Item == "ComplexSocialFactorsInd");
        Assert.Equal((2L, 1L), (csf.Valid, csf.Missing));
    }

    [Fact]
    public void SubmissionsLoadedLongAfterTheirMonthAreLate()
    {
        var september = Scorecard.SubmissionTimeliness(data.Store.Database, TestAccess.Admin).Where(t => t.Month == new DateOnly(2024, 9, 1)).ToList();
        Assert.NotEmpty(september);
        Assert.All(september, t => Assert.False(t.WithinWindow));
        Assert.All(september, t => Assert.True(t.DaysAfterPeriodEnd > 61));
    }

    [Fact]
    public void ExceptionsAreRunsOfTwoOrMoreFailingMonths()
    {
        static Scorecard.Row Month(int m, bool passed, double value) => new("Provider", "X1B", new DateOnly(2025, m, 1),
            [new Scorecard.Criterion("POSTCODE", "Postcode", "DQ_RESIDENCE_RECORDED", 95, 0, 100, value, passed)]);

        var current = Scorecard.Exceptions([Month(1, true, 97), Month(2, false, 90), Month(3, false, 91), Month(4, false, 92)]);
        var past = Scorecard.Exceptions([Month(1, false, 90), Month(2, false, 91), Month(3, true, 96)]);
        var single = Scorecard.Exceptions([Month(1, true, 97), Month(2, false, 90), Month(3, true, 96), Month(4, false, 92)]);
        var gap = Scorecard.Exceptions([Month(1, false, 90), Month(3, false, 91)]);

        var run = Assert.Single(current);
        Assert.Equal([new DateOnly(2025, 2, 1), new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 1)], run.Months);
        Assert.True(run.Current);
        Assert.Equal(92, run.LatestValue);
        Assert.False(Assert.Single(past).Current);
        Assert.Empty(single);
        Assert.Empty(gap);
    }

    [Fact]
    public void RulesAreDataAndBadRulesAreRefused()
    {
        var rules = QualityRules.Parse("""{ "scheme": "Year 7", "rules": [ { "id": "ETH", "title": "Ethnicity", "indicator": "DQ_ETHNICITY_VALID", "threshold": 60, "fields": "x" } ] }""", "y7.json");
        var september = Scorecard.Build(data.Store.Database, TestAccess.Admin, rules, "X1A").Single(r => r.Month == new DateOnly(2024, 9, 1));
        Assert.True(Assert.Single(september.Criteria).Passed); // 66.7% passes a 60% threshold

        Assert.Contains("not a percentage indicator", Assert.Throws<InvalidDataException>(() =>
            QualityRules.Parse("""{ "scheme": "x", "rules": [ { "id": "A", "title": "t", "indicator": "STILLBIRTH_RATE", "threshold": 5, "fields": "" } ] }""", "bad.json")).Message, StringComparison.Ordinal);
        Assert.Contains("bad.json", Assert.Throws<InvalidDataException>(() => QualityRules.Parse("{ nope", "bad.json")).Message, StringComparison.Ordinal);
    }
}

/// <summary>On generated data, every data-quality defect the generator wrote is found, with its exact count, and no others.</summary>
public sealed class GeneratedDefectTests(KnownEffectsTests.Generated data) : IClassFixture<KnownEffectsTests.Generated>
{
    [Theory]
    [InlineData("X1A")]
    [InlineData("X1B")]
    [InlineData("X1C")]
    [InlineData("X1D")]
    public void ScorecardFailuresEqualTheDefectsWrittenForEachTrust(string trust)
    {
        long Failing(string indicator) => IndicatorEngine.Read(data.Store.Database, TestAccess.Admin, indicator, trust, "Total").Sum(c => c.Denominator - c.Numerator);

        Assert.Equal(data.Manifest.DataQualityDefects.GetValueOrDefault($"EthnicityNotValid:{trust}"), Failing("DQ_ETHNICITY_VALID"));
        Assert.Equal(data.Manifest.DataQualityDefects.GetValueOrDefault($"ResidenceMissing:{trust}"), Failing("DQ_RESIDENCE_RECORDED"));
    }

    [Theory]
    [InlineData("X1A")]
    [InlineData("X1C")]
    public void FieldProfileFindsEveryDefaultAndMissingEthnicCode(string trust)
    {
        var rows = FieldProfile.Compute(data.Store.Database, TestAccess.Admin, trust).Where(p => p.Item == "EthnicCategoryMother").ToList();
        Assert.Equal(data.Manifest.DataQualityDefects.GetValueOrDefault($"EthnicityDefault:{trust}"), rows.Sum(r => r.Default));
        Assert.Equal(data.Manifest.DataQualityDefects.GetValueOrDefault($"EthnicityMissing:{trust}"), rows.Sum(r => r.Missing));
        Assert.Equal(0, rows.Sum(r => r.Invalid));
    }

    [Fact]
    public void EveryCqimGetsAVerdictForEveryTrustAndMonthAndItsCountsMatchTheRecords()
    {
        var hes = new Dictionary<string, double> { ["X1A"] = 15_000, ["X1B"] = 15_000, ["X1C"] = 15_000, ["X1D"] = 15_000 };
        var gates = CqimGates.Evaluate(data.Store.Database, TestAccess.Admin, hes);
        Assert.Equal(CqimGates.Cqims.Count * gates.Select(g => (g.OrgCode, g.Month)).Distinct().Count(), gates.Count);
        Assert.All(gates, g => Assert.Contains(g.Status, new[] { "Pass", "Fail" }));
        Assert.Contains(gates, g => g.Status == "Pass");
        // DQ09 (women giving birth in the month) and DQ33 (babies with a valid delivery method, current 3 months), counted directly.
        using var connection = data.Store.Database.Open();
        foreach (var g in gates.Where(g => g.Cqim is "CQIMPreterm" or "CQIMRobson01").Take(24))
        {
            var month = g.Month.ToDateTime(TimeOnly.MinValue);
            if (g.Cqim == "CQIMPreterm")
                Assert.Equal(Dapper.SqlMapper.ExecuteScalar<long>(connection, connection.Sql(
                    "SELECT count(DISTINCT PregnancyID) FROM MSD401BabyDemographics WHERE OrgCodeProvider = $org AND PersonBirthDateBaby >= $month AND PersonBirthDateBaby < $next"),
                    new { org = g.OrgCode, month, next = month.AddMonths(1) }), g.Measures.Single(m => m.Id == "DQ09").Numerator);
            else
                Assert.Equal(Dapper.SqlMapper.ExecuteScalar<long>(connection, connection.Sql(
                    "SELECT count(*) FROM MSD401BabyDemographics WHERE OrgCodeProvider = $org AND PersonBirthDateBaby >= $first AND PersonBirthDateBaby < $next AND DeliveryMethodCode IN ('0','1','2','3','4','5','6','7','8','9')"),
                    new { org = g.OrgCode, first = month.AddMonths(-2), next = month.AddMonths(1) }), g.Measures.Single(m => m.Id == "DQ33").Numerator);
        }
    }

    [Fact]
    public void TheWeakTrustsAreTheExceptions()
    {
        var exceptions = Scorecard.Exceptions(Scorecard.Build(data.Store.Database, TestAccess.Admin));
        Assert.Contains(exceptions, e => e.OrgCode == "X1C" && e.RuleId == "ETHNICITY" && e.Months.Count >= 10);
        Assert.DoesNotContain(exceptions, e => e.RuleId == "ETHNICITY" && e.OrgCode is "X1A" or "X1D" && e.Months.Count > 3);
    }
}

public sealed class CqimGateTests(IndicatorEngineTests.HandBuilt data) : IClassFixture<IndicatorEngineTests.HandBuilt>
{
    // HES: 49 deliveries a year, so floor(49 x 30 / 365) = 4 for a 30-day month, floor(49 x 89 / 365) = 11 for
    // February-April 2025 and floor(49 x 90 / 365) = 12 for January-March 2025.
    private CqimGates.Gate Gate(string cqim, int year, int month, double? hes = 49) =>
        CqimGates.Evaluate(data.Store.Database, TestAccess.Admin, hes is { } h ? new Dictionary<string, double> { ["X1A"] = h } : new Dictionary<string, double>(), "X1A")
            .Single(g => g.Cqim == cqim && g.Month == new DateOnly(year, month, 1));

    private string[] Measures(string cqim, int year, int month) => [.. Gate(cqim, year, month).Measures.Select(CqimGates.Describe)];

    [Fact]
    public void SmokingAtBookingFailsWhenTooFewBookingsHaveAStatus()
    {
        // September 2024: 3 bookings (3/4 of HES = 0.750, passes DQ03); 2 with a status (0.667 < 0.70, fails DQ04); 1 smoker (0.500, passes DQ05).
        var gate = Gate("CQIMSmokingBooking", 2024, 9);
        Assert.Equal("Fail", gate.Status);
        Assert.Equal(["DQ03 3/4 = 0.750 pass", "DQ04 2/3 = 0.667 fail", "DQ05 1/2 = 0.500 pass"], gate.Measures.Select(CqimGates.Describe).ToArray());
    }

    [Fact]
    public void BreastfeedingCountsEveryBabyBornInTheMonth()
    {
        // April 2025: B1 (01) and B2 (03) have a first feed type, the stillborn B3 none: 2 of 3 babies (0.667, fails DQ08);
        // 3 women gave birth of 4 expected (0.750, passes DQ09).
        var gate = Gate("CQIMBreastfeeding", 2025, 4);
        Assert.Equal("Fail", gate.Status);
        Assert.Equal(["DQ08 2/3 = 0.667 fail", "DQ09 3/4 = 0.750 pass"], Measures("CQIMBreastfeeding", 2025, 4));
    }

    [Fact]
    public void EveryCqimIsEvaluatedWithItsOwnWindows()
    {
        // April 2025 births: B1 280 days vaginal (0) Apgar 9 with a 3rd degree tear; B2 250 days caesarean (8); B3 stillborn at 185 days (0).
        // Preterm: 3 of 3 babies at 154-315 days (DQ22), 1 of 3 at 259-315 (DQ23 fails).
        Assert.Equal(["DQ09 3/4 = 0.750 pass", "DQ22 3/3 = 1.000 pass", "DQ23 1/3 = 0.333 fail"], Measures("CQIMPreterm", 2025, 4));
        // Apgar and tears: February-April 2025; 3 maternities of 11 expected (DQ14); 1 of the 3 babies of 154-315 days is term (DQ16);
        // the one term vaginal birth has a recorded Apgar (DQ24) and a 3rd degree tear (DQ20: 1.000 > 0.10); no tear recorded
        // October 2024 to March 2025 (DQ21); 2 of 3 vaginal (DQ18: 0.667 > 0.40).
        Assert.Equal(["DQ14 3/11 = 0.273 fail", "DQ15 3/3 = 1.000 pass", "DQ16 1/3 = 0.333 fail", "DQ24 1/1 = 1.000 pass"], Measures("CQIMApgar", 2025, 4));
        Assert.Equal(["DQ14 3/11 = 0.273 fail", "DQ15 3/3 = 1.000 pass", "DQ16 1/3 = 0.333 fail", "DQ18 2/3 = 0.667 pass", "DQ20 1/1 = 1.000 fail", "DQ21 0/1 = 0.000 fail"],
            Measures("CQIMTears", 2025, 4));
        // VBAC: bookings were in September 2024, none in February-April 2025 (DQ27, DQ28 have no denominator and fail).
        Assert.Equal(["DQ14 3/11 = 0.273 fail", "DQ15 3/3 = 1.000 pass", "DQ16 1/3 = 0.333 fail", "DQ18 2/3 = 0.667 pass", "DQ26 3/3 = 1.000 pass", "DQ27 0/0 = not computed (denominator 0) fail", "DQ28 0/0 = not computed (denominator 0) fail"],
            Measures("CQIMVBAC", 2025, 4));
        // Robson: every woman has parity recorded (P1 0/0/0, P2 1/1/0, P3 0/1/0), one with none (DQ37 0.333 within 0.2-0.7);
        // every presentation valid; labour onset 1, 4, 1 all valid.
        var robson = new[] { "DQ30 3/11 = 0.273 fail", "DQ31 3/3 = 1.000 pass", "DQ32 1/3 = 0.333 fail", "DQ33 3/3 = 1.000 pass", "DQ34 2/3 = 0.667 pass",
            "DQ36 3/3 = 1.000 pass", "DQ37 1/3 = 0.333 pass", "DQ38 3/3 = 1.000 pass", "DQ39 3/3 = 1.000 pass" };
        foreach (var group in new[] { "CQIMRobson01", "CQIMRobson02", "CQIMRobson05" }) Assert.Equal(robson, Measures(group, 2025, 4));
        // PPH in April looks at January-March (no births) and October-March (no blood loss recorded): every measure fails.
        Assert.Equal(["DQ10 0/12 = 0.000 fail", "DQ11 0/0 = not computed (denominator 0) fail", "DQ12 0/0 = not computed (denominator 0) fail", "DQ13 0/1 = 0.000 fail"], Measures("CQIMPPH", 2025, 4));
        Assert.All(CqimGates.Cqims, c => Assert.Equal("Fail", Gate(c.Cqim, 2025, 4).Status));
    }

    [Fact]
    public void WithoutHesDeliveriesTheCoverageMeasuresAreNotEvaluatedAndSaySo()
    {
        var gate = Gate("CQIMPreterm", 2025, 4, hes: null);
        Assert.Equal("Fail", gate.Status); // DQ23 fails whatever HES says
        Assert.Equal(["DQ09 (no HES deliveries for X1A)"], gate.Missing);
        var robson = Gate("CQIMRobson01", 2024, 9, hes: null);
        Assert.Contains("DQ30 (no HES deliveries for X1A)", robson.Missing);
        var smoking = Gate("CQIMSmokingBooking", 2024, 9, hes: null);
        Assert.Equal(["DQ03 (no HES deliveries for X1A)"], smoking.Missing);
    }

    [Fact]
    public void StoredHesDeliveriesAreUsedAndTheScorecardCountsTheCqimsPassing()
    {
        // Its own store: three pregnancies booked in September 2024, born at term in April 2025, nothing else recorded.
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        Ingest.IngestFixture.LoadParents(store);
        Assert.Equal(0, Ingester.Ingest(store.Database, store.File("MSD401BabyDemographics.csv", Ingest.IngestFixture.BabyHeader + """

            X1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,3400,
            X1A,2025-04-01,B2,L2,P2,2025-04-11,01,281,3300,
            X1A,2025-04-01,B3,L3,P3,2025-04-12,01,282,3500,
            """)).RowsQuarantined);
        IndicatorEngine.Compute(store.Database);
        Assert.Null(CriterionOf(store, "2025-04")); // no HES deliveries stored: the coverage measures cannot be evaluated

        var file = store.File("hes.csv", "OrgCode,AnnualDeliveries\nX1A,49\nX1B,1200\n");
        Assert.Equal(2, CqimGates.StoreExpectedDeliveries(store.Database, TestAccess.Admin, CqimGates.ReadExpectedDeliveries(file)));
        Assert.Equal(1200, CqimGates.StoredExpectedDeliveries(store.Database)["X1B"]);
        // April 2025: only CQIMPreterm passes (DQ09 3/4, DQ22 3/3, DQ23 3/3); September 2024: none (no births; no smoking status).
        var preterm = CqimGates.Evaluate(store.Database, TestAccess.Admin, orgCode: "X1A").Single(g => g.Cqim == "CQIMPreterm" && g.Month == new DateOnly(2025, 4, 1));
        Assert.Equal(["DQ09 3/4 = 0.750 pass", "DQ22 3/3 = 1.000 pass", "DQ23 3/3 = 1.000 pass"], preterm.Measures.Select(CqimGates.Describe).ToArray());
        var april = CriterionOf(store, "2025-04")!;
        Assert.Equal((1L, 11L, false), (april.Numerator, april.Denominator, april.Passed));
        Assert.Equal((0L, 11L), (CriterionOf(store, "2024-09")!.Numerator, CriterionOf(store, "2024-09")!.Denominator));
        // Record-level counts behind it: not on a viewer's scorecard.
        var viewer = Maternity.Security.Access.Resolve(store.Database, "viewer", Maternity.Security.Role.Viewer, []);
        Assert.DoesNotContain(Scorecard.Build(store.Database, viewer).SelectMany(r => r.Criteria), c => c.RuleId == "CQIMS");

        var bad = store.File("hes-bad.csv", "OrgCode,AnnualDeliveries\nX1A,many\n");
        var error = Assert.ThrowsAny<Exception>(() => CqimGates.ReadExpectedDeliveries(bad));
        Assert.Contains("hes-bad.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("AnnualDeliveries", error.Message, StringComparison.Ordinal);
        Assert.Equal(49, CqimGates.StoredExpectedDeliveries(store.Database)["X1A"]);
        Assert.Throws<Maternity.Security.AccessDeniedException>(() => CqimGates.StoreExpectedDeliveries(store.Database, viewer, new Dictionary<string, double>()));
    }

    private static Scorecard.Criterion? CriterionOf(TestStore store, string month) =>
        Scorecard.Build(store.Database, TestAccess.Admin, orgCode: "X1A").Where(r => r.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) == month)
            .SelectMany(r => r.Criteria).SingleOrDefault(c => c.RuleId == "CQIMS");

    [Fact]
    public void EveryMeasureOfEveryGateIsDefinedOnce()
    {
        var ids = CqimGates.Measures.Select(m => m.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(CqimGates.Cqims.SelectMany(c => c.Gates), id => Assert.Contains(id, ids));
    }
}
