namespace Maternity.Indicators;

/// <summary>
/// One indicator, as data. The numerator and denominator are SQL predicates over the columns of its
/// cohort (see <see cref="Cohort"/>); a row counts in the denominator when <see cref="Denominator"/> holds
/// and in the numerator when both hold. The engine adds no other filter.
/// </summary>
/// <param name="Multiplier">100 for a percentage, 1,000 for a rate per 1,000.</param>
/// <param name="HigherIsBetter">Polarity: true when a higher value is better, false when lower is better.</param>
/// <param name="Target">The target value in the indicator's unit, if one is set.</param>
/// <param name="Version">Raised whenever the definition changes, so trends can show where.</param>
public sealed record IndicatorDefinition(
    string Id,
    string Title,
    Cohort Cohort,
    string NumeratorText,
    string DenominatorText,
    string Exclusions,
    string Numerator,
    string Denominator,
    string Unit,
    int Multiplier,
    bool HigherIsBetter,
    double? Target,
    string? TargetSource,
    IReadOnlyList<Breakdown> Breakdowns,
    int Version);
