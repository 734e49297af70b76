using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Programme;

/// <summary>
/// LSOA boundaries for the offline map, loaded by the user from the published boundary file (ONS Open Geography Portal,
/// "Lower layer Super Output Areas (December 2011) Boundaries EW BSC", GeoJSON; IMD 2019 is by 2011 LSOAs). Each
/// feature's code comes from its LSOA11CD (or LSOA21CD, or lsoa_code) property and its name from LSOA11NM (or LSOA21NM);
/// Polygon and MultiPolygon geometries are kept as rings of points, in longitude and latitude or in eastings and
/// northings as the file has them. Only the LSOAs of the local authority districts named are kept, when any are named.
/// A load replaces the LMNS's boundaries in one transaction.
/// </summary>
public static partial class LsoaBoundaries
{
    /// <summary>One LSOA: its code, name and rings (each a list of [x, y]).</summary>
    public sealed record Area(string Code, string? Name, IReadOnlyList<IReadOnlyList<double[]>> Rings);

    public sealed record LoadResult(int Kept, int Skipped);

    /// <summary>The areas of a GeoJSON FeatureCollection; a file that is not one is refused with what is wrong and where.</summary>
    public static IReadOnlyList<Area> Read(Stream geoJson, string file)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(geoJson); }
        catch (JsonException e) { throw new InvalidDataException($"{file}: not GeoJSON (line {e.LineNumber + 1}: {e.Message}). Nothing was loaded.", e); }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{file}: not a GeoJSON FeatureCollection (no 'features' array). Nothing was loaded.");
            var areas = new List<Area>();
            var n = 0;
            foreach (var feature in features.EnumerateArray())
            {
                n++;
                var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                string? Property(Regex name) => properties.ValueKind == JsonValueKind.Object
                    ? properties.EnumerateObject().Where(x => name.IsMatch(x.Name) && x.Value.ValueKind == JsonValueKind.String)
                        .Select(x => x.Value.GetString()).FirstOrDefault()
                    : null;
                var code = Property(CodeName()) ?? throw new InvalidDataException(
                    $"{file} feature {n}: no LSOA code property (LSOA11CD, LSOA21CD or lsoa_code). Nothing was loaded.");
                if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                    throw new InvalidDataException($"{file} feature {n} ({code}): no geometry. Nothing was loaded.");
                var type = geometry.GetProperty("type").GetString();
                var coordinates = geometry.GetProperty("coordinates");
                var polygons = type switch
                {
                    "Polygon" => [coordinates],
                    "MultiPolygon" => coordinates.EnumerateArray().ToList(),
                    _ => throw new InvalidDataException($"{file} feature {n} ({code}): geometry {type} is not a Polygon or MultiPolygon. Nothing was loaded."),
                };
                var rings = polygons.SelectMany(poly => poly.EnumerateArray())
                    .Select(ring => (IReadOnlyList<double[]>)[.. ring.EnumerateArray().Select(pt => new[] { pt[0].GetDouble(), pt[1].GetDouble() })])
                    .ToList();
                areas.Add(new Area(code, Property(NameName()), rings));
            }
            return areas;
        }
    }

    /// <summary>Replaces the LMNS's boundaries with those of the file (of <paramref name="districts"/> only, when given).</summary>
    public static LoadResult Import(Database database, Access access, string lmns, string path, IReadOnlyCollection<string>? districts = null)
    {
        access.Demand(ProgrammeStore.MayEdit(access, lmns), $"load the LSOA boundaries of {lmns}");
        IReadOnlyList<Area> areas;
        using (var stream = File.OpenRead(path)) areas = Read(stream, Path.GetFileName(path));
        var keep = areas;
        if (districts is { Count: > 0 })
        {
            using var connection = database.Open();
            var codes = connection.Query<(string Lsoa, string? Lad)>("SELECT lsoa_code, lad_code FROM imd_lsoa")
                .Where(r => r.Lad is not null && districts.Contains(r.Lad, StringComparer.OrdinalIgnoreCase)).Select(r => r.Lsoa).ToHashSet(StringComparer.Ordinal);
            keep = [.. areas.Where(a => codes.Contains(a.Code))];
        }
        Store(database, access, lmns, keep, Path.GetFileName(path));
        return new LoadResult(keep.Count, areas.Count - keep.Count);
    }

    /// <summary>Replaces the LMNS's boundaries with <paramref name="keep"/> in one transaction, audited.</summary>
    public static void Store(Database database, Access access, string lmns, IReadOnlyList<Area> keep, string source)
    {
        access.Demand(ProgrammeStore.MayEdit(access, lmns), $"load the LSOA boundaries of {lmns}");
        ProgrammeStore.Write(database, (connection, tx, now) =>
        {
            connection.Execute(connection.Sql("DELETE FROM programme_boundary WHERE lmns_code = $lmns"), new { lmns }, tx);
            connection.Execute(connection.Sql("""
                INSERT INTO programme_boundary (lmns_code, lsoa_code, lsoa_name, rings, loaded_at, loaded_by)
                VALUES ($lmns, $Code, $Name, $Rings, $now, $by)
                """), keep.Select(a => new { lmns, a.Code, a.Name, Rings = JsonSerializer.Serialize(a.Rings), now, by = access.Name }), tx);
        });
        AuditLog.Append(database, access.Name, "programme.boundaries", lmns,
            string.Create(CultureInfo.InvariantCulture, $"{keep.Count} LSOAs from {source}"));
    }

    /// <summary>The LMNS's boundaries with each LSOA's IMD decile (latest edition loaded; null when the LSOA has none).</summary>
    public static IReadOnlyList<(Area Area, int? Decile)> Load(Database database, Access access, string lmns)
    {
        access.Demand(access.Role != Role.Public, "see the programme registers");
        using var connection = database.Open();
        using var reading = database.Reading();
        return [.. connection.Query<(string Code, string? Name, string Rings, int? Decile)>(connection.Sql("""
            SELECT b.lsoa_code, b.lsoa_name, b.rings,
                   (SELECT i.imd_decile FROM imd_lsoa i WHERE i.lsoa_code = b.lsoa_code ORDER BY i.edition DESC LIMIT 1)
            FROM programme_boundary b WHERE b.lmns_code = $lmns ORDER BY b.lsoa_code
            """), new { lmns })
            .Select(r => (new Area(r.Code, r.Name, JsonSerializer.Deserialize<List<List<double[]>>>(r.Rings)!.Select(x => (IReadOnlyList<double[]>)x).ToList()), r.Decile))];
    }

    [GeneratedRegex("^(LSOA\\d\\dCD|lsoa_?code)$", RegexOptions.IgnoreCase)]
    private static partial Regex CodeName();

    [GeneratedRegex("^(LSOA\\d\\dNM|lsoa_?name)$", RegexOptions.IgnoreCase)]
    private static partial Regex NameName();
}
