namespace Maternity.Synthetic;

/// <summary>
/// What a generator run wrote: rows per file, and the defective rows it injected with the number of rows
/// ingest must reject per table because of them (rejected bookings take their children with them).
/// </summary>
public sealed record GeneratorManifest(
    GeneratorOptions Options,
    long Births,
    IReadOnlyDictionary<string, long> RowsWritten,
    IReadOnlyDictionary<string, long> DefectsInjected,
    IReadOnlyDictionary<string, long> ExpectedQuarantined,
    string ImdFile,
    IReadOnlyList<string> Files);
