using System.Diagnostics;
using Maternity.Indicators;
using Maternity.Quality;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Storage;

namespace Maternity.Bench;

/// <summary>
/// Where the board pack's data goes: on a store already loaded and computed (e.g. the pipeline's <c>product.duckdb</c>),
/// the whole <see cref="BoardPack.Build"/> timed <c>runs</c> times, then each of its parts timed on its own.
/// </summary>
internal static class PackBench
{
    public static void Run(string store, int runs)
    {
        var database = Database.DuckDbFile(store);
        Migrator.Migrate(database);
        var lmns = OrgHierarchy.Read(database).Orgs.First(o => o.Type == "LMNS").Code;
        var (_, period) = BoardPack.Resolve(database, lmns, null);
        Console.WriteLine($"pack of {lmns} for {period:yyyy-MM} from {store}");
        var viewer = BoardPack.PublicAccess(database, lmns);
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            var stage = "start";
            var stages = new List<string>();
            var progress = new SyncProgress(s => { stages.Add($"{stage} {(clock.Elapsed - last).TotalSeconds:F2}"); last = clock.Elapsed; stage = s; });
            BoardPack.Build(database, lmns, period, "bench", progress: progress);
            stages.Add($"{stage} and the rest {(clock.Elapsed - last).TotalSeconds:F2}");
            Console.WriteLine($"  run {run + 1}: {clock.Elapsed.TotalSeconds:F2} s ({string.Join("; ", stages)})");
        }
        Time("indicator views (36)", () => Catalogue.Definitions.Select(d => IndicatorView.Build(database, viewer, d, lmns, period)).Count());
        Time("scorecard", () => Scorecard.Build(database, viewer).Count);
        Time("data coverage", () => DataCoverage.Read(database, lmns).Count);
        Time("safety", () => Maternity.Safety.SafetyAnalysis.ForPack(database, viewer, lmns, period, DateOnly.FromDateTime(DateTime.UtcNow)) is null ? 0 : 1);
        Time("voices", () => Maternity.Voices.VoicesReport.Build(database, viewer, lmns, period) is null ? 0 : 1);
        Time("national", () => Maternity.National.NationalBenchmark.ForPack(database, lmns) is null ? 0 : 1);
        Time("wres", () => Maternity.Wres.WresView.Build(database, viewer, lmns) is null ? 0 : 1);
    }

    private static void Time(string what, Func<int> work)
    {
        var clock = Stopwatch.StartNew();
        var result = work();
        Console.WriteLine($"  {what}: {clock.Elapsed.TotalSeconds:F2} s ({result})");
    }

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
