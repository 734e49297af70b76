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
    string Exactness = "exact")
{
    /// <summary>
    /// For counts shown rounded: how the group compares with its reference on the exact counts ("higher", "lower",
    /// "similar" or "not compared", by the 95% interval of the exact ratio), so every caller is told the same verdict
    /// (<see cref="ShownFigures.Judged"/>). Null when the counts shown are exact: the verdict is read from <see cref="Ratio"/>.
    /// </summary>
    public string? ExactComparison { get; init; }

    /// <summary>
    /// The period as the pages show it (<see cref="PeriodLabel"/>): "2022-23" for a financial year, "2022-04" for a month;
    /// the CSV and JSON outputs carry it beside the dates, which stay for machines.
    /// </summary>
    public string Period => PeriodLabel.Of(PeriodType, PeriodStart);
}
