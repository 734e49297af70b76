using Maternity.Plans;

namespace Maternity.Tests.Plans;

/// <summary>
/// Every published plan in ../shared/plans imported through the product as it is (no hand edits), each as its own plan
/// of one LMNS, as an LMNS keeping several plans would. The counts are read off the plans' own tables, row by row
/// (rows numbered as a spreadsheet shows them):
/// <list type="bullet">
/// <item>Herefordshire &amp; Worcestershire: Priority One to Priority 5 (5), 4a-4e (5); 43 actions; a month or a day in
/// "Target dates" on 28 action rows (6, 7, 9, 11, 12, 17-20, 23-26, 31, 32, 35, 36, 38, 41, 48, 50, 52, 57, 63, 66, 68,
/// 70, 71; the others "Completed", "Complete", "Ongoing" or blank); no leads column.</item>
/// <item>North West London's Gantt: Priorities 1, 2, 3, 4 (over 4a, 4b, 4d) and 5; 32 action rows (4-9, 11-13, 15-19,
/// 21-25, 27-32, 34-37, 39-41), each with at least one quarter cell; no target-date column.</item>
/// <item>South East London: 3 priority actions; 25 actions (rows 2-26), each due at the end of its "Actions for" year;
/// "Overseen by" filled on rows 2, 4 and 8 only.</item>
/// <item>South West London: Objectives 1-7; 16 actions (rows 2-17), each with how success will be measured; no dates,
/// no leads.</item>
/// </list>
/// </summary>
public sealed class PublishedPlanImportTests
{
    private const string Lmns = "LMNSX1";

    private static readonly (string File, string Name, PlanSummary Expected)[] Expected =
    [
        ("hw-detailed-action-plan.csv", "hw", new PlanSummary(Priorities: 5, SubPriorities: 5, Interventions: -1, Actions: 43, WithTargetDate: 28, FallingDue: 28, WithLeads: 0, WithGantt: 0, WithMetrics: -1)),
        ("nwl-gantt.csv", "nwl", new PlanSummary(Priorities: 5, SubPriorities: 3, Interventions: -1, Actions: 32, WithTargetDate: 0, FallingDue: 0, WithLeads: -1, WithGantt: 32, WithMetrics: -1)),
        ("sel-actions.csv", "sel", new PlanSummary(Priorities: 3, SubPriorities: 0, Interventions: 0, Actions: 25, WithTargetDate: 0, FallingDue: 25, WithLeads: 3, WithGantt: 0, WithMetrics: -1)),
        ("swl-objectives.csv", "swl", new PlanSummary(Priorities: 7, SubPriorities: 0, Interventions: 0, Actions: 16, WithTargetDate: 0, FallingDue: 0, WithLeads: 0, WithGantt: 0, WithMetrics: 16)),
    ];

    public static TheoryData<string, string, PlanSummary> Plans
    {
        get
        {
            var data = new TheoryData<string, string, PlanSummary>();
            foreach (var (file, name, expected) in Expected) data.Add(file, name, expected);
            return data;
        }
    }

    /// <summary>The figures the plan's text settles; -1 where the test does not assert one.</summary>
    private static void Matches(PlanSummary expected, PlanSummary actual)
    {
        Assert.Equal(expected.Priorities, actual.Priorities);
        Assert.Equal(expected.SubPriorities, actual.SubPriorities);
        Assert.Equal(expected.Actions, actual.Actions);
        Assert.Equal(expected.WithTargetDate, actual.WithTargetDate);
        Assert.Equal(expected.FallingDue, actual.FallingDue);
        Assert.Equal(expected.WithGantt, actual.WithGantt);
        if (expected.Interventions >= 0) Assert.Equal(expected.Interventions, actual.Interventions);
        if (expected.WithLeads >= 0) Assert.Equal(expected.WithLeads, actual.WithLeads);
        if (expected.WithMetrics >= 0) Assert.Equal(expected.WithMetrics, actual.WithMetrics);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void EachPublishedPlanImportsAsItIsWithTheCountsItsTextGives(string file, string name, PlanSummary expected)
    {
        var path = SharedData.FindPlan(file);
        Assert.SkipWhen(path is null, $"{file} is not beside the checkout (../shared/plans)");
        using var store = new TestStore();
        var (read, saved) = PlanTable.Import(store.Database, TestAccess.As("analyst"), path!, Lmns, plan: name);
        Assert.Empty(read.Issues);
        Assert.NotNull(saved);
        Matches(expected, PlanSummary.Of(PlanStore.Load(store.Database, TestAccess.Admin, Lmns, plan: name)));
    }

    [Fact]
    public void AllFourPlansLiveSideBySideAndEachImportReplacesOnlyThePlanItNames()
    {
        var files = Expected;
        Assert.SkipWhen(files.Any(f => SharedData.FindPlan(f.File) is null), "the published plans are not beside the checkout (../shared/plans)");
        using var store = new TestStore();
        foreach (var (file, name, _) in files)
            Assert.NotNull(PlanTable.Import(store.Database, TestAccess.As("analyst"), SharedData.FindPlan(file)!, Lmns, plan: name).Saved);
        // The first again: nothing changes, in it or in the others.
        var (_, again) = PlanTable.Import(store.Database, TestAccess.As("analyst"), SharedData.FindPlan(files[0].File)!, Lmns, plan: files[0].Name);
        Assert.Equal((0, 0, 0), (again!.Added, again.Changed, again.Removed));

        Assert.Equal(files.Select(f => f.Name).Order(StringComparer.Ordinal), PlanStore.PlanNames(store.Database, TestAccess.Admin, Lmns));
        foreach (var (_, name, expected) in files)
            Matches(expected, PlanSummary.Of(PlanStore.Load(store.Database, TestAccess.Admin, Lmns, plan: name)));
        Assert.Empty(PlanStore.Load(store.Database, TestAccess.Admin, Lmns).Actions);

        // The board pack's other plans are all four, in name order, as they stand today (the LMNS keeps no equity plan here).
        var others = OtherPlan.ForPack(store.Database, TestAccess.Admin, Lmns, DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Equal(["hw", "nwl", "sel", "swl"], others.Select(o => o.Name));
        Assert.Equal([43, 32, 25, 16], others.Select(o => o.Actions));
    }
}
