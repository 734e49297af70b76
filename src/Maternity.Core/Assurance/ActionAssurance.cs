using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Assurance;

/// <summary>
/// A plan action seen from the assurance frameworks: each framework item whose declarations link to the action
/// (<see cref="Declaration.PlanActionIds"/>), with each trust's latest declared status (symbol and words) and the
/// LMNS's assurance of it. Empty for the public role, which sees no declarations.
/// </summary>
public sealed record ActionAssurance(string FrameworkId, string FrameworkName, string ItemId, string ItemTitle,
    IReadOnlyList<ActionAssurance.TrustStatus> Trusts)
{
    /// <param name="Status">Its words, with the LMNS's assurance when given ("Met, accepted").</param>
    public sealed record TrustStatus(string OrgCode, string Symbol, string Status, DateOnly Period);

    /// <summary>The item's page.</summary>
    public string Href => $"/assurance/{Uri.EscapeDataString(FrameworkId)}/{Uri.EscapeDataString(ItemId)}";

    /// <summary>The items linked to action <paramref name="actionId"/> among the trusts of <paramref name="lmns"/>, in framework order.</summary>
    public static IReadOnlyList<ActionAssurance> For(Database database, Access access, string lmns, string actionId)
    {
        if (access.Role == Role.Public) return [];
        var trusts = ComplianceGrid.TrustsOf(database, lmns).ToHashSet(StringComparer.Ordinal);
        var order = Frameworks.Default.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        return [.. AssuranceStore.ForPlanAction(database, access, actionId).Where(d => trusts.Contains(d.OrgCode))
            .GroupBy(d => (Framework: d.FrameworkId.ToUpperInvariant(), Item: d.ItemId.ToUpperInvariant()))
            .Select(g =>
            {
                var framework = Frameworks.Find(g.Key.Framework);
                var item = framework?.Item(g.Key.Item);
                var first = g.First();
                var statuses = g.GroupBy(d => d.OrgCode).Select(t => t.MaxBy(d => d.Period)!).OrderBy(d => d.OrgCode, StringComparer.Ordinal)
                    .Select(d => new TrustStatus(d.OrgCode, ComplianceText.Symbol(d.Status), ComplianceText.Label(d.Status)
                        + (d.Review?.Outcome == Review.Queried ? ", queried" : d.Review?.Outcome == Review.Accepted ? ", accepted" : ""), d.Period));
                return new ActionAssurance(framework?.Id ?? first.FrameworkId, framework?.Name ?? first.FrameworkId, item?.Id ?? first.ItemId,
                    item?.Title ?? first.ItemId, [.. statuses]);
            })
            .OrderBy(a => order.GetValueOrDefault(a.FrameworkId, int.MaxValue)).ThenBy(a => a.ItemId, StringComparer.Ordinal)];
    }
}
