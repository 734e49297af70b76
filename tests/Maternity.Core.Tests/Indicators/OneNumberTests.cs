using Maternity.Indicators;
using Maternity.Reports;
using Maternity.Security;

namespace Maternity.Tests.Indicators;

/// <summary>
/// One number for one caller: the page's window (the view the pages and the board pack show) and the API's rolling 12
/// months are the same figure for every indicator and role; verdicts (RAG, SPC variation and assurance) are judged on the
/// exact counts whoever asks, so a viewer and an analyst are told the same thing about a trust.
/// </summary>
public sealed class OneNumberTests(OneNumberTests.Demo data) : IClassFixture<OneNumberTests.Demo>
{
    public sealed class Demo : IDisposable
    {
        public Demo() => Store.LoadSynthetic(4_800, 14, seed: 19);

        public TestStore Store { get; } = new();

        public void Dispose() => Store.Dispose();
    }

    private static readonly IndicatorDefinition Booking = Catalogue.Find("BOOKED_BY_10W")! with { Target = 95, Polarity = Polarity.HigherIsBetter };

    [Fact]
    public void ThePagesWindowAndTheApisRollingYearAreTheSameFigureForEveryIndicatorAndRole()
    {
        var database = data.Store.Database;
        var roles = new[]
        {
            TestAccess.Admin,
            Access.Resolve(database, "analyst", Role.Analyst, ["LMNSX1"]),
            Access.Resolve(database, "trust", Role.TrustUser, ["X1A"]),
            Access.Resolve(database, "viewer", Role.Viewer, []),
        };
        var compared = 0;
        foreach (var access in roles)
            foreach (var definition in Catalogue.Definitions)
                foreach (var org in new[] { "LMNSX1", "X1B" })
                {
                    var view = IndicatorView.Build(database, access, definition, org);
                    if (view.Total is not { } total || view.MonthsWithData < 12) continue;
                    var api = IndicatorEngine.Results(database, access, definition, PeriodType.Rolling12Months, org, "Total")
                        .Single(r => r.PeriodEnd == view.To.AddMonths(1).AddDays(-1));
                    Assert.Equal((total.Numerator, total.Denominator, total.Value.Value, total.Rag, total.Exactness),
                        (api.Numerator, api.Denominator, api.Value.Value, api.Rag, api.Exactness));
                    compared++;
                }
        Assert.True(compared > 100, $"{compared} figures compared");
    }

    [Fact]
    public void EveryRoleIsToldTheSameGroupVerdictsOnTheEquityOverview()
    {
        var database = data.Store.Database;
        // The priority cohort read from the ethnic group x deprivation grid (Black or Asian women, or the most deprived fifth),
        // so the rug has its priority-cohort column as well as the ethnic group, deprivation and trust columns.
        var cohort = Maternity.Measures.PriorityCohort.Default;
        Assert.True(EquityDetail.FromGrid(cohort));
        EquityRug Rug(Access access) => EquityRug.Build([.. Catalogue.Definitions.Select(d => IndicatorView.Build(database, access, d, "LMNSX1"))], cohort);
        var analyst = Rug(Access.Resolve(database, "analyst", Role.Analyst, ["LMNSX1"]));
        var viewer = Rug(Access.Resolve(database, "viewer", Role.Viewer, []));
        var admin = Rug(TestAccess.Admin);
        // Every column (ethnic group, deprivation, the priority cohort and each trust's place in the funnel): the viewer's
        // rounded counts give other intervals and limits, but the verdict is the exact counts'.
        static Dictionary<(string, string, string), string> Verdicts(EquityRug rug) => rug.Rows
            .SelectMany(r => r.Cells.Where(c => c.Verdict.Length > 0)
                .Select(c => (Key: (r.View.Definition.Id, c.Column.Breakdown, c.Column.Group), c.Verdict)))
            .ToDictionary(x => x.Key, x => x.Verdict);
        var exact = Verdicts(analyst);
        var shown = Verdicts(viewer);
        var compared = exact.Keys.Intersect(shown.Keys).ToList();
        Assert.True(compared.Count > 100, $"{compared.Count} cells compared");
        Assert.Empty(compared.Where(k => exact[k] != shown[k]).Select(k => $"{k}: analyst {exact[k]}, viewer {shown[k]}"));
        Assert.Equal(exact, Verdicts(admin));
        Assert.Contains(compared, k => exact[k] is "Worse" or "Better");
        foreach (var breakdown in new[] { "Trust", EquityDetail.PriorityBreakdown })
        {
            var cells = compared.Where(k => k.Item2 == breakdown).ToList();
            Assert.True(cells.Count >= 10, $"{cells.Count} {breakdown} cells compared");
        }
        Assert.Contains(compared, k => k.Item2 == "Trust" && exact[k] is "Worse" or "Better" or "Higher" or "Lower");
    }

    [Fact]
    public void AViewerIsToldTheVerdictOfTheExactCountsNotOfTheRoundedOnes()
    {
        // Twelve months of 8 booked by 10 weeks of 9 bookings: exactly 96 / 108 = 88.9%, well under a 95% target (Red:
        // the Wilson interval for 96/108 reaches 93.5% at most). Rounded for a viewer every month is 10 / 10, so a
        // verdict judged on the rounded counts would read 100%, Green.
        var months = Enumerable.Range(0, 12).Select(i => new DateOnly(2024, 4, 1).AddMonths(i)).ToList();
        IndicatorCount Count(DateOnly month, long n, long d, string exactness) =>
            new(Booking.Id, Booking.Version, "Provider", "A", "Month", month, "Total", "Total", n, d, IndicatorEngine.RecordLevel, exactness);
        IndicatorCount[] exact = [.. months.Select(m => Count(m, 8, 9, "exact"))];
        IndicatorCount[] rounded = [.. months.Select(m => Count(m, 10, 10, "suppressed"))];
        var parents = new Dictionary<string, string>();

        var analyst = IndicatorView.Compute(exact, exact, Booking, "A", null, 12, parents);
        var viewer = IndicatorView.Compute(rounded, exact, Booking, "A", null, 12, parents);

        Assert.Equal((96L, 108L, "Red"), (analyst.Total!.Numerator, analyst.Total.Denominator, analyst.Total.Rag));
        // The viewer is shown the rounded counts, and the exact verdict.
        Assert.Equal((120L, 120L, "suppressed", "Red"), (viewer.Total!.Numerator, viewer.Total.Denominator, viewer.Total.Exactness, viewer.Total.Rag));
        Assert.Equal((analyst.Spc!.Variation, analyst.Spc.Assurance), (viewer.Spc!.Variation, viewer.Spc.Assurance));
        // The API's periods likewise: each quarter shown as 30 / 30 (100%, Green if judged so), judged on the exact
        // 24 / 27 = 88.9%, whose Wilson interval (71.9% to 96.1%) straddles 95%: Amber.
        var quarter = ShownFigures.Compute(Booking, exact, rounded, Access.Resolve(data.Store.Database, "viewer", Role.Viewer, []), PeriodType.Quarter);
        Assert.Equal(4, quarter.Count);
        Assert.All(quarter, q => Assert.Equal((30L, 30L, "Amber"), (q.Numerator, q.Denominator, q.Rag)));
    }

    [Fact]
    public void TheDataQualityVerdictsAndExceptionsAreTheSameForEveryRole()
    {
        var database = data.Store.Database;
        var exact = Maternity.Quality.Scorecard.Build(database, TestAccess.Admin);
        var viewer = Maternity.Quality.Scorecard.Build(database, Access.Resolve(database, "viewer", Role.Viewer, []));
        var verdicts = exact.SelectMany(r => r.Criteria.Where(c => c.RuleId != Maternity.Quality.QualityRules.Cqims).Select(c => ((r.OrgCode, r.Month, c.RuleId), c.Passed)))
            .ToDictionary(x => x.Item1, x => x.Passed);
        var compared = 0;
        var roundedOtherwise = 0;
        foreach (var row in viewer)
            foreach (var c in row.Criteria)
            {
                Assert.Equal(verdicts[(row.OrgCode, row.Month, c.RuleId)], c.Passed);
                if (c.Value >= c.Threshold != c.Passed) roundedOtherwise++;
                compared++;
            }
        Assert.True(compared > 100, $"{compared} verdicts compared");
        Assert.Equal(Maternity.Quality.Scorecard.Exceptions(exact).Select(e => (e.OrgCode, e.RuleId)).Order(),
            Maternity.Quality.Scorecard.Exceptions(viewer).Select(e => (e.OrgCode, e.RuleId)).Order());
        TestContext.Current.TestOutputHelper!.WriteLine($"{compared} verdicts the same; {roundedOtherwise} of them would read otherwise from the rounded counts");
    }

    [Fact]
    public void ThePacksDefaultMonthIsCompleteForEverySourceAndThePackSaysHowMuchOfTheWindowEachCovers()
    {
        var database = data.Store.Database;
        var sources = DataCoverage.Read(database, "LMNSX1");
        var (_, period) = BoardPack.Resolve(database, null, null);
        foreach (var source in sources) TestContext.Current.TestOutputHelper!.WriteLine(
            $"{source.Name}: {source.Months.Count} months {source.Months[0]:yyyy-MM} to {source.Months[^1]:yyyy-MM}, complete {source.Complete.Count}");
        Assert.Contains(sources, s => s.Table == "MSD101PregnancyBooking");
        Assert.All(sources, s => Assert.Contains(period, s.Complete));
        // The generated bookings tail off after the last births' bookings: the latest month with counts is not complete for them.
        var latest = IndicatorSummary.Periods(database).Max();
        Assert.True(period < latest, $"default {period:yyyy-MM}, latest {latest:yyyy-MM}");
        Assert.DoesNotContain(latest, sources.Single(s => s.Table == "MSD101PregnancyBooking").Complete);
        var text = DataCoverage.Describe(sources, period.AddMonths(-11), period);
        Assert.Contains("bookings: ", text);
        Assert.Contains(" of 12 months", text);
    }

    [Fact]
    public void EachIndicatorSaysWhatItShowsAndItsValueAsANaturalFrequency()
    {
        var smoking = Catalogue.Find("SATOD")!;
        var month = new DateOnly(2025, 3, 1);
        IndicatorCount Count(string breakdown, string group, long n, long d) =>
            new(smoking.Id, smoking.Version, "LMNS", "L", "Month", month, breakdown, group, n, d, IndicatorEngine.RecordLevel, "exact");
        IndicatorCount[] counts =
        [
            Count("Total", "Total", 130, 1000),
            Count(nameof(Breakdown.ImdQuintile), "1", 40, 200), Count(nameof(Breakdown.ImdQuintile), "5", 90, 800),
            Count(nameof(Breakdown.EthnicGroup), "White", 120, 800), Count(nameof(Breakdown.EthnicGroup), "Asian", 10, 200),
        ];
        var view = IndicatorView.Compute(counts, counts, smoking, "L", null, 12, new Dictionary<string, string>());
        // 130 / 1,000 = 13%; the most deprived fifth 40 / 200 = 20%; Asian 10 / 200 = 5% against White 15%.
        Assert.Equal("About 13 in every 100 births with the mother's smoking status known at delivery; in the most deprived fifth of areas, "
            + "20 in every 100; among Asian women, 5 in every 100.", PlainEnglish.NaturalFrequency(view));
        Assert.StartsWith("Out of every 100 births with the mother's smoking status known at delivery, how many were births whose mother's smoking status",
            PlainEnglish.WhatItShows(smoking), StringComparison.Ordinal);
        Assert.EndsWith("Lower is better.", PlainEnglish.WhatItShows(smoking), StringComparison.Ordinal);
        Assert.All(Catalogue.Definitions, d => Assert.DoesNotContain("  ", PlainEnglish.WhatItShows(d), StringComparison.Ordinal));
    }
}
