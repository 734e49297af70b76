using System.Data.Common;
using DuckDB.NET.Data;

namespace Maternity.Storage;

/// <summary>
/// Hands out open connections to the store. The embedded default is one DuckDB file under the data
/// directory; nothing else needs configuring.
/// </summary>
public sealed class Database
{
    private readonly string _connectionString;

    private Database(string connectionString, string description)
    {
        _connectionString = connectionString;
        Description = description;
    }

    /// <summary>Where the data lives, for messages.</summary>
    public string Description { get; }

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
        return new Database($"Data Source={full};memory_limit={memoryLimit};temp_directory={full}.tmp", full);
    }

    /// <summary>Opens a connection; the caller disposes it.</summary>
    public DbConnection Open()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
