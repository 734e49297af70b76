namespace Maternity.Ingest;

/// <summary>How far an ingest has got through its file.</summary>
public sealed record IngestProgress(string File, long BytesRead, long BytesTotal, long Rows);
