namespace Maternity.Ingest;

/// <summary>
/// What one ingest did. <see cref="RowsRead"/> always equals <see cref="RowsLoaded"/> plus
/// <see cref="RowsQuarantined"/>: nothing is silently dropped.
/// </summary>
/// <param name="Issues">The first rejected rows (every one is in the quarantine table).</param>
/// <param name="Warnings">Values loaded as submitted although not valid, by column: the data-quality measures count them.</param>
/// <param name="IgnoredColumns">Source columns that are not items of the table.</param>
/// <param name="Submissions">The (provider, period) submissions this file replaced.</param>
public sealed record IngestReport(
    string File,
    string Table,
    long RunId,
    long RowsRead,
    long RowsLoaded,
    long RowsQuarantined,
    IReadOnlyList<RowIssue> Issues,
    IReadOnlyDictionary<string, long> Warnings,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<(string Org, DateOnly Period)> Submissions,
    TimeSpan Elapsed);
