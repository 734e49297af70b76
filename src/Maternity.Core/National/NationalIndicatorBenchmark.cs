using System.Globalization;
using Maternity.Storage;

namespace Maternity.National;

/// <summary>
/// A catalogue indicator beside the national publication: for the built-in indicators that
/// <see cref="NationalMapping.Rates"/> maps to a catalogue indicator, one published financial year's England, the
/// organisation, its LMNS (the sum of its trusts) and region, and five peer trusts, with the trend of the organisation
/// and its peers over every year the indicator is published. Every figure is <see cref="NationalView.Figures"/>'s:
/// published counts rounded to 5, approximate 95% Wilson interval, coverage, and the verdict against England only where
/// the rounding cannot change it. The same figure is on the indicator page, in /api/national/{rate} and in the board
/// pack's England column (<see cref="NationalBenchmark.England"/>).
/// <para>The year: the financial year asked for ("2021-22" or "2021") when the indicator is published in it; else the
/// latest year it is published in, and <see cref="NotPublished"/> keeps the year that was asked for so the page can say
/// so. Peers: <see cref="NationalView.Peers"/>, the five other trusts whose total deliveries (total babies for a rate
/// counted in babies) of the year shown are nearest the trust's, among those with enough coverage: a size match, not
/// a published peer group.</para>
/// </summary>
/// <param name="Regions">Every region, the organisation's own first (<see cref="NationalRegions"/>).</param>
/// <param name="OwnRegion">The organisation's region code from the hierarchy, or null when it is not known.</param>
public sealed record NationalIndicatorBenchmark(NationalMapping.Rate Rate, string Year, NationalView.Figure? England, NationalView.Figure? Org,
    string Verdict, NationalView.Figure? Lmns, IReadOnlyList<NationalView.Figure> Regions, string? OwnRegion, IReadOnlyList<NationalView.Figure> Peers,
    double MinCoverage)
{
    /// <summary>Every financial year the indicator is published in, as labels ("2022-23"), latest first: the page's year chooser.</summary>
    public IReadOnlyList<string> Years { get; init; } = [];

    /// <summary>The year asked for when the indicator is not published in it (so the latest is shown instead), else null.</summary>
    public string? NotPublished { get; init; }

    /// <summary>The years of <see cref="Trend"/>, oldest first.</summary>
    public IReadOnlyList<string> TrendYears { get; init; } = [];

    /// <summary>England, the organisation and each peer (chosen in the year shown), one figure per year of <see cref="TrendYears"/>.</summary>
    public IReadOnlyList<TrendRow> Trend { get; init; } = [];

    /// <summary>How the peers were chosen, in a sentence for the page.</summary>
    public string PeersChosen => Org switch
    {
        { Level: "Provider", Total: { } size } m => string.Create(CultureInfo.InvariantCulture,
            $"Peers: the five other trusts whose size in {Year} (total deliveries, or total babies for a rate counted in babies) is nearest ")
            + string.Create(CultureInfo.InvariantCulture, $"{m.OrgName}'s ({size:N0}), among those with at least {MinCoverage:0.#}% coverage: ")
            + "a match on size alone, not a published peer group.",
        { Level: "Provider" } m => $"No peers: {m.OrgName}'s total deliveries are not published for {Year}, and peers are the trusts nearest in size.",
        _ => "Peers are chosen for a trust (the five other trusts nearest it in total deliveries): choose a trust to see them.",
    };

    /// <summary>One organisation's figure in each year of <see cref="TrendYears"/>; null where that year has none for it.</summary>
    public sealed record TrendRow(string Name, string Org, bool Peer, IReadOnlyList<NationalView.Figure?> Figures);

    /// <summary>
    /// The benchmark of a catalogue indicator for an organisation in a financial year (the latest when
    /// <paramref name="year"/> is null or not published), or null when the indicator is not published or nothing is loaded.
    /// </summary>
    public static NationalIndicatorBenchmark? For(Database database, string indicator, string? org, string? year = null,
        double minCoverage = NationalView.DefaultMinCoverage)
    {
        var rates = NationalMapping.Rates.Where(r => indicator.Equals(r.Indicator, StringComparison.OrdinalIgnoreCase)).ToList();
        if (rates.Count == 0) return null;
        var published = NationalView.Publications(database).Where(p => p.PeriodType == "FinancialYear").Select(p => p.Start).ToHashSet();
        if (published.Count == 0) return null;
        // Two rates can stand for one indicator (the 2019-20 layout and the later one): each year is read from the first
        // rate published in it.
        var byYear = new SortedDictionary<DateOnly, (NationalMapping.Rate Rate, List<NationalView.Figure> Figures)>();
        foreach (var rate in rates)
        {
            foreach (var group in NationalView.Figures(database, rate, minCoverage)
                .Where(f => published.Contains(f.Start) && f.Period == Label(f.Start)).GroupBy(f => f.Start))
                byYear.TryAdd(group.Key, (rate, group.ToList()));
        }
        if (byYear.Count == 0) return null;
        var asked = NationalOverview.Start(year);
        var start = asked is { } a && byYear.ContainsKey(a) ? a : byYear.Keys.Max();
        var (shownRate, inYear) = byYear[start];
        var region = NationalRegions.Of(database, org);
        var lmns = NationalRegions.LmnsOf(database, org);
        var england = inYear.FirstOrDefault(f => f.Level == "National");
        var mine = org is null ? null : inYear.FirstOrDefault(f => f.Level != "National" && f.Org.Equals(org, StringComparison.OrdinalIgnoreCase));
        var rollUp = lmns is null ? null : inYear.FirstOrDefault(f => f.Level == "LMNS" && f.Org.Equals(lmns, StringComparison.OrdinalIgnoreCase));
        var peers = mine is { Level: "Provider" } ? NationalView.Peers(inYear, mine.Org) : [];
        var trend = new List<TrendRow>();
        if (england is not null) trend.Add(Row("England", england, peer: false));
        if (mine is not null) trend.Add(Row(mine.OrgName, mine, peer: false));
        trend.AddRange(peers.Select(p => Row(p.OrgName, p, peer: true)));
        return new NationalIndicatorBenchmark(shownRate, Label(start), england, mine, NationalView.Verdict(mine, england), rollUp,
            NationalRegions.OwnFirst(inYear, region), region, peers, minCoverage)
        {
            Years = [.. byYear.Keys.Reverse().Select(Label)],
            NotPublished = year is { Length: > 0 } && (asked is null || asked != start) ? year : null,
            TrendYears = [.. byYear.Keys.Select(Label)],
            Trend = trend,
        };

        TrendRow Row(string name, NationalView.Figure shown, bool peer) => new(name, shown.Org, peer,
            [.. byYear.Values.Select(y => y.Figures.FirstOrDefault(f => f.Level == shown.Level && f.Org.Equals(shown.Org, StringComparison.OrdinalIgnoreCase)))]);
    }

    private static string Label(DateOnly start) => Returns.NationalStatistics.Label("FinancialYear", start);
}
