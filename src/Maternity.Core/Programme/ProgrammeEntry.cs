using System.Globalization;

namespace Maternity.Programme;

/// <summary>
/// One row of a register's sheet as it stands (or stood): its fields in canonical text (dates yyyy-MM-dd, money and
/// numbers invariant, lists joined with "; "), its version and who changed it last and when.
/// </summary>
public sealed record ProgrammeEntry(string Sheet, string Id, int Version, DateTime ChangedAt, string ChangedBy,
    IReadOnlyDictionary<string, string> Fields)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The field's text, or null when blank.</summary>
    public string? Text(string column) => Fields.TryGetValue(column, out var v) && v.Length > 0 ? v : null;

    public DateOnly? Date(string column) => Text(column) is { } v ? DateOnly.ParseExact(v, "yyyy-MM-dd", Inv) : null;

    public decimal? Number(string column) => Text(column) is { } v ? decimal.Parse(v, NumberStyles.Number, Inv) : null;

    public long? Whole(string column) => Text(column) is { } v ? long.Parse(v, Inv) : null;

    public IReadOnlyList<string> List(string column) =>
        Text(column) is { } v ? [.. v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [];
}
