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

    /// <summary>The embedded DuckDB store in <paramref name="path"/>, created on first use.</summary>
    public static Database DuckDbFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new Database($"Data Source={full}", full);
    }

    /// <summary>Opens a connection; the caller disposes it.</summary>
    public DbConnection Open()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
