using System.Text.Json;

namespace Maternity.Assurance;

/// <summary>
/// A national assurance framework as data (a Maternity Incentive Scheme year, Saving Babies' Lives, Ockenden, PSIRF,
/// the three-year delivery plan): its source, what of it could be verified, and its items, each with the standard a
/// trust must meet, the evidence that shows it and its deadline. A new scheme year is a new file, not new code.
/// </summary>
public sealed record Framework(string Id, string Name, string Owner, string Version, string Source, string Verification,
    IReadOnlyList<FrameworkItem> Items)
{
    public FrameworkItem? Item(string id) => Items.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
    };

    /// <summary>Reads and checks one framework file; problems name the file and the item.</summary>
    public static Framework Parse(string json, string source)
    {
        Framework? framework;
        try
        {
            framework = JsonSerializer.Deserialize<Framework>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid framework file at line {e.LineNumber + 1}: {e.Message}", e);
        }
        if (framework is null || string.IsNullOrWhiteSpace(framework.Id) || string.IsNullOrWhiteSpace(framework.Name))
            throw new InvalidDataException($"{source}: expected {{\"id\": ..., \"name\": ..., \"items\": [...]}}");
        if (framework.Items is not { Count: > 0 }) throw new InvalidDataException($"{source}: the framework has no items");
        if (string.IsNullOrWhiteSpace(framework.Source)) throw new InvalidDataException($"{source}: give the framework's source");
        foreach (var (item, i) in framework.Items.Select((x, i) => (x, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(item.Id)) throw new InvalidDataException($"{source}: item {i} has no id");
            if (string.IsNullOrWhiteSpace(item.Title)) throw new InvalidDataException($"{source}: item {item.Id} has no title");
            if (item.Deadline is null) throw new InvalidDataException($"{source}: item {item.Id} has no deadline (yyyy-MM-dd)");
        }
        if (framework.Items.Select(i => i.Id.ToUpperInvariant()).Distinct().Count() != framework.Items.Count)
            throw new InvalidDataException($"{source}: item ids must be unique");
        return framework;
    }

    public static Framework Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));
}

/// <param name="Group">The heading the item sits under (e.g. "Safety action 2", "First report").</param>
/// <param name="Verified">Whether the item's wording and deadline were checked against the source cited.</param>
/// <param name="Source">The published text this item is taken from and what of it that text shows, when the framework's
/// own source does not cover it (a year whose guidance was not found cites, per item, where its subject is published).</param>
public sealed record FrameworkItem(string Id, string? Group, string Title, string? Standard, string? Evidence, DateOnly? Deadline,
    bool Verified, string? Source = null);
