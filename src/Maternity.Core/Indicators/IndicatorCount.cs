namespace Maternity.Indicators;

/// <summary>Numerator and denominator of one indicator for one org, period and breakdown group.</summary>
public sealed record IndicatorCount(
    string IndicatorId,
    int IndicatorVersion,
    string OrgLevel,
    string OrgCode,
    string PeriodType,
    DateOnly PeriodStart,
    string Breakdown,
    string GroupCode,
    long Numerator,
    long Denominator,
    string Source,
    string Exactness)
{
    /// <summary>The period as the pages show it: "2022-23" for a financial year, "2022-04" for a month.</summary>
    public string Period => Returns.NationalStatistics.Label(PeriodType, PeriodStart);
}
