using Dapper;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Wres;

/// <summary>
/// WRES data in the store: a file is checked in full, then each organisation, year and staff group it holds replaces
/// what was loaded for them before, in one transaction with its audit entry; reads hand the counts out as the caller may
/// see them (exact for the caller's own trusts, NHS England's rounding for everyone else; the public role none).
/// </summary>
public static class WresStore
{
    public sealed record Result(string File, int Rows, int Groups, IReadOnlyList<RowIssue> Issues, IReadOnlyList<WresChecks.Check> Checks)
    {
        public bool Imported => Issues.Count == 0;
    }

    /// <summary>
    /// Reads, checks and loads one WRES file (CSV or XLSX): the aggregate WRES file, or a record-level staff extract
    /// (<see cref="WresStaffExtract"/>) aggregated here first. <paramref name="staff"/> says which (null: a file with a
    /// Person column is a staff extract); <paramref name="mapping"/> renames and recodes a staff extract's local headers
    /// and codes. A file with any bad cell changes nothing.
    /// </summary>
    public static Result Import(Database database, Access access, string path, string? name = null, bool? staff = null,
        ExtractMapping? mapping = null)
    {
        var (file, content, issues) = Read(database, access, path, name, staff, mapping);
        if (issues.Count > 0) return new Result(file, 0, 0, issues, []);

        var rows = content.Rows.Select(r => r with { File = file }).ToList();
        var groups = rows.Select(r => (r.Org, r.Year, r.StaffGroup)).Distinct().ToList();
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.MeasureLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        foreach (var (org, year, group) in groups)
            connection.Execute(connection.Sql("DELETE FROM wres_value WHERE org_code = $org AND wres_year = $year AND staff_group = $group"),
                new { org, year, group }, tx);
        var now = Database.Now();
        using (var bulk = new BulkWriter(connection, "wres_value"))
            foreach (var r in rows)
                bulk.Write([r.Org, r.Year, r.StaffGroup, r.Item, r.Category, r.Band, r.Ethnicity, r.EthnicCode, r.Count, r.Respondents, r.Stated, file, r.SourceRow, now, access.Name]);
        var kind = content.People is { } people ? $"staff extract of {people} people aggregated to " : "";
        AuditLog.Commit(database, connection, tx, access.Name, "wres.import", string.Join(",", groups.Select(g => g.Org).Distinct()),
            $"{file}: {kind}{rows.Count} rows for {string.Join("; ", groups.Select(g => $"{g.Org} {g.Year} {g.StaffGroup}"))}");
        var orgs = groups.Select(g => g.Org).ToHashSet(StringComparer.Ordinal);
        return new Result(file, rows.Count, groups.Count, [], WresChecks.Run(Load(database, access, orgs)));
    }

    /// <summary>
    /// What loading a file would change, nothing stored: each trust, year and staff group it holds with the rows and
    /// staff in post stored now and after, or the problems that refuse it; and the checks the data would then raise.
    /// </summary>
    public static Preview Check(Database database, Access access, string path, string? name = null, bool? staff = null,
        ExtractMapping? mapping = null)
    {
        var (file, content, issues) = Read(database, access, path, name, staff, mapping);
        if (issues.Count > 0) return new Preview(file, content.People is not null, null, [], issues, []);
        var rows = content.Rows.Select(r => r with { File = file }).ToList();
        var orgs = rows.Select(r => r.Org).ToHashSet(StringComparer.Ordinal);
        var stored = Load(database, access, orgs);
        var keys = rows.Select(r => (r.Org, r.Year, r.StaffGroup)).Distinct().ToHashSet();
        static long Staff(IEnumerable<WresFile.Row> of) => of.Where(r => r.Item == WresFile.StaffInPost && r.Ethnicity != WresFile.Total).Sum(r => r.Count ?? 0);
        var changes = keys.OrderBy(k => k.Org, StringComparer.Ordinal).ThenBy(k => k.Year).ThenBy(k => Array.IndexOf(WresFile.StaffGroups, k.StaffGroup))
            .Select(k =>
            {
                var before = stored.Where(r => (r.Org, r.Year, r.StaffGroup) == k).ToList();
                var after = rows.Where(r => (r.Org, r.Year, r.StaffGroup) == k).ToList();
                return new Change(k.Org, k.Year, k.StaffGroup, before.Count, after.Count, before.Count == 0 ? null : Staff(before), Staff(after));
            }).ToList();
        var merged = stored.Where(r => !keys.Contains((r.Org, r.Year, r.StaffGroup))).Concat(rows).ToList();
        return new Preview(file, content.People is not null, content.People, changes, [], WresChecks.Run(merged));
    }

    /// <summary>One trust, year and staff group a file would replace: rows and staff in post now (null: none loaded) and after.</summary>
    public sealed record Change(string Org, int Year, string StaffGroup, int RowsBefore, int RowsAfter, long? StaffBefore, long StaffAfter);

    /// <summary>A file read and checked but not stored: what it would change, or why it is refused.</summary>
    public sealed record Preview(string File, bool StaffExtract, int? People, IReadOnlyList<Change> Changes, IReadOnlyList<RowIssue> Issues,
        IReadOnlyList<WresChecks.Check> Checks)
    {
        public bool Loadable => Issues.Count == 0;
    }

    private static (string File, WresFile.Content Content, List<RowIssue> Issues) Read(Database database, Access access, string path, string? name,
        bool? staff, ExtractMapping? mapping)
    {
        access.Demand(access.IsRecordLevel, "load WRES data");
        var file = name ?? Path.GetFileName(path);
        var trusts = OrgHierarchy.Read(database).OfType("Trust").Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        var content = staff ?? WresStaffExtract.Is(path, mapping) ? WresStaffExtract.Read(path, trusts, mapping) : WresFile.Read(path, trusts);
        var issues = content.Issues.ToList();
        foreach (var org in content.Rows.GroupBy(r => r.Org).Where(g => !access.SeesRecordsOf(g.Key)))
            issues.Add(new RowIssue(org.First().SourceRow, "Org", org.Key, $"{file}, row {org.First().SourceRow}, column Org: {access.Name} may not load data for {org.Key}"));
        return (file, content, issues);
    }

    /// <summary>
    /// The stored rows of <paramref name="orgs"/> (all when null), counts as the caller may see them: exact for the
    /// organisations whose records the caller sees, else through <see cref="Access.Policy"/>. Refused to the public role.
    /// </summary>
    public static IReadOnlyList<WresFile.Row> Load(Database database, Access access, IReadOnlySet<string>? orgs = null)
    {
        access.Demand(access.Role != Role.Public, "see WRES data");
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<Stored>("""
            SELECT org_code AS Org, wres_year AS Year, staff_group AS StaffGroup, item AS Item, category AS Category, band AS Band, ethnicity AS Ethnicity,
                   ethnic_code AS EthnicCode, count_value AS Count, respondents AS Respondents, stated AS Stated, source_file AS File, source_row AS SourceRow
            FROM wres_value ORDER BY org_code, wres_year, staff_group, source_row
            """);
        return [.. rows.Where(r => orgs is null || orgs.Contains(r.Org)).Select(r =>
        {
            var row = new WresFile.Row(r.Org, r.Year, r.StaffGroup, r.Item, r.Category, r.Band, r.Ethnicity, r.EthnicCode, r.Count, r.Respondents, r.Stated, r.File, r.SourceRow);
            return access.SeesRecordsOf(r.Org) ? row
                : row with { Count = r.Count is { } c ? Access.Policy.Apply(c) : null, Respondents = r.Respondents is { } n ? Access.Policy.Apply(n) : null };
        })];
    }

    /// <summary>Whether any of <paramref name="orgs"/>' counts reach the caller rounded.</summary>
    public static bool Suppressed(Access access, IEnumerable<string> orgs) => orgs.Any(o => !access.SeesRecordsOf(o));

    private sealed record Stored(string Org, int Year, string StaffGroup, string Item, string Category, string Band, string Ethnicity, string EthnicCode,
        long? Count, long? Respondents, string? Stated, string File, long SourceRow);
}
