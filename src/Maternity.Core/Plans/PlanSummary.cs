namespace Maternity.Plans;

/// <summary>
/// What a plan table was read as, in counts a person can check against the plan's own pages: headings by level,
/// actions, and how many of them have a target date, fall due at all (a target date, or the end of their financial
/// year), name a lead, carry a Gantt row or a measure of success. Shown by the upload preview and the dry run.
/// </summary>
public sealed record PlanSummary(int Priorities, int SubPriorities, int Interventions, int Actions, int WithTargetDate, int FallingDue,
    int WithLeads, int WithGantt, int WithMetrics)
{
    public static PlanSummary Of(Plan plan) => new(
        plan.Nodes.Count(n => n.Kind == NodeKind.Priority),
        plan.Nodes.Count(n => n.Kind == NodeKind.SubPriority),
        plan.Nodes.Count(n => n.Kind == NodeKind.Intervention),
        plan.Actions.Count,
        plan.Actions.Count(a => a.TargetDate is not null),
        plan.Actions.Count(a => PlanViews.Due(a) is not null),
        plan.Actions.Count(a => a.Leads.Count > 0),
        plan.Actions.Count(a => a.Gantt is { Count: > 0 }),
        plan.Actions.Count(a => !string.IsNullOrWhiteSpace(a.Metrics)));
}
