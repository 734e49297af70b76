namespace Maternity.Indicators;

/// <summary>A way of splitting a count into groups; <see cref="Total"/> is the whole.</summary>
public enum Breakdown
{
    Total,
    /// <summary>Mother's ethnic group: White, Mixed, Asian, Black, Other, then Not stated, Not known, Missing or invalid.</summary>
    EthnicGroup,
    /// <summary>Mother's ethnic category: the 16 valid codes A-S, Z (not stated), 99 (not known), and Missing or invalid.</summary>
    EthnicCategory,
    /// <summary>IMD decile of the mother's residence, 1 (most deprived) to 10, or Unknown.</summary>
    ImdDecile,
    /// <summary>IMD quintile of the mother's residence, 1 (most deprived) to 5, or Unknown.</summary>
    ImdQuintile,
    /// <summary>Ethnic group and IMD quintile together, e.g. "Black | 1": the intersection no national output gives.</summary>
    EthnicGroupByImdQuintile,
    /// <summary>Mother's age at booking: Under 20, 20-24, 25-29, 30-34, 35-39, 40-44, 45 and over, Unknown.</summary>
    AgeBand,
}
