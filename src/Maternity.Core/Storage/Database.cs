using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;

namespace Maternity.Storage;

/// <summary>
/// Hands out open connections to the store: an embedded DuckDB file by default (nothing to configure), or a
/// PostgreSQL server when a connection string is given. The same migrations and queries run on both.
/// </summary>
public sealed class Database : IDisposable
{
    // DuckDB readers in the same process can see a large commit part-way through, so commits and reads of one
    // file take turns on a gate shared by every Database over that file. PostgreSQL needs none (MVCC snapshots).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ReaderWriterLockSlim> Gates = new();

    private readonly string? _duckDb;
    private readonly ReaderWriterLockSlim? _gate;
    private readonly NpgsqlDataSource? _postgres;

    private Database(string? duckDb, NpgsqlDataSource? postgres, string description)
    {
        _duckDb = duckDb;
        _postgres = postgres;
        Description = description;
        Dialect = postgres is null ? SqlDialect.DuckDb : SqlDialect.PostgreSql;
        if (postgres is null) _gate = Gates.GetOrAdd(description, _ => new ReaderWriterLockSlim(LockRecursionPolicy.SupportsRecursion));
    }

    /// <summary>Held while a query reads results that a commit could change (a no-op on PostgreSQL).</summary>
    public IDisposable Reading()
    {
        if (_gate is null) return Released.Instance;
        _gate.EnterReadLock();
        return new Release(_gate.ExitReadLock);
    }

    /// <summary>Held while a transaction commits (a no-op on PostgreSQL): readers see the store before or after, never between.</summary>
    public IDisposable Writing()
    {
        if (_gate is null) return Released.Instance;
        _gate.EnterWriteLock();
        return new Release(_gate.ExitWriteLock);
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    private sealed class Released : IDisposable
    {
        public static Released Instance { get; } = new();

        public void Dispose()
        {
        }
    }

    /// <summary>Closes a PostgreSQL store's pooled connections (nothing to do for DuckDB).</summary>
    public void Dispose() => _postgres?.Dispose();

    /// <summary>Where the data lives, for messages (never the password).</summary>
    public string Description { get; }

    public SqlDialect Dialect { get; }

    /// <summary>
    /// The embedded DuckDB store in <paramref name="path"/>, created on first use. DuckDB's memory is capped
    /// (<paramref name="memoryLimit"/>, default 1GB, or MATERNITY_DUCKDB_MEMORY) and larger work spills to a
    /// temporary directory beside the file, so a load of any size runs in bounded memory.
    /// </summary>
    public static Database DuckDbFile(string path, string? memoryLimit = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        memoryLimit ??= Environment.GetEnvironmentVariable("MATERNITY_DUCKDB_MEMORY") is { Length: > 0 } m ? m : "1GB";
        return new Database($"Data Source={full};memory_limit={memoryLimit};temp_directory={full}.tmp", null, full);
    }

    /// <summary>A PostgreSQL server, from an Npgsql connection string such as <c>Host=127.0.0.1;Database=maternity;Username=...</c>.</summary>
    public static Database PostgreSql(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"not a PostgreSQL connection string: {e.Message}", e);
        }
        return new Database(null, NpgsqlDataSource.Create(builder), $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}{(builder.SearchPath is { } s ? $" (schema {s})" : "")}");
    }

    /// <summary>PostgreSQL when <paramref name="connectionString"/> is given, else the DuckDB file in <paramref name="dataDirectory"/>.</summary>
    public static Database Open(string? connectionString, string dataDirectory) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? DuckDbFile(Path.Combine(dataDirectory, "maternity.duckdb"))
            : PostgreSql(connectionString);

    /// <summary>Opens a connection; the caller disposes it.</summary>
    public DbConnection Open()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var connection = new DuckDBConnection(_duckDb ?? throw new InvalidOperationException("no store configured"));
        connection.Open();
        return connection;
    }

    /// <summary>The current UTC time as stored (a TIMESTAMP without time zone, in UTC).</summary>
    public static DateTime Now() => DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified);
}
