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
/// Ingest and the whole indicator catalogue over the same generated files on DuckDB and on PostgreSQL, one after
/// the other in the same run on the same machine.
/// </summary>
internal static class EnginesBench
{
    public static void Run(int births, string directory, string postgres)
    {
        var input = Path.Combine(directory, "input");
        if (!File.Exists(Path.Combine(input, LmnsGenerator.ManifestFileName)))
            LmnsGenerator.Generate(new GeneratorOptions(input, births, 12));

        var duckDir = Path.Combine(directory, "engines-duckdb");
        if (Directory.Exists(duckDir)) Directory.Delete(duckDir, true);
        Measure("DuckDB", Database.DuckDbFile(Path.Combine(duckDir, "maternity.duckdb"), "4GB"), input);

        using (var admin = new Npgsql.NpgsqlConnection(postgres))
        {
            admin.Open();
            admin.Execute("DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench");
        }
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { SearchPath = "bench", CommandTimeout = 0 };
        Measure("PostgreSQL", Database.PostgreSql(builder.ConnectionString), input);
    }

    private static void Measure(string engine, Database database, string input)
    {
        var clock = Stopwatch.StartNew();
        var reports = BenchStore.Load(database, input);
        var ingest = clock.Elapsed.TotalSeconds;
        var rows = reports.Sum(r => r.RowsRead);
        clock.Restart();
        var summary = IndicatorEngine.Compute(database);
        var compute = clock.Elapsed.TotalSeconds;
        using var connection = database.Open();
        var size = database.Dialect.IsPostgreSql
            ? connection.ExecuteScalar<long>("SELECT sum(pg_total_relation_size(quote_ident(schemaname) || '.' || quote_ident(tablename))) FROM pg_tables WHERE schemaname = 'bench'")
            : new FileInfo(database.Description).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine}: ingest {rows:N0} rows in {ingest:F1} s ({rows / ingest:N0} rows/s); catalogue {summary.CountRows:N0} counts in {compute:F1} s; store {size / 1e6:N0} MB"));
    }
}
