using System.Globalization;
using Dapper;
using Maternity.Storage;

namespace Maternity.Ingest;

/// <summary>Writes quarantined rows to CSV for the people who fix them, streaming, never capped.</summary>
public static class QuarantineReport
{
    public static long Write(Database database, IEnumerable<long> runIds, string path)
    {
        using var connection = database.Open();
        using var writer = new StreamWriter(path);
        writer.Write("run_id,table_name,file_name,row_number,column_name,value,reason,org_code,rp_start_date\n");
        long rows = 0;
        foreach (var runId in runIds)
        {
            var entries = connection.Query<(long, string, string, long, string, string?, string, string?, DateTime?)>(connection.Sql("""
                SELECT run_id, table_name, file_name, row_number, column_name, value, reason, org_code, rp_start_date
                FROM quarantine WHERE run_id = $runId ORDER BY row_number, column_name
                """), new { runId }, buffered: false);
            foreach (var e in entries)
            {
                writer.Write(string.Join(',', e.Item1.ToString(CultureInfo.InvariantCulture), Csv(e.Item2), Csv(e.Item3),
                    e.Item4.ToString(CultureInfo.InvariantCulture), Csv(e.Item5), Csv(e.Item6), Csv(e.Item7), Csv(e.Item8),
                    e.Item9?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""));
                writer.Write('\n');
                rows++;
            }
        }
        return rows;
    }

    /// <summary>Quotes a field when needed and neutralises a leading formula character so a spreadsheet shows it as text.</summary>
    public static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
