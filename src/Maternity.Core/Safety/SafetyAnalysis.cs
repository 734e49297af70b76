using Dapper;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Safety;

/// <summary>
/// The equity analysis of the safety log for a trust or an LMNS over a run of months (the annual thematic analysis is
/// twelve): cases per 1,000 births by the woman's ethnic group and IMD quintile, each with its 95% interval and its rate
/// ratio against the reference group (White; quintile 5, the least deprived); the completeness of ethnicity coding on
/// the cases themselves, as a measure with its target; which themes fall on which groups; cases by kind and status,
/// overdue reviews and the monthly counts.
/// <para>
/// Numerator: cases of the kinds chosen (by default the investigations the plans name: PSII, PMRT, MNSI, maternal deaths and
/// neonatal brain injuries) whose event date falls in the months. Denominator: total births at 24+0 weeks or more in the
/// same organisations and months, by the mother's ethnic group or IMD quintile, read from the stored counts (the
/// denominator of STILLBIRTH_RATE, record-level where the trust's records are loaded, else its return). Rates:
/// <see cref="Rate.Interval"/> (exact Poisson below 10 cases, Byar's from 10); ratios: <see cref="Comparison.RateRatio"/>
/// (not estimable when either count is 0). Cases whose ethnic category is not valid (Z, 99, blank) count in
/// <see cref="SafetyCodes.NotRecorded"/>, whose LSOA is missing or not in the IMD table in quintile Unknown; neither has a ratio.
/// </para>
/// <para>
/// For a caller who may not see the organisation's records, every count (cases and births) passes the suppression policy
/// first (NHS England's rounding: 1-7 shown as 5, others to the nearest 5) and every rate, interval and percentage is
/// computed from the shown counts.
/// </para>
/// </summary>
public sealed record SafetyAnalysis(
    string Org, string OrgName, DateOnly From, DateOnly To, IReadOnlyList<string> Kinds, bool Suppressed, DateOnly AsAt,
    IReadOnlyList<SafetyAnalysis.KindCount> ByKind, IReadOnlyList<SafetyAnalysis.GroupRate> Ethnic, IReadOnlyList<SafetyAnalysis.GroupRate> Deprivation,
    SafetyAnalysis.Coding EthnicityCoding, IReadOnlyList<SafetyAnalysis.ThemeRow> Themes, IReadOnlyList<SafetyAnalysis.MonthCount> Months,
    SafetyAnalysis.Series Trend, IReadOnlyList<SafetyAnalysis.RareChart>? Rare)
{
    /// <summary>The kinds too rare for monthly counts: charted as the time between one case and the next.</summary>
    public static IReadOnlyList<string> RareKinds { get; } = ["MATERNAL_DEATH", "MNSI", "NEONATAL_BRAIN_INJURY"];

    /// <summary>At most this many months of monthly counts on the SPC chart (the analysis's own window is often 12, short of the 13 points a chart needs).</summary>
    public const int TrendMonths = 36;

    /// <summary>
    /// The monthly counts of the kinds counted, from the first month with births or cases stored (at most
    /// <see cref="TrendMonths"/> back) to the last month of the analysis, as an XmR chart (Making Data Count; fewer is
    /// better). The points are the counts the caller is shown; the variation is judged on the exact counts, as every
    /// verdict is, so every caller is told the same.
    /// </summary>
    public sealed record Series(IReadOnlyList<MonthCount> Months, SpcResult Spc)
    {
        /// <summary>Whether there are enough months for limits (Making Data Count's minimum of points).</summary>
        public bool Charted => Months.Count >= new SpcOptions().MinimumPoints;
    }

    /// <summary>
    /// A t chart (Provost and Murray) of the days between consecutive cases of a rare kind, up to the last month of the
    /// analysis: a point above the upper limit is a longer gap than usual (improvement), below the lower limit a shorter one
    /// (concern). <paramref name="Spc"/> is null with fewer than 3 gaps. Dates are record-level: only callers who may see
    /// the organisation's records get these charts.
    /// </summary>
    public sealed record RareChart(string Kind, string Title, IReadOnlyList<DateOnly> Dates, SpcResult? Spc, int? DaysSinceLast)
    {
        /// <summary>
        /// The g chart beside the t chart: the births between consecutive cases (<see cref="BirthsBetween"/>, each the
        /// births dated from the earlier case's day up to the day before the later one's, so every birth day falls in one
        /// gap, the same days the t chart counts), charted by <see cref="RareEvents.GChart"/> (Benneyan 2001; Provost and
        /// Murray 2011): centre the mean g, upper limit g + 3 sqrt(g(g + 1)), lower limit 0. A point above the upper limit
        /// is more births than usual between cases (improvement). Only gaps that lie wholly within the days whose births
        /// are stored record-level are counted (births from returns have no dates); null with fewer than 3 such gaps.
        /// </summary>
        public GChartResult? G { get; init; }

        /// <summary>The births between consecutive cases, one per gap charted (empty when there is no g chart).</summary>
        public IReadOnlyList<long> BirthsBetween { get; init; } = [];

        /// <summary>The later case's date of each gap in <see cref="BirthsBetween"/>: the g chart's labels.</summary>
        public IReadOnlyList<DateOnly> BirthsBetweenDates { get; init; } = [];

        /// <summary>The g chart as an SPC chart for drawing: each point's limits, and its variation (a long gap is improvement).</summary>
        public SpcResult? GSpc => G is null ? null : GChartSpc(BirthsBetween, G);

        /// <summary>Births stored from the last case's day to the end of the analysis, when there is a g chart.</summary>
        public long? BirthsSinceLast { get; init; }
    }

    private static SpcResult GChartSpc(IReadOnlyList<long> between, GChartResult g)
    {
        var sigma = Math.Sqrt(g.Mean * (g.Mean + 1));
        var points = between.Select((b, i) => new SpcPoint(i, b, 0, g.Mean, g.Lower, g.Upper,
            Math.Max(0, g.Mean - 2 * sigma), g.Mean + 2 * sigma,
            g.AboveUpper[i] ? SpcRule.AboveUpperLimit : SpcRule.None,
            g.AboveUpper[i] ? VariationType.SpecialCauseImprovement : VariationType.CommonCause, false)).ToList();
        return new SpcResult(points, points.Count > 0 ? points[^1].Type : VariationType.CommonCause, AssuranceType.NotApplicable, false);
    }

    /// <summary>The indicator whose denominator is the births the rates are per: total births at 24+0 weeks or more.</summary>
    public const string BirthsIndicator = "STILLBIRTH_RATE";

    /// <summary>The plans' target for ethnicity coding of cases: "ethnicity is recorded for all SIs and PMRT and HSIB cases".</summary>
    public const double CodingTarget = 100;

    public sealed record KindCount(string Kind, string Title, long Cases, long Open, long Overdue);

    /// <param name="Rate">Cases per 1,000 births with its interval; null when there are no births.</param>
    /// <param name="Ratio">Rate ratio against the reference group; null for the reference group and the unknown rows.</param>
    public sealed record GroupRate(string Breakdown, string Group, long Cases, long Births, Interval? Rate, Interval? Ratio, bool Reference);

    /// <summary>Cases with a valid ethnic category of all cases (every kind), as a percentage with its Wilson interval.</summary>
    public sealed record Coding(long Valid, long Cases, Interval? Percent, double Target)
    {
        public bool? Met => Cases == 0 ? null : Valid == Cases;
    }

    /// <summary>A theme: in each ethnic group, the cases carrying it and that group's cases, and the percentage.</summary>
    public sealed record ThemeRow(string Code, string Title, long Cases, IReadOnlyList<ThemeCell> Cells);

    public sealed record ThemeCell(string Group, long Cases, long GroupCases, double? Percent);

    public sealed record MonthCount(DateOnly Month, long Cases);

    /// <summary>The ratio's words: higher, lower or no clear difference from the reference group.</summary>
    public static string Verdict(Interval? ratio) => ratio switch
    {
        null => "",
        { Lower: > 1 } => "higher",
        { Upper: < 1 } => "lower",
        _ when double.IsFinite(ratio.Lower) => "no clear difference",
        _ => "not estimable",
    };

    /// <summary>
    /// The analysis of <paramref name="org"/> (a trust or an LMNS) for the <paramref name="months"/> months ending with
    /// <paramref name="to"/> (default: the latest month with births stored), for the kinds given (default
    /// <see cref="SafetyCodes.Investigations"/>), as <paramref name="access"/> may see it. Refused to the public role.
    /// </summary>
    public static SafetyAnalysis Build(Database database, Access access, string org, DateOnly? to = null, int months = 12,
        IReadOnlyList<string>? kinds = null, DateOnly? asAt = null)
    {
        access.Demand(access.Role != Role.Public, "see the safety log");
        if (months is < 1 or > 120) throw new InvalidDataException($"months: {months} is not from 1 to 120");
        kinds ??= SafetyCodes.Investigations;
        foreach (var k in kinds.Where(k => !SafetyCodes.Kinds.Any(x => x.Code == k)))
            throw new InvalidDataException($"kind '{k}' is not one of {string.Join(", ", SafetyCodes.Kinds.Select(x => x.Code))}");
        var trusts = SafetyStore.TrustsOf(database, org);
        var orgName = OrgHierarchy.Read(database).Orgs.First(o => o.Code == org).Name;
        var births = Births(database, trusts);
        var last = to is { } t ? new DateOnly(t.Year, t.Month, 1)
            : births.Count > 0 ? births.Max(b => b.Month) : new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1);
        var from = last.AddMonths(1 - months);
        var end = last.AddMonths(1);
        var today = asAt ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var logged = SafetyStore.Read(database).Where(c => trusts.Contains(c.OrgCode)).ToList();
        var all = logged.Where(c => c.EventDate >= from && c.EventDate < end).ToList();
        var chosen = all.Where(c => kinds.Contains(c.Kind)).ToList();
        var exact = access.SeesRecordsOf(org);
        long Shown(long n) => exact ? n : Access.Policy.Apply(n)!.Value;
        var inRange = births.Where(b => b.Month >= from && b.Month < end).ToList();
        long BirthsIn(string breakdown, Func<string, bool> group) =>
            inRange.Where(b => b.Breakdown == breakdown && group(b.Group)).Sum(b => b.Births);

        var ethnicBirths = SafetyCodes.EthnicGroups.ToDictionary(g => g, g => BirthsIn("EthnicGroup",
            x => g == SafetyCodes.NotRecorded ? !SafetyCodes.EthnicGroups.Contains(x) || x == SafetyCodes.NotRecorded : x == g));
        var quintileBirths = SafetyCodes.Quintiles.ToDictionary(q => q, q => BirthsIn("ImdQuintile",
            x => q == SafetyCodes.Unknown ? !SafetyCodes.Quintiles.Contains(x) || x == SafetyCodes.Unknown : x == q));
        var ethnic = Rates("EthnicGroup", SafetyCodes.EthnicGroups, EthnicCategory.White, SafetyCodes.NotRecorded,
            g => chosen.LongCount(c => c.EthnicGroup == g), g => ethnicBirths[g], Shown);
        var deprivation = Rates("ImdQuintile", SafetyCodes.Quintiles, "5", SafetyCodes.Unknown,
            q => chosen.LongCount(c => c.Quintile == q), q => quintileBirths[q], Shown);

        var valid = Shown(all.LongCount(c => EthnicCategory.IsValid(c.EthnicCategory)));
        var total = Shown(all.Count);
        var coding = new Coding(valid, total, total > 0 ? Proportion.Wilson(Math.Min(valid, total), total, multiplier: 100) : null, CodingTarget);

        var own = SafetyStore.Themes(database, null);
        var themes = chosen.SelectMany(c => c.Themes).Distinct().Order(StringComparer.Ordinal).Select(code =>
        {
            var cells = SafetyCodes.EthnicGroups.Select(g =>
            {
                var groupCases = Shown(chosen.LongCount(c => c.EthnicGroup == g));
                var with = Shown(chosen.LongCount(c => c.EthnicGroup == g && c.Themes.Contains(code)));
                return new ThemeCell(g, with, groupCases, groupCases > 0 ? 100.0 * with / groupCases : null);
            }).ToList();
            return new ThemeRow(code, SafetyStore.ThemeTitle(own, code), Shown(chosen.LongCount(c => c.Themes.Contains(code))), cells);
        }).OrderByDescending(r => r.Cases).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();

        var byKind = SafetyCodes.Kinds.Select(k => new KindCount(k.Code, k.Title, Shown(all.LongCount(c => c.Kind == k.Code)),
            Shown(all.LongCount(c => c.Kind == k.Code && c.Status != SafetyCodes.Closed)),
            Shown(all.LongCount(c => c.Kind == k.Code && c.IsOverdue(today))))).ToList();
        var monthly = Enumerable.Range(0, months).Select(i => from.AddMonths(i))
            .Select(m => new MonthCount(m, Shown(chosen.LongCount(c => c.EventDate >= m && c.EventDate < m.AddMonths(1))))).ToList();
        var firstMonth = new[] { births.Count > 0 ? births.Min(b => b.Month) : last, logged.Where(c => kinds.Contains(c.Kind))
            .Select(c => new DateOnly(c.EventDate.Year, c.EventDate.Month, 1)).DefaultIfEmpty(last).Min() }.Min();
        var trendFrom = new[] { firstMonth, last.AddMonths(1 - TrendMonths) }.Max();
        var trendMonths = Enumerable.Range(0, (last.Year - trendFrom.Year) * 12 + last.Month - trendFrom.Month + 1).Select(i => trendFrom.AddMonths(i)).ToList();
        var cases = logged.Where(c => kinds.Contains(c.Kind)).ToList();
        var exactTrend = trendMonths.Select(m => (long)cases.Count(c => c.EventDate >= m && c.EventDate < m.AddMonths(1))).ToList();
        var options = SpcOptions.PlotTheDots(ImprovementDirection.Decrease);
        var shownTrend = exactTrend.Select(Shown).ToList();
        var spc = Spc.XmR([.. shownTrend.Select(n => (double)n)], options);
        if (!exact) spc = spc with { Variation = Spc.XmR([.. exactTrend.Select(n => (double)n)], options).Variation };
        var trend = new Series([.. trendMonths.Select((m, i) => new MonthCount(m, shownTrend[i]))], spc);

        var rare = exact ? RareEventCharts(logged, end, today, BirthDays(database, trusts)) : null;
        return new SafetyAnalysis(org, orgName, from, last, kinds, !exact, today, byKind, ethnic, deprivation, coding, themes, monthly, trend, rare);
    }

    /// <summary>
    /// The t and g charts of each rare kind over its cases before <paramref name="end"/>, with the days since the last as at
    /// <paramref name="today"/>; <paramref name="births"/> are the record-level births by day (<see cref="BirthDays"/>).
    /// </summary>
    private static List<RareChart> RareEventCharts(List<SafetyCase> cases, DateOnly end, DateOnly today, SortedDictionary<DateOnly, long> births) =>
        [.. RareKinds.Select(kind =>
        {
            var dates = cases.Where(c => c.Kind == kind && c.EventDate < end).Select(c => c.EventDate).Order().ToList();
            var gaps = dates.Zip(dates.Skip(1), (a, b) => (double)(b.DayNumber - a.DayNumber)).ToList();
            var spc = gaps.Count >= 3 ? RareEvents.TChart(gaps, SpcOptions.PlotTheDots(ImprovementDirection.Increase) with { MinimumPoints = 3 }) : null;
            var until = end.AddDays(-1) < today ? end.AddDays(-1) : today;
            var chart = new RareChart(kind, SafetyCodes.KindTitle(kind), dates, spc, dates.Count > 0 ? until.DayNumber - dates[^1].DayNumber : null);
            if (births.Count == 0) return chart;
            var (first, last) = (births.Keys.First(), births.Keys.Last());
            long BirthsIn(DateOnly from, DateOnly before) => births.Where(b => b.Key >= from && b.Key < before).Sum(b => b.Value);
            // Gaps wholly inside the days with births stored: before the first or after the last, the count would be short.
            var covered = dates.Zip(dates.Skip(1), (a, b) => (From: a, To: b)).Where(g => g.From >= first && g.To <= last.AddDays(1)).ToList();
            if (covered.Count < 3) return chart;
            var between = covered.Select(g => BirthsIn(g.From, g.To)).ToList();
            return chart with
            {
                G = RareEvents.GChart([.. between.Select(b => (double)b)]),
                BirthsBetween = between,
                BirthsBetweenDates = [.. covered.Select(g => g.To)],
                BirthsSinceLast = dates[^1] <= last ? BirthsIn(dates[^1], end) : null,
            };
        })];

    /// <summary>
    /// Record-level births (live births and stillbirths at 24+0 weeks or more, the rates' denominator) of the trusts by
    /// day of birth, from the babies' table; empty where only returns are stored.
    /// </summary>
    private static SortedDictionary<DateOnly, long> BirthDays(Database database, IReadOnlySet<string> trusts)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<(string Org, DateTime Day, long Births)>($"""
            SELECT OrgCodeProvider, CAST(PersonBirthDateBaby AS TIMESTAMP), count(*)
            FROM {Ingest.MsdsSchema.Babies}
            WHERE PregOutcome IN ('01', '02', '03', '04') AND GestationLengthBirth >= 168
            GROUP BY OrgCodeProvider, PersonBirthDateBaby
            """);
        return new SortedDictionary<DateOnly, long>(rows.Where(r => trusts.Contains(r.Org))
            .GroupBy(r => DateOnly.FromDateTime(r.Day)).ToDictionary(g => g.Key, g => g.Sum(r => r.Births)));
    }

    /// <summary>
    /// The board pack's safety section: the 12 months to the reporting month for the LMNS as <paramref name="viewer"/> sees it
    /// (suppressed), with reviews overdue as at <paramref name="asAt"/>; null when the LMNS's trusts have logged no cases.
    /// </summary>
    public static SafetyAnalysis? ForPack(Database database, Access viewer, string lmns, DateOnly period, DateOnly asAt)
    {
        var trusts = SafetyStore.TrustsOf(database, lmns);
        if (!SafetyStore.Read(database).Any(c => trusts.Contains(c.OrgCode))) return null;
        return Build(database, viewer, lmns, period, 12, asAt: asAt);
    }

    private static List<GroupRate> Rates(string breakdown, IReadOnlyList<string> groups, string reference, string unknown,
        Func<string, long> cases, Func<string, long> births, Func<long, long> shown)
    {
        var rows = groups.Select(g => (Group: g, Cases: shown(cases(g)), Births: shown(births(g)))).ToList();
        var refRow = rows.First(r => r.Group == reference);
        return [.. rows.Select(r => new GroupRate(breakdown, r.Group, r.Cases, r.Births,
            r.Births > 0 ? Rate.Interval(r.Cases, r.Births) : null,
            r.Group == reference || r.Group == unknown || r.Births == 0 ? null : Comparison.RateRatio(r.Cases, r.Births, refRow.Cases, refRow.Births),
            r.Group == reference))];
    }

    private sealed record BirthCount(DateOnly Month, string Breakdown, string Group, long Births);

    /// <summary>
    /// Births by month, ethnic group and IMD quintile for the trusts, summed over them: from each trust's record-level counts
    /// for a month where it has them, else from whatever else is stored for it (its return).
    /// </summary>
    private static List<BirthCount> Births(Database database, IReadOnlySet<string> trusts)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<(string Org, DateTime Month, string Breakdown, string Group, string Source, long Births)>(connection.Sql("""
            SELECT org_code, period_start, breakdown, group_code, source, sum(denominator)
            FROM indicator_count
            WHERE indicator_id = $indicator AND org_level = 'Provider' AND period_type = 'Month' AND breakdown IN ('EthnicGroup', 'ImdQuintile')
            GROUP BY org_code, period_start, breakdown, group_code, source
            """), new { indicator = BirthsIndicator }).Where(r => trusts.Contains(r.Org)).ToList();
        return [.. rows.GroupBy(r => (r.Org, r.Month))
            .SelectMany(g => g.Any(r => r.Source == Indicators.IndicatorEngine.RecordLevel) ? g.Where(r => r.Source == Indicators.IndicatorEngine.RecordLevel) : g)
            .GroupBy(r => (Month: DateOnly.FromDateTime(r.Month), r.Breakdown, r.Group))
            .Select(g => new BirthCount(g.Key.Month, g.Key.Breakdown, g.Key.Group, g.Sum(r => r.Births)))];
    }
}
