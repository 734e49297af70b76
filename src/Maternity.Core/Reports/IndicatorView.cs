using Maternity.Indicators;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Reports;

/// <summary>
/// Everything a page or a board pack shows of one indicator for one organisation, as the caller may see it: the
/// monthly series with its SPC chart, the value over the latest window (12 months by default) with every breakdown
/// group's value, interval and gap to the reference group, and the funnel of the trusts over the same window.
/// </summary>
/// <param name="Monthly">The Total, month by month (up to 24 months ending at <see cref="To"/>).</param>
/// <param name="Spc">A p′ chart (Laney) of <see cref="Monthly"/>; null with fewer than two months.</param>
/// <param name="Window">The Total and every breakdown group summed over <see cref="From"/> to <see cref="To"/>.</param>
/// <param name="Funnel">The trusts over the window against the pooled value; null with fewer than two trusts.</param>
/// <param name="MonthsWithData">Months of the window for which the store holds counts of this indicator (for any organisation).</param>
/// <param name="MonthsShown">Of those, the months whose Total for <see cref="Org"/> the caller is shown; fewer when disclosure
/// control withholds a month's table from the caller, and then <see cref="Total"/> covers only the months shown.</param>
/// <param name="Trend">The chi-squared test for trend in <see cref="Monthly"/> (scored by month, so a missing month leaves
/// a gap) at the 99.9% level: increasing, decreasing or no significant change; null with fewer than
/// <see cref="TrendMinimumMonths"/> months.</param>
/// <param name="AgeStandardised">For an age-sensitive outcome (<see cref="IndicatorDefinition.IsAgeSensitive"/>): each trust of
/// the organisation's LMNS over the window, standardised for age band at booking against the LMNS's own age-band rates
/// (<see cref="IndicatorAnalysis.AgeStandardise"/>), from the counts the caller is shown; null for other outcomes.</param>
public sealed record IndicatorView(IndicatorDefinition Definition, string Org, DateOnly From, DateOnly To, IReadOnlyList<IndicatorResult> Monthly,
    SpcResult? Spc, IReadOnlyList<IndicatorResult> Window, FunnelResult? Funnel, int MonthsWithData = 0, int MonthsShown = 0,
    TrendResult? Trend = null, IReadOnlyList<AgeStandardisedRate>? AgeStandardised = null)
{
    /// <summary>
    /// When the caller is shown rounded counts: each trust's place in the funnel of the exact counts ("High (99.8%)", ...),
    /// so its verdict on the equity overview is the same for every role; null when the counts shown are the exact ones.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExactTrustSignificance { get; init; }

    /// <summary>
    /// When the caller is shown rounded counts: the ethnic group x deprivation grid of the exact counts over the window,
    /// kept inside the core only to judge the priority cohort's verdict (<see cref="EquityDetail.Priority(IndicatorView, Measures.PriorityCohort)"/>),
    /// never shown; null when the counts shown are the exact ones.
    /// </summary>
    internal IReadOnlyList<IndicatorResult>? ExactGrid { get; init; }

    /// <summary>Months a trend is tested over at the least (the public-health trend markers need five points).</summary>
    public const int TrendMinimumMonths = 5;

    /// <summary>The level of the trend test: the 99.9% recorded for the public-health trend markers.</summary>
    public const double TrendLevel = 0.999;

    /// <summary>Months of the window with data whose counts are withheld from the caller (0 when nothing is).</summary>
    public int MonthsWithheld => Math.Max(0, MonthsWithData - MonthsShown);

    /// <summary>The Total over the window, if there are counts.</summary>
    public IndicatorResult? Total => Window.FirstOrDefault(r => r.Breakdown == "Total");

    public IEnumerable<IndicatorResult> Breakdown(string breakdown) => Window.Where(r => r.Breakdown == breakdown);

    /// <summary>
    /// The view for <paramref name="org"/> with the window of <paramref name="months"/> months ending at <paramref name="to"/>
    /// (default: the latest month with counts). Kept for as long as <see cref="IndicatorEngine.Read"/> hands back the same
    /// counts (it keeps them per caller scope until the stored counts change), so a page of 36 views is built once, not on
    /// every request.
    /// </summary>
    /// <param name="target">The LMNS's own target for the indicator (<see cref="Measures.MeasureStore.MeasureSet.OwnTargetFor"/>), judged at
    /// the window's last month; null for the catalogue's.</param>
    public static IndicatorView Build(Database database, Access access, IndicatorDefinition definition, string org, DateOnly? to = null, int months = 12,
        Measures.MeasureTarget? target = null)
    {
        var source = IndicatorEngine.Read(database, access, definition.Id);
        var key = (database.Description, definition.Id, org, to, months, IndicatorEngine.Scope(access), target is null ? "" : string.Join("|", target.Row()));
        if (Cache.TryGetValue(key, out var hit) && ReferenceEquals(hit.Source, source)) return hit.View;
        // One request builds the new view; others arriving meanwhile are answered with the view kept before, if any.
        // One gate per store and caller scope (as IndicatorEngine.Read): one request rebuilds, the others are answered from what was kept.
        var gate = Building.GetOrAdd((database.Description, key.Item6), _ => new object());
        var busy = !Monitor.TryEnter(gate);
        if (busy && hit.View is not null) return hit.View;
        if (busy) Monitor.Enter(gate);
        try
        {
            if (Cache.TryGetValue(key, out hit) && ReferenceEquals(hit.Source, source)) return hit.View;
            // Which months hold data for the organisation at all (not what they hold), to say when some are withheld.
            var exact = access.Role == Role.Admin ? source : IndicatorEngine.Read(database, Access.System("indicator view"), definition.Id);
            // Which LMNS each trust belongs to, for the age-standardised rates (the organisation hierarchy, not counts).
            IReadOnlyDictionary<string, string> parents = definition.IsAgeSensitive
                ? Reference.OrgHierarchy.Read(database).Orgs.Where(o => o.Parent is not null).ToDictionary(o => o.Code, o => o.Parent!)
                : new Dictionary<string, string>();
            // Which months of each record-level source are complete, for the LMNS the organisation is or sits under: the
            // incomplete ones are drawn on the chart but kept out of its limits and signals.
            var hierarchy = Reference.OrgHierarchy.Read(database);
            var coverage = DataCoverage.Read(database, hierarchy.LmnsOf(org));
            var view = Compute(source, exact, definition, org, to, months, parents, target, coverage);
            if (Cache.Count > 5_000)
            {
                Cache.Clear();
                Callers.Clear();
            }
            Cache[key] = (source, view);
            Callers[key] = (access, definition, target);
            return view;
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Scope), object> Building = new();

    /// <summary>Who asked for each kept view, and with what: so that it can be built again after a compute (<see cref="Warm"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Indicator, string Org, DateOnly? To, int Months, string Scope, string Target), (Access Access, IndicatorDefinition Definition, Measures.MeasureTarget? Target)> Callers = new();

    /// <summary>
    /// Builds again every view kept for <paramref name="database"/> (the ones callers were shown since the process started),
    /// with the counts as they now stand: run after a compute, so the first request for a page finds its views ready. Callers
    /// arriving meanwhile are answered with the views kept before, as while any view is rebuilt. Returns the views built.
    /// </summary>
    public static IReadOnlyList<IndicatorView> Warm(Database database) =>
        [.. Callers.Where(c => c.Key.Store == database.Description).ToList()
            .Select(c => Build(database, c.Value.Access, c.Value.Definition, c.Key.Org, c.Key.To, c.Key.Months, c.Value.Target))];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Indicator, string Org, DateOnly? To, int Months, string Scope, string Target), (IReadOnlyList<IndicatorCount> Source, IndicatorView View)> Cache = new();

    /// <summary>
    /// The view for the caller: the monthly series and the window from the months the caller is shown
    /// (<paramref name="source"/>, as <see cref="ShownFigures"/>); RAG, SPC signals and assurance judged on the
    /// <paramref name="exact"/> counts. Months that some record-level source of <paramref name="coverage"/> does not hold completely
    /// (<see cref="EquityDetail.IncompleteMonths"/>) stay on the chart, marked, but out of its limits and signals.
    /// </summary>
    internal static IndicatorView Compute(IReadOnlyList<IndicatorCount> source, IReadOnlyList<IndicatorCount> exact, IndicatorDefinition definition,
        string org, DateOnly? to, int months, IReadOnlyDictionary<string, string> parents, Measures.MeasureTarget? target = null,
        IReadOnlyList<DataCoverage.Source>? coverage = null)
    {
        var counts = source.Where(c => c.PeriodType == "Month").ToList();
        // Counts of different provenance are never summed: record-level first, else what there is.
        var kinds = counts.Where(c => c.OrgCode == org).Select(c => IndicatorAnalysis.SourceKind(c.Source)).Distinct().ToList();
        var kind = kinds.Contains("record-level") ? "record-level" : kinds.FirstOrDefault() ?? "record-level";
        counts = [.. counts.Where(c => IndicatorAnalysis.SourceKind(c.Source) == kind)];
        var own = counts.Where(c => c.OrgCode == org).Select(c => c.PeriodStart).ToList();
        if (own.Count == 0 && to is null) return new IndicatorView(definition, org, DateOnly.MinValue, DateOnly.MinValue, [], null, [], null);
        // The window ends at the organisation's latest month with data, whether or not the caller is shown that month.
        var exactOwn = exact.Where(c => c.PeriodType == "Month" && c.OrgCode == org && IndicatorAnalysis.SourceKind(c.Source) == kind)
            .Select(c => c.PeriodStart).ToList();
        var last = to ?? (exactOwn.Count > 0 ? exactOwn.Max() : own.Max());
        var from = last.AddMonths(-(months - 1));
        // The LMNS's own target replaces the catalogue's: its trajectory's value due by the window's last month.
        if (target is not null)
            definition = definition with
            {
                Target = target.ValueFor(last, Measures.Frequency.Month), TargetSource = $"{org}'s own target: {target.Describe(v => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture))}. {target.Source}",
            };

        var monthly = IndicatorAnalysis.Compute(definition, counts.Where(c => c.OrgCode == org && c.Breakdown == "Total" && c.PeriodStart <= last && c.PeriodStart > last.AddMonths(-24)))
            .OrderBy(r => r.PeriodStart).ToList();
        var incomplete = kind == IndicatorEngine.RecordLevel && coverage is not null && monthly.Count > 0
            ? EquityDetail.IncompleteMonths(coverage, monthly[0].PeriodStart, last).Select(m => m.Month).ToHashSet()
            : [];
        var spc = Chart(definition, monthly, incomplete);
        // The chart is drawn from the months the caller is shown; whether it signals, and its assurance, are judged on the exact months.
        var exactKind = exact.Where(c => c.PeriodType == "Month" && IndicatorAnalysis.SourceKind(c.Source) == kind).ToList();
        var exactMonthly = ReferenceEquals(exact, source) ? monthly
            : IndicatorAnalysis.Compute(definition, exactKind.Where(c => c.OrgCode == org && c.Breakdown == "Total" && c.PeriodStart <= last && c.PeriodStart > last.AddMonths(-24)))
                .OrderBy(r => r.PeriodStart).ToList();
        if (spc is not null && !ReferenceEquals(exact, source) && Chart(definition, exactMonthly, incomplete) is { } judged && judged.Points.Count == spc.Points.Count)
        {
            spc = spc with { Variation = judged.Variation, Assurance = judged.Assurance };
            // Each month's verdict too (its colour on the chart, its words in the table and the CSV), when the months are the same:
            // the mean and limits drawn stay those of the counts shown.
            if (exactMonthly.Select(r => r.PeriodStart).SequenceEqual(monthly.Select(r => r.PeriodStart)))
                spc = spc with { Points = [.. spc.Points.Zip(judged.Points, (shown, judgedPoint) => shown with { Rule = judgedPoint.Rule, Type = judgedPoint.Type })] };
        }

        // The window as one period: its months relabelled to its first month, then summed with the reference comparisons,
        // from the months the caller is shown; each RAG judged on the exact months.
        var inWindow = counts.Where(c => c.PeriodStart >= from && c.PeriodStart <= last).Select(c => c with { PeriodStart = from }).ToList();
        var window = IndicatorAnalysis.Compute(definition, inWindow.Where(c => c.OrgCode == org)).ToList();
        IReadOnlyList<IndicatorResult>? exactGrid = null;
        IReadOnlyDictionary<string, string>? exactTrusts = null;
        if (!ReferenceEquals(exact, source))
        {
            var exactInWindow = exactKind.Where(c => c.PeriodStart >= from && c.PeriodStart <= last).Select(c => c with { PeriodStart = from }).ToList();
            var exactWindow = IndicatorAnalysis.Compute(definition, exactInWindow.Where(c => c.OrgCode == org));
            window = [.. ShownFigures.Judged(window, exactWindow)];
            exactGrid = [.. exactWindow.Where(r => r.Breakdown == nameof(Indicators.Breakdown.EthnicGroupByImdQuintile))];
            var exactUnits = IndicatorAnalysis.Compute(definition, exactInWindow.Where(c => c.OrgLevel == "Provider" && c.Breakdown == "Total"))
                .Where(r => r.Denominator > 0).Select(r => new FunnelUnit(r.OrgCode, r.Numerator, r.Denominator)).ToList();
            exactTrusts = exactUnits.Count >= 2
                ? Statistics.Funnel.Proportions(exactUnits, FunnelMethod.Wilson, multiplier: definition.Multiplier).Units.ToDictionary(u => u.Id, u => u.Significance)
                : null;
        }
        var trusts = IndicatorAnalysis.Compute(definition, inWindow.Where(c => c.OrgLevel == "Provider" && c.Breakdown == "Total"))
            .Where(r => r.Denominator > 0).Select(r => new FunnelUnit(r.OrgCode, r.Numerator, r.Denominator)).ToList();
        var funnel = trusts.Count >= 2 ? Statistics.Funnel.Proportions(trusts, FunnelMethod.Wilson, multiplier: definition.Multiplier) : null;
        var withData = exact.Where(c => c.PeriodType == "Month" && c.OrgCode == org && c.Breakdown == "Total" && c.PeriodStart >= from && c.PeriodStart <= last
            && IndicatorAnalysis.SourceKind(c.Source) == kind).Select(c => c.PeriodStart).Distinct().Count();
        var shown = counts.Where(c => c.OrgCode == org && c.Breakdown == "Total" && c.PeriodStart >= from && c.PeriodStart <= last)
            .Select(c => c.PeriodStart).Distinct().Count();
        var trend = monthly.Count >= TrendMinimumMonths
            ? Statistics.Trend.Proportions([.. monthly.Select(r => (double)r.Numerator)], [.. monthly.Select(r => (double)r.Denominator)],
                [.. monthly.Select(r => (double)(r.PeriodStart.Year * 12 + r.PeriodStart.Month))], TrendLevel)
            : null;
        var standardised = definition.IsAgeSensitive ? StandardiseTrusts(definition, inWindow, org, parents) : null;
        return new IndicatorView(definition, org, from, last, monthly, spc, window, funnel, withData, shown, trend, standardised)
        {
            ExactTrustSignificance = exactTrusts, ExactGrid = exactGrid,
        };
    }

    /// <summary>
    /// A p′ chart (Laney) of a monthly series, improvement in the indicator's direction, the <paramref name="incomplete"/>
    /// months drawn but kept out of its limits and signals; null with fewer than two months.
    /// </summary>
    private static SpcResult? Chart(IndicatorDefinition definition, List<IndicatorResult> monthly, HashSet<DateOnly> incomplete)
    {
        if (monthly.Count < 2) return null;
        var direction = definition.Polarity switch
        {
            Polarity.HigherIsBetter => ImprovementDirection.Increase,
            Polarity.LowerIsBetter => ImprovementDirection.Decrease,
            _ => ImprovementDirection.Neutral,
        };
        return Statistics.Spc.PChart([.. monthly.Select(r => r.Numerator)], [.. monthly.Select(r => r.Denominator)], laney: true,
            new SpcOptions(direction, Target: definition.Target,
                Excluded: [.. monthly.Select((r, i) => (r, i)).Where(x => incomplete.Contains(x.r.PeriodStart)).Select(x => x.i)]), definition.Multiplier);
    }

    /// <summary>
    /// The trusts of the organisation's LMNS standardised against the LMNS: the LMNS is the organisation itself or the
    /// first LMNS up its line of parents, else the only LMNS with counts; its trusts are the providers whose parent it
    /// is (or every provider, when there is one LMNS and the hierarchy does not place them).
    /// </summary>
    private static IReadOnlyList<AgeStandardisedRate> StandardiseTrusts(IndicatorDefinition definition, List<IndicatorCount> window, string org,
        IReadOnlyDictionary<string, string> parents)
    {
        var lmnss = window.Where(c => c.OrgLevel == "LMNS").Select(c => c.OrgCode).Distinct().ToList();
        string? lmns = null;
        var line = SiteKey.Provider(org) ?? org;
        for (var step = 0; step < 8 && line is not null && lmns is null; step++, line = parents.GetValueOrDefault(line!))
            if (lmnss.Contains(line)) lmns = line;
        lmns ??= lmnss.Count == 1 ? lmnss[0] : null;
        if (lmns is null) return [];
        var trusts = window.Where(c => c.OrgLevel == "Provider").Select(c => c.OrgCode).Distinct()
            .Where(p => parents.TryGetValue(p, out var parent) ? parent == lmns : lmnss.Count == 1)
            .Order(StringComparer.Ordinal);
        return IndicatorAnalysis.AgeStandardise(definition, window, lmns, trusts);
    }
}
