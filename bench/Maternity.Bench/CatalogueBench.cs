using System.Diagnostics;
using System.Globalization;
using Dapper;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Storage;
using Maternity.Synthetic;

namespace Maternity.Bench;

/// <summary>
/// The whole indicator catalogue over a generated LMNS, beside one hand-written DuckDB statement that computes
/// the same counts on the same database in the same run. The peer is written for DuckDB alone: every cohort in
/// one statement (UNION ALL), the breakdowns as an UNNEST of (breakdown, group) pairs instead of grouping sets,
/// count_if, and the result materialised in a table. It reuses the catalogue's predicates and cohort SQL so that
/// the two compute the same numbers, which the run checks.
/// </summary>
internal static class CatalogueBench
{
    public static void Run(int births, string directory)
    {
        var store = Path.Combine(directory, "maternity.duckdb");
        var database = Database.DuckDbFile(store, "4GB");
        if (!File.Exists(store))
        {
            var input = Path.Combine(directory, "input");
            var clock = Stopwatch.StartNew();
            var manifest = LmnsGenerator.Generate(new GeneratorOptions(input, births, 12));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {manifest.Births:N0} births in {clock.Elapsed.TotalSeconds:F1} s"));
            clock.Restart();
            var reports = BenchStore.Load(database, input);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingested {reports.Sum(r => r.RowsRead):N0} rows in {clock.Elapsed.TotalSeconds:F1} s"));
        }
        Migrator.Migrate(database);

        var product = new List<double>();
        var peer = new List<double>();
        long productRows = 0, peerRows = 0, analysed = 0;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            var summary = IndicatorEngine.Compute(database);
            var counts = IndicatorEngine.Read(database, Maternity.Security.Access.System("bench"));
            analysed = Enum.GetValues<PeriodType>().Sum(period =>
                Catalogue.Definitions.Sum(d => (long)IndicatorAnalysis.Compute(d, counts.Where(c => c.IndicatorId == d.Id), period).Count));
            product.Add(clock.Elapsed.TotalSeconds);
            productRows = summary.CountRows;

            clock.Restart();
            peerRows = Peer(database);
            peer.Add(clock.Elapsed.TotalSeconds);
        }
        product.Sort();
        peer.Sort();
        using var connection = database.Open();
        var (pn, pd) = connection.QuerySingle<(long, long)>("SELECT sum(numerator), sum(denominator) FROM indicator_count WHERE org_level <> 'Site'");
        var (qn, qd) = connection.QuerySingle<(long, long)>("SELECT sum(numerator), sum(denominator) FROM bench_peer_counts WHERE denominator > 0");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"product: whole catalogue ({Catalogue.Definitions.Count} indicators, {productRows:N0} monthly counts, then {analysed:N0} results over the four period types): median {product[1]:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer: one hand-written DuckDB statement ({peerRows:N0} count rows): median {peer[1]:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio product / peer: {product[1] / peer[1]:F2}; same counts: {(pn, pd) == (qn, qd)} (numerators {pn:N0} / {qn:N0}, denominators {pd:N0} / {qd:N0})"));
    }

    private static long Peer(Database database)
    {
        var pairs = "[{'b': 'Total', 'g': 'Total'}, {'b': 'EthnicGroup', 'g': ethnic_group}, " +
            "{'b': 'EthnicCategory', 'g': CASE WHEN EthnicCategoryMother IN ('A','B','C','D','E','F','G','H','J','K','L','M','N','P','R','S','Z','99') THEN EthnicCategoryMother ELSE 'Missing or invalid' END}, " +
            "{'b': 'ImdDecile', 'g': coalesce(CAST(imd_decile AS VARCHAR), 'Unknown')}, " +
            "{'b': 'ImdQuintile', 'g': coalesce(CAST((imd_decile + 1) // 2 AS VARCHAR), 'Unknown')}, " +
            "{'b': 'EthnicGroupByImdQuintile', 'g': ethnic_group || ' | ' || coalesce(CAST((imd_decile + 1) // 2 AS VARCHAR), 'Unknown')}, " +
            "{'b': 'AgeBand', 'g': CASE WHEN age_at_booking IS NULL THEN 'Unknown' WHEN age_at_booking < 20 THEN 'Under 20' WHEN age_at_booking >= 45 THEN '45 and over' " +
            "ELSE CAST(age_at_booking // 5 * 5 AS VARCHAR) || '-' || CAST(age_at_booking // 5 * 5 + 4 AS VARCHAR) END}]";
        var parts = Catalogue.Definitions.GroupBy(d => d.Cohort).Select(cohort =>
        {
            var counts = string.Join(", ", cohort.Select(d => $"count_if({d.Denominator}) AS \"d_{d.Id}\", count_if(({d.Denominator}) AND ({d.Numerator})) AS \"n_{d.Id}\""));
            var unpivot = string.Join(" UNION ALL ", cohort.Select(d => $"SELECT lmns_code, org_code, period_start, p.b, p.g, '{d.Id}' AS indicator_id, \"n_{d.Id}\" AS numerator, \"d_{d.Id}\" AS denominator FROM grouped_{cohort.Key}"));
            return $"""
                grouped_{cohort.Key} AS (
                  SELECT lmns_code, CASE WHEN GROUPING(org_code) = 1 THEN lmns_code ELSE org_code END AS org_code, period_start, p, {counts}
                  FROM ({CohortSql.For(cohort.Key)}) c, unnest({pairs}) AS u(p)
                  WHERE period_start IS NOT NULL
                  GROUP BY GROUPING SETS ((lmns_code, period_start, p), (lmns_code, org_code, period_start, p))),
                counts_{cohort.Key} AS ({unpivot})
                """;
        }).ToList();
        var union = string.Join(" UNION ALL ", Catalogue.Definitions.Select(d => d.Cohort).Distinct().Select(c => $"SELECT * FROM counts_{c}"));
        // Cohort SQL begins with its own WITH; DuckDB allows it inside a subquery.
        var sql = $"CREATE OR REPLACE TABLE bench_peer_counts AS WITH {string.Join(",\n", parts)} SELECT * FROM ({union}) all_counts";
        using var connection = database.Open();
        connection.Execute(sql, commandTimeout: 0);
        return connection.ExecuteScalar<long>("SELECT count(*) FROM bench_peer_counts WHERE denominator > 0");
    }
}
