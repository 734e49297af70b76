namespace Maternity.Statistics;

/// <summary>How small numbers are protected in outputs that leave the analyst role.</summary>
public enum SuppressionKind
{
    /// <summary>NHS England's rule for published maternity statistics: 0 stays 0, 1-7 becomes 5, above 7 rounds to the nearest 5.</summary>
    NhsRounding,
    /// <summary>Counts from 1 to Threshold − 1 are withheld (shown as suppressed), with secondary suppression.</summary>
    Threshold,
    /// <summary>No protection: for the analyst role only.</summary>
    None,
}

/// <summary>
/// The disclosure-control policy applied to every count that leaves the analyst role. The default is the rule
/// NHS England applies to the Maternity Services Monthly Statistics (MSDS_Suppress_Monthly_Measures):
/// suppress(0) = 0; suppress(1..7) = 5; suppress(v > 7) = 5 × round(v/5) (integers never tie); rates are then
/// computed from the suppressed counts. Under rounding every count, totals included, is rounded, so no cell can be
/// recovered exactly from its totals. Under <see cref="SuppressionKind.Threshold"/> a withheld cell could be
/// recovered from its total minus the other cells, so <see cref="Apply(IReadOnlyList{long})"/> also withholds the
/// smallest other non-zero cell of its group (secondary suppression).
/// </summary>
public sealed record SuppressionPolicy(SuppressionKind Kind = SuppressionKind.NhsRounding, int Threshold = 8, int Base = 5)
{
    public static SuppressionPolicy Default { get; } = new();

    public static SuppressionPolicy Off { get; } = new(SuppressionKind.None);

    /// <summary>The count as it may be shown; null when withheld. Negative counts are an error.</summary>
    public long? Apply(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Kind switch
        {
            SuppressionKind.NhsRounding => count == 0 ? 0 : count < Threshold ? Base : Base * (long)Math.Round(count / (double)Base, MidpointRounding.AwayFromZero),
            SuppressionKind.Threshold => count > 0 && count < Threshold ? null : count,
            _ => count,
        };
    }

    /// <summary>
    /// A group of cells that add up to a total shown beside them, each as it may be shown. Under the threshold
    /// policy, if exactly one cell is withheld, the smallest other non-zero cell is withheld too.
    /// </summary>
    public IReadOnlyList<long?> Apply(IReadOnlyList<long> cells)
    {
        var shown = cells.Select(Apply).ToArray();
        if (Kind != SuppressionKind.Threshold || shown.Count(c => c is null) != 1) return shown;
        var candidate = Enumerable.Range(0, cells.Count).Where(i => shown[i] is not null && cells[i] > 0)
            .OrderBy(i => cells[i]).ThenBy(i => i).Cast<int?>().FirstOrDefault();
        if (candidate is { } index) shown[index] = null;
        return shown;
    }

    /// <summary>The rate computed from the shown counts, × multiplier; null when either is withheld or the denominator is 0.</summary>
    public double? Rate(long numerator, long denominator, double multiplier = 100) =>
        Apply(numerator) is { } n && Apply(denominator) is { } d && d > 0 ? n / (double)d * multiplier : null;
}
