using System.Globalization;

namespace Maternity.Indicators;

/// <summary>
/// A reporting period as people say it: a financial year "2022-23" (April 2022 to March 2023, the NHS's own label and
/// the national publication's); a month, a quarter or the 12 months to a month by its first month, "2022-04".
/// </summary>
public static class PeriodLabel
{
    public static string Of(PeriodType type, DateOnly start) => type == PeriodType.FinancialYear
        ? Returns.NationalStatistics.Label("FinancialYear", start)
        : start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
