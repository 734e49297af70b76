using System.Globalization;
using Dapper;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Returns;

/// <summary>
/// The trust monthly return: a trust's counts for one month, one row per indicator x breakdown x group
/// (columns <see cref="Header"/>). A trust that runs Maternity Equity on its own records exports it; the LMNS
/// instance imports the returns of all its trusts and sees the same numbers as if it held the records.
/// </summary>
public static class TrustReturn
{
    public const string Header = "OrgCode,Period,IndicatorId,Breakdown,Group,Numerator,Denominator";

    /// <summary>The counts source of an imported return.</summary>
    public static string Source(string org, DateOnly period) => $"return {org} {period:yyyy-MM}";

    /// <summary>The name of the worksheet of an XLSX return.</summary>
    public const string Sheet = "Return";

    /// <summary>One row of a return: counts are text so that a blank template and a suppressed count can be written alike.</summary>
    public sealed record Line(string OrgCode, string Period, string IndicatorId, string Breakdown, string Group, string Numerator, string Denominator);

    /// <summary>
    /// A provider's record-level counts for one month, as return lines. With a suppression policy every count passes
    /// it; the importer labels what it reads by the policy stated on import.
    /// </summary>
    public static IEnumerable<Line> Export(Database database, Security.Access access, string org, DateOnly period, SuppressionPolicy? policy = null)
    {
        access.DemandRecords(org);
        policy ??= SuppressionPolicy.Off;
        return IndicatorEngine.Read(database, access, null, org, null, period)
            .Where(c => c.OrgLevel == "Provider" && c.Source == IndicatorEngine.RecordLevel)
            .Select(c => new Line(org, period.ToString("yyyy-MM", CultureInfo.InvariantCulture), c.IndicatorId, c.Breakdown, c.GroupCode,
                Shown(policy.Apply(c.Numerator)), Shown(policy.Apply(c.Denominator))));
    }

    /// <summary>A blank return for one trust and month, generated from the catalogue: every indicator and breakdown group, counts empty.</summary>
    public static IEnumerable<Line> Template(string org, DateOnly period) =>
        from definition in Catalogue.Definitions
        from g in Groups()
        from grp in g.Groups
        select new Line(org, period.ToString("yyyy-MM", CultureInfo.InvariantCulture), definition.Id, g.Breakdown, grp, "", "");

    /// <summary>Writes return lines as CSV.</summary>
    public static long WriteCsv(IEnumerable<Line> lines, TextWriter writer)
    {
        writer.Write(Header + "\n");
        long rows = 0;
        foreach (var l in lines)
        {
            writer.Write(string.Join(',', QuarantineReport.Csv(l.OrgCode), l.Period, l.IndicatorId, l.Breakdown, QuarantineReport.Csv(l.Group), l.Numerator, l.Denominator));
            writer.Write('\n');
            rows++;
        }
        return rows;
    }

    /// <summary>Writes return lines to <paramref name="path"/>: an XLSX workbook (one sheet, <see cref="Sheet"/>) when it ends in .xlsx, else CSV.</summary>
    public static long Write(IEnumerable<Line> lines, string path)
    {
        if (!TableFile.IsXlsx(path))
        {
            using var writer = new StreamWriter(path);
            return WriteCsv(lines, writer);
        }
        long rows = 0;
        var columns = Header.Split(',');
        var sheet = lines.Select(l =>
        {
            rows++;
            return (IDictionary<string, object>)new Dictionary<string, object>
            {
                [columns[0]] = l.OrgCode, [columns[1]] = l.Period, [columns[2]] = l.IndicatorId, [columns[3]] = l.Breakdown,
                [columns[4]] = l.Group, [columns[5]] = l.Numerator, [columns[6]] = l.Denominator,
            };
        });
        MiniExcelLibs.MiniExcel.SaveAs(path, sheet, sheetName: Sheet, overwriteFile: true);
        return rows;
    }

    public sealed record Result(string File, string? Org, DateOnly? Period, long Rows, IReadOnlyList<RowIssue> Issues)
    {
        public bool Imported => Issues.Count == 0;
    }

    /// <summary>
    /// Imports a return: every cell is checked (known indicator, breakdown and group; whole non-negative counts;
    /// numerator not above denominator; one organisation and one month per file; no row twice; each breakdown's
    /// groups adding up to the total). Any bad cell refuses the whole file, reported with row, column and reason,
    /// and nothing changes. A good file replaces the earlier return for its organisation and month, and the LMNS
    /// counts are summed again from its trusts' returns. <paramref name="exactness"/> labels the counts: "exact",
    /// or "suppressed" when the trust sent them through the suppression policy.
    /// </summary>
    private static string? OrgType(Database database, string org)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<string?>(connection.Sql("SELECT org_type FROM org WHERE org_code = $org"), new { org });
    }

    public static Result Import(Database database, string path, string exactness = "exact", DateOnly? asAt = null)
    {
        var file = Path.GetFileName(path);
        var issues = new List<RowIssue>();
        var rows = new List<(string Indicator, int Version, string Breakdown, string Group, long Numerator, long Denominator)>();
        string? org = null;
        DateOnly? period = null;
        var seen = new HashSet<(string, string, string)>();

        var where = TableFile.IsXlsx(path) ? $"sheet {Sheet}, " : "";
        var (header, lines) = TableFile.Read(path, Sheet)!.Value;
        var missing = Header.Split(',').Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0) return new Result(file, null, null, 0, [new RowIssue(1, string.Join(", ", missing), null, $"{where}missing column(s); a return has the columns {Header}")]);
        var groups = Groups().ToDictionary(g => g.Breakdown, g => g.Groups.ToHashSet());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        foreach (var (row, cells) in lines)
        {
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
            var before = issues.Count;
            var rowOrg = Cell("OrgCode");
            if (rowOrg.Length == 0) issues.Add(new RowIssue(row, "OrgCode", null, "a value is required"));
            else if (org is null)
            {
                org = rowOrg;
                if (OrgType(database, org) is not "Trust" and var type)
                    issues.Add(new RowIssue(row, "OrgCode", org, type is null
                        ? "not an organisation of the hierarchy; import it first ('maternity reference orgs')"
                        : $"a return is for a trust, and {org} is a {type}"));
            }
            else if (rowOrg != org) issues.Add(new RowIssue(row, "OrgCode", rowOrg, $"a return is for one organisation; row 2 is for {org}"));
            if (!DateOnly.TryParseExact(Cell("Period") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var rowPeriod))
                issues.Add(new RowIssue(row, "Period", Cell("Period"), "not a month in the form yyyy-MM"));
            else if (rowPeriod > thisMonth)
                issues.Add(new RowIssue(row, "Period", Cell("Period"), $"after the current month ({thisMonth:yyyy-MM}): a return is for a month that has begun"));
            else if (period is null) period = rowPeriod;
            else if (rowPeriod != period) issues.Add(new RowIssue(row, "Period", Cell("Period"), $"a return is for one month; row 2 is for {period:yyyy-MM}"));
            var definition = Catalogue.Find(Cell("IndicatorId"));
            if (definition is null) issues.Add(new RowIssue(row, "IndicatorId", Cell("IndicatorId"), "not an indicator of the catalogue"));
            var breakdown = Cell("Breakdown");
            if (!groups.TryGetValue(breakdown, out var allowed)) issues.Add(new RowIssue(row, "Breakdown", breakdown, $"not one of {string.Join(", ", groups.Keys)}"));
            else if (!allowed.Contains(Cell("Group"))) issues.Add(new RowIssue(row, "Group", Cell("Group"), $"not a group of {breakdown}"));
            var numerator = Count(Cell("Numerator"), row, "Numerator", issues);
            var denominator = Count(Cell("Denominator"), row, "Denominator", issues);
            if (numerator is { } n && denominator is { } d && n > d) issues.Add(new RowIssue(row, "Numerator", Cell("Numerator"), $"greater than the denominator {d}"));
            if (issues.Count == before && !seen.Add((definition!.Id, breakdown, Cell("Group"))))
                issues.Add(new RowIssue(row, "Group", Cell("Group"), $"{definition.Id} {breakdown} {Cell("Group")} appears twice"));
            if (issues.Count == before) rows.Add((definition!.Id, definition.Version, breakdown, Cell("Group"), numerator!.Value, denominator!.Value));
        }
        if (where.Length > 0) issues = [.. issues.Select(i => i with { Reason = where + i.Reason })];
        if (issues.Count == 0 && rows.Count == 0) issues.Add(new RowIssue(2, "", null, "the return has no rows"));
        // Suppressed counts are rounded one by one, so their groups need not add up to the total.
        if (issues.Count == 0 && exactness == "exact") issues.AddRange(CheckTotals(rows));
        if (issues.Count > 0) return new Result(file, org, period, 0, issues);

        var source = Source(org!, period!.Value);
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.CountsLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        connection.Execute(connection.Sql("DELETE FROM indicator_count WHERE source = $source"), new { source }, tx);
        var now = Database.Now();
        using (var writer = new BulkWriter(connection, "indicator_count"))
        {
            foreach (var r in rows)
                writer.Write([r.Indicator, r.Version, "Provider", org, "Month", period.Value, r.Breakdown, r.Group, r.Numerator, r.Denominator, source, exactness, now, asAt ?? DateOnly.FromDateTime(now)]);
        }
        // The LMNS rows of returned months are the sums of their trusts' returns.
        connection.Execute(connection.Sql("""
            DELETE FROM indicator_count WHERE source = 'returns' AND period_start = $period AND org_level = 'LMNS'
              AND org_code IN (SELECT parent_code FROM org WHERE org_code = $org);
            INSERT INTO indicator_count (indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown,
              group_code, numerator, denominator, source, exactness, computed_at, as_at)
            SELECT c.indicator_id, max(c.indicator_version), 'LMNS', o.parent_code, 'Month', c.period_start, c.breakdown, c.group_code,
                   sum(c.numerator), sum(c.denominator), 'returns', min(c.exactness), $now, max(c.as_at)
            FROM indicator_count c JOIN org o ON o.org_code = c.org_code
            WHERE c.source LIKE 'return %' AND c.period_start = $period
              AND o.parent_code IN (SELECT parent_code FROM org WHERE org_code = $org)
            GROUP BY c.indicator_id, o.parent_code, c.period_start, c.breakdown, c.group_code
            """), new { org, period = period.Value.ToDateTime(TimeOnly.MinValue), now }, tx);
        using (database.Writing()) tx.Commit();
        return new Result(file, org, period, rows.Count, []);
    }

    /// <summary>The groups of each breakdown a return may carry.</summary>
    public static IEnumerable<(string Breakdown, IReadOnlyList<string> Groups)> Groups()
    {
        string[] quintiles = ["1", "2", "3", "4", "5", "Unknown"];
        yield return (nameof(Breakdown.Total), ["Total"]);
        yield return (nameof(Breakdown.EthnicGroup), Reference.EthnicCategory.Groups);
        yield return (nameof(Breakdown.EthnicCategory), [.. Reference.EthnicCategory.AllCodes, Reference.EthnicCategory.Missing]);
        yield return (nameof(Breakdown.ImdDecile), [.. Enumerable.Range(1, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)), "Unknown"]);
        yield return (nameof(Breakdown.ImdQuintile), quintiles);
        yield return (nameof(Breakdown.EthnicGroupByImdQuintile), [.. Reference.EthnicCategory.Groups.SelectMany(g => quintiles.Select(q => $"{g} | {q}"))]);
        yield return (nameof(Breakdown.AgeBand), ["Under 20", "20-24", "25-29", "30-34", "35-39", "40-44", "45 and over", "Unknown"]);
    }

    /// <summary>Every breakdown of an indicator must add up to its total (each breakdown covers every record, with Unknown groups).</summary>
    private static List<RowIssue> CheckTotals(List<(string Indicator, int Version, string Breakdown, string Group, long Numerator, long Denominator)> rows)
    {
        var issues = new List<RowIssue>();
        foreach (var indicator in rows.GroupBy(r => r.Indicator))
        {
            var total = indicator.FirstOrDefault(r => r.Breakdown == "Total");
            foreach (var breakdown in indicator.Where(r => r.Breakdown != "Total").GroupBy(r => r.Breakdown))
            {
                var (n, d) = (breakdown.Sum(r => r.Numerator), breakdown.Sum(r => r.Denominator));
                if (total == default || n != total.Numerator || d != total.Denominator)
                    issues.Add(new RowIssue(0, "Numerator/Denominator", $"{n}/{d}",
                        $"{indicator.Key} by {breakdown.Key} adds up to {n}/{d}, but its Total row is {(total == default ? "missing" : $"{total.Numerator}/{total.Denominator}")}"));
            }
        }
        return issues;
    }

    private static long? Count(string text, long row, string column, List<RowIssue> issues)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        issues.Add(new RowIssue(row, column, text, text.Length == 0 ? "a count is required" : "not a whole number of 0 or more"));
        return null;
    }

    private static string Shown(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
