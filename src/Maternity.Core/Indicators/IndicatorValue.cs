using Maternity.Statistics;

namespace Maternity.Indicators;

/// <summary>An indicator's value with its interval for a numerator and denominator.</summary>
public sealed record IndicatorValue(IndicatorDefinition Definition, long Numerator, long Denominator, Interval Interval)
{
    /// <summary>
    /// Percentages get the Wilson score interval; rates per 1,000 get Byar's (exact Poisson below 10 events).
    /// A zero denominator gives NaN value and limits.
    /// </summary>
    public static IndicatorValue Of(IndicatorDefinition definition, long numerator, long denominator, double level = 0.95) =>
        new(definition, numerator, denominator, definition.Unit == "%"
            ? Proportion.Wilson(numerator, denominator, level, definition.Multiplier)
            : Rate.Interval(numerator, denominator, level, definition.Multiplier));

    /// <summary>Whether the value meets the target (the RAG rule's Green); null without a target, a value or a better direction.</summary>
    public bool? MeetsTarget => IndicatorAnalysis.Rag(Definition, Interval) switch
    {
        "" => null,
        var rag => rag == "Green",
    };
}
