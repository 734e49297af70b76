using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Maternity.Reference;
using Maternity.Storage;

namespace Maternity.Indicators;

/// <summary>
/// Computes the counts of every catalogue indicator from the record-level tables: one grouped query per
/// cohort (GROUPING SETS over provider and LMNS x month x breakdown), each indicator a pair of FILTERed
/// counts in it. The counts replace the previous record-level counts in one transaction; nothing
/// downstream reads the record-level tables again.
/// </summary>
public static class IndicatorEngine
{
    public const string RecordLevel = "record-level";

    public sealed record Summary(int Indicators, long CountRows, TimeSpan Elapsed);

    /// <summary>The latest row per mother: a mother may be resubmitted in a later period.</summary>
    private const string Mothers = """
        (SELECT DISTINCT ON (OrgCodeProvider, LPIDMother) * FROM MSD001MotherDemog
         ORDER BY OrgCodeProvider, LPIDMother, RPStartDate DESC)
        """;

    private static readonly string MotherColumns = $"""
        {EthnicCategory.GroupSql("m.EthnicCategoryMother")} AS ethnic_group,
        m.EthnicCategoryMother,
        COALESCE(m.Rank_IMD_Decile_2019, i.imd_decile, m.Rank_IMD_Decile_2015) AS imd_decile,
        CASE WHEN m.Rank_IMD_Decile_2019 IS NOT NULL OR i.imd_decile IS NOT NULL THEN 'IMD2019'
             WHEN m.Rank_IMD_Decile_2015 IS NOT NULL THEN 'IMD2015' END AS imd_edition,
        ((m.LSOAMother2011 LIKE 'E01______') OR (m.LSOAMother2021 LIKE 'E01______')
          OR (m.Postcode LIKE '% ___' AND length(m.Postcode) BETWEEN 6 AND 8)) AS residence_recorded
        """;

    private static string CohortSql(Cohort cohort) => cohort switch
    {
        Cohort.Bookings => $"""
            SELECT COALESCE(t.parent_code, 'UNASSIGNED') AS lmns_code, b.OrgCodeProvider AS org_code,
                   CAST(date_trunc('month', b.AntenatalAppDate) AS DATE) AS period_start,
                   b.*, {MotherColumns}
            FROM MSD101PregnancyBooking b
            LEFT JOIN {Mothers} m ON m.OrgCodeProvider = b.OrgCodeProvider AND m.LPIDMother = b.LPIDMother
            LEFT JOIN imd_lsoa i ON i.lsoa_code = m.LSOAMother2011 AND i.edition = 'IMD2019'
            LEFT JOIN org t ON t.org_code = b.OrgCodeProvider
            """,
        Cohort.Births => $"""
            SELECT COALESCE(t.parent_code, 'UNASSIGNED') AS lmns_code, y.OrgCodeProvider AS org_code,
                   CAST(date_trunc('month', y.PersonBirthDateBaby) AS DATE) AS period_start,
                   y.*, {MotherColumns}
            FROM MSD401BabyDemographics y
            LEFT JOIN MSD101PregnancyBooking b ON b.OrgCodeProvider = y.OrgCodeProvider AND b.PregnancyID = y.PregnancyID
            LEFT JOIN {Mothers} m ON m.OrgCodeProvider = b.OrgCodeProvider AND m.LPIDMother = b.LPIDMother
            LEFT JOIN imd_lsoa i ON i.lsoa_code = m.LSOAMother2011 AND i.edition = 'IMD2019'
            LEFT JOIN org t ON t.org_code = y.OrgCodeProvider
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(cohort)),
    };

    private static string GroupColumn(Breakdown breakdown) => breakdown switch
    {
        Breakdown.EthnicGroup => "ethnic_group",
        Breakdown.ImdQuintile => "CASE WHEN imd_decile IN (1,2) THEN '1' WHEN imd_decile IN (3,4) THEN '2' WHEN imd_decile IN (5,6) THEN '3' WHEN imd_decile IN (7,8) THEN '4' WHEN imd_decile IN (9,10) THEN '5' ELSE 'Unknown' END",
        _ => "'Total'",
    };

    /// <summary>The single grouped query for one cohort's indicators (exposed for the benchmark and tests).</summary>
    public static string GroupedSql(Cohort cohort, IReadOnlyList<IndicatorDefinition> definitions)
    {
        var breakdowns = definitions.SelectMany(d => d.Breakdowns).Where(b => b != Breakdown.Total).Distinct().Order().ToList();
        var groupColumns = string.Join(", ", breakdowns.Select(b => $"{GroupColumn(b)} AS g_{b}"));
        var counts = string.Join(",\n  ", definitions.Select((d, i) =>
            $"count(*) FILTER (WHERE ({d.Denominator})) AS d{i}, count(*) FILTER (WHERE ({d.Denominator}) AND ({d.Numerator})) AS n{i}"));
        var sets = new List<string>();
        foreach (var org in new[] { "lmns_code, org_code", "lmns_code" })
        {
            sets.Add($"({org}, period_start)");
            sets.AddRange(breakdowns.Select(b => $"({org}, period_start, g_{b})"));
        }
        var groupings = string.Join(", ", breakdowns.Select(b => $"GROUPING(g_{b}) AS x_{b}"));
        return $"""
            WITH cohort AS ({CohortSql(cohort)}),
            grouped_input AS (SELECT *{(breakdowns.Count > 0 ? ", " + groupColumns : "")} FROM cohort)
            SELECT lmns_code, org_code, period_start, GROUPING(org_code) AS x_org
              {string.Concat(breakdowns.Select(b => $", g_{b}"))}{(breakdowns.Count > 0 ? ", " + groupings : "")},
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
                var breakdowns = list.SelectMany(d => d.Breakdowns).Where(b => b != Breakdown.Total).Distinct().Order().ToList();
                using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = GroupedSql(cohort.Key, list);
                using var reader = command.ExecuteReader();
                var firstCount = 4 + breakdowns.Count * 2;
                while (reader.Read())
                {
                    var orgLevel = reader.GetInt32(3) == 1 ? "LMNS" : "Provider";
                    var orgCode = orgLevel == "LMNS" ? reader.GetString(0) : reader.GetString(1);
                    var period = DateOnly.FromDateTime(reader.GetDateTime(2));
                    var (breakdown, group) = (Breakdown.Total, "Total");
                    for (var b = 0; b < breakdowns.Count; b++)
                    {
                        if (reader.GetInt32(4 + breakdowns.Count + b) == 0)
                        {
                            breakdown = breakdowns[b];
                            group = reader.IsDBNull(4 + b) ? "Unknown" : Convert.ToString(reader.GetValue(4 + b), CultureInfo.InvariantCulture)!;
                        }
                    }
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (!list[i].Breakdowns.Contains(breakdown)) continue;
                        var denominator = reader.GetInt64(firstCount + 2 * i);
                        var numerator = reader.GetInt64(firstCount + 2 * i + 1);
                        writer.Write([list[i].Id, list[i].Version, orgLevel, orgCode, "Month", period, breakdown.ToString(), group,
                            numerator, denominator, RecordLevel, "exact", computedAt]);
                        rows++;
                    }
                }
            }
        }
        tx.Commit();
        return new Summary(definitions.Count, rows, clock.Elapsed);
    }

    /// <summary>Stored counts, filtered; null arguments match everything.</summary>
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
            ORDER BY indicator_id, org_level DESC, org_code, period_start, breakdown, group_code
            """, new { indicator = indicatorId, org = orgCode, breakdown, period = periodStart?.ToDateTime(TimeOnly.MinValue) });
        return [.. rows.Select(r => new IndicatorCount(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, DateOnly.FromDateTime(r.Item6),
            r.Item7, r.Item8, r.Item9, r.Item10, r.Item11, r.Item12))];
    }
}
