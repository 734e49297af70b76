using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace Maternity.Storage;

/// <summary>
/// Streams rows into one table through the engine's bulk path (DuckDB's appender, PostgreSQL's binary COPY),
/// inside whatever transaction the connection has open. Values must be given in the table's column order.
/// </summary>
public sealed class BulkWriter : IDisposable
{
    private readonly DuckDBAppender? _appender;
    private readonly NpgsqlBinaryImporter? _copy;

    public BulkWriter(DbConnection connection, string table)
    {
        if (connection is NpgsqlConnection postgres)
            _copy = postgres.BeginBinaryImport($"COPY {table} FROM STDIN (FORMAT BINARY)");
        else
            _appender = ((DuckDBConnection)connection).CreateAppender(table);
    }

    public long Rows { get; private set; }

    public void Write(ReadOnlySpan<object?> values)
    {
        if (_copy is not null) WriteCopy(values);
        else WriteAppender(values);
        Rows++;
    }

    private void WriteAppender(ReadOnlySpan<object?> values)
    {
        var row = _appender!.CreateRow();
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
    }

    private void WriteCopy(ReadOnlySpan<object?> values)
    {
        _copy!.StartRow();
        foreach (var value in values)
        {
            switch (value)
            {
                case null: _copy.WriteNull(); break;
                case string s: _copy.Write(s, NpgsqlDbType.Varchar); break;
                case int i: _copy.Write(i, NpgsqlDbType.Integer); break;
                case long l: _copy.Write(l, NpgsqlDbType.Bigint); break;
                case double d: _copy.Write(d, NpgsqlDbType.Double); break;
                case DateOnly d: _copy.Write(d, NpgsqlDbType.Date); break;
                case DateTime t: _copy.Write(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp); break;
                default: throw new ArgumentException($"No bulk mapping for {value.GetType().Name}", nameof(values));
            }
        }
    }

    public void Dispose()
    {
        if (_copy is not null)
        {
            _copy.Complete();
            _copy.Dispose();
        }
        _appender?.Dispose();
    }
}
