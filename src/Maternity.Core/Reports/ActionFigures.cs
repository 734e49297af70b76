using Maternity.Indicators;
using Maternity.Measures;

namespace Maternity.Reports;

/// <summary>
/// The figures of an action's indicators for the groups it targets: each group the plan names in words ("Black, Asian and
/// mixed ethnic groups", "Most deprived 20%", "Under 20s") read as the breakdown groups the records hold, and for each
/// indicator the group's value over the window with its interval and its verdict against the reference group (the
/// rug's rule, <see cref="EquityRug.Verdict"/>). A group the records cannot identify (interpreters, say) is listed as such.
/// </summary>
public static class ActionFigures
{
    /// <summary>One indicator for one group: the plan's words, the group read from them, its result (null without counts) and verdict.</summary>
    public sealed record Row(IndicatorView View, string Named, string Group, string Reference, IndicatorResult? Result, string Verdict)
    {
        /// <summary>The verdict in words: "Worse than White women", "Similar to the least deprived fifth".</summary>
        public string Reading => Verdict switch
        {
            "Similar" => $"Similar to {Reference}",
            "Not compared" => $"Not compared with {Reference}",
            "No counts" => "No counts",
            _ => $"{Verdict} than {Reference}",
        };
    }

    /// <summary>The breakdown groups a plan's words name: (breakdown, group, heading, reference). Empty when the records hold none of them.</summary>
    public static IReadOnlyList<(string Breakdown, string Group, string Heading, string Reference)> Read(string words)
    {
        var found = new List<(string, string, string, string)>();
        bool Has(string s) => words.Contains(s, StringComparison.OrdinalIgnoreCase);
        foreach (var g in new[] { "Black", "Asian", "Mixed" })
            if (Has(g)) found.Add((nameof(Breakdown.EthnicGroup), g, $"{g} women", "White women"));
        if (Has("priority cohort")) found.Add((EquityDetail.PriorityBreakdown, EquityDetail.PriorityGroup, "The priority cohort", EquityDetail.EveryoneElse));
        if (Has("deprived") || Has("IMD")) found.Add((nameof(Breakdown.ImdQuintile), "1", "The most deprived fifth", "the least deprived fifth"));
        if (Has("under 20") || Has("teenage")) found.Add((nameof(Breakdown.AgeBand), "Under 20", "Women under 20", "women aged 25-29"));
        return found;
    }

    /// <summary>
    /// Every indicator of <paramref name="views"/> for every group <paramref name="action"/> targets: the groups it names
    /// explicitly (<see cref="Plans.PlanAction.TargetGroups"/>) when it names any, else those read from its words.
    /// </summary>
    public static IReadOnlyList<Row> For(IReadOnlyList<IndicatorView> views, Plans.PlanAction action, PriorityCohort cohort) =>
        action.TargetGroups is { Count: > 0 } explicitGroups
            ? For(views, [.. explicitGroups.Select(Plans.TargetGroups.Find).OfType<Plans.TargetGroups.Group>()
                .Select(g => (g.Heading, (IReadOnlyList<(string, string, string, string)>)[(g.Breakdown, g.GroupCode, g.Heading, g.Reference)]))], cohort)
            : For(views, action.Groups, cohort);

    /// <summary>The groups of the plan's words that the records cannot identify; none when the action names its groups explicitly.</summary>
    public static IReadOnlyList<string> NotInRecords(Plans.PlanAction action) => action.TargetGroups is { Count: > 0 } ? [] : NotInRecords(action.Groups);

    /// <summary>Every indicator of <paramref name="views"/> for every group <paramref name="groups"/> name, in the plan's order.</summary>
    public static IReadOnlyList<Row> For(IReadOnlyList<IndicatorView> views, IReadOnlyList<string> groups, PriorityCohort cohort) =>
        For(views, [.. groups.Select(words => (words, Read(words)))], cohort);

    private static List<Row> For(IReadOnlyList<IndicatorView> views, List<(string Words, IReadOnlyList<(string, string, string, string)> Read)> named, PriorityCohort cohort)
    {
        var rows = new List<Row>();
        foreach (var (words, read) in named)
        {
            foreach (var (breakdown, group, heading, reference) in read)
                foreach (var view in views.Where(v => v.Total is not null))
                {
                    var result = breakdown == EquityDetail.PriorityBreakdown
                        ? EquityDetail.Priority(view, cohort)
                        : view.Breakdown(breakdown).FirstOrDefault(r => r.Group == group);
                    result = result is { Denominator: > 0 } ? result : null;
                    rows.Add(new Row(view, words, heading, reference, result, result is null ? "No counts" : EquityRug.Verdict(view.Definition, result)));
                }
        }
        return rows;
    }

    /// <summary>The groups the plan names that the records cannot identify.</summary>
    public static IReadOnlyList<string> NotInRecords(IReadOnlyList<string> groups) => [.. groups.Where(g => Read(g).Count == 0)];
}
