using Maternity.Indicators;

namespace Maternity.Measures;

/// <summary>What a measure's values are, which decides how they are entered, added up, and given an interval.</summary>
public enum UnitKind
{
    /// <summary>A whole number of things (forums held, staff trained): no interval.</summary>
    Count,
    /// <summary>Numerator over denominator, as a percentage: Wilson score interval.</summary>
    Proportion,
    /// <summary>Events over a population or activity, per <see cref="MeasureDefinition.Per"/>: Byar's, exact under 10 events.</summary>
    Rate,
    /// <summary>A mean of n values with their standard deviation: Student's t interval.</summary>
    Mean,
    /// <summary>An amount in pounds: no interval.</summary>
    Money,
    /// <summary>Yes or no (a policy in place, a declaration made).</summary>
    YesNo,
    /// <summary>One of an ordered list of levels (Baby Friendly stage 1, 2, 3, Gold).</summary>
    Level,
    /// <summary>Free text (a narrative return): shown, never judged.</summary>
    Text,
}

/// <summary>How often a measure has a value.</summary>
public enum Frequency { Month, Quarter, FinancialYear, Year }

/// <summary>Who supplies a measure's values.</summary>
public enum Supplier
{
    /// <summary>Computed from the loaded records (the built-in catalogue).</summary>
    Records,
    /// <summary>Each trust sends a return.</summary>
    TrustReturn,
    /// <summary>The LMNS enters it for itself.</summary>
    LmnsEntry,
}

/// <summary>
/// One measure an LMNS tracks, as data: the built-in record-level indicators are measures too (<see cref="BuiltIn"/>),
/// and an LMNS adds its own from a measures file. <see cref="Version"/> rises whenever a change would read stored
/// values differently (unit, per, levels, numerator, denominator, frequency), so earlier values keep their meaning.
/// </summary>
/// <param name="Per">100 for a percentage; N for a rate per N; 1 otherwise.</param>
/// <param name="Levels">For <see cref="UnitKind.Level"/>, the levels from lowest to highest.</param>
/// <param name="Dimensions">The breakdowns values may be given by (besides the total).</param>
/// <param name="Priority">The plan priority the measure serves ("1", "4a", "Objective 3"), if any.</param>
public sealed record MeasureDefinition(
    string Lmns,
    string Id,
    string Title,
    string Description,
    UnitKind Unit,
    int Per,
    IReadOnlyList<string> Levels,
    string? NumeratorLabel,
    string? DenominatorLabel,
    Polarity Polarity,
    Frequency Frequency,
    IReadOnlyList<string> Dimensions,
    Supplier Supplier,
    string? Priority,
    int Version = 1,
    bool BuiltIn = false)
{
    /// <summary>An LMNS's own measure, filled by returns (not a built-in indicator computed from records).</summary>
    public bool IsLocal => !BuiltIn;

    /// <summary>Whether values have counts under them (and so are added up over trusts and suppressed for viewers).</summary>
    public bool HasCounts => Unit is UnitKind.Count or UnitKind.Proportion or UnitKind.Rate or UnitKind.Mean;

    /// <summary>Whether a value can be judged against a target.</summary>
    public bool Judged => Polarity != Polarity.NoJudgement && Unit is not UnitKind.Text;

    /// <summary>The unit as people write it: "%", "per 1,000", "count", "£", "yes/no", "level", "text", "mean".</summary>
    public string UnitText => Unit switch
    {
        UnitKind.Proportion => "%",
        UnitKind.Rate => $"per {Per:N0}",
        UnitKind.Money => "£",
        UnitKind.YesNo => "yes/no",
        _ => Unit.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether a change from <paramref name="earlier"/> to this would read stored values differently.</summary>
    public bool Reinterprets(MeasureDefinition earlier) =>
        Unit != earlier.Unit || Per != earlier.Per || Frequency != earlier.Frequency || !Levels.SequenceEqual(earlier.Levels)
        || !string.Equals(NumeratorLabel, earlier.NumeratorLabel, StringComparison.Ordinal)
        || !string.Equals(DenominatorLabel, earlier.DenominatorLabel, StringComparison.Ordinal);

    /// <summary>The built-in record-level indicator as a measure (every LMNS has it; monthly; computed from records).</summary>
    public static MeasureDefinition Of(IndicatorDefinition d) => new("*", d.Id, d.Title, $"{d.NumeratorText} out of {d.DenominatorText}.",
        d.Multiplier == 100 ? UnitKind.Proportion : UnitKind.Rate, d.Multiplier, [], d.NumeratorText, d.DenominatorText, d.Polarity,
        Frequency.Month, [.. Enum.GetNames<Breakdown>().Where(b => b != nameof(Breakdown.Total))], Supplier.Records, null, d.Version, BuiltIn: true);
}
