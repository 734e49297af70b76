namespace Maternity.Tests;

/// <summary>
/// Finds the published files that CI places beside the checkout, never copied into the repository: the aggregate
/// files (IMD, NHS maternity statistics) in ../shared/data, or where MATERNITY_SHARED_DATA points; the published
/// plans' action tables in ../shared/plans (or beside that data folder).
/// </summary>
internal static class SharedData
{
    public static string? Find(string file) => Find("data", file);

    /// <summary>A published plan's table, transcribed as it appears (../shared/plans/README.md).</summary>
    public static string? FindPlan(string file) => Find("plans", file);

    private static string? Find(string folder, string file)
    {
        if (Environment.GetEnvironmentVariable("MATERNITY_SHARED_DATA") is { Length: > 0 } dir)
        {
            var given = folder == "data" ? Path.Combine(dir, file) : Path.Combine(dir, "..", folder, file);
            if (File.Exists(given)) return Path.GetFullPath(given);
        }
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "shared", folder, file);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
