namespace Maternity.Indicators;

/// <summary>
/// One indicator, as data. The numerator and denominator are SQL predicates over the columns of its
/// cohort (see <see cref="Cohort"/> and docs/indicators.md); a record counts in the denominator when
/// <see cref="Denominator"/> holds and in the numerator when both hold. The engine adds no other filter.
/// </summary>
/// <param name="Multiplier">100 for a percentage, 1,000 for a rate per 1,000.</param>
/// <param name="Target">The target value in the indicator's unit, if one is set; met when the value is on the better side of it (or equal).</param>
/// <param name="Cqim">The national Clinical Quality Improvement Metric this indicator follows, if any.</param>
/// <param name="Version">Raised whenever the definition changes, so trends can show where.</param>
/// <param name="AgeSensitivity">For an outcome whose rate depends on the mother's age: why. Its indicator page then shows,
/// beside each trust's crude rate, the rate indirectly standardised for age band at booking
/// (<see cref="IndicatorAnalysis.AgeStandardise"/>). Null for the others. Changes no count, so no new version.</param>
public sealed record IndicatorDefinition(
    string Id,
    string Title,
    string Domain,
    Cohort Cohort,
    string NumeratorText,
    string DenominatorText,
    string Exclusions,
    string Numerator,
    string Denominator,
    string Unit,
    int Multiplier,
    Polarity Polarity,
    double? Target,
    string? TargetSource,
    int Version,
    string? Cqim = null,
    string? AgeSensitivity = null)
{
    public bool HigherIsBetter => Polarity == Polarity.HigherIsBetter;

    /// <summary>Whether the indicator counts the priority cohort (<c>in_priority</c>), which each LMNS defines for itself.</summary>
    public bool UsesPriorityCohort => Numerator.Contains("in_priority", StringComparison.Ordinal) || Denominator.Contains("in_priority", StringComparison.Ordinal);

    /// <summary>Whether the outcome's rate depends on the mother's age, so its pages also show age-standardised rates.</summary>
    public bool IsAgeSensitive => AgeSensitivity is not null;
}
