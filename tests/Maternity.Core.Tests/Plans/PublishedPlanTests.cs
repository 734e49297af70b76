using Maternity.Plans;

namespace Maternity.Tests.Plans;

/// <summary>
/// The published plans' action tables, transcribed as they appear (../shared/plans), imported as they are. Every
/// expectation is written from the plan's own text, row by row; rows are numbered as a spreadsheet shows them.
/// </summary>
public sealed class PublishedPlanTests
{
    private const string Lmns = "LMNSX1";

    private static PlanTable.ReadResult Read(string file)
    {
        var path = SharedData.FindPlan(file);
        Assert.SkipWhen(path is null, $"{file} is not beside the checkout (../shared/plans); the published plans' tables are not kept in the repository");
        return PlanTable.Read(path!, Lmns);
    }

    private static int Count(Plan plan, string nodeId) => plan.Actions.Count(a => plan.Lineage(a.NodeIds[0]).Any(n => n.Id == nodeId));

    private static string Json(Plan plan) => PlanStore.Write(new { plan.Nodes, plan.Actions, plan.Gaps });

    [Fact]
    public void HerefordAndWorcestershireDetailedPlanGoesInAsItIs()
    {
        var read = Read("hw-detailed-action-plan.csv");

        Assert.Empty(read.Issues);
        Assert.True(read.FullyRead);
        var plan = read.Plan!;
        Assert.Equal(43, plan.Actions.Count);
        // "Priority One: ..." to "Priority 5 ...", and "4a ..." to "4e Enablers" under Priority 4.
        Assert.Equal(
            ["Priority 1", "Priority 2", "Priority 3", "Priority 4", "Priority 5"],
            plan.Nodes.Where(n => n.Kind == NodeKind.Priority).Select(n => n.Ref));
        Assert.Equal("Restore NHS services inclusively", plan.Node("NHSE 2021/Priority 1")!.Title);
        Assert.Equal("Ensure data sets are complete and timely", plan.Node("NHSE 2021/Priority 3")!.Title);
        Assert.Equal(["4a", "4b", "4c", "4d", "4e"], plan.Nodes.Where(n => n.Kind == NodeKind.SubPriority).Select(n => n.Ref));
        Assert.All(plan.Nodes.Where(n => n.Kind == NodeKind.SubPriority), n => Assert.Equal("NHSE 2021/Priority 4", n.ParentId));
        Assert.Equal("Support for Maternity & Neonatal staff", plan.Node("NHSE 2021/Priority 4/4d")!.Title);

        // Actions per heading: rows 3-7, 9-15, 17-20, 23-26, 29-41, 44-54, 57-63, 66-68, 70-71.
        Assert.Equal(5, Count(plan, "NHSE 2021/Priority 1"));
        Assert.Equal(6, Count(plan, "NHSE 2021/Priority 2"));
        Assert.Equal(4, Count(plan, "NHSE 2021/Priority 3"));
        Assert.Equal(4, Count(plan, "NHSE 2021/Priority 4/4a"));
        Assert.Equal(10, Count(plan, "NHSE 2021/Priority 4/4b"));
        Assert.Equal(7, Count(plan, "NHSE 2021/Priority 4/4c"));
        Assert.Equal(3, Count(plan, "NHSE 2021/Priority 4/4d"));
        Assert.Equal(2, Count(plan, "NHSE 2021/Priority 4/4e"));
        Assert.Equal(2, Count(plan, "NHSE 2021/Priority 5"));

        // Row 3: "Continue to implement the COVID 19 – four actions. These include: 1. Increasing support ..." is the
        // guidance's Priority 1 Intervention 1 and its first numbered action; rows 4-7 the numbered actions 2-5.
        var a = plan.Actions;
        Assert.All(a.Take(5), x => Assert.Equal("NHSE 2021/Priority 1/Intervention 1", x.NodeIds[0]));
        Assert.Equal("1. Increasing support for at risk pregnant women", a[0].Descriptor);
        Assert.StartsWith("Guidance in place at provider organisations", a[0].Detail, StringComparison.Ordinal);
        Assert.Equal(["Local guidelines in place."], a[0].Milestones.Select(m => m.Title));
        Assert.Equal((ActionStatus.Complete, (PlanDate?)null), (a[0].Status, a[0].TargetDate));
        Assert.Equal("Guidance in place and operationalised.", a[0].Metrics);
        Assert.Equal("2. Reach out and reassure pregnant women with tailored communications.", a[1].Descriptor);
        Assert.Equal(ActionStatus.Complete, a[2].Status);
        Assert.Equal((PlanDate?)PlanDate.Month(2023, 3), a[3].TargetDate);
        Assert.Equal(3, a[3].Metrics!.Split('\n').Length);
        Assert.Equal("5. Target the Covid vaccination programme to women and partners", a[4].Descriptor);

        // Rows 9-10: an intervention titled in the first column; row 10 adds a milestone due March 2023.
        var strategy = a[5];
        Assert.Equal("NHSE 2021/Priority 2/Creation and development of a H&W LMNS digital strategy", strategy.NodeIds[0]);
        Assert.Equal((PlanDate?)PlanDate.Month(2022, 10), strategy.TargetDate);
        Assert.Equal(
            [("LMNS Strategy to be developed", (PlanDate?)null), ("Active partner in the ICB Equality & Inclusion workstream (ICB digital strategy group).", PlanDate.Month(2023, 3))],
            strategy.Milestones.Select(m => (m.Title, m.Due)));
        // Row 11: two milestones on two lines; rows 12-15: four actions under one intervention.
        Assert.Equal(2, a[6].Milestones.Count);
        Assert.Equal((PlanDate?)PlanDate.Month(2023, 9), a[6].TargetDate);
        Assert.Equal(4, a.Count(x => x.NodeIds[0].EndsWith("available in a range of languages and formats.", StringComparison.Ordinal)));

        // Row 28 "4b Intervention 1" takes its title from row 29's first column; rows 29-33 are its five actions.
        Assert.Equal("Implement maternal medicine networks to help achieve equity.", plan.Node("NHSE 2021/Priority 4/4b/4b Intervention 1")!.Title);
        var mmn = a.Where(x => x.NodeIds[0] == "NHSE 2021/Priority 4/4b/4b Intervention 1").ToList();
        Assert.Equal(
            [(ActionStatus.Complete, (PlanDate?)null), (ActionStatus.Complete, null), (ActionStatus.NotStarted, PlanDate.Month(2022, 11)),
             (ActionStatus.NotStarted, PlanDate.Month(2023, 3)), (ActionStatus.OnTrack, null)],
            mmn.Select(x => (x.Status, x.TargetDate)));
        Assert.Equal((PlanDate?)PlanDate.Month(2021, 3), a.Single(x => x.Descriptor.StartsWith("Implement continuous glucose", StringComparison.Ordinal)).TargetDate);

        // Row 49 "Additional intervention" takes its title from row 50.
        Assert.Equal("Full implementation of the 5 elements of the Saving babies Lives Care Bundle (SBLCB; v2).",
            plan.Node("NHSE 2021/Priority 4/4c/Additional intervention")!.Title);

        // Rows 59-61: one action; rows 60 and 61 add the milestones "· PMRT" (Complete) and "· Investigation reports".
        var incidents = a.Single(x => x.NodeIds[0] == "NHSE 2021/Priority 4/4d/4d Intervention 2");
        Assert.Equal(["Ethnicity recorded on:", "StEIS, for maternity & neonatal SIs", "PMRT", "Investigation reports"], incidents.Milestones.Select(m => m.Title));
        Assert.Equal(ActionStatus.Complete, incidents.Status);
        Assert.EndsWith("Service user feedback is positive relating to cultural, ethnicity and language needs.", incidents.Metrics, StringComparison.Ordinal);

        // Rows 70-71: full dates, a comment, and "Date changed from 28th February 2022 to 30th September 2022".
        Assert.Equal((PlanDate?)PlanDate.Day(new DateOnly(2021, 11, 30)), a[41].TargetDate);
        Assert.StartsWith("Feedback received from NHSE", a[41].Updates.Single().Text, StringComparison.Ordinal);
        Assert.Equal("Co-produce an equity & equality action plan", a[42].Descriptor);
        Assert.Equal((PlanDate?)PlanDate.Day(new DateOnly(2022, 9, 30)), a[42].TargetDate);
        var change = Assert.Single(a[42].TargetChanges);
        Assert.Equal(((PlanDate?)PlanDate.Day(new DateOnly(2022, 2, 28)), (PlanDate?)PlanDate.Day(new DateOnly(2022, 9, 30))), (change.From, change.To));
    }

    [Fact]
    public void NorthWestLondonGanttKeepsEveryQuartersStatus()
    {
        var read = Read("nwl-gantt.csv");

        Assert.Empty(read.Issues);
        var plan = read.Plan!;
        Assert.Equal(32, plan.Actions.Count);
        // Headings in the Objective and Actions columns: "Priority 4a: ...", "4b ...", "Intervention 2: ...".
        Assert.Equal(6, Count(plan, "NHSE 2021/Priority 1/Intervention 1"));
        Assert.Equal(3, Count(plan, "NHSE 2021/Priority 2/Intervention 1"));
        Assert.Equal(5, Count(plan, "NHSE 2021/Priority 3/Intervention 1"));
        Assert.Equal(5, Count(plan, "NHSE 2021/Priority 4/4a/4a Intervention 1"));
        Assert.Equal(6, Count(plan, "NHSE 2021/Priority 4/4b/4b Intervention 1"));
        Assert.Equal(4, Count(plan, "NHSE 2021/Priority 4/4d/4d Intervention 2"));
        Assert.Equal(3, plan.Actions.Count(x => x.NodeIds[0] == "NHSE 2021/Priority 5"));
        Assert.Equal("Action on perinatal mortality and morbidity", plan.Node("NHSE 2021/Priority 4/4b")!.Title);
        Assert.DoesNotContain(plan.Actions, x => x.Descriptor.StartsWith("Intervention", StringComparison.Ordinal));

        // Row 4: Completed, Completed, Completed, Milestone from 2022-23 Q3.
        var a = plan.Actions;
        Assert.Equal(
            [(new FinancialQuarter(2022, 3), "Completed"), (new FinancialQuarter(2022, 4), "Completed"), (new FinancialQuarter(2023, 1), "Completed"), (new FinancialQuarter(2023, 2), "Milestone")],
            a[0].Gantt!.Select(g => (g.Quarter, g.Status)));
        Assert.Equal((ActionStatus.Complete, (FinancialQuarter?)new FinancialQuarter(2022, 3), (FinancialQuarter?)new FinancialQuarter(2023, 2)), (a[0].Status, a[0].PlannedStart, a[0].PlannedEnd));
        // Row 5: Green 2023-24 Q1 to Q3.
        Assert.Equal((ActionStatus.OnTrack, (FinancialQuarter?)new FinancialQuarter(2023, 1), (FinancialQuarter?)new FinancialQuarter(2023, 3)), (a[1].Status, a[1].PlannedStart, a[1].PlannedEnd));
        // Row 6: Amber 2022-23 Q4 to 2023-24 Q3, Milestone 2023-24 Q4.
        Assert.Equal((ActionStatus.AtRisk, 5), (a[2].Status, a[2].Gantt!.Count));
        // Row 8: Red 2023-24 Q1 to 2024-25 Q1, Milestone 2024-25 Q2.
        Assert.Equal((ActionStatus.Delayed, (FinancialQuarter?)new FinancialQuarter(2024, 2)), (a[4].Status, a[4].PlannedEnd));
        // Row 9: Green in all 14 quarters, 2022-23 Q3 to 2025-26 Q4.
        Assert.Equal(14, a[5].Gantt!.Count);
        Assert.Equal(((FinancialQuarter?)new FinancialQuarter(2022, 3), (FinancialQuarter?)new FinancialQuarter(2025, 4)), (a[5].PlannedStart, a[5].PlannedEnd));
        // Row 13: Grey 2023-24 Q2 to 2024-25 Q4.
        Assert.Equal((ActionStatus.NotStarted, 7), (a[8].Status, a[8].Gantt!.Count));
        // Row 37: a milestone alone, 2023-24 Q2.
        var thematic = a.Single(x => x.Descriptor.StartsWith("Conduct annual thematic analysis", StringComparison.Ordinal));
        Assert.Equal([(new FinancialQuarter(2023, 2), "Milestone")], thematic.Gantt!.Select(g => (g.Quarter, g.Status)));
        Assert.Equal(ActionStatus.NotStarted, thematic.Status);
        Assert.Equal(
            [ActionStatus.Complete, ActionStatus.OnTrack, ActionStatus.AtRisk, ActionStatus.OnTrack, ActionStatus.Delayed, ActionStatus.OnTrack],
            a.Take(6).Select(x => x.Status));

        // The "Planning guidance ref" column is no column of the plan table: its cell beside an action is kept as text,
        // the two beside headings (rows 20 and 33) are not read, and the import says so.
        Assert.Equal("Planning guidance ref", Assert.Single(read.UnknownColumns).Header);
        Assert.Equal([27L], read.KeptAsText.Select(k => k.Row));
        Assert.Equal("4b Action on maternal mortality, morbidity and experience", a.Single(x => x.Other is not null).Other!["Planning guidance ref"]);
        Assert.Equal([20L, 33L], read.NotRead.Select(n => n.Row));
        Assert.False(read.FullyRead);

        // The timeline shows the chart's own cell in each quarter.
        var timeline = PlanViews.BuildTimeline(plan.Actions, new DateOnly(2023, 6, 1));
        Assert.Equal(new FinancialQuarter(2022, 3), timeline.Quarters[0]);
        Assert.Equal(14, timeline.Quarters.Count);
        Assert.Equal(["Complete", "Complete", "Complete", "Milestone", "", ""], timeline.Rows[0].Cells.Take(6));
        Assert.True(timeline.Rows[0].ByQuarter && timeline.Rows[0].Milestones[3]);
        Assert.Equal(["", "At risk", "At risk", "At risk", "At risk", "Milestone"], timeline.Rows[2].Cells.Take(6));
    }

    [Fact]
    public void SouthEastLondonActionsForAFinancialYearFallDueAtItsEnd()
    {
        var read = Read("sel-actions.csv");

        Assert.Empty(read.Issues);
        Assert.True(read.FullyRead);
        var plan = read.Plan!;
        Assert.Equal(25, plan.Actions.Count);
        Assert.Equal(["Priority action 1", "Priority action 3", "Maternal medicine network"], plan.Nodes.Where(n => n.Kind == NodeKind.Priority).Select(n => n.Ref));
        Assert.Equal((15, 4, 6), (Count(plan, "NHSE 2021/Priority action 1"), Count(plan, "NHSE 2021/Priority action 3"), Count(plan, "NHSE 2021/Maternal medicine network")));
        Assert.Equal(18, plan.Actions.Count(x => x.FinancialYear == "2024-25"));
        Assert.Equal(7, plan.Actions.Count(x => x.FinancialYear == "2025-26"));
        // "Overseen by" is the leads; "Intended outcomes in 5 years' time" is how success is judged.
        Assert.Equal(["LMNS inequalities workstream", "LMNS board"], plan.Actions[0].Leads);
        Assert.Equal(["LMNS workforce and education workstream"], plan.Actions[6].Leads);
        Assert.StartsWith("We will have improved maternal and neonatal outcomes", plan.Actions[0].Metrics, StringComparison.Ordinal);

        Assert.Empty(PlanViews.Exceptions(plan, new DateOnly(2025, 3, 31)));
        var late = PlanViews.Exceptions(plan, new DateOnly(2025, 4, 1));
        Assert.Equal(18, late.Count);
        Assert.All(late, e => Assert.Equal(["overdue: financial year 2024-25 ended 2025-03-31"], e.Reasons));
        Assert.Equal(25, plan.Actions.Count(x => PlanViews.IsOverdue(x, new DateOnly(2026, 4, 1))));
    }

    [Fact]
    public void SouthWestLondonObjectivesKeepTheirMeasuresOfSuccess()
    {
        var read = Read("swl-objectives.csv");

        Assert.Empty(read.Issues);
        Assert.True(read.FullyRead);
        var plan = read.Plan!;
        Assert.Equal(16, plan.Actions.Count);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"Objective {i}"), plan.Nodes.Where(n => n.Kind == NodeKind.Priority).Select(n => n.Ref));
        Assert.Equal([4, 4, 2, 1, 2, 1, 2], Enumerable.Range(1, 7).Select(i => Count(plan, $"NHSE 2021/Objective {i}")));
        Assert.Equal("Increase maternity prevention programmes across the area", plan.Node("NHSE 2021/Objective 3")!.Title);
        Assert.Equal("Identify community hubs available for midwives.", plan.Actions[2].Metrics);
        Assert.Equal(3, plan.Actions[8].Metrics!.Split('\n').Length);
        // No dates, owners or status in this plan: nothing is due.
        Assert.All(plan.Actions, x => Assert.Equal((ActionStatus.NotStarted, (PlanDate?)null, 0), (x.Status, x.TargetDate, x.Leads.Count)));
    }

    [Theory]
    [InlineData("hw-detailed-action-plan.csv")]
    [InlineData("nwl-gantt.csv")]
    [InlineData("sel-actions.csv")]
    [InlineData("swl-objectives.csv")]
    public void EachPublishedPlanSurvivesStoreExportAndImportUnchanged(string file)
    {
        var read = Read(file);
        using var store = new TestStore();
        PlanStore.Replace(store.Database, TestAccess.As("analyst"), read.Plan!);
        var stored = PlanStore.Load(store.Database, TestAccess.Admin, Lmns);
        Assert.Equal(Json(read.Plan!), Json(stored));

        foreach (var name in new[] { "export.csv", "export.xlsx" })
        {
            var path = Path.Combine(store.Directory, name);
            PlanTable.Write(stored, path);
            var again = PlanTable.Read(path, Lmns);
            Assert.Empty(again.Issues);
            Assert.Equal(Json(stored), Json(again.Plan!));
            Assert.Equal(new PlanStore.ReplaceResult(0, 0, 0, stored.Nodes.Count + stored.Actions.Count), PlanStore.Replace(store.Database, TestAccess.As("analyst"), again.Plan!));
        }
    }

    [Fact]
    public void TheImportCommandPreviewsWithoutStoringAndExitsThreeWhenCellsWereKeptOnlyAsText()
    {
        var gantt = SharedData.FindPlan("nwl-gantt.csv");
        var detailed = SharedData.FindPlan("hw-detailed-action-plan.csv");
        Assert.SkipWhen(gantt is null || detailed is null, "the published plans' tables are not beside the checkout (../shared/plans)");
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        using var store = new TestStore();

        var preview = TestCli.Run(cli!, ["plan", "import", gantt!, "--lmns", Lmns, "--dry-run", .. TestCli.StoreArguments(store)]);

        Assert.Equal(3, preview.Exit);
        Assert.Contains("row 4: action A001 under NHSE 2021/Priority 1/Intervention 1", preview.Output, StringComparison.Ordinal);
        Assert.Contains("'Planning guidance ref' (nearest: ", preview.Output, StringComparison.Ordinal);
        Assert.Contains("not read: row 20, Planning guidance ref", preview.Output, StringComparison.Ordinal);
        Assert.Contains("32 actions", preview.Output, StringComparison.Ordinal);
        Assert.Empty(PlanStore.Load(store.Database, TestAccess.Admin, Lmns).Actions);

        var imported = TestCli.Run(cli!, ["plan", "import", gantt!, "--lmns", Lmns, .. TestCli.StoreArguments(store)]);
        Assert.Equal(3, imported.Exit);
        Assert.Equal(32, PlanStore.Load(store.Database, TestAccess.Admin, Lmns).Actions.Count);

        var clean = TestCli.Run(cli!, ["plan", "import", detailed!, "--lmns", Lmns, .. TestCli.StoreArguments(store)]);
        Assert.Equal(0, clean.Exit);
        Assert.Equal(43, PlanStore.Load(store.Database, TestAccess.Admin, Lmns).Actions.Count);
    }

    [Fact]
    public void TheGanttSavedAsAWorkbookReadsAsTheCsvDoes()
    {
        var csv = Read("nwl-gantt.csv");
        using var store = new TestStore();
        // The same grid in a workbook, both header rows as they are (no header row for the writer to add).
        var grid = Maternity.Ingest.TableFile.ReadGrid(SharedData.FindPlan("nwl-gantt.csv")!).ToList();
        var width = grid.Max(g => g.Cells.Length);
        var rows = grid.Select(g => Enumerable.Range(0, width).ToDictionary(i => ((char)('A' + i)).ToString(), i => (object)(i < g.Cells.Length ? g.Cells[i] : "")));
        var path = Path.Combine(store.Directory, "nwl-gantt.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(path, rows, printHeader: false);

        var xlsx = PlanTable.Read(path, Lmns);

        Assert.Empty(xlsx.Issues);
        Assert.Equal(Json(csv.Plan!), Json(xlsx.Plan!));
        Assert.Equal(csv.NotRead.Select(n => (n.Row, n.Column)), xlsx.NotRead.Select(n => (n.Row, n.Column)));
    }
}
