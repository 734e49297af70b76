using System.Text.Json;
using Dapper;
using Maternity.Storage;

namespace Maternity.Reference;

/// <summary>
/// The organisations an instance reports on: regions, ICBs, LMNSs, trusts and sites, each with its parent.
/// Read from a small JSON file (<c>{"orgs":[{"code":..,"name":..,"type":..,"parent":..}]}</c>); the demo's
/// synthetic LMNS is the default.
/// </summary>
public sealed record OrgHierarchy(IReadOnlyList<OrgHierarchy.Org> Orgs)
{
    /// <param name="NeonatalLevel">For a site: the level of its neonatal unit (3 = neonatal intensive care unit), if it has one.</param>
    public sealed record Org(string Code, string Name, string Type, string? Parent, int? NeonatalLevel = null);

    public static readonly string[] Types = ["Region", "ICB", "LMNS", "Trust", "Site"];

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The synthetic LMNS of the demo: four trusts, each with one or two sites.</summary>
    public static OrgHierarchy Demo { get; } = new(
    [
        new("Y99", "Synthetic Region", "Region", null),
        new("QX1", "Synthetic Integrated Care Board", "ICB", "Y99"),
        new("LMNSX1", "Riverside and Northfield LMNS (synthetic)", "LMNS", "QX1"),
        new("X1A", "Riverside University Hospitals (synthetic)", "Trust", "LMNSX1"),
        new("X1A01", "Riverside Royal Infirmary", "Site", "X1A", 3),
        new("X1A02", "Riverside Birth Centre", "Site", "X1A"),
        new("X1B", "Northfield Teaching Hospitals (synthetic)", "Trust", "LMNSX1"),
        new("X1B01", "Northfield General Hospital", "Site", "X1B", 2),
        new("X1C", "Eastgate and Millbrook Hospitals (synthetic)", "Trust", "LMNSX1"),
        new("X1C01", "Eastgate Hospital", "Site", "X1C", 2),
        new("X1C02", "Millbrook Community Hospital", "Site", "X1C"),
        new("X1D", "Westmoor Healthcare (synthetic)", "Trust", "LMNSX1"),
        new("X1D01", "Westmoor Hospital", "Site", "X1D", 1),
    ]);

    public IEnumerable<Org> OfType(string type) => Orgs.Where(o => o.Type == type);

    /// <summary>The LMNS an organisation is (or sits under: a trust, a site), or null when it is none of those.</summary>
    public string? LmnsOf(string code)
    {
        var byCode = ByCode;
        for (var (org, steps) = (byCode.GetValueOrDefault(code), 0); org is not null && steps < 5; org = org.Parent is { } parent ? byCode.GetValueOrDefault(parent) : null, steps++)
            if (org.Type == "LMNS") return org.Code;
        return null;
    }

    /// <summary>The organisations by code (the first of a repeated code, as a search from the top would find), built once.</summary>
    private Dictionary<string, Org> ByCode => _byCode ??= Orgs.GroupBy(o => o.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private Dictionary<string, Org>? _byCode;

    /// <summary>The organisations loaded in the store (no neonatal levels), in type order then code.</summary>
    public static OrgHierarchy Read(Database database) =>
        database.ReadOrKept("org-hierarchy", connection => new OrgHierarchy(
            [.. connection.Query<(string Code, string Name, string Type, string? Parent)>("SELECT org_code, org_name, org_type, parent_code FROM org")
                .Select(o => new Org(o.Code, o.Name, o.Type, o.Parent))
                .OrderBy(o => Array.IndexOf(Types, o.Type)).ThenBy(o => o.Code, StringComparer.Ordinal)]));

    /// <summary>Reads and checks a hierarchy file: known types, unique codes, parents that exist.</summary>
    public static OrgHierarchy Load(string path)
    {
        OrgHierarchy? hierarchy;
        try
        {
            hierarchy = JsonSerializer.Deserialize<OrgHierarchy>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid organisation file at line {e.LineNumber + 1}: {e.Message}", e);
        }
        if (hierarchy?.Orgs is null) throw new InvalidDataException($"{path}: expected an object with an \"orgs\" array.");
        var problems = hierarchy.Problems().ToList();
        if (problems.Count > 0) throw new InvalidDataException($"{path}: " + string.Join("; ", problems));
        return hierarchy;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public IEnumerable<string> Problems()
    {
        var codes = new HashSet<string>();
        foreach (var (org, i) in Orgs.Select((o, i) => (o, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(org.Code)) yield return $"org {i} has no code";
            else if (!codes.Add(org.Code)) yield return $"org {i}: code {org.Code} appears twice";
            if (!Types.Contains(org.Type)) yield return $"org {i} ({org.Code}): type '{org.Type}' is not one of {string.Join(", ", Types)}";
        }
        foreach (var org in Orgs.Where(o => o.Parent is not null && !codes.Contains(o.Parent)))
            yield return $"org {org.Code}: parent {org.Parent} is not in the file";
        // Every chain of parents must end at an organisation with none: a loop would have each count itself.
        var parents = Orgs.Where(o => !string.IsNullOrWhiteSpace(o.Code)).GroupBy(o => o.Code).ToDictionary(g => g.Key, g => g.First().Parent);
        var reported = new HashSet<string>();
        foreach (var start in parents.Keys)
        {
            var path = new List<string> { start };
            for (var at = parents[start]; at is not null && parents.TryGetValue(at, out var next); at = next)
            {
                if (at == start)
                {
                    if (path.All(reported.Add)) yield return $"org {start}: its parents lead back to it ({string.Join(" → ", path)} → {start})";
                    break;
                }
                if (path.Contains(at) || path.Count > parents.Count) break;
                path.Add(at);
            }
        }
    }

    /// <summary>Replaces the stored organisations with these, in one transaction.</summary>
    public void Store(Database database)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute("DELETE FROM org", transaction: tx);
        foreach (var org in Orgs)
        {
            connection.Execute(
                connection.Sql("INSERT INTO org (org_code, org_name, org_type, parent_code, neonatal_level) VALUES ($code, $name, $type, $parent, $level)"),
                new { code = org.Code, name = org.Name, type = org.Type, parent = org.Parent, level = org.NeonatalLevel }, tx);
        }
        using (database.Writing()) tx.Commit();
    }
}
