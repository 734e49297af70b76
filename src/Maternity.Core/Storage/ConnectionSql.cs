using System.Data.Common;

namespace Maternity.Storage;

/// <summary>Writes a query for the connection's engine: <c>connection.Sql("... $name ...")</c>. See <see cref="SqlDialect"/>.</summary>
public static class ConnectionSql
{
    public static string Sql(this DbConnection connection, string sql) => SqlDialect.Of(connection).Sql(sql);

    /// <summary>A BLOB (DuckDB, handed back as a stream) or BYTEA (PostgreSQL, as bytes) column as bytes.</summary>
    public static byte[] Bytes(this DbDataReader reader, int ordinal)
    {
        using var content = new MemoryStream();
        using (var stream = reader.GetStream(ordinal)) stream.CopyTo(content);
        return content.ToArray();
    }
}
