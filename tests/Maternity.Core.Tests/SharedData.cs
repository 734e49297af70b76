namespace Maternity.Tests;

/// <summary>
/// Finds the published aggregate files (IMD, NHS maternity statistics) that CI places in ../shared/data beside
/// the checkout, or where MATERNITY_SHARED_DATA points. They are never copied into the repository.
/// </summary>
internal static class SharedData
{
    public static string? Find(string file)
    {
        if (Environment.GetEnvironmentVariable("MATERNITY_SHARED_DATA") is { Length: > 0 } dir && File.Exists(Path.Combine(dir, file)))
            return Path.Combine(dir, file);
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "shared", "data", file);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
