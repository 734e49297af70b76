using System.Text.RegularExpressions;

namespace Maternity.Ingest;

/// <summary>
/// One column of a canonical MSDS-shaped file: its MSDS v2 data item name, type and the rule a value must meet.
/// When <see cref="KeepInvalid"/> is set, a value that breaks the rule is still loaded as submitted (and
/// reported as a warning) because the data-quality measures must see it; otherwise the row is quarantined.
/// <see cref="Defaults"/> are the codes that mean "not stated" or "not known" (the D of the national VODIM
/// profile); <see cref="ValidSql"/> is the SQL form of a text pattern, for the field profile.
/// </summary>
public sealed record ColumnSpec(
    string Name,
    ColumnKind Kind,
    bool Required,
    string Description,
    IReadOnlyList<string>? Codes = null,
    double? Min = null,
    double? Max = null,
    Regex? Pattern = null,
    string? PatternText = null,
    bool KeepInvalid = false,
    string? Unit = null,
    IReadOnlyList<string>? Defaults = null,
    string? ValidSql = null)
{
    /// <summary>The rule in words, for messages and the data-model document.</summary>
    public string Rule => Kind switch
    {
        ColumnKind.Code => "one of " + string.Join(", ", Codes ?? []),
        ColumnKind.Date => "date yyyy-MM-dd",
        ColumnKind.WholeNumber or ColumnKind.Number when Min is not null && Max is not null =>
            $"{(Kind == ColumnKind.WholeNumber ? "whole number" : "number")} {Min}-{Max}{(Unit is null ? "" : " " + Unit)}",
        ColumnKind.WholeNumber => "whole number",
        ColumnKind.Number => "number",
        ColumnKind.Text when PatternText is not null => PatternText,
        _ => "any text",
    };

    /// <summary>Whether any value can break the rule (free text without a pattern cannot).</summary>
    public bool HasRule => Kind != ColumnKind.Text || Pattern is not null;
}
