using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace Maternity.Storage;

/// <summary>
/// The few places where DuckDB and PostgreSQL differ, in one type. Queries are written once, with DuckDB's
/// <c>$name</c> parameters; on PostgreSQL they become Npgsql's <c>@name</c>.
/// </summary>
public sealed partial class SqlDialect
{
    /// <summary>Advisory-lock keys: migrations, loads of records, writes of indicator counts, plan edits and the audit trail.</summary>
    public const long MigrationLock = 72_001;
    public const long CountsLock = 72_002;
    public const long IngestLock = 72_003;
    public const long PlanLock = 72_004;
    public const long AuditLock = 72_005;
    public const long MeasureLock = 72_006;

    public static SqlDialect DuckDb { get; } = new("DuckDB", false);

    public static SqlDialect PostgreSql { get; } = new("PostgreSQL", true);

    private readonly bool _postgres;

    private SqlDialect(string name, bool postgres)
    {
        Name = name;
        _postgres = postgres;
    }

    public string Name { get; }

    public bool IsPostgreSql => _postgres;

    /// <summary>The dialect of an open connection.</summary>
    public static SqlDialect Of(DbConnection connection) => connection is NpgsqlConnection ? PostgreSql : DuckDb;

    /// <summary>The query with its parameters written the way this engine's ADO.NET provider expects.</summary>
    public string Sql(string sql) => _postgres ? Parameter().Replace(sql, "@$1") : sql;

    /// <summary>
    /// SQL that, run first in a transaction, makes writers of the store take turns until it commits (PostgreSQL:
    /// a transaction-level advisory lock; DuckDB has a single writer already). Readers are never blocked.
    /// </summary>
    public string? SerialiseWriters(long key) => _postgres ? $"SELECT pg_advisory_xact_lock({key})" : null;

    /// <summary>Statistics for a freshly loaded table, so the planner chooses well (PostgreSQL does not analyse temporary tables itself).</summary>
    public string? Analyze(string table) => _postgres ? $"ANALYZE {table}" : null;

    /// <summary>
    /// One value standing for a whole row of <paramref name="columns"/> (a comma-separated list), equal for equal rows:
    /// DuckDB's 64-bit hash of the values, PostgreSQL's MD5 of the row's text.
    /// </summary>
    public string RowHash(string columns) => _postgres ? $"md5(ROW({columns})::text)" : $"hash({columns})";

    [GeneratedRegex(@"(?<![\w$])\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Parameter();
}
