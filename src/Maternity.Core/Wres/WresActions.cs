using System.Globalization;
using System.Text.RegularExpressions;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Wres;

/// <summary>
/// The plan's WRES actions. An action targets WRES indicator N when its Indicators column, descriptor, detail or
/// metrics for success name it as <c>WRES N</c>, <c>WRESN</c> or <c>WRES indicator N</c> (N from 1 to 9, any case), or
/// its Indicators column names a Model Employer measure (<see cref="WresModelEmployer.SeniorMeasure"/> or
/// <see cref="WresModelEmployer.WorkforceMeasure"/>: indicator 1). The action page shows the latest WRES figures of
/// those indicators for the action's trusts (its owning organisations that are trusts; the LMNS pooled when it names
/// none), and the WRES page lists the actions of each indicator.
/// </summary>
public static partial class WresActions
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>An action of one of the LMNS's plans that targets WRES indicators.</summary>
    public sealed record Link(string Plan, string ActionId, string Descriptor, IReadOnlyList<int> Indicators, ActionStatus Status, IReadOnlyList<string> Orgs);

    /// <summary>The WRES indicators <paramref name="action"/> targets, in order; empty for none.</summary>
    public static IReadOnlyList<int> IndicatorsOf(PlanAction action)
    {
        var found = new SortedSet<int>();
        foreach (var text in action.Indicators.Append(action.Descriptor).Append(action.Detail ?? "").Append(action.Metrics ?? ""))
            foreach (Match m in Named().Matches(text))
                found.Add(int.Parse(m.Groups[1].Value, Inv));
        if (action.Indicators.Any(i => i.Equals(WresModelEmployer.SeniorMeasure, StringComparison.OrdinalIgnoreCase)
            || i.Equals(WresModelEmployer.WorkforceMeasure, StringComparison.OrdinalIgnoreCase)
            || WresModelEmployer.BandGroups.Any(g => i.Equals(g.MeasureId, StringComparison.OrdinalIgnoreCase))))
            found.Add(1);
        return [.. found];
    }

    /// <summary>Every action of the LMNS's plans that targets a WRES indicator, plan by plan in the plans' order.</summary>
    public static IReadOnlyList<Link> Linked(Database database, Access access, string lmns) =>
        [.. PlanStore.PlanNames(database, access, lmns).SelectMany(name => PlanStore.Load(database, access, lmns, plan: name).Actions
            .Select(a => (a, IndicatorsOf(a))).Where(x => x.Item2.Count > 0)
            .Select(x => new Link(name, x.a.Id, x.a.Descriptor, x.Item2, x.a.Status, x.a.Orgs)))];

    /// <summary>
    /// The latest WRES figures (whole trust) of the indicators <paramref name="action"/> targets, for each of its trusts,
    /// or the LMNS pooled when it names no trust; counts as the caller may see them. Empty when the action targets no
    /// WRES indicator, nothing is loaded, or the caller is the public.
    /// </summary>
    public static IReadOnlyList<WresView.Line> Figures(Database database, Access access, PlanAction action, string lmns)
    {
        var indicators = IndicatorsOf(action);
        if (indicators.Count == 0 || access.Role == Role.Public) return [];
        var hierarchy = OrgHierarchy.Read(database);
        var trusts = action.Orgs.Where(o => hierarchy.Orgs.Any(h => h.Code == o && h.Type == "Trust" && h.Parent == lmns)).ToList();
        var wanted = indicators.Select(i => i.ToString(Inv)).ToHashSet(StringComparer.Ordinal);
        var lines = new List<WresView.Line>();
        foreach (var org in trusts.Count > 0 ? trusts : [lmns])
            if (WresView.Build(database, access, org).Report is { } report)
                lines.AddRange(WresView.Lines(report).Where(l => wanted.Contains(l.Indicator)
                    && (l.Indicator != "1" || l.Measure.StartsWith("Workforce", StringComparison.Ordinal) || l.Measure.Contains("8a", StringComparison.Ordinal)
                        || l.Measure.Contains("VSM", StringComparison.Ordinal))));
        return lines;
    }

    [GeneratedRegex(@"\bWRES\s*(?:indicator\s*)?([1-9])\b", RegexOptions.IgnoreCase)]
    private static partial Regex Named();
}
