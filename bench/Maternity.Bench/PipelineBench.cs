using System.Diagnostics;
using System.Globalization;
using Dapper;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Storage;
using Maternity.Synthetic;

namespace Maternity.Bench;

/// <summary>
/// From a month's extract to board numbers, beside what a competent DuckDB user would write, on the same files in the same
/// run, with the product's default settings (DuckDB's memory as <see cref="Database.DefaultMemoryLimit"/> gives):
/// <list type="number">
/// <item>Ingest: the product's load of the 7 files into a fresh store, against DuckDB's own <c>read_csv</c> of the same
/// files into tables of a fresh file (types detected, nothing checked).</item>
/// <item>Catalogue: the product's full recompute, against a hand-written DuckDB script (the shared derivation once into a
/// temporary table, one GROUPING SETS query per cohort with FILTERed counts, the counts unpivoted into one table), runs
/// interleaved, median of <c>runs</c>; the two sets of counts compared with EXCEPT ALL both ways.</item>
/// <item>Month to board: one provider's latest month sent again with corrections (every 50th care activity gone),
/// loaded, recomputed (only the touched months), and the board pack's data built.</item>
/// </list>
/// The peer reuses the catalogue's predicates and derivation SQL so that the numbers are the same; what differs is the
/// work around them (the product keeps the features for the next compute, validates every field on load, writes counts
/// in its long format).
/// </summary>
internal static class PipelineBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run(int births, string directory, int runs)
    {
        var input = Path.Combine(directory, "input");
        if (!File.Exists(Path.Combine(input, "MSD401BabyDemographics.csv")))
        {
            var generate = Stopwatch.StartNew();
            var manifest = LmnsGenerator.Generate(new GeneratorOptions(input, births, 12));
            Say($"generated {manifest.Births:N0} births (12 months) in {generate.Elapsed.TotalSeconds:F1} s");
        }
        var files = MsdsSchema.Tables.Select(t => Path.Combine(input, t.Name + ".csv")).Where(File.Exists).ToList();
        Say($"DuckDB memory limit (product default): {Database.DefaultMemoryLimit()}; {Environment.ProcessorCount} cores");

        // 1. Ingest, interleaved: each run loads the files into a fresh store (organisations and IMD first, not timed). The
        // files are read once first, so that the first to read them does not pay for the disk alone.
        foreach (var file in files)
        {
            using var warm = File.OpenRead(file);
            warm.CopyTo(Stream.Null);
        }
        var store = Path.Combine(directory, "product.duckdb");
        Database database = null!;
        var clock = new Stopwatch();
        var productIngest = new List<double>();
        var peerIngest = new List<double>();
        long rows = 0, peerRows = 0;
        for (var run = 0; run < runs; run++)
        {
            Delete(store);
            database = Database.DuckDbFile(store);
            BenchStore.Prepare(database, input);
            clock.Restart();
            rows = Ingester.IngestAll(database, files).Sum(r => r.RowsRead);
            productIngest.Add(clock.Elapsed.TotalSeconds);
            var peerRun = PeerIngest(Path.Combine(directory, "peer.duckdb"), files);
            peerRows = peerRun.Rows;
            peerIngest.Add(peerRun.Seconds);
            Say($"  ingest run {run + 1}: product {productIngest[^1]:F1} s, peer {peerIngest[^1]:F1} s");
        }
        Say($"ingest: product {rows:N0} rows, median {Median(productIngest):F1} s ({rows / Median(productIngest):N0} rows/s); "
            + $"peer read_csv {peerRows:N0} rows, median {Median(peerIngest):F1} s ({peerRows / Median(peerIngest):N0} rows/s); "
            + $"ratio product/peer throughput {rows / Median(productIngest) / (peerRows / Median(peerIngest)):F2}");

        // 2. Catalogue, interleaved.
        var product = new List<double>();
        var peer = new List<double>();
        long counts = 0;
        for (var run = 0; run < runs; run++)
        {
            clock.Restart();
            counts = IndicatorEngine.Compute(database, full: true).CountRows;
            product.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            PeerCatalogue(database);
            peer.Add(clock.Elapsed.TotalSeconds);
            Say($"  run {run + 1}: product {product[^1]:F1} s, peer {peer[^1]:F1} s");
        }
        var (missing, extra) = Compare(database);
        Say($"catalogue: product {counts:N0} counts, median {Median(product):F1} s; peer script median {Median(peer):F1} s; "
            + $"ratio product/peer {Median(product) / Median(peer):F2}; identical counts: {missing == 0 && extra == 0} "
            + $"(product EXCEPT ALL peer {missing:N0}, peer EXCEPT ALL product {extra:N0})");

        // 2b. The same grouped counts in R data.table and pandas, from the cohort rows already joined (flags evaluated).
        var exported = Export(database, directory);
        foreach (var (tool, arguments) in new[]
        {
            ("/usr/bin/Rscript", $"{Script("grouped_counts.R")} {string.Join(' ', exported)}"),
            ("/usr/bin/python3", $"{Script("grouped_counts.py")} {string.Join(' ', exported)}"),
        })
        {
            if (!File.Exists(tool)) { Say($"{tool} not installed: skipped"); continue; }
            var times = new List<double>();
            string last = "";
            for (var run = 0; run < runs; run++)
            {
                last = RunTool(tool, arguments);
                var match = System.Text.RegularExpressions.Regex.Match(last, @"grouping ([0-9.]+) s");
                if (match.Success) times.Add(double.Parse(match.Groups[1].Value, Inv));
            }
            Say(times.Count == 0 ? $"{tool}: {last}"
                : $"{last.Trim()} (median of {times.Count}: {Median(times):F2} s); product whole catalogue / this grouping: {Median(product) / Median(times):F2}; same number of counts: {last.Contains($" {counts} counts", StringComparison.Ordinal)}");
        }

        // 2c. DuckDB itself on that same input: the engine's own ceiling for this grouping.
        var (duckRead, duckGroup, duckCounts) = DuckDbGrouping(directory, exported, runs);
        Say($"DuckDB {DuckDbVersion(database)} on the same files: grouping {duckGroup:F2} s (median of {runs}; reading {duckRead:F2} s), {duckCounts} counts; "
            + $"product whole catalogue / this grouping: {Median(product) / duckGroup:F2}; same number of counts: {duckCounts == counts}");

        // 3. One month's resubmission to board numbers.
        var resubmission = Path.Combine(directory, "resubmission");
        var (provider, month) = Resubmission(input, resubmission);
        clock.Restart();
        var loaded = Ingester.IngestAll(database, MsdsSchema.Tables.Select(t => Path.Combine(resubmission, t.Name + ".csv")).Where(File.Exists));
        var ingest = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var summary = IndicatorEngine.Compute(database);
        var recompute = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var latest = OrgHierarchy.Read(database).Orgs.First(o => o.Type == "LMNS").Code;
        var pack = Maternity.Reports.BoardPack.Build(database, latest, month, "bench");
        var packSeconds = clock.Elapsed.TotalSeconds;
        Say($"month to board: {provider} {month:yyyy-MM} resubmitted ({loaded.Sum(r => r.RowsRead):N0} rows) ingest {ingest:F1} s, "
            + $"recompute {recompute:F1} s ({(summary.Incremental ? $"incremental, {summary.Months.Count} months, {summary.CountRows:N0} counts" : "full")}), "
            + $"board pack data {packSeconds:F1} s ({pack.Definitions.Count} indicators); total {ingest + recompute + packSeconds:F1} s");
        var (m2, e2) = CompareWithFull(database);
        Say($"incremental counts identical to a full recompute: {m2 == 0 && e2 == 0} ({m2:N0} / {e2:N0} rows differ)");
    }

    /// <summary>Each cohort's rows with their groups and each indicator's denominator and numerator as 0/1, one CSV per cohort.</summary>
    private static List<string> Export(Database database, string directory)
    {
        using var connection = database.Open();
        connection.Execute(DeriveFeatures(connection), commandTimeout: 0);
        var files = new List<string>();
        foreach (var cohort in Catalogue.Definitions.GroupBy(d => d.Cohort))
        {
            var file = Path.Combine(directory, $"cohort-{cohort.Key}.csv");
            var flags = string.Join(", ", cohort.Select((d, i) =>
                $"CASE WHEN ({d.Denominator}) THEN 1 ELSE 0 END AS d{i}, CASE WHEN ({d.Denominator}) AND ({d.Numerator}) THEN 1 ELSE 0 END AS n{i}"));
            var groups = string.Join(", ", Enum.GetValues<Breakdown>().Where(b => b != Breakdown.Total).Select(b => $"g_{b}"));
            connection.Execute($"""
                COPY (SELECT lmns_code, org_code, site_key, period_start, {groups}, {flags}
                      FROM ({CohortSql.CohortRows(cohort.Key, "preg", "baby")}) r WHERE period_start IS NOT NULL)
                TO '{file}' (HEADER, DELIMITER ',')
                """, commandTimeout: 0);
            files.Add(file);
        }
        return files;
    }

    /// <summary>
    /// The grouping of <c>grouped_counts.R</c> done by DuckDB on the same exported files, in a fresh in-memory database: the
    /// files read into tables (timed apart), then per cohort one GROUP BY GROUPING SETS summing every flag; the median of
    /// <paramref name="runs"/> groupings and the counts with a denominator above zero.
    /// </summary>
    private static (double Read, double Group, long Counts) DuckDbGrouping(string directory, List<string> files, int runs)
    {
        var memory = Database.DuckDbFile(Path.Combine(directory, "grouping.duckdb"));
        Delete(Path.Combine(directory, "grouping.duckdb"));
        using var connection = memory.Open();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < files.Count; i++)
        {
            // As the peers read them: the flags as numbers, every other column as text.
            var source = $"read_csv('{files[i]}', header = true, all_varchar = true)";
            var columns = connection.Query<string>($"SELECT column_name FROM (DESCRIBE SELECT * FROM {source})")
                .Select(c => IsFlag(c) ? $"CAST({c} AS INTEGER) AS {c}" : c);
            connection.Execute($"CREATE TEMP TABLE cohort{i} AS SELECT {string.Join(", ", columns)} FROM {source}", commandTimeout: 0);
        }
        var read = clock.Elapsed.TotalSeconds;
        var times = new List<double>();
        long counts = 0;
        for (var run = 0; run < runs; run++)
        {
            clock.Restart();
            counts = 0;
            for (var i = 0; i < files.Count; i++)
            {
                var names = connection.Query<string>($"SELECT column_name FROM (DESCRIBE cohort{i})").ToList();
                var flags = names.Where(IsFlag).ToList();
                var dens = flags.Where(f => f[0] == 'd').ToList();
                var splits = names.Where(n => n.StartsWith("g_", StringComparison.Ordinal)).ToList();
                var sets = new List<string> { "(lmns_code, period_start)", "(lmns_code, org_code, period_start)", "(lmns_code, org_code, site_key, period_start)" };
                sets.AddRange(splits.Select(g => $"(lmns_code, period_start, {g})"));
                sets.AddRange(splits.Select(g => $"(lmns_code, org_code, period_start, {g})"));
                counts += connection.ExecuteScalar<long>($"""
                    SELECT {string.Join(" + ", dens.Select(d => $"count(*) FILTER (WHERE {d} > 0)"))} FROM (
                      SELECT {string.Join(", ", flags.Select(f => $"sum({f}) AS {f}"))} FROM cohort{i}
                      GROUP BY GROUPING SETS ({string.Join(", ", sets)}))
                    """, commandTimeout: 0);
            }
            times.Add(clock.Elapsed.TotalSeconds);
        }
        return (read, Median(times), counts);
    }

    /// <summary>A 0/1 column of the exported files: an indicator's denominator (d0, d1, ...) or numerator (n0, n1, ...).</summary>
    private static bool IsFlag(string column) => System.Text.RegularExpressions.Regex.IsMatch(column, "^[dn][0-9]+$");

    private static string DuckDbVersion(Database database)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<string>("SELECT version()")!;
    }

    private static string Script(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "bench", "peers", name))) return Path.Combine(dir.FullName, "bench", "peers", name);
        throw new FileNotFoundException($"bench/peers/{name} not found above {AppContext.BaseDirectory}");
    }

    private static string RunTool(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : $"failed ({process.ExitCode}): {error.Trim()}";
    }

    private static (long Rows, double Seconds) PeerIngest(string path, IReadOnlyList<string> files)
    {
        Delete(path);
        using var peer = Database.DuckDbFile(path);
        using var connection = peer.Open();
        var clock = Stopwatch.StartNew();
        long rows = 0;
        foreach (var file in files)
        {
            var table = Path.GetFileNameWithoutExtension(file);
            connection.Execute($"CREATE TABLE {table} AS SELECT * FROM read_csv('{file.Replace("'", "''", StringComparison.Ordinal)}', header = true)", commandTimeout: 0);
            rows += connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}");
        }
        connection.Execute("CHECKPOINT");
        return (rows, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The analyst's derivation, as SQL: the features of every pregnancy and baby into the temporary tables preg and baby.</summary>
    private static string DeriveFeatures(System.Data.Common.DbConnection connection)
    {
        var priority = Measures.PriorityCohort.CaseSql(Measures.MeasureStore.Cohorts(connection, null));
        return $"""
            CREATE OR REPLACE TEMP TABLE preg AS {CohortSql.PregnancyFeatures(priority)};
            CREATE OR REPLACE TEMP TABLE baby AS {CohortSql.BabyFeatures("preg")};

            """;
    }

    /// <summary>The analyst's script: features once, one GROUPING SETS query per cohort, one long table of counts.</summary>
    private static void PeerCatalogue(Database database)
    {
        using var connection = database.Open();
        var splits = Enum.GetValues<Breakdown>().Where(b => b != Breakdown.Total).ToList();
        var script = new System.Text.StringBuilder(DeriveFeatures(connection));
        script.AppendLine("CREATE OR REPLACE TABLE bench_peer_counts (indicator_id VARCHAR, org_level VARCHAR, org_code VARCHAR, period_start DATE, breakdown VARCHAR, group_code VARCHAR, numerator BIGINT, denominator BIGINT);");
        foreach (var cohort in Catalogue.Definitions.GroupBy(d => d.Cohort))
        {
            var rows = CohortSql.CohortRows(cohort.Key, "preg", "baby");
            var sets = new List<string> { "(lmns_code, period_start)", "(lmns_code, org_code, period_start)", "(lmns_code, org_code, site_key, period_start)" };
            sets.AddRange(splits.Select(b => $"(lmns_code, period_start, g_{b})"));
            sets.AddRange(splits.Select(b => $"(lmns_code, org_code, period_start, g_{b})"));
            var list = cohort.ToList();
            var measures = string.Join(", ", list.Select((d, i) => $"count(*) FILTER (WHERE {d.Denominator}) AS d{i}, count(*) FILTER (WHERE ({d.Denominator}) AND ({d.Numerator})) AS n{i}"));
            var level = "CASE WHEN GROUPING(org_code) = 1 THEN 'LMNS' WHEN GROUPING(site_key) = 0 THEN 'Site' ELSE 'Provider' END";
            var code = "CASE WHEN GROUPING(org_code) = 1 THEN lmns_code WHEN GROUPING(site_key) = 0 THEN site_key ELSE org_code END";
            var breakdown = "CASE " + string.Concat(splits.Select(b => $"WHEN GROUPING(g_{b}) = 0 THEN '{b}' ")) + "ELSE 'Total' END";
            var group = "CASE " + string.Concat(splits.Select(b => $"WHEN GROUPING(g_{b}) = 0 THEN coalesce(g_{b}, 'Unknown') ")) + "ELSE 'Total' END";
            script.AppendLine(Inv, $"""
                CREATE OR REPLACE TEMP TABLE g AS
                SELECT {level} AS org_level, {code} AS org_code, period_start, {breakdown} AS breakdown, {group} AS group_code, {measures}
                FROM ({rows}) r WHERE period_start IS NOT NULL
                GROUP BY GROUPING SETS ({string.Join(", ", sets)});
                """);
            script.AppendLine(Inv, $"""
                INSERT INTO bench_peer_counts
                {string.Join("\nUNION ALL\n", list.Select((d, i) => $"SELECT '{d.Id}', org_level, org_code, period_start, breakdown, group_code, n{i}, d{i} FROM g WHERE d{i} > 0"))};
                """);
        }
        script.AppendLine("DROP TABLE g; DROP TABLE baby; DROP TABLE preg;");
        connection.Execute(script.ToString(), commandTimeout: 0);
    }

    private const string ProductCounts = """
        SELECT indicator_id, org_level, org_code, period_start, breakdown, group_code, numerator, denominator
        FROM indicator_count WHERE source = 'record-level'
        """;

    private static (long Missing, long Extra) Compare(Database database)
    {
        using var connection = database.Open();
        foreach (var row in connection.Query($"({ProductCounts} EXCEPT ALL SELECT * FROM bench_peer_counts) UNION ALL (SELECT * FROM bench_peer_counts EXCEPT ALL {ProductCounts}) ORDER BY 1, 2, 3, 4, 5, 6 LIMIT 8"))
            Say($"  differs: {string.Join(", ", ((IDictionary<string, object>)row).Values)}");
        return (connection.ExecuteScalar<long>($"SELECT count(*) FROM ({ProductCounts} EXCEPT ALL SELECT * FROM bench_peer_counts) x", commandTimeout: 0),
            connection.ExecuteScalar<long>($"SELECT count(*) FROM (SELECT * FROM bench_peer_counts EXCEPT ALL {ProductCounts}) x", commandTimeout: 0));
    }

    /// <summary>The counts as they stand (after an incremental compute) against a full recompute's.</summary>
    private static (long Missing, long Extra) CompareWithFull(Database database)
    {
        using (var connection = database.Open())
            connection.Execute($"CREATE OR REPLACE TABLE bench_incremental_counts AS {ProductCounts}", commandTimeout: 0);
        IndicatorEngine.Compute(database, full: true);
        using var again = database.Open();
        return (again.ExecuteScalar<long>($"SELECT count(*) FROM ({ProductCounts} EXCEPT ALL SELECT * FROM bench_incremental_counts) x", commandTimeout: 0),
            again.ExecuteScalar<long>($"SELECT count(*) FROM (SELECT * FROM bench_incremental_counts EXCEPT ALL {ProductCounts}) x", commandTimeout: 0));
    }

    /// <summary>Writes the first provider's latest reporting month of every file again, every 50th care activity left out.</summary>
    private static (string Provider, DateOnly Month) Resubmission(string input, string output)
    {
        Directory.CreateDirectory(output);
        var bookings = File.ReadLines(Path.Combine(input, "MSD101PregnancyBooking.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var provider = bookings.Select(r => r[0]).Min(StringComparer.Ordinal)!;
        var month = bookings.Select(r => r[1]).Where(m => m.Length == 10).Max(StringComparer.Ordinal)!;
        foreach (var table in MsdsSchema.Tables)
        {
            var file = Path.Combine(input, table.Name + ".csv");
            if (!File.Exists(file)) continue;
            using var reader = new StreamReader(file);
            using var writer = new StreamWriter(Path.Combine(output, table.Name + ".csv"));
            var header = reader.ReadLine()!;
            writer.WriteLine(header);
            var columns = header.Split(',');
            var (org, period) = (Array.IndexOf(columns, "OrgCodeProvider"), Array.IndexOf(columns, "RPStartDate"));
            var n = 0;
            while (reader.ReadLine() is { } line)
            {
                var fields = line.Split(',');
                if (fields.Length <= Math.Max(org, period) || fields[org] != provider || fields[period] != month) continue;
                if (table.Name == "MSD202CareActivityPreg" && ++n % 50 == 0) continue;
                writer.WriteLine(line);
            }
        }
        return (provider, DateOnly.ParseExact(month, "yyyy-MM-dd", Inv));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Delete(string store)
    {
        foreach (var file in new[] { store, store + ".wal" }.Where(File.Exists)) File.Delete(file);
    }

    private static void Say(string line) => Console.WriteLine(line);
}
