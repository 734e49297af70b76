namespace Maternity.Ingest;

/// <summary>
/// One canonical input table, named after its MSDS v2 table. Every table starts with OrgCodeProvider and
/// RPStartDate: a submission is (provider, reporting period, table).
/// </summary>
/// <param name="Key">Columns that identify a row: a second row with the same key in one load is a duplicate.</param>
/// <param name="References">Columns that must name a row already loaded (or loaded earlier in the same run) in a parent table.</param>
/// <param name="DateOrder">Pairs (earlier, later) of date columns that must be in that order when both are given.</param>
public sealed record MsdsTable(
    string Name,
    string Description,
    IReadOnlyList<ColumnSpec> Columns,
    IReadOnlyList<string> Key,
    IReadOnlyList<MsdsTable.Reference> References,
    IReadOnlyList<(string Earlier, string Later)> DateOrder)
{
    public sealed record Reference(string Column, string ParentTable, string ParentColumn);

    public int IndexOf(string column) => Columns.ToList().FindIndex(c => c.Name.Equals(column, StringComparison.OrdinalIgnoreCase));
}
