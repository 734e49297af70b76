namespace Maternity.Plans;

/// <summary>
/// What the plan's readers look at, derived from the plan and a date (never the clock): each action's overdue flag
/// and RAG, filtered lists, progress per priority, the quarter timeline and the exception list for the board.
/// </summary>
public static class PlanViews
{
    /// <summary>The Gantt legend the plans use, in its order.</summary>
    public static readonly string[] Legend = ["Milestone", "Complete", "On track", "At risk", "Delayed", "Not started"];

    /// <summary>
    /// When an action falls due: its target date (a month at its last day, a financial year on 31 March, as
    /// <see cref="PlanDate"/> reads them); without one, the end of its financial year ("Actions for 24/25" fall due on
    /// 31 March 2025); else never.
    /// </summary>
    public static DateOnly? Due(PlanAction action) =>
        action.TargetDate?.Date
        ?? (action.FinancialYear is { } fy && FinancialQuarter.TryParseFinancialYear(fy, out var year) ? new DateOnly(year + 1, 3, 31) : null);

    /// <summary>An action is overdue when it has fallen due (<see cref="Due"/>) before today and it is not complete.</summary>
    public static bool IsOverdue(PlanAction action, DateOnly today) =>
        !action.IsComplete && Due(action) is { } due && due < today;

    /// <summary>
    /// The action's RAG in the one status vocabulary (the status words themselves): Complete (complete, or complete and embedded); Delayed (red) when
    /// delayed or overdue; At risk (amber); On track (green); Not started (grey) for not started and on hold.
    /// </summary>
    public static string Rag(PlanAction action, DateOnly today) => action.Status switch
    {
        ActionStatus.Complete or ActionStatus.CompleteAndEmbedded => "Complete",
        _ when action.Status == ActionStatus.Delayed || IsOverdue(action, today) => "Delayed",
        ActionStatus.AtRisk => "At risk",
        ActionStatus.OnTrack => "On track",
        _ => "Not started",
    };

    /// <summary>Which actions to show: every criterion given must hold.</summary>
    /// <param name="Node">A node id: the action sits under it (or also serves it).</param>
    /// <param name="Lead">A role or team named among the leads (any case).</param>
    /// <param name="Org">An owning organisation.</param>
    /// <param name="DueWithinDays">Not complete and due from today to this many days ahead.</param>
    /// <summary>An action as the board pack lists it beside an indicator: its id, descriptor, status and RAG.</summary>
    public sealed record ActionSummary(string Id, string Descriptor, string Status, string Rag);

    public sealed record Filter(string? Node = null, string? Lead = null, string? Org = null, ActionStatus? Status = null, bool Overdue = false, int? DueWithinDays = null,
        string? Indicator = null, string? Group = null);

    public static IReadOnlyList<PlanAction> Select(Plan plan, Filter filter, DateOnly today) =>
    [
        .. plan.Actions.Where(a =>
            (filter.Node is null || a.NodeIds.Any(n => plan.Lineage(n).Any(x => x.Id == filter.Node)))
            && (filter.Lead is null || a.Leads.Any(l => l.Equals(filter.Lead, StringComparison.OrdinalIgnoreCase)))
            && (filter.Org is null || a.Orgs.Any(o => o.Equals(filter.Org, StringComparison.OrdinalIgnoreCase)))
            && (filter.Status is null || a.Status == filter.Status)
            && (filter.Indicator is null || a.Indicators.Any(i => i.Equals(filter.Indicator, StringComparison.OrdinalIgnoreCase)))
            && (filter.Group is null || a.Groups.Any(g => g.Contains(filter.Group, StringComparison.OrdinalIgnoreCase))
                || (a.TargetGroups ?? []).Select(TargetGroups.Find).Any(g => g is not null && (g.Heading.Contains(filter.Group, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(g.Code, filter.Group, StringComparison.OrdinalIgnoreCase))))
            && (!filter.Overdue || IsOverdue(a, today))
            && (filter.DueWithinDays is not { } days || (!a.IsComplete && Due(a) is { } t && t >= today && t <= today.AddDays(days)))),
    ];

    /// <summary>Progress under one priority or objective: actions by status and the share complete.</summary>
    public sealed record Progress(PlanNode Priority, int Actions, IReadOnlyDictionary<ActionStatus, int> ByStatus, int Overdue)
    {
        public int Complete => ByStatus.GetValueOrDefault(ActionStatus.Complete) + ByStatus.GetValueOrDefault(ActionStatus.CompleteAndEmbedded);

        public double PercentComplete => Actions == 0 ? double.NaN : 100.0 * Complete / Actions;
    }

    /// <summary>Progress per priority or objective, in plan order; an action counts under the priority it sits under.</summary>
    public static IReadOnlyList<Progress> ProgressByPriority(Plan plan, DateOnly today) =>
    [
        .. plan.Nodes.Where(n => n.Kind == NodeKind.Priority).Select(p =>
        {
            var actions = plan.Actions.Where(a => plan.PriorityOf(a)?.Id == p.Id).ToList();
            return new Progress(p, actions.Count,
                Enum.GetValues<ActionStatus>().ToDictionary(s => s, s => actions.Count(a => a.Status == s)),
                actions.Count(a => IsOverdue(a, today)));
        }),
    ];

    /// <summary>One action's row of the timeline: per quarter, its state ("" outside its span) and whether a milestone falls due then.</summary>
    public sealed record TimelineRow(PlanAction Action, string Rag, IReadOnlyList<string> Cells, IReadOnlyList<bool> Milestones)
    {
        /// <summary>The cells are the plan's own per-quarter statuses from its Gantt chart, each to be drawn on its own.</summary>
        public bool ByQuarter { get; init; }
    }

    public sealed record Timeline(IReadOnlyList<FinancialQuarter> Quarters, IReadOnlyList<TimelineRow> Rows);

    /// <summary>
    /// The quarter timeline (Gantt). An action imported from a Gantt chart shows the chart's own status in each quarter
    /// (<see cref="PlanAction.Gantt"/>; a milestone quarter marked). Any other action spans its planned start to planned end quarter (either alone: that one
    /// quarter; neither: the quarter of its target date; none of these: no span). Each quarter of the span shows the
    /// action's RAG today; a quarter in which a milestone falls due (or was reached) is marked. The quarters run from
    /// the earliest to the latest quarter any action touches, unless <paramref name="from"/>/<paramref name="to"/> are given.
    /// </summary>
    public static Timeline BuildTimeline(IReadOnlyList<PlanAction> actions, DateOnly today, FinancialQuarter? from = null, FinancialQuarter? to = null)
    {
        var spans = actions.Select(a => (Action: a, Span: Span(a))).ToList();
        var touched = spans.Where(s => s.Span is not null).SelectMany(s => new[] { s.Span!.Value.Start, s.Span.Value.End })
            .Concat(actions.SelectMany(a => a.Gantt ?? []).Select(g => g.Quarter))
            .Concat(actions.SelectMany(a => a.Milestones).Select(m => m.Done is { } d ? FinancialQuarter.Of(d) : m.Due is { } due ? FinancialQuarter.Of(due.Date) : (FinancialQuarter?)null).OfType<FinancialQuarter>())
            .ToList();
        if (touched.Count == 0 && (from is null || to is null)) return new Timeline([], [.. actions.Select(a => new TimelineRow(a, Rag(a, today), [], []))]);
        var first = from ?? touched.Min();
        var last = to ?? touched.Max();
        var quarters = new List<FinancialQuarter>();
        for (var q = first; q <= last; q = q.Next) quarters.Add(q);
        var rows = spans.Select(s =>
        {
            var rag = Rag(s.Action, today);
            if (s.Action.Gantt is { Count: > 0 } gantt)
            {
                // The chart's own cells, quarter by quarter, in the legend's words ("Green" is "On track").
                var written = quarters.Select(q => gantt.Where(g => g.Quarter == q).Select(g => PlanText.GanttLabel(g.Status) ?? g.Status).FirstOrDefault() ?? "").ToList();
                var milestones = quarters.Select(q => gantt.Any(g => g.Quarter == q && PlanText.GanttLabel(g.Status) == "Milestone")
                    || s.Action.Milestones.Any(m => m.Due is { } due && FinancialQuarter.Of(due.Date) == q)).ToList();
                return new TimelineRow(s.Action, rag, written, milestones) { ByQuarter = true };
            }
            var cells = quarters.Select(q => s.Span is { } span && q >= span.Start && q <= span.End ? rag : "").ToList();
            var marks = quarters.Select(q => s.Action.Milestones.Any(m =>
                (m.Done is { } d && FinancialQuarter.Of(d) == q) || (m.Done is null && m.Due is { } due && FinancialQuarter.Of(due.Date) == q))).ToList();
            return new TimelineRow(s.Action, rag, cells, marks);
        }).ToList();
        return new Timeline(quarters, rows);
    }

    private static (FinancialQuarter Start, FinancialQuarter End)? Span(PlanAction a)
    {
        var due = Due(a);
        var start = a.PlannedStart ?? a.PlannedEnd ?? (due is { } t ? FinancialQuarter.Of(t) : null);
        var end = a.PlannedEnd ?? (due is { } t2 && start is { } s && FinancialQuarter.Of(t2) >= s ? FinancialQuarter.Of(t2) : start);
        return start is { } x && end is { } y ? (x, y) : null;
    }

    /// <summary>An action the board should hear about, with every reason.</summary>
    public sealed record ExceptionItem(PlanAction Action, string Rag, IReadOnlyList<string> Reasons, PlanAction.Update? LatestUpdate);

    /// <summary>
    /// The exception list: actions overdue, at risk or delayed, and actions in progress (on track, at risk or delayed)
    /// whose latest dated update is more than <paramref name="staleDays"/> days old or that have none. In plan order.
    /// </summary>
    public static IReadOnlyList<ExceptionItem> Exceptions(Plan plan, DateOnly today, int staleDays = 90)
    {
        var list = new List<ExceptionItem>();
        foreach (var a in plan.Actions)
        {
            var reasons = new List<string>();
            if (IsOverdue(a, today))
                reasons.Add(a.TargetDate is { } target ? $"overdue: target date {target} has passed" : $"overdue: financial year {a.FinancialYear} ended {Due(a):yyyy-MM-dd}");
            if (a.Status == ActionStatus.Delayed) reasons.Add("delayed");
            if (a.Status == ActionStatus.AtRisk) reasons.Add("at risk");
            if (a.Status is ActionStatus.OnTrack or ActionStatus.AtRisk or ActionStatus.Delayed)
            {
                if (a.LastUpdated is not { } last) reasons.Add("no update recorded");
                else if (today.DayNumber - last.DayNumber > staleDays) reasons.Add($"no update for {today.DayNumber - last.DayNumber} days (last {last:yyyy-MM-dd})");
            }
            if (reasons.Count > 0)
                list.Add(new ExceptionItem(a, Rag(a, today), reasons, a.Updates.Where(u => u.Date is not null).OrderBy(u => u.Date).LastOrDefault()));
        }
        return list;
    }
}
