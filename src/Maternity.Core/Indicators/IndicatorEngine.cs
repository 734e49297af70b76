using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Maternity.Storage;

namespace Maternity.Indicators;

/// <summary>
/// Computes the counts of every catalogue indicator from the record-level tables: one grouped query per
/// cohort (GROUPING SETS over LMNS, provider and site x month x breakdown), each indicator a pair of FILTERed
/// counts in it. The counts replace the previous record-level counts in one transaction; nothing downstream
/// reads the record-level tables again.
/// </summary>
public static class IndicatorEngine
{
    public const string RecordLevel = "record-level";

    public sealed record Summary(int Indicators, long CountRows, TimeSpan Elapsed);

    private static readonly Breakdown[] Splits = [.. Enum.GetValues<Breakdown>().Where(b => b != Breakdown.Total)];

    /// <summary>The single grouped query for one cohort's indicators (public for the benchmark and tests).</summary>
    public static string GroupedSql(Cohort cohort, IReadOnlyList<IndicatorDefinition> definitions)
    {
        var counts = string.Join(",\n  ", definitions.Select((d, i) =>
            $"count(*) FILTER (WHERE ({d.Denominator})) AS d{i}, count(*) FILTER (WHERE ({d.Denominator}) AND ({d.Numerator})) AS n{i}"));
        var sets = new List<string>();
        foreach (var org in new[] { "lmns_code", "lmns_code, org_code" })
        {
            sets.Add($"({org}, period_start)");
            sets.AddRange(Splits.Select(b => $"({org}, period_start, g_{b})"));
        }
        sets.Add("(lmns_code, org_code, site_code, period_start)");
        return $"""
            WITH cohort AS ({CohortSql.For(cohort)}),
            grouped_input AS (
              SELECT *, {string.Join(", ", Splits.Select(b => $"{CohortSql.GroupExpression(b)} AS g_{b}"))}
              FROM cohort WHERE period_start IS NOT NULL)
            SELECT lmns_code, org_code, site_code, period_start, GROUPING(org_code) AS x_org, GROUPING(site_code) AS x_site,
              {string.Join(", ", Splits.Select(b => $"g_{b}, GROUPING(g_{b}) AS x_{b}"))},
              {counts}
            FROM grouped_input
            GROUP BY GROUPING SETS ({string.Join(", ", sets)})
            """;
    }

    /// <summary>Recomputes every record-level count of the catalogue.</summary>
    public static Summary Compute(Database database, IReadOnlyList<IndicatorDefinition>? definitions = null)
    {
        definitions ??= Catalogue.Definitions;
        var clock = Stopwatch.StartNew();
        var computedAt = DateTime.UtcNow;
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute("DELETE FROM indicator_count WHERE source = $source", new { source = RecordLevel }, tx);
        long rows = 0;
        using (var writer = new BulkWriter(connection, "indicator_count"))
        {
            foreach (var cohort in definitions.GroupBy(d => d.Cohort))
            {
                var list = cohort.ToList();
                using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = GroupedSql(cohort.Key, list);
                using var reader = command.ExecuteReader();
                var firstCount = 6 + Splits.Length * 2;
                while (reader.Read())
                {
                    var (orgLevel, orgCode) = reader.GetInt32(4) == 1 ? ("LMNS", reader.GetString(0))
                        : reader.GetInt32(5) == 0 ? ("Site", reader.IsDBNull(2) ? "UNKNOWN" : reader.GetString(2))
                        : ("Provider", reader.GetString(1));
                    var period = DateOnly.FromDateTime(reader.GetDateTime(3));
                    var (breakdown, group) = (Breakdown.Total, "Total");
                    for (var b = 0; b < Splits.Length; b++)
                    {
                        if (reader.GetInt32(7 + 2 * b) == 0)
                            (breakdown, group) = (Splits[b], reader.IsDBNull(6 + 2 * b) ? "Unknown" : reader.GetString(6 + 2 * b));
                    }
                    for (var i = 0; i < list.Count; i++)
                    {
                        var denominator = reader.GetInt64(firstCount + 2 * i);
                        if (denominator == 0) continue;
                        writer.Write([list[i].Id, list[i].Version, orgLevel, orgCode, "Month", period, breakdown.ToString(), group,
                            reader.GetInt64(firstCount + 2 * i + 1), denominator, RecordLevel, "exact", computedAt]);
                        rows++;
                    }
                }
            }
        }
        tx.Commit();
        return new Summary(definitions.Count, rows, clock.Elapsed);
    }

    /// <summary>Stored monthly counts, filtered; null arguments match everything.</summary>
    public static IReadOnlyList<IndicatorCount> Read(Database database, string? indicatorId = null, string? orgCode = null,
        string? breakdown = null, DateOnly? periodStart = null)
    {
        using var connection = database.Open();
        return Read(connection, indicatorId, orgCode, breakdown, periodStart);
    }

    public static IReadOnlyList<IndicatorCount> Read(DbConnection connection, string? indicatorId, string? orgCode, string? breakdown, DateOnly? periodStart)
    {
        var rows = connection.Query<(string, int, string, string, string, DateTime, string, string, long, long, string, string)>("""
            SELECT indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown, group_code,
                   numerator, denominator, source, exactness
            FROM indicator_count
            WHERE ($indicator IS NULL OR indicator_id = $indicator)
              AND ($org IS NULL OR org_code = $org)
              AND ($breakdown IS NULL OR breakdown = $breakdown)
              AND ($period IS NULL OR period_start = $period)
            ORDER BY indicator_id, org_level, org_code, period_start, breakdown, group_code
            """, new { indicator = indicatorId, org = orgCode, breakdown, period = periodStart?.ToDateTime(TimeOnly.MinValue) });
        return [.. rows.Select(r => new IndicatorCount(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, DateOnly.FromDateTime(r.Item6),
            r.Item7, r.Item8, r.Item9, r.Item10, r.Item11, r.Item12))];
    }
}
