using Dapper;
using Maternity.Ingest;
using Maternity.Storage;

namespace Maternity.Quality;

/// <summary>
/// The national VODIM profile of every ingested data item, per provider and reporting month: Valid, Default (a
/// "not stated" or "not known" code), Invalid (a value outside the code list or pattern, loaded as submitted),
/// Missing, and the Denominator (rows). One grouped query per table.
/// </summary>
public static class FieldProfile
{
    public sealed record Row(string Table, string Item, string OrgCode, DateOnly Month, long Valid, long Default, long Invalid, long Missing, long Denominator)
    {
        public double ValidPercent => Denominator == 0 ? double.NaN : 100.0 * Valid / Denominator;
    }

    public static IReadOnlyList<Row> Compute(Database database, Security.Access access, string? orgCode = null, DateOnly? month = null)
    {
        access.Demand(access.Role != Security.Role.Public, "see the field profile");
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = new List<Row>();
        foreach (var table in MsdsSchema.Tables)
        {
            var items = table.Columns.Where(c => c.Name is not ("OrgCodeProvider" or "RPStartDate")).ToList();
            var counts = string.Join(",\n  ", items.Select((c, i) =>
            {
                var defaults = c.Defaults is { Count: > 0 } d ? $"{c.Name} IN ({string.Join(", ", d.Select(v => $"'{v}'"))})" : "FALSE";
                var inList = c.Codes is { Count: > 0 } codes ? $"{c.Name} IN ({string.Join(", ", codes.Select(v => $"'{v}'"))})" : c.ValidSql ?? "TRUE";
                return $"count(*) FILTER (WHERE {c.Name} IS NOT NULL AND ({inList}) AND NOT ({defaults})) AS v{i}, " +
                       $"count(*) FILTER (WHERE {c.Name} IS NOT NULL AND ({defaults})) AS d{i}, " +
                       $"count(*) FILTER (WHERE {c.Name} IS NOT NULL AND NOT ({inList})) AS i{i}, " +
                       $"count(*) FILTER (WHERE {c.Name} IS NULL) AS m{i}";
            }));
            var sql = connection.Sql($"""
                SELECT OrgCodeProvider, RPStartDate, count(*) AS denominator,
                  {counts}
                FROM {table.Name}
                WHERE ($org IS NULL OR OrgCodeProvider = $org) AND (CAST($month AS DATE) IS NULL OR RPStartDate = CAST($month AS DATE))
                GROUP BY OrgCodeProvider, RPStartDate
                ORDER BY OrgCodeProvider, RPStartDate
                """);
            using var reader = connection.ExecuteReader(sql, new { org = orgCode, month = month?.ToDateTime(TimeOnly.MinValue) });
            while (reader.Read())
            {
                var org = reader.GetString(0);
                var rp = DateOnly.FromDateTime(reader.GetDateTime(1));
                var denominator = reader.GetInt64(2);
                for (var i = 0; i < items.Count; i++)
                {
                    // Counts of records: exact for the caller's own organisations, else through the suppression policy.
                    rows.Add(new Row(table.Name, items[i].Name, org, rp,
                        access.Count(org, reader.GetInt64(3 + 4 * i)), access.Count(org, reader.GetInt64(4 + 4 * i)), access.Count(org, reader.GetInt64(5 + 4 * i)),
                        access.Count(org, reader.GetInt64(6 + 4 * i)), access.Count(org, denominator)));
                }
            }
        }
        // Every item of a table shares its rows as denominator: shown once, moved if rounding would let one of the
        // small counts beside it be worked out.
        return [.. rows.GroupBy(r => (r.Table, r.OrgCode, r.Month)).SelectMany(g =>
        {
            if (access.SeesRecordsOf(g.Key.OrgCode)) return g.AsEnumerable();
            var shown = Security.Disclosure.Unpin(g.First().Denominator, [.. g.Select(r => (IReadOnlyList<(long, bool)>)[(r.Valid, false), (r.Default, false), (r.Invalid, false), (r.Missing, false)])]);
            return g.Select(r => r with { Denominator = shown });
        })];
    }
}
