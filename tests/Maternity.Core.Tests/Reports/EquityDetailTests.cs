using Dapper;
using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Reports;
using Maternity.Storage;

namespace Maternity.Tests.Reports;

/// <summary>
/// The indicator page's equity detail: the priority cohort against everyone else read from the ethnic group x
/// deprivation grid, the gap over time by quarter, and the window's incomplete months, checked against figures worked
/// by hand (Katz's log interval for a risk ratio and Wilson's score interval, as in Altman et al., Statistics with
/// Confidence, 2nd ed., 2000, chapters 6 and 7).
/// </summary>
public sealed class EquityDetailTests
{
    private static readonly IndicatorDefinition Satod = Catalogue.Find("SATOD")!;

    private static IndicatorCount Count(DateOnly month, string breakdown, string group, long n, long d, string exactness = "exact") =>
        new(Satod.Id, Satod.Version, "Provider", "X1A", "Month", month, breakdown, group, n, d, IndicatorEngine.RecordLevel, exactness);

    [Fact]
    public void ThePriorityCohortIsComparedWithEveryoneElseFromTheGridCells()
    {
        // The default cohort: Black, Asian or Mixed women, or any woman in IMD deciles 1-2 (fifth 1).
        // In it: Black | 3 (10 of 50) and White | 1 (6 of 50): 16 of 100 = 16.0%.
        // Everyone else: White | 5 (5 of 100) and Not stated | 2 (3 of 25): 8 of 125 = 6.4%.
        // Risk ratio 16.0 / 6.4 = 2.50; Katz: SE(ln RR) = sqrt(1/16 - 1/100 + 1/8 - 1/125) = 0.4117, so
        // exp(ln 2.5 ± 1.96 × 0.4117) = 1.12 to 5.60. Wilson for 16/100: 10.1% to 24.4%.
        var month = new DateOnly(2025, 1, 1);
        var cells = IndicatorAnalysis.Compute(Satod,
        [
            Count(month, "EthnicGroupByImdQuintile", "Black | 3", 10, 50), Count(month, "EthnicGroupByImdQuintile", "White | 1", 6, 50),
            Count(month, "EthnicGroupByImdQuintile", "White | 5", 5, 100), Count(month, "EthnicGroupByImdQuintile", "Not stated | 2", 3, 25),
        ]);
        var priority = EquityDetail.Priority(Satod, PriorityCohort.Default, cells)!;
        Assert.Equal((16L, 100L), (priority.Numerator, priority.Denominator));
        Assert.Equal(16.0, priority.Value.Value, 6);
        Assert.Equal(10.1, priority.Value.Lower, 1);
        Assert.Equal(24.4, priority.Value.Upper, 1);
        Assert.Equal(2.50, priority.Ratio!.Value, 6);
        Assert.Equal(1.12, priority.Ratio.Lower, 2);
        Assert.Equal(5.60, priority.Ratio.Upper, 2);
        Assert.Equal(9.6, priority.Difference!.Value, 6);
        Assert.Equal(EquityDetail.EveryoneElse, priority.ReferenceGroup);
    }

    [Fact]
    public void ACohortTheGridCannotGiveIsNotComparedFromIt()
    {
        Assert.True(EquityDetail.FromGrid(PriorityCohort.Default));
        Assert.False(EquityDetail.FromGrid(PriorityCohort.Default with { ImdDeciles = [1, 2, 3] }));
        Assert.False(EquityDetail.FromGrid(PriorityCohort.Default with { EthnicCategories = ["C"] }));
        Assert.False(EquityDetail.FromGrid(PriorityCohort.Default with { ComplexSocialFactors = true }));
        Assert.Null(EquityDetail.Priority(Satod, PriorityCohort.Default with { ComplexSocialFactors = true }, []));
    }

    [Fact]
    public void TheGapOverTimeIsEachWholeQuartersRatioWithItsIntervalAndMarksAQuarterWithMonthsMissing()
    {
        using var store = new TestStore();
        // Black women: 4 of 100 a month from January to March 2025 and 3 of 100 a month from April to June; White women:
        // 2 of 100, then 3 of 100. December 2024 alone in its quarter, and July 2025 begins a quarter not yet over.
        var counts = new List<IndicatorCount>();
        foreach (var m in new[] { 1, 2, 3 })
            counts.AddRange([Count(new(2025, m, 1), "EthnicGroup", "Black", 4, 100), Count(new(2025, m, 1), "EthnicGroup", "White", 2, 100)]);
        foreach (var m in new[] { 4, 5, 6 })
            counts.AddRange([Count(new(2025, m, 1), "EthnicGroup", "Black", 3, 100), Count(new(2025, m, 1), "EthnicGroup", "White", 3, 100)]);
        foreach (var month in new DateOnly[] { new(2024, 12, 1), new(2025, 7, 1) })
            counts.AddRange([Count(month, "EthnicGroup", "Black", 5, 100), Count(month, "EthnicGroup", "White", 5, 100)]);
        Insert(store.Database, counts);

        var gaps = EquityDetail.GapOverTime(store.Database, TestAccess.Admin, Satod, "X1A", new DateOnly(2025, 7, 1), PriorityCohort.Default);
        // Only Black women have counts among the cohort's groups; no fifths, no grid.
        var black = Assert.Single(gaps);
        Assert.Equal(("Black", "White"), (black.Group, black.Reference));
        // The whole quarters within the 24 months to July 2025 (2023 Q4 to 2025 Q2), from the first with counts.
        Assert.Equal(["2024 Q4", "2025 Q1", "2025 Q2"], black.Points.Select(p => p.Label));
        var withData = black.Points.Where(p => p.Group is not null).ToList();
        Assert.Equal(["2024 Q4", "2025 Q1", "2025 Q2"], withData.Select(p => p.Label));
        Assert.Equal([false, true, true], withData.Select(p => p.Complete));

        // 2025 Q1: 12 / 300 against 6 / 300, risk ratio 2.00; SE(ln RR) = sqrt(1/12 - 1/300 + 1/6 - 1/300) = 0.4933,
        // so 0.76 to 5.26.
        var q1 = withData[1].Group!;
        Assert.Equal((12L, 300L), (q1.Numerator, q1.Denominator));
        Assert.Equal(2.00, q1.Ratio!.Value, 6);
        Assert.Equal(0.76, q1.Ratio.Lower, 2);
        Assert.Equal(5.26, q1.Ratio.Upper, 2);
        // 2025 Q2: 9 / 300 against 9 / 300, ratio 1.00; SE = sqrt(2 × (1/9 - 1/300)) = 0.4643, so 0.40 to 2.48.
        var q2 = withData[2].Group!;
        Assert.Equal(1.00, q2.Ratio!.Value, 6);
        Assert.Equal(0.40, q2.Ratio.Lower, 2);
        Assert.Equal(2.48, q2.Ratio.Upper, 2);
        Assert.Equal(9L, withData[2].Reference!.Numerator);

        // The command prints the same quarters and figures.
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var run = TestCli.Run(cli!, ["equity", "gap", "SATOD", "--org", "X1A", "--to", "2025-07", .. TestCli.StoreArguments(store)]);
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("2.00 (0.76 to 5.26)", run.Output, StringComparison.Ordinal);
        Assert.Contains("1.00 (0.40 to 2.48)", run.Output, StringComparison.Ordinal);
        Assert.Contains("2024 Q4 (1 of 3 months)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheIncompleteMonthsOfAWindowAreNamedWithTheirReason()
    {
        var sources = new List<DataCoverage.Source>
        {
            new("MSD101PregnancyBooking", "bookings", [new(2025, 1, 1), new(2025, 2, 1), new(2025, 3, 1)], [new(2025, 1, 1), new(2025, 2, 1)]),
            new("MSD401BabyDemographics", "babies", [new(2025, 1, 1), new(2025, 2, 1), new(2025, 3, 1), new(2025, 4, 1)],
                [new(2025, 1, 1), new(2025, 2, 1), new(2025, 3, 1), new(2025, 4, 1)]),
        };
        var months = EquityDetail.IncompleteMonths(sources, new DateOnly(2025, 1, 1), new DateOnly(2025, 4, 1));
        Assert.Equal([new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 1)], months.Select(m => m.Month));
        Assert.StartsWith("bookings: fewer than half the usual month's rows", months[0].Why, StringComparison.Ordinal);
        Assert.Equal("bookings: no rows loaded", months[1].Why);
        Assert.StartsWith("March 2025 (bookings: fewer than half", EquityDetail.DescribeIncomplete(sources, new(2025, 1, 1), new(2025, 4, 1)),
            StringComparison.Ordinal);
        Assert.Equal("", EquityDetail.DescribeIncomplete(sources, new(2025, 1, 1), new(2025, 2, 1)));
    }

    [Fact]
    public void TheIncompleteMonthsNoticeIsOneSentenceThenEachSourceAndTheMonthsLeftOut()
    {
        // Window January to April 2025 (4 months). Bookings: complete January and February, March partial, April absent,
        // so 2 of 4 complete; babies complete in all four. Incomplete months: March and April, one run.
        var sources = new List<DataCoverage.Source>
        {
            new("MSD101PregnancyBooking", "bookings", [new(2025, 1, 1), new(2025, 2, 1), new(2025, 3, 1)], [new(2025, 1, 1), new(2025, 2, 1)]),
            new("MSD401BabyDemographics", "babies", [new(2025, 1, 1), new(2025, 2, 1), new(2025, 3, 1), new(2025, 4, 1)],
                [new(2025, 1, 1), new(2025, 2, 1), new(2025, 3, 1), new(2025, 4, 1)]),
        };
        var notice = IncompleteNotice.Build(sources, new DateOnly(2025, 1, 1), new DateOnly(2025, 4, 1))!;
        Assert.Equal("January 2025 to April 2025: 2 of these 4 months do not yet hold all their data.", notice.Summary);
        Assert.Equal(["bookings: 2 of 4 months complete"], notice.Sources.Select(s => s.Text));
        Assert.Equal("March to April 2025", notice.LeftOut);
        Assert.Null(IncompleteNotice.Build(sources, new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1)));
        // Runs across a year end, a single month, and "and" before the last run.
        Assert.Equal("October 2024 to January 2025, March 2025 and May to September 2025", IncompleteNotice.Runs(
            [new(2024, 10, 1), new(2024, 11, 1), new(2024, 12, 1), new(2025, 1, 1), new(2025, 3, 1),
             new(2025, 5, 1), new(2025, 6, 1), new(2025, 7, 1), new(2025, 8, 1), new(2025, 9, 1)]));
    }

    [Fact]
    public void AnActionsGroupsAreReadFromThePlansWordsAndJudgedAgainstTheirReference()
    {
        Assert.Equal(["Black", "Asian", "Mixed"], ActionFigures.Read("Black, Asian and mixed ethnic groups").Select(g => g.Group));
        Assert.Equal(("ImdQuintile", "1"), ActionFigures.Read("Most deprived 20% (IMD deciles 1-2)").Select(g => (g.Breakdown, g.Group)).Single());
        Assert.Equal(("AgeBand", "Under 20"), ActionFigures.Read("Under 20s").Select(g => (g.Breakdown, g.Group)).Single());
        Assert.Equal(["Women needing an interpreter"], ActionFigures.NotInRecords(["Under 20s", "Women needing an interpreter"]));

        // Smoking at delivery over one month: Black women 12 of 100, White women 6 of 200. Risk ratio (12/100) / (6/200)
        // = 4.00; SE(ln RR) = sqrt(1/12 - 1/100 + 1/6 - 1/200) = 0.4848, so 4.00 × exp(±1.96 × 0.4848) = 1.55 to 10.34:
        // the whole interval above 1, and lower is better, so Worse.
        var month = new DateOnly(2025, 1, 1);
        IndicatorCount[] counts =
        [
            Count(month, "Total", "Total", 18, 300), Count(month, "EthnicGroup", "Black", 12, 100), Count(month, "EthnicGroup", "White", 6, 200),
        ];
        var view = IndicatorView.Compute(counts, counts, Satod, "X1A", month, 1, new Dictionary<string, string>());
        var row = Assert.Single(ActionFigures.For([view], ["Black women"], PriorityCohort.Default));
        Assert.Equal(12.0, row.Result!.Value.Value, 6);
        Assert.Equal(4.00, row.Result.Ratio!.Value, 6);
        Assert.Equal(1.55, row.Result.Ratio.Lower, 2);
        Assert.Equal(10.34, row.Result.Ratio.Upper, 2);
        Assert.Equal("Worse than White women", row.Reading);
    }

    [Fact]
    public void ThePacksLayChartShowsEachGroupAgainstEveryoneWithAPlainCaption()
    {
        // Everyone 30 of 300 (10%); White women 10 of 200 (5.0%, Wilson 2.7% to 9.0%); Black women 20 of 100 (20.0%,
        // Wilson 13.3% to 28.9%); no other group has counts, so none is drawn.
        var month = new DateOnly(2025, 1, 1);
        IndicatorCount[] counts =
        [
            Count(month, "Total", "Total", 30, 300), Count(month, "EthnicGroup", "White", 10, 200), Count(month, "EthnicGroup", "Black", 20, 100),
        ];
        var view = IndicatorView.Compute(counts, counts, Satod, "X1A", month, 1, new Dictionary<string, string>());
        var chart = EquityPack.Chart(view)!;
        Assert.Equal([EquityPack.Everyone, "White women", "Black women"], chart.Rows.Select(r => r.Group));
        Assert.Equal(13.3, chart.Rows[2].Value.Lower, 1);
        Assert.Equal(28.9, chart.Rows[2].Value.Upper, 1);
        Assert.Equal(2.7, chart.Rows[1].Value.Lower, 1);
        Assert.Equal(9.0, chart.Rows[1].Value.Upper, 1);
        Assert.Contains("For everyone, about 10 in every 100; highest among the groups shown: Black women, about 20 in every 100; "
            + "lowest: White women, about 5 in every 100.", chart.Caption, StringComparison.Ordinal);
        Assert.StartsWith("Out of every 100 births with the mother's smoking status known at delivery", chart.Caption, StringComparison.Ordinal);
    }

    private static void Insert(Database database, IEnumerable<IndicatorCount> counts)
    {
        using var connection = database.Open();
        foreach (var c in counts)
            connection.Execute(connection.Sql("""
                INSERT INTO indicator_count (indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown, group_code,
                  numerator, denominator, source, exactness, computed_at)
                VALUES ($id, $version, $level, $org, 'Month', $month, $breakdown, $group, $n, $d, $source, $exactness, $at)
                """), new
            {
                id = c.IndicatorId, version = c.IndicatorVersion, level = c.OrgLevel, org = c.OrgCode, month = c.PeriodStart.ToDateTime(TimeOnly.MinValue),
                breakdown = c.Breakdown, group = c.GroupCode, n = c.Numerator, d = c.Denominator, source = c.Source, exactness = c.Exactness, at = DateTime.UtcNow,
            });
    }
}
