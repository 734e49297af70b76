using System.Reflection;

namespace Maternity.Assurance;

/// <summary>The frameworks shipped with the product (embedded JSON files under Assurance/Frameworks), in menu order.</summary>
public static class Frameworks
{
    private static readonly string[] Shipped = ["mis-year6", "mis-year7", "sbl-v3", "ockenden", "psirf", "delivery-plan"];

    public static IReadOnlyList<Framework> Default { get; } = [.. Shipped.Select(name => Framework.Parse(Resource($"{name}.json"), $"{name}.json"))];

    /// <summary>The shipped frameworks, or those in the given files (a file whose id matches a shipped one replaces it).</summary>
    public static IReadOnlyList<Framework> With(IEnumerable<string> paths)
    {
        var loaded = paths.Select(Framework.Load).ToList();
        return [.. Default.Where(d => !loaded.Any(l => l.Id == d.Id)), .. loaded];
    }

    public static Framework? Find(string id) =>
        Default.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));

    internal static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Assurance.{name}")
            ?? throw new InvalidOperationException($"missing embedded resource Assurance.{name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
