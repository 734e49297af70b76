using System.Globalization;
using Dapper;
using Maternity.Ingest;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Programme;

/// <summary>
/// Places community assets known only by postcode: the LMNS loads a postcode-to-LSOA lookup, the ONS Postcode Directory
/// (ONSPD) or the National Statistics Postcode Lookup (NSPL), whose columns include <c>pcds</c> (the postcode) and
/// <c>lsoa11</c> and/or <c>lsoa21</c>. The 2011 LSOA is read when the file has it (IMD 2019 is published by 2011 LSOA),
/// else the 2021 one. Only postcodes in the LSOAs whose boundaries are loaded are kept, so the national file's 2.7 million
/// rows come down to the LMNS's own; postcodes are compared without spaces, in capitals. Loading replaces the earlier
/// lookup in one transaction and is audited.
/// </summary>
public static class PostcodeLookup
{
    private static readonly string[] PostcodeColumns = ["pcds", "pcd", "pcd7", "pcd8", "postcode"];
    private static readonly string[] LsoaColumns = ["lsoa11", "lsoa11cd", "lsoa21", "lsoa21cd"];

    /// <summary>A postcode as compared: capitals, no spaces ("ZZ1 1AA" and "zz11aa" are the same).</summary>
    public static string Normalise(string postcode) =>
        string.Concat(postcode.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    public static LsoaBoundaries.LoadResult Import(Database database, Access access, string lmns, string path)
    {
        access.Demand(ProgrammeStore.MayEdit(access, lmns), $"load the postcode lookup of {lmns}");
        var file = Path.GetFileName(path);
        var (header, rows) = TableFile.Read(path)!.Value;
        var postcode = header.FirstOrDefault(h => PostcodeColumns.Contains(h, StringComparer.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"{file}: no postcode column (pcds, as in the ONS Postcode Directory); its columns are {string.Join(", ", header.Take(12))}. Nothing was loaded.");
        var lsoa = LsoaColumns.Select(c => header.FirstOrDefault(h => h.Equals(c, StringComparison.OrdinalIgnoreCase))).OfType<string>().FirstOrDefault()
            ?? throw new InvalidDataException($"{file}: no LSOA column (lsoa11 or lsoa21, as in the ONS Postcode Directory). Nothing was loaded.");
        HashSet<string> loaded;
        using (var connection = database.Open())
            loaded = [.. connection.Query<string>(connection.Sql("SELECT lsoa_code FROM programme_boundary WHERE lmns_code = $lmns"), new { lmns })];
        if (loaded.Count == 0) throw new InvalidDataException($"{file}: load the LSOA boundaries first (maternity programme assets boundaries): only postcodes in them are kept. Nothing was loaded.");
        var keep = new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var (_, cells) in rows)
        {
            var code = cells.GetValueOrDefault(lsoa)?.Trim() ?? "";
            var key = Normalise(cells.GetValueOrDefault(postcode) ?? "");
            if (key.Length == 0 || !loaded.Contains(code)) { skipped++; continue; }
            keep[key] = code;
        }
        ProgrammeStore.Write(database, (connection, tx, now) =>
        {
            connection.Execute(connection.Sql("DELETE FROM programme_postcode WHERE lmns_code = $lmns"), new { lmns }, tx);
            connection.Execute(connection.Sql("""
                INSERT INTO programme_postcode (lmns_code, postcode, lsoa_code, loaded_at, loaded_by) VALUES ($lmns, $Key, $Value, $now, $by)
                """), keep.Select(k => new { lmns, k.Key, k.Value, now, by = access.Name }), tx);
        });
        AuditLog.Append(database, access.Name, "programme.postcodes", lmns,
            string.Create(CultureInfo.InvariantCulture, $"{keep.Count} postcodes from {file} ({lsoa})"));
        return new LsoaBoundaries.LoadResult(keep.Count, skipped);
    }

    /// <summary>The LSOA of each loaded postcode (normalised) of the LMNS.</summary>
    public static IReadOnlyDictionary<string, string> Load(Database database, string lmns)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        return connection.Query<(string Postcode, string Lsoa)>(connection.Sql("SELECT postcode, lsoa_code FROM programme_postcode WHERE lmns_code = $lmns"), new { lmns })
            .ToDictionary(r => r.Postcode, r => r.Lsoa, StringComparer.Ordinal);
    }
}
