namespace Maternity.Indicators;

/// <summary>A way of splitting a count into groups; <see cref="Total"/> is the whole.</summary>
public enum Breakdown
{
    Total,
    /// <summary>Mother's ethnic group: White, Mixed, Asian, Black, Other, then not stated, not known, missing or invalid.</summary>
    EthnicGroup,
    /// <summary>IMD quintile of the mother's residence (1 = most deprived), or Unknown.</summary>
    ImdQuintile,
}
