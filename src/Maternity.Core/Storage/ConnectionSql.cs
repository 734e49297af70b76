using System.Data.Common;

namespace Maternity.Storage;

/// <summary>Writes a query for the connection's engine: <c>connection.Sql("... $name ...")</c>. See <see cref="SqlDialect"/>.</summary>
public static class ConnectionSql
{
    public static string Sql(this DbConnection connection, string sql) => SqlDialect.Of(connection).Sql(sql);
}
