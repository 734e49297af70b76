using Dapper;
using Maternity.Storage;

namespace Maternity.National;

/// <summary>
/// The NHS England region of an organisation of the publication. The annual files give a row per region
/// (<c>Org_Level</c> "NHS England (Region)", codes Y56 ... Y63) but no parent column on a provider's rows, so a trust is
/// linked to its region through the organisation hierarchy (<c>reference import-orgs</c>): the first ancestor of type
/// Region (trust → LMNS → ICB → Region). Its code must be the publication's region code (Y62 North West, ...). Without
/// the hierarchy, or for a trust not in it, no region is known and every region is shown in code order.
/// </summary>
public static class NationalRegions
{
    /// <summary>The region code an organisation (a trust or an LMNS) sits under in the hierarchy, or null.</summary>
    public static string? Of(Database database, string? org)
    {
        if (org is null) return null;
        using var connection = database.Open();
        var parents = connection.Query<(string Code, string Type, string? Parent)>("SELECT org_code, org_type, parent_code FROM org")
            .ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);
        var at = org;
        for (var steps = 0; steps < 8 && parents.TryGetValue(at, out var node); steps++)
        {
            if (node.Type == "Region") return node.Code;
            if (node.Parent is null) return null;
            at = node.Parent;
        }
        return null;
    }

    /// <summary>The LMNS a trust sits under in the hierarchy (its parent chain), or null.</summary>
    public static string? LmnsOf(Database database, string? org) =>
        org is null ? null : Reference.OrgHierarchy.Read(database).LmnsOf(org) is { } lmns && !lmns.Equals(org, StringComparison.OrdinalIgnoreCase) ? lmns : null;

    /// <summary>The region figures of one year, the organisation's own region first, then the others by code.</summary>
    public static IReadOnlyList<NationalView.Figure> OwnFirst(IEnumerable<NationalView.Figure> year, string? region) =>
        [.. year.Where(f => f.Level == "Region")
            .OrderBy(f => region is not null && f.Org.Equals(region, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(f => f.Org, StringComparer.Ordinal)];
}
