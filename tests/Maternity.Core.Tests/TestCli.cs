using System.Diagnostics;

namespace Maternity.Tests;

/// <summary>The built <c>maternity</c> command, run as a real child process.</summary>
internal static class TestCli
{
    /// <summary>maternity.dll built beside the tests, or null.</summary>
    public static string? Find()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "src", "Maternity.Cli", "bin", configuration, "net10.0", "maternity.dll");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The command's arguments to work on <paramref name="store"/> (its DuckDB file or PostgreSQL schema).</summary>
    public static string[] StoreArguments(TestStore store) =>
        store.ConnectionString is { } postgres ? ["--data", store.Directory, "--database", postgres] : ["--data", store.Directory];

    /// <summary>Runs the command to the end: its exit code and output.</summary>
    public static (int Exit, string Output) Run(string cli, params string[] arguments) => RunWith(new Dictionary<string, string>(), cli, arguments);

    /// <summary>As <see cref="Run"/>, with <paramref name="environment"/> added to the command's environment.</summary>
    public static (int Exit, string Output) RunWith(IReadOnlyDictionary<string, string> environment, string cli, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [cli, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
