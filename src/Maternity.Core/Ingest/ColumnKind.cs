namespace Maternity.Ingest;

/// <summary>How a canonical column is read from text.</summary>
public enum ColumnKind
{
    /// <summary>Free text or an identifier.</summary>
    Text,
    /// <summary>A value from a fixed code list.</summary>
    Code,
    /// <summary>A calendar date, ISO 8601 (yyyy-MM-dd) unless the mapping file names other formats.</summary>
    Date,
    /// <summary>A whole number.</summary>
    WholeNumber,
    /// <summary>A decimal number.</summary>
    Number,
}
