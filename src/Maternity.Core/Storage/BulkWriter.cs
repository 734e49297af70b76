using System.Data.Common;
using DuckDB.NET.Data;

namespace Maternity.Storage;

/// <summary>
/// Streams rows into one table through the engine's bulk path (DuckDB's appender), inside whatever
/// transaction the connection has open. Values must be given in the table's column order.
/// </summary>
public sealed class BulkWriter : IDisposable
{
    private readonly DuckDBAppender _appender;

    public BulkWriter(DbConnection connection, string table)
    {
        _appender = ((DuckDBConnection)connection).CreateAppender(table);
    }

    public long Rows { get; private set; }

    public void Write(ReadOnlySpan<object?> values)
    {
        var row = _appender.CreateRow();
        foreach (var value in values)
        {
            switch (value)
            {
                case null: row.AppendNullValue(); break;
                case string s: row.AppendValue(s); break;
                case int i: row.AppendValue(i); break;
                case long l: row.AppendValue(l); break;
                case double d: row.AppendValue(d); break;
                case DateOnly d: row.AppendValue(d); break;
                case DateTime t: row.AppendValue(t); break;
                default: throw new ArgumentException($"No bulk mapping for {value.GetType().Name}", nameof(values));
            }
        }
        row.EndRow();
        Rows++;
    }

    public void Dispose() => _appender.Dispose();
}
