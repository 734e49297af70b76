using Maternity.Storage;

namespace Maternity.National;

/// <summary>
/// A catalogue indicator beside the national publication: for the built-in indicators that
/// <see cref="NationalMapping.Rates"/> maps to a catalogue indicator, the latest published financial year's England,
/// the organisation, its LMNS (the sum of its trusts) and region, and five peer trusts. Every figure is
/// <see cref="NationalView.Figures"/>'s: published counts rounded to 5, approximate 95% Wilson interval, coverage, and
/// the verdict against England only where the rounding cannot change it. The same figure is on the indicator page, in
/// /api/national/{rate} and in the board pack's England column (<see cref="NationalBenchmark.England"/>).
/// </summary>
/// <param name="Regions">Every region, the organisation's own first (<see cref="NationalRegions"/>).</param>
/// <param name="OwnRegion">The organisation's region code from the hierarchy, or null when it is not known.</param>
public sealed record NationalIndicatorBenchmark(NationalMapping.Rate Rate, string Year, NationalView.Figure? England, NationalView.Figure? Org,
    string Verdict, NationalView.Figure? Lmns, IReadOnlyList<NationalView.Figure> Regions, string? OwnRegion, IReadOnlyList<NationalView.Figure> Peers,
    double MinCoverage)
{
    /// <summary>The benchmark of a catalogue indicator for an organisation, or null when the indicator is not published or nothing is loaded.</summary>
    public static NationalIndicatorBenchmark? For(Database database, string indicator, string? org, double minCoverage = NationalView.DefaultMinCoverage)
    {
        var rates = NationalMapping.Rates.Where(r => indicator.Equals(r.Indicator, StringComparison.OrdinalIgnoreCase)).ToList();
        if (rates.Count == 0) return null;
        var years = NationalView.Publications(database).Where(p => p.PeriodType == "FinancialYear").Select(p => p.Start).ToList();
        if (years.Count == 0) return null;
        var latest = years.Max();
        var region = NationalRegions.Of(database, org);
        var lmns = NationalRegions.LmnsOf(database, org);
        // Two rates can stand for one indicator (the 2019-20 layout and the later one): the one published in the latest year.
        foreach (var rate in rates)
        {
            var year = NationalView.Figures(database, rate, minCoverage).Where(f => f.Start == latest).ToList();
            if (year.Count == 0) continue;
            var england = year.FirstOrDefault(f => f.Level == "National");
            var mine = org is null ? null : year.FirstOrDefault(f => f.Level != "National" && f.Org.Equals(org, StringComparison.OrdinalIgnoreCase));
            var rollUp = lmns is null ? null : year.FirstOrDefault(f => f.Level == "LMNS" && f.Org.Equals(lmns, StringComparison.OrdinalIgnoreCase));
            var peers = mine is { Level: "Provider" } ? NationalView.Peers(year, mine.Org) : [];
            return new NationalIndicatorBenchmark(rate, Returns.NationalStatistics.Label("FinancialYear", latest), england, mine,
                NationalView.Verdict(mine, england), rollUp, NationalRegions.OwnFirst(year, region), region, peers, minCoverage);
        }
        return null;
    }
}
