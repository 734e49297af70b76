using System.Globalization;
using Dapper;
using Maternity.Ingest;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Voices;

/// <summary>
/// Partial postcodes to deprivation. The user loads a postcode directory once (the ONS National Statistics Postcode
/// Lookup, NSPL, or the ONS Postcode Directory, ONSPD: one row a postcode with its LSOA); it is kept as the number of
/// live residential postcodes of each postcode district (outward code, B12) and sector (B12 9) in each LSOA, never as
/// postcodes. A district or sector's IMD quintile is then read through the LSOA IMD table already in the store
/// (<c>imd_lsoa</c>, the newest edition loaded): the quintile holding most of its postcodes (its postcode-weighted modal
/// quintile; a tie goes to the more deprived). The modal quintile, rather than shares of a person over quintiles, keeps
/// every count of people whole, so the counts still add up to the people heard and the Wilson intervals and the
/// chi-squared test apply unchanged; the price is that a mixed district counts wholly in its main quintile, which is why a
/// sector (finer, usually within one or two LSOAs) is used whenever the postcode gives one. Postcodes stand in for
/// population: the directory holds no head counts, and residential postcodes hold similar numbers of households.
/// </summary>
public static class DistrictLookup
{
    /// <summary>Advisory-lock key for writes of the lookup (PostgreSQL).</summary>
    public const long LookupLock = 72_021;

    private static readonly string[] PostcodeColumns = ["pcds", "pcd", "pcd2", "pcd7", "pcd8", "Postcode"];
    private static readonly string[] LsoaColumns = ["lsoa11", "lsoa11cd", "lsoa21", "lsoa21cd", "LSOA code", "LSOA"];

    public sealed record Result(string File, long Postcodes, int Districts, int Sectors, long Skipped, IReadOnlyList<RowIssue> Issues)
    {
        public bool Stored => Issues.Count == 0;

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{File}: {Postcodes} live residential postcodes in {Districts} districts and {Sectors} sectors stored; {Skipped} terminated, large-user or without an LSOA left out");
    }

    /// <summary>One district or sector's deprivation as the lookup gives it.</summary>
    public sealed record Area(string Code, string Quintile, double Share, long Postcodes);

    /// <summary>
    /// Reads a postcode directory (CSV: a postcode column <c>pcds</c>, <c>pcd</c> or <c>Postcode</c>, and an LSOA column,
    /// <c>lsoa11</c> preferred as IMD 2019 is on LSOA 2011, else <c>lsoa21</c>; rows with a <c>doterm</c> (terminated) or a
    /// <c>usertype</c> of 1 (large user) are left out) and replaces the stored lookup, in one transaction, only when every
    /// row is good. Streams the file: only the counts by area and LSOA are held.
    /// </summary>
    public static Result Import(Database database, Access access, string path, string? fileName = null)
    {
        access.Demand(access.Role == Role.Admin || access.Role == Role.Analyst, "load a postcode lookup");
        var file = fileName ?? Path.GetFileName(path);
        var (header, rows) = TableFile.Read(path)!.Value;
        string? Column(string[] names) => names.Select(n => header.FirstOrDefault(h => h.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(h => h is not null);
        var postcode = Column(PostcodeColumns);
        var lsoa = Column(LsoaColumns);
        var terminated = Column(["doterm"]);
        var userType = Column(["usertype"]);
        var issues = new List<RowIssue>();
        if (postcode is null) issues.Add(new RowIssue(1, "pcds", null, $"{file}: no postcode column ({string.Join(", ", PostcodeColumns)}): is this the NSPL or ONSPD data file?"));
        if (lsoa is null) issues.Add(new RowIssue(1, "lsoa11", null, $"{file}: no LSOA column ({string.Join(", ", LsoaColumns)})"));
        if (issues.Count > 0) return new Result(file, 0, 0, 0, 0, issues);
        var counts = new Dictionary<(string Area, string Lsoa), long>();
        long kept = 0, skipped = 0;
        foreach (var (row, cells) in rows)
        {
            string Cell(string? column) => column is not null && cells.TryGetValue(column, out var v) ? v.Trim() : "";
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
            var code = Cell(lsoa);
            if (Cell(terminated).Length > 0 || Cell(userType) == "1" || code.Length == 0) { skipped++; continue; }
            var (district, full) = VoicesFile.District(Cell(postcode));
            if (district is null || !full)
            {
                if (issues.Count < 50) issues.Add(new RowIssue(row, postcode!, null, $"{file}: not a full UK postcode"));
                continue;
            }
            if (code.Length != 9 || !char.IsAsciiLetterUpper(code[0]))
            {
                if (issues.Count < 50) issues.Add(new RowIssue(row, lsoa!, code, $"{file}: not an LSOA code (e.g. E01000001)"));
                continue;
            }
            kept++;
            foreach (var area in new[] { district, VoicesFile.Sector(Cell(postcode))! })
                counts[(area, code)] = counts.GetValueOrDefault((area, code)) + 1;
        }
        if (issues.Count > 0) return new Result(file, 0, 0, 0, skipped, issues);
        if (kept == 0) return new Result(file, 0, 0, 0, skipped, [new RowIssue(2, postcode!, null, $"{file}: no live residential postcodes to load")]);
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(LookupLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        connection.Execute("DELETE FROM postcode_area_lsoa", transaction: tx);
        var now = Database.Now();
        using (var bulk = new BulkWriter(connection, "postcode_area_lsoa"))
            foreach (var ((area, code), n) in counts)
                bulk.Write([area, code, n, file, now, access.Name]);
        var result = new Result(file, kept, counts.Keys.Select(k => k.Area).Distinct().Count(a => !a.Contains(' ', StringComparison.Ordinal)),
            counts.Keys.Select(k => k.Area).Distinct().Count(a => a.Contains(' ', StringComparison.Ordinal)), skipped, []);
        AuditLog.Commit(database, connection, tx, access.Name, "voices.postcodes", "", result.Describe());
        return result;
    }

    /// <summary>Every district and sector with its modal IMD quintile through the newest IMD edition stored (empty without a lookup or IMD).</summary>
    public static IReadOnlyList<Area> Areas(Database database)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<(string Area, long Decile, long Postcodes)>(connection.Sql("""
            SELECT p.area_code, i.imd_decile, SUM(p.postcodes) FROM postcode_area_lsoa p
            JOIN imd_lsoa i ON i.lsoa_code = p.lsoa_code AND i.edition = (SELECT MAX(edition) FROM imd_lsoa)
            GROUP BY p.area_code, i.imd_decile
            """)).ToList();
        return [.. rows.GroupBy(r => r.Area, StringComparer.Ordinal).Select(a =>
        {
            var byQuintile = a.GroupBy(r => (r.Decile + 1) / 2).Select(q => (Quintile: q.Key, Postcodes: q.Sum(r => r.Postcodes))).ToList();
            var total = byQuintile.Sum(q => q.Postcodes);
            var modal = byQuintile.OrderByDescending(q => q.Postcodes).ThenBy(q => q.Quintile).First();
            return new Area(a.Key, modal.Quintile.ToString(CultureInfo.InvariantCulture), modal.Postcodes / (double)total, total);
        }).OrderBy(a => a.Code, StringComparer.Ordinal)];
    }

    /// <summary>District and sector to IMD quintile, for the sign-up reader; null when no lookup is stored.</summary>
    public static IReadOnlyDictionary<string, string>? Quintiles(Database database)
    {
        var areas = Areas(database);
        return areas.Count == 0 ? null : areas.ToDictionary(a => a.Code, a => a.Quintile, StringComparer.OrdinalIgnoreCase);
    }
}
