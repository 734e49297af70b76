using Maternity.Plans;

namespace Maternity.Tests.Plans;

public sealed class PlanViewsTests
{
    private static readonly DateOnly Today = new(2024, 6, 30);
    private const string P1 = "NHSE 2021/Priority 1/Intervention 1";
    private const string O1 = "Local/Objective 1";

    private static PlanAction Action(string id, string node, ActionStatus status, PlanDate? target = null, FinancialQuarter? start = null, FinancialQuarter? end = null,
        DateOnly[]? updates = null, PlanAction.Milestone[]? milestones = null, string[]? leads = null) =>
        new(id, [node], $"Action {id}", null, milestones ?? [], leads ?? ["LMNS Team"], ["LMNS"], null, null, start, end, target, [], status, null, null, [], [],
            [.. (updates ?? []).Select(d => new PlanAction.Update(d, "lead", "progress", null, []))], [], 0);

    /// <summary>The crafted plan whose timeline, exceptions and progress were worked out by hand (in the comments) for 30 June 2024.</summary>
    private static Plan Crafted()
    {
        var nodes = PlanTemplate.Nodes.Where(n => n.Id is "NHSE 2021" or "NHSE 2021/Priority 1" or P1).ToList();
        nodes.Add(new("Local", null, NodeKind.Framework, "Local", "Local", 3));
        nodes.Add(new(O1, "Local", NodeKind.Priority, "Objective 1", "Listen and act", 4));
        PlanAction[] actions =
        [
            // Target passed, on track, updated 60 days ago: overdue, so red.
            Action("C1", P1, ActionStatus.OnTrack, PlanDate.Day(new(2024, 3, 31)), new(2023, 3), new(2023, 4), [new(2024, 5, 1)],
                [new("Business case", PlanDate.Month(2023, 12), null)], ["Digital Midwives", "LMNS Team"]),
            // Due end of June 2024 = today: not overdue. Last update 1 March: 121 days.
            Action("C2", P1, ActionStatus.AtRisk, PlanDate.Month(2024, 6), updates: [new(2024, 3, 1)]),
            // Delayed, no dates and no update.
            Action("C3", P1, ActionStatus.Delayed),
            // Complete: late but complete, never an exception. Span Q1 to its target's quarter Q3 2023-24; milestone reached in May 2023.
            Action("C4", P1, ActionStatus.Complete, PlanDate.Day(new(2023, 12, 31)), new(2023, 1), milestones: [new("Launch", PlanDate.Month(2023, 9), new(2023, 5, 10))]),
            // Not started, future: nothing to report.
            Action("C5", O1, ActionStatus.NotStarted, PlanDate.Day(new(2025, 3, 31)), new(2024, 2), new(2024, 4), leads: ["Digital Midwives"]),
            // Last update exactly 90 days ago: not yet stale.
            Action("C6", O1, ActionStatus.OnTrack, PlanDate.Day(new(2024, 9, 30)), new(2024, 1), new(2024, 1), [new(2024, 4, 1)]),
            // On hold past its target: overdue.
            Action("C7", O1, ActionStatus.OnHold, PlanDate.Day(new(2024, 1, 31)), end: new(2023, 4)),
        ];
        return new Plan("LMNSX1", nodes, actions, [], new Dictionary<string, Plan.Stamp>());
    }

    [Fact]
    public void TheExceptionListEqualsTheHandWorkedOne()
    {
        var exceptions = PlanViews.Exceptions(Crafted(), Today);

        Assert.Equal(
            [
                ("C1", "Delayed", "overdue: target date 2024-03-31 has passed"),
                ("C2", "At risk", "at risk; no update for 121 days (last 2024-03-01)"),
                ("C3", "Delayed", "delayed; no update recorded"),
                ("C7", "Delayed", "overdue: target date 2024-01-31 has passed"),
            ],
            exceptions.Select(e => (e.Action.Id, e.Rag, string.Join("; ", e.Reasons))));
        Assert.Equal(new DateOnly(2024, 5, 1), exceptions[0].LatestUpdate!.Date);
    }

    [Fact]
    public void TheTimelineEqualsTheHandWorkedOne()
    {
        var plan = Crafted();
        var timeline = PlanViews.BuildTimeline(plan.Actions, Today);

        Assert.Equal(["2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4", "2024-25 Q1", "2024-25 Q2", "2024-25 Q3", "2024-25 Q4"], timeline.Quarters.Select(q => q.ToString()));
        string Row(string id)
        {
            var row = timeline.Rows.Single(r => r.Action.Id == id);
            return string.Join("|", row.Cells.Select((c, i) => c + (row.Milestones[i] ? "*" : "")));
        }
        Assert.Equal("||Delayed*|Delayed||||", Row("C1"));
        Assert.Equal("||||At risk|||", Row("C2"));
        Assert.Equal("|||||||", Row("C3"));
        Assert.Equal("Complete*|Complete|Complete|||||", Row("C4"));
        Assert.Equal("|||||Not started|Not started|Not started", Row("C5"));
        Assert.Equal("||||On track|||", Row("C6"));
        Assert.Equal("|||Delayed||||", Row("C7"));
    }

    [Fact]
    public void ProgressAndFiltersEqualTheHandWorkedCounts()
    {
        var plan = Crafted();
        var progress = PlanViews.ProgressByPriority(plan, Today);
        Assert.Equal([("Priority 1", 4, 1, 1), ("Objective 1", 3, 0, 1)], progress.Select(p => (p.Priority.Ref, p.Actions, p.Complete, p.Overdue)));
        Assert.Equal(25.0, progress[0].PercentComplete);

        string Ids(PlanViews.Filter f) => string.Join(",", PlanViews.Select(plan, f, Today).Select(a => a.Id));
        Assert.Equal("C1,C5", Ids(new(Lead: "digital midwives")));
        Assert.Equal("C1,C7", Ids(new(Overdue: true)));
        Assert.Equal("C2", Ids(new(DueWithinDays: 30)));
        Assert.Equal("C2,C6", Ids(new(DueWithinDays: 92)));
        Assert.Equal("C1,C2,C3,C4", Ids(new(Node: "NHSE 2021/Priority 1")));
        Assert.Equal("C5,C6,C7", Ids(new(Node: "Local")));
        Assert.Equal("C3", Ids(new(Status: ActionStatus.Delayed)));
    }
}
