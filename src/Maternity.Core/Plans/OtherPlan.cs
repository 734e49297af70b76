using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Plans;

/// <summary>
/// One of an LMNS's plans besides its equity and equality plan (a WRES action plan, a general LMNS plan, a sub-group's
/// plan), as the board pack reports it: its actions, how many are complete and overdue, progress under each of its own
/// priorities or objectives (whatever they are; not the guidance's five), its exceptions and their quarter timeline.
/// </summary>
public sealed record OtherPlan(string Name, int Actions, int Complete, int Overdue, IReadOnlyList<PlanViews.Progress> Progress,
    IReadOnlyList<PlanViews.ExceptionItem> Exceptions, PlanViews.Timeline Timeline)
{
    /// <summary>Every plan of <paramref name="lmns"/> but the equity plan that has actions, in name order, judged as at <paramref name="today"/>.</summary>
    public static IReadOnlyList<OtherPlan> ForPack(Database database, Access access, string lmns, DateOnly today) =>
    [
        .. PlanStore.PlanNames(database, access, lmns).Where(n => n != PlanStore.MainPlan)
            .Select(name => PlanStore.Load(database, access, lmns, today, name))
            .Where(plan => plan.Actions.Count > 0)
            .Select(plan =>
            {
                var exceptions = PlanViews.Exceptions(plan, today);
                return new OtherPlan(plan.Name, plan.Actions.Count, plan.Actions.Count(a => a.IsComplete), plan.Actions.Count(a => PlanViews.IsOverdue(a, today)),
                    PlanViews.ProgressByPriority(plan, today), exceptions, PlanViews.BuildTimeline([.. exceptions.Select(e => e.Action)], today));
            }),
    ];
}
