namespace Maternity.Synthetic;

/// <summary>What the synthetic LMNS generator makes.</summary>
/// <param name="BirthsPerYear">Births a year across the LMNS.</param>
/// <param name="Months">Number of months of births, starting at <paramref name="StartMonth"/>.</param>
/// <param name="Seed">The same seed always gives the same files, byte for byte.</param>
/// <param name="InvalidRowRate">Share of babies written with a defect that ingest must reject.</param>
public sealed record GeneratorOptions(
    string OutputDirectory,
    int BirthsPerYear = 30_000,
    int Months = 12,
    DateOnly? StartMonth = null,
    int Seed = 20_240_401,
    double InvalidRowRate = 0.001)
{
    public DateOnly Start => StartMonth ?? new DateOnly(2025, 4, 1);

    public long TotalBirths => (long)Math.Round(BirthsPerYear / 12.0 * Months);
}
