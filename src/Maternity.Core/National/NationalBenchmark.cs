using Maternity.Storage;

namespace Maternity.National;

/// <summary>
/// The board pack's benchmark from the national publication: each published rate of the latest financial year for the
/// LMNS (the sum of its trusts) beside England, with coverage and the verdict where the rounding cannot change it.
/// Null when no national publication is loaded.
/// </summary>
public sealed record NationalBenchmark(string? Org, string Year, IReadOnlyList<NationalView.RateRow> Rows, double MinCoverage)
{
    public static NationalBenchmark? ForPack(Database database, string lmns, double minCoverage = NationalView.DefaultMinCoverage)
    {
        var years = NationalView.Publications(database).Where(p => p.PeriodType == "FinancialYear").ToList();
        if (years.Count == 0) return null;
        var latest = years.Max(p => p.Start);
        var org = NationalView.Choose(database, lmns)?.Code;
        return new NationalBenchmark(org, Returns.NationalStatistics.Label("FinancialYear", latest), NationalView.Overview(database, org, latest, minCoverage), minCoverage);
    }

    /// <summary>
    /// England's published figure of the year for a catalogue indicator (the rate mapped to it that the year publishes),
    /// the board pack's England column: the figure the indicator page and /api/national/{rate} show. Null when none.
    /// </summary>
    public NationalView.Figure? England(string indicator) =>
        Rows.Where(r => indicator.Equals(r.Rate.Indicator, StringComparison.OrdinalIgnoreCase)).Select(r => r.England).FirstOrDefault(e => e is not null);
}
