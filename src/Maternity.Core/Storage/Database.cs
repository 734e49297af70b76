using System.Data.Common;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// As <see cref="Reading"/>, but null at once instead of waiting when a commit holds the store or waits for it: the
    /// caller can answer from what it kept, which is the state committed before that commit.
    /// </summary>
    public IDisposable? TryReading()
    {
        if (_gate is null) return Released.Instance;
        return _gate.TryEnterReadLock(0) ? new Release(_gate.ExitReadLock) : null;
    }

    /// <summary>
    /// Reads <paramref name="read"/> under the read gate; while a commit holds the store (or waits for it), answers at once
    /// with what the same <paramref name="key"/> read last time, a state committed before that commit, so a small lookup
    /// of a page never waits for a load. Waits only when nothing was read before. For small results: all are kept. On the
    /// embedded store, what was read is answered without a query for as long as the store's <see cref="Stamp"/> holds.
    /// </summary>
    /// <param name="gated">False for a read that must never be answered from before a commit that is under way (who a
    /// token belongs to, whether it is revoked): it reads the store as it is without waiting for the gate, as a lone query would.</param>
    public T ReadOrKept<T>(string key, Func<DbConnection, T> read, bool gated = true)
    {
        var kept = (Description, key);
        // The embedded store unchanged since the last read (no commit here, its files as they were): no query at all.
        var stamp = Stamp();
        if (stamp is not null && Last.TryGetValue(kept, out var same) && same.Stamp == stamp) return (T)same.Value!;
        using var connection = Open();
        if (!gated)
        {
            var value = read(connection);
            Last[kept] = (stamp, value);
            return value;
        }
        using (var reading = TryReading())
        {
            if (reading is null && Last.TryGetValue(kept, out var last)) return (T)last.Value!;
            if (reading is not null)
            {
                var value = read(connection);
                Last[kept] = (stamp, value);
                return value;
            }
        }
        using (Reading())
        {
            var value = read(connection);
            Last[kept] = (stamp, value);
            return value;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Key), (StoreStamp? Stamp, object? Value)> Last = new();

    /// <summary>Commits through this process, per embedded store file.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, StrongBox<long>> Commits = new();

    /// <summary>
    /// What the embedded store looks like from outside: the commits made through this process and the size and time of
    /// its file and write-ahead log, which every commit by any process changes. Taken before a read, it says whether a
    /// later read could differ, for two file look-ups and no query. Null on PostgreSQL, where readers ask the server.
    /// </summary>
    public StoreStamp? Stamp()
    {
        if (_duckDb is null) return null;
        var file = new FileInfo(Description);
        var log = new FileInfo(Description + ".wal");
        return new StoreStamp(Volatile.Read(ref Commits.GetOrAdd(Description, _ => new StrongBox<long>()).Value),
            file.Exists ? file.LastWriteTimeUtc.Ticks : 0, file.Exists ? file.Length : 0, log.Exists ? log.LastWriteTimeUtc.Ticks : 0, log.Exists ? log.Length : 0);
    }

    /// <summary>See <see cref="Stamp"/>.</summary>
    public readonly record struct StoreStamp(long Commits, long FileTicks, long FileLength, long LogTicks, long LogLength);

    /// <summary>Held while a transaction commits (a no-op on PostgreSQL): readers see the store before or after, never between.</summary>
    public IDisposable Writing()
    {
        if (_gate is null) return Released.Instance;
        _gate.EnterWriteLock();
        return new Release(ExitWriting);
    }

    /// <summary>As <see cref="Writing"/>, but null at once instead of waiting while a commit or a read holds the store: for bookkeeping that may be skipped.</summary>
    public IDisposable? TryWriting()
    {
        if (_gate is null) return Released.Instance;
        return _gate.TryEnterWriteLock(0) ? new Release(ExitWriting) : null;
    }

    private void ExitWriting()
    {
        Interlocked.Increment(ref Commits.GetOrAdd(Description, _ => new StrongBox<long>()).Value);
        _gate!.ExitWriteLock();
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

    /// <summary>Closes a PostgreSQL store's pooled connections, or the embedded store kept open (<see cref="KeepOpen"/>).</summary>
    public void Dispose()
    {
        _postgres?.Dispose();
        lock (_keeping)
        {
            _keeperTimer?.Dispose();
            _keeperTimer = null;
            _keeper?.Dispose();
            _keeper = null;
        }
    }

    /// <summary>
    /// How long the embedded store stays open after a connection to it was last opened. Zero (the default, for the command
    /// line) closes the file with its last connection. The web server keeps it open for a moment, so that requests in a
    /// row share one open store instead of each opening the file again (reading its catalogue, then writing it back on
    /// close: about 50 ms a request on a 300 MB store), and lets it go once idle, so a command can open it.
    /// </summary>
    public TimeSpan KeepOpen { get; set; }

    private readonly Lock _keeping = new();
    private DuckDBConnection? _keeper;
    private Timer? _keeperTimer;
    private long _lastOpened;

    private void Keep()
    {
        Volatile.Write(ref _lastOpened, Environment.TickCount64);
        if (Volatile.Read(ref _keeper) is not null) return;
        lock (_keeping)
        {
            if (_keeper is not null) return;
            // The file is open (the caller's connection holds it), so this connection shares that store and costs nothing.
            var keeper = new DuckDBConnection(_duckDb!);
            keeper.Open();
            _keeper = keeper;
            _keeperTimer ??= new Timer(_ => LetGoWhenIdle());
            _keeperTimer.Change(KeepOpen, KeepOpen);
        }
    }

    private void LetGoWhenIdle()
    {
        lock (_keeping)
        {
            if (_keeper is null || Environment.TickCount64 - Volatile.Read(ref _lastOpened) < KeepOpen.TotalMilliseconds) return;
            _keeper.Dispose();
            _keeper = null;
            _keeperTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Where the data lives, for messages (never the password).</summary>
    public string Description { get; }

    public SqlDialect Dialect { get; }

    /// <summary>
    /// The embedded DuckDB store in <paramref name="path"/>, created on first use. DuckDB's memory is capped
    /// (<paramref name="memoryLimit"/>, or MATERNITY_DUCKDB_MEMORY, default <see cref="DefaultMemoryLimit"/>) and larger
    /// work spills to a temporary directory beside the file, so a load of any size runs in bounded memory.
    /// </summary>
    public static Database DuckDbFile(string path, string? memoryLimit = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        memoryLimit ??= Environment.GetEnvironmentVariable("MATERNITY_DUCKDB_MEMORY") is { Length: > 0 } m ? m : DefaultMemoryLimit();
        return new Database($"Data Source={full};memory_limit={memoryLimit};temp_directory={full}.tmp", null, full);
    }

    /// <summary>
    /// DuckDB's memory cap when none is set: half the memory this process may use (the machine's physical memory, or a
    /// container's limit), at least 1 GB, in whole megabytes. The other half is left to the process's own caches (pages,
    /// counts kept between requests) and the rest of the machine; DuckDB's own default is 80%.
    /// </summary>
    public static string DefaultMemoryLimit(long? available = null)
    {
        var bytes = available ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var megabytes = Math.Max(1024, bytes / 2 / (1024 * 1024));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{megabytes}MB");
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

    /// <summary>
    /// How long opening the embedded store waits while another process holds it (DuckDB lets one process at a time
    /// open a file): 15 seconds, or MATERNITY_STORE_WAIT seconds.
    /// </summary>
    public TimeSpan BusyWait { get; set; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("MATERNITY_STORE_WAIT"), out var seconds) && seconds >= 0 ? seconds : 15);

    /// <summary>
    /// Opens a connection; the caller disposes it. The embedded store is opened by one process at a time: while another
    /// holds it (the web server holds it while it answers requests and for <see cref="KeepOpen"/> after), this waits up to <see cref="BusyWait"/>, then throws
    /// <see cref="StoreBusyException"/> with a message saying so.
    /// </summary>
    public DbConnection Open()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var started = DateTime.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            var connection = new DuckDBConnection(_duckDb ?? throw new InvalidOperationException("no store configured"));
            try
            {
                connection.Open();
                if (KeepOpen > TimeSpan.Zero) Keep();
                return connection;
            }
            catch (DuckDBException e) when (e.Message.Contains("Could not set lock on file", StringComparison.Ordinal))
            {
                connection.Dispose();
                var waited = DateTime.UtcNow - started;
                if (waited >= BusyWait) throw new StoreBusyException(Description, waited, e);
                Thread.Sleep(Math.Min(50 * attempt, 500));
            }
        }
    }

    /// <summary>The current UTC time as stored (a TIMESTAMP without time zone, in UTC).</summary>
    public static DateTime Now() => DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified);
}
