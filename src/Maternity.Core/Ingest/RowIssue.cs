namespace Maternity.Ingest;

/// <summary>Why one row of a file was not loaded: its row number (the header is row 1), column, value and reason.</summary>
public sealed record RowIssue(long Row, string Column, string? Value, string Reason);
