using System.Data.Common;
using System.Reflection;
using Dapper;

namespace Maternity.Storage;

/// <summary>
/// Applies the numbered forward-only migrations embedded in this assembly, each in its own transaction,
/// and records each in <c>schema_version</c>. Applying twice is a no-op. A migration for one engine only is named after
/// it (<c>0025_name.duckdb.sql</c>, <c>0025_name.postgresql.sql</c>); the others apply to both.
/// </summary>
public static class Migrator
{
    /// <summary>A migration; <paramref name="Engine"/> the one engine it is for (<c>duckdb</c> or <c>postgresql</c>), or null for both.</summary>
    public sealed record Migration(int Version, string Name, string Sql, string? Engine = null);

    /// <summary>The migrations this build knows, in order.</summary>
    public static IReadOnlyList<Migration> Known { get; } = LoadKnown();

    /// <summary>The migrations this build applies to a store of <paramref name="dialect"/>, in order.</summary>
    public static IReadOnlyList<Migration> For(SqlDialect dialect) =>
        [.. Known.Where(m => m.Engine is null || m.Engine.Equals(dialect.Name, StringComparison.OrdinalIgnoreCase))];

    private static readonly Lock Gate = new();

    /// <summary>
    /// Brings the store up to date; returns the versions applied now. Safe to call from several instances at once:
    /// on PostgreSQL they queue on an advisory lock; on DuckDB (one process per file) on a lock in this process.
    /// </summary>
    public static IReadOnlyList<int> Migrate(Database database)
    {
        if (database.Dialect.IsPostgreSql) return MigrateNow(database);
        lock (Gate) return MigrateNow(database);
    }

    private static List<int> MigrateNow(Database database)
    {
        using var connection = database.Open();
        // Two instances starting together on one PostgreSQL database: the second waits, then finds nothing to do.
        if (database.Dialect.IsPostgreSql) connection.Execute($"SELECT pg_advisory_lock({SqlDialect.MigrationLock})");
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_version (
              version    INTEGER PRIMARY KEY,
              name       VARCHAR NOT NULL,
              applied_at TIMESTAMP NOT NULL
            )
            """);
        var applied = connection.Query<int>("SELECT version FROM schema_version").ToHashSet();
        var now = new List<int>();
        foreach (var migration in For(database.Dialect).Where(m => !applied.Contains(m.Version)))
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(migration.Sql, transaction: tx);
            connection.Execute(
                connection.Sql("INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, $at)"),
                new { version = migration.Version, name = migration.Name, at = Database.Now() }, tx);
            tx.Commit();
            now.Add(migration.Version);
        }
        if (database.Dialect.IsPostgreSql) connection.Execute($"SELECT pg_advisory_unlock({SqlDialect.MigrationLock})");
        return now;
    }

    /// <summary>The highest version applied to the store, or 0 for an empty store.</summary>
    public static int CurrentVersion(DbConnection connection) =>
        connection.ExecuteScalar<int?>("SELECT max(version) FROM schema_version") ?? 0;

    private static List<Migration> LoadKnown()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n["Migrations.".Length..^".sql".Length];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                var engine = Path.GetExtension(name) is ".duckdb" or ".postgresql" ? Path.GetExtension(name)[1..] : null;
                return new Migration(version, name, Read(assembly, n), engine);
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
