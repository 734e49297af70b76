namespace Maternity.Synthetic;

/// <summary>
/// What a generator run wrote: rows per file, and the defective rows it injected with the number of rows
/// ingest must reject per table because of them (rejected bookings take their children with them), and the exact
/// number of data-quality defects written per trust: "EthnicityNotValid:X1C" and "ResidenceMissing:X1B" count
/// bookings that load; "EthnicityDefault:X1C" (Z or 99) and "EthnicityMissing:X1C" count every mother row.
/// </summary>
public sealed record GeneratorManifest(
    GeneratorOptions Options,
    long Births,
    IReadOnlyDictionary<string, long> RowsWritten,
    IReadOnlyDictionary<string, long> DefectsInjected,
    IReadOnlyDictionary<string, long> ExpectedQuarantined,
    string ImdFile,
    IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, long> DataQualityDefects);
