using Maternity.Statistics;

namespace Maternity.Indicators;

/// <summary>
/// One indicator value for an organisation, period and breakdown group: the counts, the value with its interval,
/// the comparison with the breakdown's reference group (ratio and difference with intervals) and the RAG rating
/// against the target. <see cref="MonthsCovered"/> tells whether a quarter, year or rolling year is complete.
/// <see cref="Source"/> (record-level, return or national) and <see cref="Exactness"/> (exact, suppressed or
/// published-rounded) say where the counts came from: counts of different kinds are never summed together.
/// </summary>
public sealed record IndicatorResult(
    string IndicatorId,
    string OrgLevel,
    string OrgCode,
    PeriodType PeriodType,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    int MonthsCovered,
    string Breakdown,
    string Group,
    long Numerator,
    long Denominator,
    Interval Value,
    string? ReferenceGroup,
    Interval? Ratio,
    Interval? Difference,
    string Rag,
    string Source = "record-level",
    string Exactness = "exact");
