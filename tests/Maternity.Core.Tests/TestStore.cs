using Maternity.Storage;

namespace Maternity.Tests;

/// <summary>A fresh, migrated DuckDB store in a temporary directory, deleted afterwards.</summary>
public sealed class TestStore : IDisposable
{
    public TestStore()
    {
        Directory = Path.Combine(Path.GetTempPath(), "maternity-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Database = Database.DuckDbFile(Path.Combine(Directory, "maternity.duckdb"));
        Migrator.Migrate(Database);
    }

    public string Directory { get; }

    public Database Database { get; }

    /// <summary>Writes <paramref name="content"/> to a file named <paramref name="name"/> in the store's directory.</summary>
    public string File(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        System.IO.File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    public long Scalar(string sql)
    {
        using var connection = Database.Open();
        return Dapper.SqlMapper.ExecuteScalar<long>(connection, sql);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); }
        catch (IOException) { /* a killed child process may still hold the file for a moment */ }
    }
}
