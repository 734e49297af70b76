using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Reports;

namespace Maternity.Tests.Plans;

/// <summary>
/// An action's target groups named explicitly ("Target groups": codes or names of the groups the records hold), used
/// for its figures when present; the words of "Groups that will benefit most" read by keyword only when it names none.
/// </summary>
public sealed class TargetGroupsTests
{
    private const string Header = "Priority,Action ID,Action descriptor,Groups that will benefit most,Target groups,Indicators";

    [Fact]
    public void TheTargetGroupsColumnIsReadByCodeOrNameAndSurvivesExportAndImport()
    {
        using var store = new TestStore();
        var path = store.File("plan.csv", $"""
            {Header}
            Priority 1: Restore NHS services inclusively,A001,Continuity of carer,Black and Asian women,"EthnicGroup:Black
            Most deprived fifth; asian",SATOD
            ,A002,Translated leaflets,Women who need an interpreter,,SATOD
            """);

        var read = PlanTable.Read(path, "LMNSX1");

        Assert.Empty(read.Issues);
        var actions = read.Plan!.Actions;
        // Stored as codes in the catalogue's order, whatever order and spelling the cell used.
        Assert.Equal(["EthnicGroup:Black", "EthnicGroup:Asian", "ImdQuintile:1"], actions[0].TargetGroups);
        Assert.Null(actions[1].TargetGroups);

        var exported = Path.Combine(store.Directory, "again.csv");
        PlanTable.Write(read.Plan, exported);
        var again = PlanTable.Read(exported, "LMNSX1");
        Assert.Empty(again.Issues);
        Assert.Equal(actions[0].TargetGroups, again.Plan!.Actions[0].TargetGroups);
        Assert.Null(again.Plan.Actions[1].TargetGroups);
    }

    [Fact]
    public void AnUnknownTargetGroupIsRefusedNamingTheRowAndColumnAndNothingIsLoaded()
    {
        using var store = new TestStore();
        var path = store.File("plan.csv", $"""
            {Header}
            Priority 1: Restore NHS services inclusively,A001,Continuity of carer,Black women,EthnicGroup:Black,SATOD
            ,A002,Outreach,Travellers,Gypsy and Traveller women,SATOD
            """);

        var (read, saved) = PlanTable.Import(store.Database, TestAccess.As("analyst"), path, "LMNSX1");

        Assert.Null(saved);
        var issue = Assert.Single(read.Issues);
        Assert.Equal(("Target groups", "Gypsy and Traveller women"), (issue.Column, issue.Value));
        Assert.True(issue.Row > 1, $"row {issue.Row}");
        Assert.Empty(PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Actions);
    }

    [Fact]
    public void AnEditSetsTheTargetGroupsAndABadOneNamesTheField()
    {
        var action = new PlanAction("A001", ["n"], "Continuity of carer", null, [], [], [], null, null, null, null, null, [], ActionStatus.NotStarted,
            null, null, [], ["Black women"], [], [], 0);
        var (edited, issues) = PlanTable.Edit(action, new Dictionary<string, string> { ["Target groups"] = "Women under 20\nPriorityCohort" });
        Assert.Empty(issues);
        Assert.Equal(["PriorityCohort", "AgeBand:Under 20"], edited!.TargetGroups);
        Assert.Equal("PriorityCohort\nAgeBand:Under 20", PlanTable.EditableCells(edited)["Target groups"]);

        var (none, bad) = PlanTable.Edit(action, new Dictionary<string, string> { ["Target groups"] = "Left-handed women" });
        Assert.Null(none);
        Assert.Equal(("Target groups", "Left-handed women"), (bad.Single().Column, bad.Single().Value));
    }

    [Fact]
    public void TheExplicitGroupsAreUsedWhenPresentAndTheWordsOnlyWithoutThem()
    {
        // One indicator with an ethnic-group and a deprivation breakdown over 12 months.
        var satod = Catalogue.Find("SATOD")!;
        var month = new DateOnly(2025, 3, 1);
        IndicatorCount Count(string breakdown, string group, long n, long d) =>
            new(satod.Id, satod.Version, "LMNS", "L", "Month", month, breakdown, group, n, d, IndicatorEngine.RecordLevel, "exact");
        IndicatorCount[] counts =
        [
            Count("Total", "Total", 100, 1000), Count("EthnicGroup", "White", 40, 600), Count("EthnicGroup", "Black", 30, 200),
            Count("ImdQuintile", "1", 50, 250), Count("ImdQuintile", "5", 10, 250),
        ];
        var view = IndicatorView.Compute(counts, counts, satod, "L", month, 1, new Dictionary<string, string>());
        var action = new PlanAction("A001", ["n"], "Continuity of carer", null, [], [], [], null, null, null, null, null, [], ActionStatus.NotStarted,
            null, null, [satod.Id], ["Black women"], [], [], 0);

        // The words say "Black women": read by keyword, the Black group.
        var byWords = ActionFigures.For([view], action, PriorityCohort.Default);
        Assert.Equal(["Black women"], byWords.Select(r => r.Group));
        // Named explicitly as the most deprived fifth: that group only, whatever the words say.
        var named = ActionFigures.For([view], action with { TargetGroups = ["ImdQuintile:1"] }, PriorityCohort.Default);
        var row = Assert.Single(named);
        Assert.Equal(("The most deprived fifth", "the least deprived fifth"), (row.Group, row.Reference));
        // 50 / 250 = 20% against 10 / 250 = 4%: risk ratio 5, its 95% interval well above 1 (SATOD: lower is better).
        Assert.Equal((50L, 250L, "Worse"), (row.Result!.Numerator, row.Result.Denominator, row.Verdict));
        Assert.Equal(5.0, row.Result.Ratio!.Value, 9);
        Assert.Empty(ActionFigures.NotInRecords(action with { TargetGroups = ["ImdQuintile:1"], Groups = ["Interpreters"] }));
        Assert.Equal(["Interpreters"], ActionFigures.NotInRecords(action with { Groups = ["Interpreters"] }));
    }

    [Fact]
    public void ThePublishedPlansImportWithNoTargetGroups()
    {
        var read0 = 0;
        foreach (var name in new[] { "hw-detailed-action-plan.csv", "nwl-gantt.csv", "sel-actions.csv", "swl-objectives.csv" })
        {
            if (SharedData.FindPlan(name) is not { } file) continue;
            read0++;
            var read = PlanTable.Read(file, "LMNSX1");
            Assert.NotNull(read.Plan);
            Assert.DoesNotContain(read.Issues, i => i.Column == "Target groups");
            Assert.All(read.Plan.Actions, a => Assert.Null(a.TargetGroups));
        }
        Assert.Equal(4, read0);
    }

    [Fact]
    public void TheDemoPlanNamesTargetGroupsForEveryThirdActionWithIndicators()
    {
        var plan = Maternity.Synthetic.PlanGenerator.Generate("LMNSX1", 40, seed: 5);
        var targeted = plan.Actions.Where(a => a.TargetGroups is { Count: > 0 }).ToList();
        Assert.True(targeted.Count >= 5, $"{targeted.Count} actions name target groups");
        Assert.All(targeted, a => Assert.All(a.TargetGroups!, c => Assert.NotNull(TargetGroups.Find(c))));
        // The words "Black, Asian and mixed ethnic groups" become the three ethnic groups, in the catalogue's order.
        var ethnic = targeted.First(a => a.Groups.Contains("Black, Asian and mixed ethnic groups"));
        Assert.Equal(["EthnicGroup:Black", "EthnicGroup:Asian", "EthnicGroup:Mixed"], ethnic.TargetGroups!.Where(c => c.StartsWith("EthnicGroup", StringComparison.Ordinal)));
        // Words that name no group of the records: the priority cohort.
        Assert.Contains(targeted, a => a.TargetGroups!.SequenceEqual(["PriorityCohort"]));
    }
}
