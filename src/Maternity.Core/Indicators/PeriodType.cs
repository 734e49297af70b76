namespace Maternity.Indicators;

/// <summary>
/// The periods counts are reported over. Counts are stored by month and summed into the others (numerators and
/// denominators add up; values and intervals are then computed from the sums, never averaged).
/// </summary>
public enum PeriodType
{
    Month,
    /// <summary>Quarters starting in January, April, July and October (financial-year quarters Q4, Q1, Q2, Q3).</summary>
    Quarter,
    /// <summary>April to March.</summary>
    FinancialYear,
    /// <summary>The 12 months ending with each month.</summary>
    Rolling12Months,
}
