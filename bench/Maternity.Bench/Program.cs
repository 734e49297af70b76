using System.Diagnostics;
using System.Globalization;
using Maternity.Statistics;

// Benchmarks of the statistics engine, the indicator catalogue and the returns of local measures; figures go to docs/performance.md.
var name = args.FirstOrDefault() ?? "stats";
switch (name)
{
    case "stats":
        StatsBench.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
        break;
    case "catalogue":
        Maternity.Bench.CatalogueBench.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000,
            args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "maternity-bench"));
        break;
    case "pipeline":
        Maternity.Bench.PipelineBench.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
            args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "maternity-bench-pipeline"),
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3);
        break;
    case "pack":
        Maternity.Bench.PackBench.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
        break;
    case "engines":
        Maternity.Bench.EnginesBench.Run(int.Parse(args[1], CultureInfo.InvariantCulture), args[2], args[3]);
        break;
    case "measures":
        Maternity.Bench.MeasuresBench.Run(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "maternity-bench-measures"),
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 42, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10,
            args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 200, args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 36,
            args.Length > 6 && args[6] == "per-trust");
        break;
    default:
        Console.Error.WriteLine("usage: Maternity.Bench stats [groups] | catalogue [births] [directory] | pipeline [births=100000] [directory] [runs=3] | pack store.duckdb [runs=3] | engines births directory postgres-connection-string"
            + " | measures [directory] [lmnss=42] [trusts=10] [measures=200] [months=36] [per-lmns|per-trust]");
        return 2;
}
return 0;

/// <summary>Wilson and Byar's intervals, and a 24-month XmR chart, for each of a million groups.</summary>
internal static class StatsBench
{
    public static void Run(int groups)
    {
        var random = new Random(1);
        var x = new int[groups];
        var n = new int[groups];
        for (var i = 0; i < groups; i++) { n[i] = 50 + random.Next(5000); x[i] = random.Next(n[i] / 5 + 1); }
        var series = new double[24];

        Time($"Wilson 95% interval, {groups:N0} groups", () =>
        {
            var sum = 0.0;
            for (var i = 0; i < groups; i++) sum += Proportion.Wilson(x[i], n[i], 0.95).Lower;
            return sum;
        });
        Time($"Rate interval (Byar's / exact), {groups:N0} groups", () =>
        {
            var sum = 0.0;
            for (var i = 0; i < groups; i++) sum += Rate.Interval(x[i] % 40, n[i], 0.95).Lower;
            return sum;
        });
        Time($"XmR chart of 24 months with all rules, {groups:N0} groups", () =>
        {
            var sum = 0.0;
            for (var i = 0; i < groups; i++)
            {
                for (var t = 0; t < series.Length; t++) series[t] = x[(i + t) % groups] / (double)n[(i + t) % groups];
                sum += Spc.XmR(series).Points[^1].Upper;
            }
            return sum;
        });
    }

    private static void Time(string what, Func<double> work)
    {
        work();
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            work();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: median {times[1]:F2} s of 3 runs"));
    }
}
