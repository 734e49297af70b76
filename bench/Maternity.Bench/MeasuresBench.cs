using System.Diagnostics;
using System.Globalization;
using Dapper;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Bench;

/// <summary>
/// Returns of the LMNSs' own measures at national scale: LMNSs each with their trusts and measures (a mix of every unit
/// and frequency, mostly monthly), the trusts' returns over the given months written as one CSV per trust (and one per
/// LMNS for its own entries), then loaded through the product's path (<see cref="MeasureReturns.Import"/>, each file
/// checked cell by cell and stored in its own transaction, as a trust user or LMNS analyst would) into a fresh DuckDB
/// file with the product's default settings. Beside it, in the same run on the same files: DuckDB's own read_csv of
/// every file into one table, before and after the product's load. The files are one per trust (and one per LMNS for its
/// own entries), sent by each trust's user, or one per LMNS holding its trusts' returns too, sent by the LMNS's analyst. Then a trust's monthly return into the full store,
/// and the views of every measure (the measures page) built cold and warm.
/// </summary>
internal static class MeasuresBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run(string directory, int lmnsCount, int trustsPer, int measureCount, int months, bool filePerTrust)
    {
        Directory.CreateDirectory(directory);
        var store = Path.Combine(directory, "maternity.duckdb");
        foreach (var f in new[] { store, store + ".wal" }) File.Delete(f);
        if (Directory.Exists(store + ".tmp")) Directory.Delete(store + ".tmp", true);
        var input = Path.Combine(directory, "returns");
        if (Directory.Exists(input)) Directory.Delete(input, true);
        Directory.CreateDirectory(input);
        var database = Database.DuckDbFile(store);
        Migrator.Migrate(database);

        var lmnsCodes = Enumerable.Range(1, lmnsCount).Select(l => $"LM{l:00}").ToList();
        var orgs = new List<OrgHierarchy.Org> { new("Y99", "Bench region", "Region", null), new("QX9", "Bench ICB", "ICB", "Y99") };
        foreach (var lmns in lmnsCodes)
        {
            orgs.Add(new(lmns, $"Bench LMNS {lmns}", "LMNS", "QX9"));
            orgs.AddRange(Enumerable.Range(1, trustsPer).Select(t => new OrgHierarchy.Org($"{lmns}T{t:00}", $"Bench trust {lmns}T{t:00}", "Trust", lmns)));
        }
        new OrgHierarchy(orgs).Store(database);

        var clock = Stopwatch.StartNew();
        var measuresFile = Path.Combine(input, "measures.csv");
        File.WriteAllText(measuresFile, MeasuresCsv(measureCount));
        var targetsFile = Path.Combine(input, "targets.csv");
        File.WriteAllText(targetsFile, TargetsCsv(measureCount));
        foreach (var lmns in lmnsCodes)
        {
            var analyst = Access.Resolve(database, $"analyst-{lmns}", Role.Analyst, [lmns]);
            var content = MeasureFile.Read(measuresFile, lmns);
            if (content.Issues.Count > 0) throw new InvalidOperationException($"measures file: row {content.Issues[0].Row} {content.Issues[0].Column}: {content.Issues[0].Reason}");
            MeasureStore.Import(database, analyst, lmns, content);
            var loaded = MeasureStore.Load(database, lmns);
            var (targets, issues) = MeasureTarget.Read(targetsFile, lmns, m => loaded.Find(m) is { } x ? (x.Unit, x.Levels) : null);
            if (issues.Count > 0) throw new InvalidOperationException($"targets file: row {issues[0].Row} {issues[0].Column}: {issues[0].Reason}");
            MeasureStore.ImportTargets(database, analyst, lmns, targets);
        }
        Console.WriteLine(string.Create(Inv, $"measures: {lmnsCount} LMNSs x {measureCount} measures and their targets imported in {clock.Elapsed.TotalSeconds:F1} s"));

        // The returns, one CSV per trust (its trust-return measures) and one per LMNS (its own entries), all months.
        clock.Restart();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var last = MeasureReturns.LatestEnded(today, Frequency.Month);
        var monthStarts = Enumerable.Range(0, months).Select(i => last.AddMonths(-(months - 1) + i)).ToList();
        var set0 = MeasureStore.Load(database, lmnsCodes[0]);
        var local = set0.Measures.Where(m => m.IsLocal).ToList();
        var periods = local.ToDictionary(m => m.Id, m => monthStarts.Select(s => MeasurePeriod.Containing(s, m.Frequency)).Distinct().ToList());
        var files = new List<(string Lmns, string Org, string Path)>();
        long lines = 0;
        var random = new Random(17);
        foreach (var lmns in lmnsCodes)
        {
            var suppliers = Enumerable.Range(1, trustsPer).Select(t => ($"{lmns}T{t:00}", Supplier.TrustReturn)).Append((lmns, Supplier.LmnsEntry)).ToList();
            IEnumerable<MeasureReturns.Line> Of(string org, Supplier supplier) => local.Where(m => m.Supplier == supplier)
                .SelectMany(m => periods[m.Id].SelectMany(p => Lines(m, set0, org, MeasurePeriod.Format(p, m.Frequency), random)));
            if (filePerTrust)
                foreach (var (org, supplier) in suppliers)
                {
                    var path = Path.Combine(input, $"{org}.csv");
                    lines += MeasureReturns.Write(Of(org, supplier), path);
                    files.Add((lmns, org, path));
                }
            else
            {
                // The LMNS's analyst sends its trusts' returns and its own entries together.
                var path = Path.Combine(input, $"{lmns}.csv");
                lines += MeasureReturns.Write(suppliers.SelectMany(s => Of(s.Item1, s.Item2)), path);
                files.Add((lmns, lmns, path));
            }
        }
        var bytes = files.Sum(f => new FileInfo(f.Path).Length);
        Console.WriteLine(string.Create(Inv, $"returns: {files.Count} CSV files ({(filePerTrust ? "one per trust, one per LMNS for its own entries" : "one per LMNS: its trusts' returns and its own entries")}), {lines:N0} values, {bytes / 1e6:F0} MB, {monthStarts[0]:yyyy-MM} to {last:yyyy-MM}, written in {clock.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(Inv, $"measure mix: {string.Join(", ", local.GroupBy(m => m.Unit).Select(g => $"{g.Count()} {MeasureFile.UnitName(g.Key)}"))}; " +
            $"{string.Join(", ", local.GroupBy(m => m.Frequency).Select(g => $"{g.Count()} {MeasurePeriod.Name(g.Key)}"))}; " +
            $"{local.Count(m => m.Supplier == Supplier.LmnsEntry)} LMNS entry; {local.Count(m => m.Dimensions.Count > 0)} with a breakdown"));

        var peerBefore = Peer(database, files.Select(f => f.Path).ToList());
        Console.WriteLine(string.Create(Inv, $"peer (before): DuckDB read_csv of the {files.Count} files into one table: {peerBefore.Rows:N0} rows in {peerBefore.Seconds:F2} s"));

        // The product: each file imported as the user who would send it, every cell checked, one transaction a file.
        clock.Restart();
        long added = 0;
        var perFile = new List<double>();
        // As `maternity returns measures import FILES` does: the store held open across the files.
        using var held = database.Open();
        foreach (var group in files.GroupBy(f => f.Lmns))
        {
            var set = MeasureStore.Load(database, group.Key);
            foreach (var (lmns, org, path) in group)
            {
                var started = clock.Elapsed.TotalSeconds;
                var access = org == lmns ? Access.Resolve(database, $"analyst-{lmns}", Role.Analyst, [lmns]) : Access.Resolve(database, $"user-{org}", Role.TrustUser, [org]);
                var result = MeasureReturns.Import(database, access, set, path);
                if (!result.Imported) throw new InvalidOperationException($"{result.File}: row {result.Issues[0].Row} {result.Issues[0].Column}: {result.Issues[0].Reason}");
                added += result.Added;
                perFile.Add(clock.Elapsed.TotalSeconds - started);
            }
        }
        var product = clock.Elapsed.TotalSeconds;
        perFile.Sort();
        Console.WriteLine(string.Create(Inv, $"product: MeasureReturns.Import of the {files.Count} files: {added:N0} values in {product:F2} s ({added / product:N0} values/s; " +
            $"a file: median {perFile[perFile.Count / 2] * 1000:F0} ms, slowest {perFile[^1] * 1000:F0} ms)"));

        var peerAfter = Peer(database, files.Select(f => f.Path).ToList());
        Console.WriteLine(string.Create(Inv, $"peer (after): {peerAfter.Rows:N0} rows in {peerAfter.Seconds:F2} s"));
        var peer = (peerBefore.Seconds + peerAfter.Seconds) / 2;
        Console.WriteLine(string.Create(Inv, $"ratio product / peer (mean of the two peer runs, {peer:F2} s): {product / peer:F1}; same number of values: {added == peerBefore.Rows && added == peerAfter.Rows}"));

        // A trust's latest month sent again, into the full store: unchanged, then every value changed with a reason.
        var lmns0 = lmnsCodes[0];
        var set1 = MeasureStore.Load(database, lmns0);
        var latest = local.Where(m => m.Supplier == Supplier.TrustReturn && m.Frequency == Frequency.Month && (m.HasCounts || m.Unit == UnitKind.Money)).ToList();
        var unchanged = new List<double>();
        var changed = new List<double>();
        for (var t = 1; t <= Math.Min(5, trustsPer); t++)
        {
            var org = $"{lmns0}T{t:00}";
            var access = Access.Resolve(database, $"user-{org}", Role.TrustUser, [org]);
            var kept = MeasureReturns.Export(database, access, set1, org).Where(l => latest.Any(m => m.Id == l.Measure) && l.Period == MeasurePeriod.Format(last, Frequency.Month)).ToList();
            var same = Path.Combine(input, $"{org}-latest.csv");
            MeasureReturns.Write(kept, same);
            clock.Restart();
            var result = MeasureReturns.Import(database, access, set1, same);
            unchanged.Add(clock.Elapsed.TotalMilliseconds);
            if (!result.Imported || result.Unchanged != kept.Count) throw new InvalidOperationException($"{org}: the unchanged month was not all unchanged");
            var again = Path.Combine(input, $"{org}-latest-corrected.csv");
            MeasureReturns.Write(kept.Select(l => Corrected(l)), again);
            clock.Restart();
            result = MeasureReturns.Import(database, access, set1, again);
            changed.Add(clock.Elapsed.TotalMilliseconds);
            if (!result.Imported || result.Replaced != kept.Count) throw new InvalidOperationException($"{org}: the corrected month was not all replaced");
        }
        unchanged.Sort();
        changed.Sort();
        Console.WriteLine(string.Create(Inv, $"a trust's latest month again ({latest.Count} monthly measures with numbers, with their groups), into the full store, 5 trusts: " +
            $"unchanged median {unchanged[unchanged.Count / 2]:F0} ms; every value corrected with a reason median {changed[changed.Count / 2]:F0} ms"));

        // The measures page's views: the first request after a load reads the LMNS's values and builds every view; later ones are kept.
        var viewer = Access.Resolve(database, "viewer", Role.Viewer, [lmns0]);
        var measures = set1.Measures.Where(m => m.IsLocal).ToList();
        clock.Restart();
        var views = MeasureView.Build(database, viewer, set1, measures, lmns0);
        var cold = clock.Elapsed.TotalMilliseconds;
        var warm = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            clock.Restart();
            MeasureView.Build(database, viewer, MeasureStore.Load(database, lmns0), measures, lmns0);
            MeasureReturns.Grid(database, viewer, set1);
            warm.Add(clock.Elapsed.TotalMilliseconds);
        }
        warm.Sort();
        Console.WriteLine(string.Create(Inv, $"views of {views.Count} measures for {lmns0} as a viewer: cold {cold:F0} ms; warm (with the completeness grid) median {warm[warm.Count / 2]:F1} ms"));
        using var connection = database.Open();
        Console.WriteLine(string.Create(Inv, $"store: {connection.ExecuteScalar<long>("SELECT count(*) FROM measure_value"):N0} values stored, {new FileInfo(store).Length / 1e6:F0} MB"));
    }

    /// <summary>DuckDB's read_csv (types detected, header) of every file into one table, in the same store; dropped afterwards.</summary>
    private static (long Rows, double Seconds) Peer(Database database, IReadOnlyList<string> files)
    {
        using var connection = database.Open();
        var list = string.Join(", ", files.Select(f => "'" + f.Replace("'", "''", StringComparison.Ordinal) + "'"));
        var clock = Stopwatch.StartNew();
        connection.Execute($"CREATE OR REPLACE TABLE bench_peer_values AS SELECT * FROM read_csv([{list}], header = true)");
        var seconds = clock.Elapsed.TotalSeconds;
        var rows = connection.ExecuteScalar<long>("SELECT count(*) FROM bench_peer_values");
        connection.Execute("DROP TABLE bench_peer_values");
        connection.Execute("CHECKPOINT");
        return (rows, seconds);
    }

    private static MeasureReturns.Line Corrected(MeasureReturns.Line l)
    {
        static string Plus(string x) => x.Length == 0 ? x : (double.Parse(x.TrimStart('\''), Inv) + 1).ToString(Inv);
        var line = l.Numerator.Length > 0 ? l with { Numerator = Plus(l.Numerator), Denominator = Plus(l.Denominator) } : l with { Value = Plus(l.Value) };
        return line with { Reason = "corrected after validation" };
    }

    private static readonly string[] Levels = ["Not started", "Stage 1", "Stage 2", "Stage 3", "Gold"];

    /// <summary>
    /// The measures of each LMNS: by position, 40% proportions, 20% counts, 10% rates, 10% means, and money, yes/no,
    /// level and text 5% each; monthly but for every tenth (quarterly) and a few yearly; every twentieth entered by the
    /// LMNS, the rest sent by each trust; a few proportions broken down by IMD quintile.
    /// </summary>
    private static string MeasuresCsv(int count)
    {
        var text = new System.Text.StringBuilder("Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority\n");
        for (var i = 0; i < count; i++)
        {
            var unit = (i % 20) switch { < 8 => "proportion", < 12 => "count", < 14 => "rate", < 16 => "mean", 16 => "money", 17 => "yes/no", 18 => "level", _ => "text" };
            var frequency = i % 10 == 9 ? "quarter" : i % 25 == 12 ? "financial year" : i % 50 == 22 ? "year" : "month";
            var supplier = i % 20 == 5 ? "LMNS entry" : "trust return";
            var breakdown = unit == "proportion" && i % 25 < 3 && frequency == "month" ? "ImdQuintile" : "";
            var polarity = unit is "money" or "text" ? "none" : i % 3 == 0 ? "lower" : "higher";
            var (numerator, denominator) = unit is "proportion" or "rate" ? ("Events", "Eligible") : ("", "");
            text.Append(Inv, $"M{i + 1:000},Bench measure {i + 1},What is counted for measure {i + 1},{unit},{(unit == "rate" ? "1000" : "")},")
                .Append(Inv, $"{(unit == "level" ? string.Join(";", Levels) : "")},{numerator},{denominator},{polarity},{frequency},{breakdown},{supplier},{i % 6 + 1}\n");
        }
        return text.ToString();
    }

    /// <summary>A target for every other proportion: at least 75%, some as a trajectory from a baseline.</summary>
    private static string TargetsCsv(int count)
    {
        var text = new System.Text.StringBuilder(string.Join(",", MeasureTarget.Columns) + "\n");
        for (var i = 0; i < count; i += 2)
        {
            if (i % 20 >= 8) continue;
            if (i % 4 == 0) text.Append(Inv, $"M{i + 1:000},,at least,75,,,,,,Bench standard\n");
            else text.Append(Inv, $"M{i + 1:000},,at least,80,2027-03,40,2023-03,,2025-03: 60,Bench trajectory\n");
        }
        return text.ToString();
    }

    /// <summary>One organisation's lines for one measure and period: the total and, for a breakdown, each group.</summary>
    private static IEnumerable<MeasureReturns.Line> Lines(MeasureDefinition m, MeasureStore.MeasureSet set, string org, string period, Random random)
    {
        string Whole(long x) => x.ToString(Inv);
        var total = new MeasureReturns.Line(org, period, m.Id, Dimension.Total, Dimension.Total);
        switch (m.Unit)
        {
            case UnitKind.Proportion or UnitKind.Rate:
                var codes = m.Dimensions.Select(set.Dimension).OfType<Dimension>().FirstOrDefault()?.Codes ?? [];
                var groups = codes.Select(_ => (long)(m.Unit == UnitKind.Rate ? 100 + random.Next(300) : 20 + random.Next(100))).ToList();
                var denominator = codes.Count > 0 ? groups.Sum() : m.Unit == UnitKind.Rate ? 500 + random.Next(1500) : 100 + random.Next(500);
                var numerators = groups.Select(d => (long)(d * (m.Unit == UnitKind.Rate ? 0.05 : 0.5 + 0.4 * random.NextDouble()))).ToList();
                var numerator = codes.Count > 0 ? numerators.Sum() : (long)(denominator * (m.Unit == UnitKind.Rate ? 0.05 : 0.5 + 0.4 * random.NextDouble()));
                yield return total with { Numerator = Whole(numerator), Denominator = Whole(denominator) };
                for (var g = 0; g < codes.Count; g++)
                    yield return new MeasureReturns.Line(org, period, m.Id, m.Dimensions[0], codes[g], Numerator: Whole(numerators[g]), Denominator: Whole(groups[g]));
                break;
            case UnitKind.Mean:
                yield return total with { Value = (10 + 10 * random.NextDouble()).ToString("0.0", Inv), N = Whole(50 + random.Next(200)), SD = "3.5" };
                break;
            case UnitKind.Count:
                yield return total with { Value = Whole(random.Next(200)) };
                break;
            case UnitKind.Money:
                yield return total with { Value = Whole(1000 + random.Next(50_000)) };
                break;
            case UnitKind.YesNo:
                yield return total with { Value = random.Next(4) == 0 ? "No" : "Yes" };
                break;
            case UnitKind.Level:
                yield return total with { Value = m.Levels[random.Next(m.Levels.Count)] };
                break;
            default:
                yield return total with { Value = $"Narrative for {period}: listening events held and interpreter bookings audited." };
                break;
        }
    }
}
