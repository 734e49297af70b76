using Maternity.Indicators;
using Maternity.Quality;
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
    public void TheWeakTrustsAreTheExceptions()
    {
        var exceptions = Scorecard.Exceptions(Scorecard.Build(data.Store.Database, TestAccess.Admin));
        Assert.Contains(exceptions, e => e.OrgCode == "X1C" && e.RuleId == "ETHNICITY" && e.Months.Count >= 10);
        Assert.DoesNotContain(exceptions, e => e.RuleId == "ETHNICITY" && e.OrgCode is "X1A" or "X1D" && e.Months.Count > 3);
    }
}

public sealed class CqimGateTests(IndicatorEngineTests.HandBuilt data) : IClassFixture<IndicatorEngineTests.HandBuilt>
{
    private CqimGates.Gate Gate(string cqim, int year, int month, double? hes = 4) =>
        CqimGates.Evaluate(data.Store.Database, TestAccess.Admin, hes is { } h ? new Dictionary<string, double> { ["X1A"] = h } : new Dictionary<string, double>(), "X1A")
            .Single(g => g.Cqim == cqim && g.Month == new DateOnly(year, month, 1));

    [Fact]
    public void SmokingAtBookingFailsWhenTooFewBookingsHaveAStatus()
    {
        // September 2024: 3 bookings (3/4 of HES = 0.750, passes DQ03); 2 with a status (0.667 < 0.70, fails DQ04); 1 smoker (0.500, passes DQ05).
        var gate = Gate("CQIMSmokingBooking", 2024, 9);
        Assert.Equal("Fail", gate.Status);
        Assert.Equal(["DQ03 3/4 = 0.750 pass", "DQ04 2/3 = 0.667 fail", "DQ05 1/2 = 0.500 pass"], gate.Measures.Select(CqimGates.Describe).ToArray());
    }

    [Fact]
    public void BreastfeedingPassesWhenFeedsAreRecordedAndBirthsCovered()
    {
        // April 2025: both live births have a first feed (1.000); 3 births of 4 expected (0.750).
        var gate = Gate("CQIMBreastfeeding", 2025, 4);
        Assert.Equal("Pass", gate.Status);
        Assert.Empty(gate.Missing);
    }

    [Fact]
    public void GatesWithUnverifiedMeasuresAreNotEvaluatedAndSaySo()
    {
        var gate = Gate("CQIMPreterm", 2025, 4);
        Assert.Equal("Not evaluated", gate.Status);
        Assert.Equal(["DQ22 (definition not verified)", "DQ23 (definition not verified)"], gate.Missing);
        Assert.Contains("DQ03 (no HES deliveries for X1A)", Gate("CQIMSmokingBooking", 2024, 9, hes: null).Missing);
    }
}
