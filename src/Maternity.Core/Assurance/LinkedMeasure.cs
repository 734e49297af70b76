using Maternity.Measures;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Assurance;

/// <summary>
/// A local measure that a declaration in force links to as its evidence (<c>/measures/ID</c>), with the declaring trust's
/// latest value beside it: the figure that shows the item, read through the measures machinery (<see cref="MeasureView"/>),
/// so counts are shown as the caller may see them (through the suppression policy for viewers), the value due on the
/// LMNS's trajectory is the measure's own and the RAG is judged on the exact counts, the same for every caller. A link to
/// a measure the LMNS does not have, or to a built-in indicator, is listed with no value. Empty for the public role.
/// </summary>
/// <param name="Period">The latest period with a value, in the measure's own form ("2025/26 Q1"), or null.</param>
/// <param name="Value">The value in words with its unit ("83.3%"), or why there is none.</param>
/// <param name="Due">The value due on the trajectory for that period, or null when the measure has no target.</param>
/// <param name="Rag">Green, Amber or Red against the trajectory; empty without a target or a value.</param>
public sealed record LinkedMeasure(string MeasureId, string Title, string OrgCode, string? Period, string Value, string? Due, string Rag)
{
    public const string MeasureLink = "/measures/";

    /// <summary>The measure's page for the trust.</summary>
    public string Href => $"{MeasureLink}{Uri.EscapeDataString(MeasureId)}?org={Uri.EscapeDataString(OrgCode)}";

    /// <summary>The measure ids that <paramref name="links"/> name (<c>/measures/ID</c>, with or without a query).</summary>
    public static IEnumerable<string> Ids(IEnumerable<string> links) => links
        .Where(l => l.StartsWith(MeasureLink, StringComparison.OrdinalIgnoreCase))
        .Select(l => Uri.UnescapeDataString(l[MeasureLink.Length..].Split('?', '#', '/')[0]))
        .Where(id => id.Length > 0);

    /// <summary>
    /// Each (measure, trust) pair the declarations link to, in the order of the trusts and then of the measures, with the
    /// trust's latest value of the measure among the measures of <paramref name="lmns"/>.
    /// </summary>
    public static IReadOnlyList<LinkedMeasure> For(Database database, Access access, string lmns, IEnumerable<Declaration> declarations)
    {
        if (access.Role == Role.Public) return [];
        var pairs = declarations
            .SelectMany(d => Ids(d.Links).Select(id => (Org: d.OrgCode, Id: id)))
            .Distinct()
            .OrderBy(p => p.Org, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (pairs.Count == 0) return [];
        var set = MeasureStore.Load(database, lmns);
        return [.. pairs.Select(p =>
        {
            if (set.Find(p.Id) is not { } m) return new LinkedMeasure(p.Id, p.Id, p.Org, null, $"No measure {p.Id} in {lmns}", null, "");
            if (!m.IsLocal) return new LinkedMeasure(m.Id, m.Title, p.Org, null, "A built-in indicator: see its page", null, "");
            var current = MeasureView.Build(database, access, set, m, p.Org).Current;
            return current is null
                ? new LinkedMeasure(m.Id, m.Title, p.Org, null, "No value yet", null, "")
                : new LinkedMeasure(m.Id, m.Title, p.Org, MeasurePeriod.Format(current.Period, m.Frequency), current.Shown(m),
                    current.Due is { } due ? MeasureView.Format(m, due) : null, current.Rag);
        })];
    }
}
