using Dapper;
using Maternity.Storage;
using Npgsql;

namespace Maternity.Tests;

/// <summary>
/// A fresh, migrated store for one test: a DuckDB file in a temporary directory, or, when
/// MATERNITY_TEST_POSTGRES holds a connection string, a new schema in that PostgreSQL database. Removed afterwards.
/// </summary>
public sealed class TestStore : IDisposable
{
    private readonly string? _postgres = Environment.GetEnvironmentVariable("MATERNITY_TEST_POSTGRES") is { Length: > 0 } p ? p : null;
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    public TestStore()
    {
        Directory = Path.Combine(Path.GetTempPath(), "maternity-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        if (_postgres is null)
        {
            Database = Database.DuckDbFile(Path.Combine(Directory, "maternity.duckdb"));
        }
        else
        {
            using (var admin = new NpgsqlConnection(_postgres))
            {
                admin.Open();
                admin.Execute($"CREATE SCHEMA {_schema}");
            }
            // Many stores at once in a parallel run: small pools, closed with the store, keep under the server's connection limit.
            ConnectionString = new NpgsqlConnectionStringBuilder(_postgres) { SearchPath = _schema, MaxPoolSize = 8 }.ConnectionString;
            Database = Database.PostgreSql(ConnectionString);
        }
        Migrator.Migrate(Database);
    }

    public string Directory { get; }

    public Database Database { get; }

    /// <summary>The PostgreSQL connection string of this store (with its schema), or null for DuckDB.</summary>
    public string? ConnectionString { get; }

    /// <summary>Writes <paramref name="content"/> to a file named <paramref name="name"/> in the store's directory.</summary>
    public string File(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        System.IO.File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    /// <summary>
    /// Generates a synthetic LMNS (the demo's four trusts) into the store's directory and loads it as a user would: the
    /// organisations, the IMD file, every table, then the indicators computed. Returns the generator's manifest.
    /// </summary>
    public Maternity.Synthetic.GeneratorManifest LoadSynthetic(int births, int months, int seed)
    {
        var dir = Path.Combine(Directory, "gen");
        var manifest = Maternity.Synthetic.LmnsGenerator.Generate(new Maternity.Synthetic.GeneratorOptions(dir, births, months, Seed: seed));
        Maternity.Reference.OrgHierarchy.Demo.Store(Database);
        Maternity.Reference.ImdImporter.Import(Database, Path.Combine(dir, manifest.ImdFile));
        Maternity.Ingest.Ingester.IngestAll(Database, manifest.Files.Select(f => Path.Combine(dir, f)));
        Maternity.Indicators.IndicatorEngine.Compute(Database);
        return manifest;
    }

    public long Scalar(string sql)
    {
        using var connection = Database.Open();
        return connection.ExecuteScalar<long>(sql);
    }

    public void Dispose()
    {
        Database.Dispose();
        if (_postgres is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(_postgres);
            admin.Open();
            admin.Execute($"DROP SCHEMA {_schema} CASCADE");
        }
        try { System.IO.Directory.Delete(Directory, true); }
        catch (IOException) { /* a killed child process may still hold the file for a moment */ }
    }
}
