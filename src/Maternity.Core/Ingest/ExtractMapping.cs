using System.Text.Json;

namespace Maternity.Ingest;

/// <summary>
/// Turns a local extract (an EPR export) into the canonical shape: which MSDS table the file is, which
/// local column feeds each MSDS data item, how local values recode to MSDS codes, and which date formats
/// the extract uses. Example:
/// <code>
/// { "table": "MSD001MotherDemog",
///   "columns": { "Trust": "OrgCodeProvider", "Month": "RPStartDate", "PatientRef": "LPIDMother", "Ethnicity": "EthnicCategoryMother" },
///   "values": { "EthnicCategoryMother": { "White British": "A", "Declined": "Z" } },
///   "dateFormats": [ "dd/MM/yyyy" ] }
/// </code>
/// </summary>
public sealed record ExtractMapping(
    string? Table,
    IReadOnlyDictionary<string, string>? Columns,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Values,
    IReadOnlyList<string>? DateFormats)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static ExtractMapping Identity { get; } = new(null, null, null, null);

    public static ExtractMapping Load(string path)
    {
        ExtractMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<ExtractMapping>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: mapping file is not valid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
        if (mapping is null) throw new InvalidDataException($"{path}: mapping file is empty.");
        if (mapping.Table is not null && MsdsSchema.Find(mapping.Table) is null)
            throw new InvalidDataException($"{path}: table '{mapping.Table}' is not one of {string.Join(", ", MsdsSchema.Tables.Select(t => t.Name))}.");
        return mapping;
    }

    /// <summary>The canonical item a source header feeds: the mapped name, else the header itself.</summary>
    public string TargetOf(string header) =>
        Columns?.FirstOrDefault(kv => kv.Key.Equals(header, StringComparison.OrdinalIgnoreCase)).Value ?? header.Trim();

    /// <summary>A local value recoded to its MSDS code; unchanged when the mapping does not name it.</summary>
    public string Recode(string item, string value) =>
        Values is not null && Values.TryGetValue(item, out var codes) && codes.TryGetValue(value, out var code) ? code : value;
}
