using Maternity.Measures;
using Maternity.Reference;
using Maternity.Plans;
using Maternity.Security;

namespace Maternity.Tests.Plans;

/// <summary>
/// A plan's measures of success become measures: South West London's "How we will measure success" (../shared/plans),
/// each matched to a measure the LMNS defines or drafted, the drafts imported as measures, then named on their actions.
/// </summary>
public sealed class PlanMeasuresTests
{
    private const string Lmns = "LMNSX1";

    private static Access Analyst => new("ana", Role.Analyst, [Lmns], new HashSet<string> { Lmns });

    [Fact]
    public void ShareCountsTheMetricsWordsFoundInTheTitle()
    {
        // Metric words (three letters or more, not common): midwives, trained, fetal, monitoring; the title has 3 of them.
        Assert.Equal(0.75, PlanMeasures.Share("Midwives trained in fetal monitoring", "Staff trained in fetal monitoring"), 12);
        // "Percentage" and "of" are not counted: ethnic, minority, staff, leadership, management, posts; 5 of 6 in the title.
        Assert.Equal(5.0 / 6, PlanMeasures.Share("Percentage of ethnic minority staff in leadership/management posts.", "Ethnic minority staff in leadership posts"), 12);
        Assert.Equal(0, PlanMeasures.Share("of the", "Anything"));
    }

    [Fact]
    public void EachMeasureOfSuccessIsMatchedOrDraftedAndTheDraftsOnceImportedAreNamedOnTheirActions()
    {
        var path = SharedData.FindPlan("swl-objectives.csv");
        Assert.SkipWhen(path is null, "swl-objectives.csv is not beside the checkout (../shared/plans)");
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        Assert.NotNull(PlanTable.Import(store.Database, Analyst, path!, Lmns, plan: "swl").Saved);
        var own = MeasureFile.Read(store.File("measures.csv", """
            Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority
            ETHNIC_LEADERS,Ethnic minority staff in leadership posts,Maternity leaders from ethnic minority groups,proportion,,,Leaders from ethnic minority groups,Leaders,higher,year,,trust return,
            """), Lmns);
        Assert.Empty(own.Issues);
        MeasureStore.Import(store.Database, Analyst, Lmns, own);

        var plan = PlanStore.Load(store.Database, Analyst, Lmns, plan: "swl");
        var offers = PlanMeasures.Offers(plan, MeasureStore.Load(store.Database, Lmns));
        // Every one of the plan's 16 actions says how its success will be measured.
        Assert.Equal(16, offers.Count);
        var leaders = offers.Single(o => o.Metric.StartsWith("Percentage of ethnic minority staff", StringComparison.Ordinal));
        Assert.Equal("ETHNIC_LEADERS", leaders.Match!.Id);
        Assert.Null(leaders.Draft);
        var advocate = offers.Single(o => o.Metric == "Independent senior advocate recruited.");
        Assert.Null(advocate.Match);
        Assert.Equal(($"SWL-{advocate.ActionId}", UnitKind.Count, Supplier.LmnsEntry), (advocate.Draft!.Id, advocate.Draft.Unit, advocate.Draft.Supplier));
        Assert.Equal("Objective 2", advocate.Draft.Priority);
        // "Percentage increase of MNVP membership ...": a proportion to define.
        Assert.Equal(UnitKind.Proportion, offers.Single(o => o.Metric.StartsWith("Percentage increase of MNVP", StringComparison.Ordinal)).Draft?.Unit);

        var drafts = offers.Count(o => o.Draft is not null);
        var file = Path.Combine(store.Directory, "plan-measures.xlsx");
        Assert.Equal(drafts, PlanMeasures.WriteDrafts(MeasureStore.Load(store.Database, Lmns), offers, file));
        var content = MeasureFile.Read(file, Lmns);
        Assert.Empty(content.Issues);
        // The LMNS's own measure is kept in the file, so importing it removes nothing.
        Assert.Equal(drafts + 1, content.Measures.Count);
        var imported = MeasureStore.Import(store.Database, Analyst, Lmns, content);
        Assert.Equal((drafts, 0), (imported.Added, imported.Removed));

        var linked = PlanMeasures.Link(store.Database, Analyst, Lmns, "swl");
        Assert.Equal(16 - offers.Count(o => o.Linked.Count > 0), linked.Count);
        var after = PlanStore.Load(store.Database, Analyst, Lmns, plan: "swl");
        Assert.All(after.Actions, a => Assert.NotEmpty(a.Indicators));
        Assert.Contains("ETHNIC_LEADERS", after.Action(leaders.ActionId)!.Indicators);
        Assert.Contains($"SWL-{advocate.ActionId}", after.Action(advocate.ActionId)!.Indicators);
        // Linking again changes nothing; the equity plan is not touched.
        Assert.Empty(PlanMeasures.Link(store.Database, Analyst, Lmns, "swl"));
        Assert.Empty(PlanStore.Load(store.Database, Analyst, Lmns).Actions);
    }
}
