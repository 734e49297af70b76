using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Synthetic;
using Maternity.Web.Reports;
using MiniExcelLibs;

namespace Maternity.Tests.Reports;

/// <summary>The board pack over a generated LMNS with an action plan: suppression in every form, rates from the suppressed counts, packs kept exactly, changes since the previous pack, who may make one.</summary>
public sealed partial class BoardPackTests(BoardPackTests.Generated data) : IClassFixture<BoardPackTests.Generated>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public sealed class Generated : IDisposable
    {
        public Generated()
        {
            Store.LoadSynthetic(8_000, 14, seed: 3);
            PlanStore.Replace(Store.Database, TestAccess.Admin, PlanGenerator.Generate("LMNSX1", 30, seed: 9));
            Last = IndicatorSummary.Periods(Store.Database).Max();
            MeasureGenerator.Generate(Store.Database, "LMNSX1", Last.AddMonths(4));
        }

        public TestStore Store { get; } = new();

        /// <summary>The latest month with counts.</summary>
        public DateOnly Last { get; }

        public void Dispose() => Store.Dispose();
    }

    private static Dictionary<string, object?>[] Sheet(byte[] xlsx, string name)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. MiniExcel.Query(stream, useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r))];
    }

    private static long L(object? v) => Convert.ToInt64(v, Inv);

    private static double D(object? v) => v is null ? double.NaN : Convert.ToDouble(v, Inv);

    private byte[] Open(string id, string format) => BoardPackStore.Open(data.Store.Database, TestAccess.Admin, id, format)!.Value.Content;

    [Fact]
    public void EveryCountInTheHtmlAndTheWorkbookPassedSuppressionAndEveryRateWasComputedFromTheSuppressedCounts()
    {
        var (stored, pack) = BoardPackStore.Generate(data.Store.Database, TestAccess.Admin, "LMNSX1", data.Last, BoardPackRenderer.Render);
        var xlsx = Open(stored.Id, "xlsx");
        var html = Encoding.UTF8.GetString(Open(stored.Id, "html"));
        // No national publication is loaded, so the indicators table gives no column to England's published figures.
        Assert.DoesNotContain("England, published", html);

        // Not vacuous: the exact counts behind the pack include counts that are not multiples of 5.
        var exact = Catalogue.Definitions.SelectMany(d => IndicatorEngine.Read(data.Store.Database, TestAccess.Admin, d.Id, "LMNSX1")).ToList();
        Assert.Contains(exact, c => c.Numerator % 5 != 0);

        var checkedCounts = 0;
        foreach (var row in Sheet(xlsx, "Indicators").Concat(Sheet(xlsx, "Breakdowns")).Concat(Sheet(xlsx, "Monthly")))
        {
            var definition = Catalogue.Find((string)row["Indicator"]!)!;
            long n = L(row["Numerator"]), d = L(row["Denominator"]);
            Assert.True(n % 5 == 0 && d % 5 == 0, $"{definition.Id}: {n}/{d}");
            checkedCounts += 2;
            var value = IndicatorValue.Of(definition, n, d).Interval;
            Assert.Equal(value.Value, D(row["Value"]), 9);
            if (row.TryGetValue("Lower", out var lower)) Assert.Equal(value.Lower, D(lower), 9);
        }
        // Ratios and differences against the reference group, from the suppressed counts.
        foreach (var breakdown in Sheet(xlsx, "Breakdowns").GroupBy(r => ((string)r["Indicator"]!, (string)r["Breakdown"]!)))
        {
            var definition = Catalogue.Find(breakdown.Key.Item1)!;
            var reference = breakdown.SingleOrDefault(r => (string)r["Group"]! == IndicatorAnalysis.ReferenceGroup(breakdown.Key.Item2));
            if (reference is null || definition.Unit != "%") continue;
            foreach (var r in breakdown.Where(r => r != reference && L(r["Denominator"]) > 0 && L(reference["Denominator"]) > 0))
            {
                var ratio = Comparison.RiskRatio(L(r["Numerator"]), L(r["Denominator"]), L(reference["Numerator"]), L(reference["Denominator"]));
                if (double.IsFinite(ratio.Value)) Assert.Equal(ratio.Value, D(r["Ratio"]), 9);
            }
        }
        foreach (var row in Sheet(xlsx, "Data quality"))
        {
            long n = L(row["Numerator"]), d = L(row["Denominator"]);
            Assert.True(n % 5 == 0 && d % 5 == 0, $"{row["Org"]} {row["Rule"]}: {n}/{d}");
            Assert.Equal(100.0 * n / d, D(row["Value"]), 9);
            checkedCounts += 2;
        }
        Assert.True(checkedCounts > 200, $"only {checkedCounts} counts checked");

        // The HTML: every count cell, every "n of d" and every "n/d" of the scorecard.
        var counts = CountCell().Matches(html).Select(m => m.Groups[1].Value)
            .Concat(OfPair().Matches(html).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }))
            .Concat(SlashPair().Matches(html).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }))
            .Select(s => long.Parse(s, NumberStyles.AllowThousands, Inv)).ToList();
        // Fewer since incomplete months raise no special cause (fewer indicators need attention, so fewer breakdown tables).
        Assert.True(counts.Count >= 2 * pack.Indicators.Count + 60, $"only {counts.Count} counts found in the HTML");
        Assert.All(counts, c => Assert.True(c % 5 == 0, $"{c} in the HTML"));
        Assert.Equal(pack.Indicators.Count, Sheet(xlsx, "Indicators").Length);
    }

    [GeneratedRegex("<td class=\"[^\"]*numeric[^\"]*\"[^>]*>\\s*(?:<span class=\"nhsuk-table__heading\"[^>]*>[^<]*</span>)?\\s*([0-9][0-9,]*)\\s*</td>")]
    private static partial Regex CountCell();

    [GeneratedRegex(@"([0-9][0-9,]*) of ([0-9][0-9,]*)\)")]
    private static partial Regex OfPair();

    [GeneratedRegex(@"> ([0-9][0-9,]*)/([0-9][0-9,]*)</span>")]
    private static partial Regex SlashPair();

    [Fact]
    public void APackIsKeptExactlyAsMadeAndTheNextPackSaysWhatChangedSinceIt()
    {
        var database = data.Store.Database;
        var before = data.Last.AddMonths(-1);
        var (first, _) = BoardPackStore.Generate(database, TestAccess.Admin, "LMNSX1", before, BoardPackRenderer.Render);
        var html = Open(first.Id, "html");
        var xlsx = Open(first.Id, "xlsx");
        Assert.Contains(BoardPackStore.List(database, TestAccess.Admin, "LMNSX1"), l => l.Pack.Id == first.Id && !l.DataChangedSince);

        // The plan moves on: an action is marked delayed.
        var plan = PlanStore.Load(database, TestAccess.Admin, "LMNSX1");
        var action = plan.Actions.First(a => a.Status != ActionStatus.Delayed);
        PlanStore.SaveAction(database, TestAccess.Admin, "LMNSX1", action with { Status = ActionStatus.Delayed }, plan.ActionStamps[action.Id].Version);

        var (second, pack) = BoardPackStore.Generate(database, TestAccess.Admin, "LMNSX1", data.Last, BoardPackRenderer.Render);
        Assert.StartsWith($"Compared with the pack for {before:MMMM yyyy}", pack.ChangesAgainst, StringComparison.Ordinal);
        var change = Assert.Single(pack.Changes, c => c.Area == "Action" && c.Item == action.Id);
        Assert.StartsWith("Delayed", change.After, StringComparison.Ordinal);
        Assert.Contains("What changed since the previous pack", Encoding.UTF8.GetString(Open(second.Id, "html")), StringComparison.Ordinal);

        // The first pack re-opens byte for byte, and says its data have changed since.
        Assert.Equal(html, Open(first.Id, "html"));
        Assert.Equal(xlsx, Open(first.Id, "xlsx"));
        var listed = BoardPackStore.List(database, TestAccess.Admin, "LMNSX1");
        Assert.True(listed.Single(l => l.Pack.Id == first.Id).DataChangedSince);
        Assert.False(listed.Single(l => l.Pack.Id == second.Id).DataChangedSince);
        Assert.Null(BoardPackStore.Open(database, TestAccess.Admin, "LMNSX1-1999-01-1", "html"));
        Assert.Throws<ArgumentException>(() => BoardPackStore.Open(database, TestAccess.Admin, first.Id, "docx"));
    }

    [Fact]
    public void OnlyTheLmnssAnalystsAndAdminsMakePacksAndThePackIsTheSameWhoeverMakesIt()
    {
        var database = data.Store.Database;
        foreach (var (role, orgs) in new (Role, string[])[] { (Role.Viewer, []), (Role.Public, []), (Role.TrustUser, ["X1A"]), (Role.Analyst, ["LMNSX2"]) })
            Assert.Throws<AccessDeniedException>(() => BoardPackStore.Generate(database, Access.Resolve(database, "someone", role, orgs), "LMNSX1", data.Last, BoardPackRenderer.Render));
        var (byAnalyst, _) = BoardPackStore.Generate(database, Access.Resolve(database, "analyst", Role.Analyst, ["LMNSX1"]), "LMNSX1", data.Last, BoardPackRenderer.Render);
        var (byAdmin, _) = BoardPackStore.Generate(database, TestAccess.Admin, "LMNSX1", data.Last, BoardPackRenderer.Render);
        foreach (var sheet in new[] { "Indicators", "Breakdowns", "Data quality", "Actions" })
            Assert.Equal(
                Sheet(Open(byAnalyst.Id, "xlsx"), sheet).Select(r => string.Join("|", r.Values)),
                Sheet(Open(byAdmin.Id, "xlsx"), sheet).Select(r => string.Join("|", r.Values)));
        var unknown = Assert.Throws<InvalidDataException>(() => BoardPackStore.Generate(database, TestAccess.Admin, "NOPE", data.Last, BoardPackRenderer.Render));
        Assert.Contains("LMNSX1", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePackShowsTheLmnssOwnMeasuresOffTheirTrajectoryAndTheReturnsStillDue()
    {
        var pack = BoardPack.Build(data.Store.Database, "LMNSX1", data.Last, "test");
        var html = BoardPackRenderer.Render(pack);

        Assert.Equal(17, pack.Measures!.Count);
        Assert.NotEmpty(pack.MeasuresOffTrack);
        Assert.All(pack.MeasuresOffTrack, m => Assert.Contains(m.Current!.Rag, new[] { "Red", "Amber" }));
        // Only periods ended by the reporting month are shown.
        Assert.All(pack.Measures, m => Assert.All(m.Series, p => Assert.True(Maternity.Measures.MeasurePeriod.End(p.Period, m.Measure.Frequency) <= data.Last.AddMonths(1))));
        Assert.Contains("The LMNS's own measures", html, StringComparison.Ordinal);
        Assert.Contains($"Measure <strong>{pack.MeasuresOffTrack[0].Measure.Title}</strong>", html, StringComparison.Ordinal);
        Assert.Contains("trusts have sent", html, StringComparison.Ordinal);
        // Counts of returns reach the pack as a viewer sees them: rounded to 5.
        Assert.All(pack.Measures.SelectMany(m => m.Series).Where(p => p.Denominator is not null && p.Numerator is not null && p.Value is not null), p =>
        {
            if (pack.Measures.First(m => m.Series.Contains(p)).Measure.Unit is Maternity.Measures.UnitKind.Proportion)
                Assert.Equal(0, p.Denominator!.Value % 5);
        });
    }

    [Fact]
    public void ThePackShowsTheTimelineOfTheActionsItReportsWithAGanttChartsOwnQuarterStatuses()
    {
        var pack = BoardPack.Build(data.Store.Database, "LMNSX1", data.Last, "test");
        Assert.Equal(pack.Actions.Select(a => a.Action.Id), pack.ActionTimeline!.Rows.Select(r => r.Action.Id));

        // Actions imported from a Gantt chart: each quarter shows the chart's own cell, in words.
        var action = pack.Actions[0].Action with
        {
            Gantt = [new(new FinancialQuarter(2023, 1), "Amber"), new(new FinancialQuarter(2023, 2), "Red"), new(new FinancialQuarter(2023, 3), "Milestone")],
            PlannedStart = new FinancialQuarter(2023, 1), PlannedEnd = new FinancialQuarter(2023, 3),
        };
        var html = BoardPackRenderer.Render(pack with { ActionTimeline = PlanViews.BuildTimeline([action], data.Last) });

        var timeline = html[html.IndexOf("Timeline of the actions reported", StringComparison.Ordinal)..];
        Assert.Contains("app-gantt__bar--at-risk\">At risk<", timeline, StringComparison.Ordinal);
        Assert.Contains("app-gantt__bar--delayed\">Delayed<", timeline, StringComparison.Ordinal);
        Assert.Contains("app-gantt__bar--milestone", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnEarlierPackTheMonthBeforeIsTheComparison()
    {
        var pack = BoardPack.Build(data.Store.Database, "LMNSX1", data.Last, "test");
        Assert.StartsWith("No earlier pack", pack.ChangesAgainst, StringComparison.Ordinal);
        Assert.All(pack.Attention, v => Assert.NotEmpty(BoardPack.Reasons(v)));
        Assert.All(pack.Improved, v => Assert.Equal(VariationType.SpecialCauseImprovement, v.Spc!.Variation));
        Assert.All(pack.Indicators, v => Assert.Equal((data.Last.AddMonths(-11), data.Last), (v.From, v.To)));
        Assert.True(pack.HasPlan);
        Assert.Contains(pack.Definitions, d => d.Id == "DQ_ETHNICITY_VALID");
    }

    [Fact]
    public void TheIndicatorViewLabelsTheTrendOfItsMonthlySeries()
    {
        var definition = Catalogue.Definitions.First(d => d.Id == "SATOD");
        var view = IndicatorView.Build(data.Store.Database, TestAccess.Admin, definition, "LMNSX1");
        Assert.True(view.Monthly.Count >= IndicatorView.TrendMinimumMonths);
        // Scored by month: a month with no data would leave a gap rather than close up the series.
        var expected = Trend.Proportions([.. view.Monthly.Select(r => (double)r.Numerator)], [.. view.Monthly.Select(r => (double)r.Denominator)],
            [.. view.Monthly.Select(r => (double)(r.PeriodStart.Year * 12 + r.PeriodStart.Month))], level: 0.999);
        Assert.NotNull(view.Trend);
        Assert.Equal(expected.ChiSquared, view.Trend.ChiSquared, 9);
        Assert.Equal(expected.Direction, view.Trend.Direction);
        Assert.NotEqual(TrendDirection.CannotBeCalculated, view.Trend.Direction);
    }

    [Fact]
    public void TheReportCommandWritesThePackListsItReopensItAndRefusesBadInput()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var store = TestCli.StoreArguments(data.Store);
        var folder = Path.Combine(data.Store.Directory, "packs");
        var made = TestCli.Run(cli!, ["report", "board", "--lmns", "LMNSX1", "--period", data.Last.ToString("yyyy-MM", Inv), "--out", folder, .. store]);
        Assert.True(made.Exit == 0, made.Output);
        var id = Regex.Match(made.Output, @"Board pack (LMNSX1-\d{4}-\d{2}-\d+)").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.True(File.Exists(Path.Combine(folder, $"board-pack-{id}.html")) && File.Exists(Path.Combine(folder, $"board-pack-{id}.xlsx")), made.Output);
        Assert.Equal(File.Exists(Chromium.Find() ?? ""), File.Exists(Path.Combine(folder, $"board-pack-{id}.pdf")));

        Assert.Contains(id, TestCli.Run(cli!, ["report", "list", .. store]).Output, StringComparison.Ordinal);
        var again = Path.Combine(data.Store.Directory, "reopened");
        Assert.Equal(0, TestCli.Run(cli!, ["report", "open", id, "--out", again, .. store]).Exit);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, $"board-pack-{id}.html")), File.ReadAllBytes(Path.Combine(again, $"board-pack-{id}.html")));

        var unknown = TestCli.Run(cli!, ["report", "open", "LMNSX1-1999-01-9", .. store]);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("no board pack 'LMNSX1-1999-01-9' is kept", unknown.Output, StringComparison.Ordinal);
        var badMonth = TestCli.Run(cli!, ["report", "board", "--period", "2025-13", .. store]);
        Assert.Equal(2, badMonth.Exit);
        Assert.Contains("--period '2025-13' is not a month", badMonth.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareListsEveryChangeOfRagVariationExceptionAndAction()
    {
        var before = new BoardPack.Figures(new DateOnly(2025, 1, 1),
            [new("A", "Alpha", "%", 50, "Green", "Common cause variation"), new("B", "Beta", "per 1,000", 3, "", "Common cause variation"), new("C", "Gamma", "%", 1, "", "")],
            ["X1A: Valid ethnicity"], new Dictionary<string, string> { ["A1"] = "On track (On track)", ["A2"] = "At risk (At risk)" });
        var after = new BoardPack.Figures(new DateOnly(2025, 2, 1),
            [new("A", "Alpha", "%", 40, "Red", "Common cause variation"), new("B", "Beta", "per 1,000", 3, "", "Special cause variation: concern")],
            ["X1B: Valid postcode"], new Dictionary<string, string> { ["A1"] = "Delayed (Delayed)", ["A3"] = "Not started (Not started)" });
        var changes = BoardPack.Compare(before, after).Select(c => $"{c.Area}|{c.Item}|{c.Before}|{c.After}").ToList();
        Assert.Equal(
        [
            "Indicator RAG|Alpha|Green (50.0%)|Red (40.0%)",
            "Indicator variation|Beta|Common cause variation|Special cause variation: concern",
            "Indicator|Gamma|1.0%|no data",
            "Data-quality exception|X1B: Valid postcode|not an exception|failing two or more months",
            "Data-quality exception|X1A: Valid ethnicity|failing two or more months|no longer an exception",
            "Action|A1|On track (On track)|Delayed (Delayed)",
            "Action|A3|not in the plan|Not started (Not started)",
            "Action|A2|At risk (At risk)|removed from the plan",
        ], changes);
    }
}
