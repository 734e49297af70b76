using System.Globalization;
using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Reports;

/// <summary>
/// The equity detail of one indicator beyond the pack's two breakdowns: age band and detailed ethnic category tables,
/// the ethnic group x deprivation grid, the priority cohort against everyone else, and the gap over time (each priority
/// group's ratio to its reference group, quarter by quarter, with its 95% interval). Everything is read from the counts
/// the caller is shown (<see cref="IndicatorView"/>, <see cref="IndicatorEngine.Results"/>), so a figure here is the one
/// the caller sees on every other page.
/// </summary>
public static class EquityDetail
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The breakdowns shown as tables on the indicator page after the pack's (<see cref="BoardPack.Breakdowns"/>).</summary>
    public static readonly (string Breakdown, string Heading)[] More =
        [(nameof(Breakdown.AgeBand), "By age at booking"), (nameof(Breakdown.EthnicCategory), "By detailed ethnic category")];

    private static readonly string[] AgeOrder = ["Under 20", "20-24", "25-29", "30-34", "35-39", "40-44", "45 and over", "Unknown"];

    /// <summary>The grid's ethnic groups (rows) and deprivation fifths (columns), in reading order.</summary>
    public static readonly string[] GridGroups = [EthnicCategory.White, EthnicCategory.Mixed, EthnicCategory.Asian, EthnicCategory.Black, EthnicCategory.Other];

    /// <summary>Fifths of deprivation, 1 the most deprived.</summary>
    public static readonly string[] GridQuintiles = ["1", "2", "3", "4", "5"];

    /// <summary>A breakdown's groups in reading order: ages youngest first, categories as the Data Dictionary lists them, Unknown last.</summary>
    public static List<IndicatorResult> Rows(IndicatorView view, string breakdown)
    {
        IReadOnlyList<string> order = breakdown switch
        {
            nameof(Breakdown.AgeBand) => AgeOrder,
            nameof(Breakdown.EthnicCategory) => [.. EthnicCategory.AllCodes, EthnicCategory.Missing],
            _ => [],
        };
        return [.. view.Breakdown(breakdown).OrderBy(r => order.Contains(r.Group) ? order.ToList().IndexOf(r.Group) : 99)
            .ThenBy(r => r.Group, StringComparer.Ordinal)];
    }

    /// <summary>A group's heading: a category with its name ("H: Indian"), else the group itself.</summary>
    public static string Label(string breakdown, string group) =>
        breakdown == nameof(Breakdown.EthnicCategory) && EthnicCategory.Valid.FirstOrDefault(c => c.Code == group) is { } c ? $"{c.Code}: {c.Name}"
        : breakdown == nameof(Breakdown.EthnicCategory) && group == "Z" ? "Z: Not stated"
        : breakdown == nameof(Breakdown.EthnicCategory) && group == "99" ? "99: Not known"
        : group;

    /// <summary>The ethnic group x deprivation grid: one cell per group and fifth with counts (null where there are none).</summary>
    public static IReadOnlyDictionary<(string Group, string Quintile), IndicatorResult> Grid(IndicatorView view) =>
        view.Breakdown(nameof(Breakdown.EthnicGroupByImdQuintile))
            .Select(r => (Key: Split(r.Group), Result: r))
            .Where(x => x.Key is not null)
            .ToDictionary(x => x.Key!.Value, x => x.Result);

    private static (string, string)? Split(string group) => group.Split(" | ") is [var g, var q] ? (g, q) : null;

    /// <summary>
    /// Whether the priority cohort can be read from the ethnic group x deprivation grid: it is named by ethnic groups and
    /// whole fifths of deprivation (deciles in pairs 1-2, 3-4 ...) only, not by ethnic category or complex social factors.
    /// </summary>
    public static bool FromGrid(PriorityCohort cohort) =>
        cohort.EthnicCategories.Count == 0 && !cohort.ComplexSocialFactors && cohort.CountsAnyone
        && cohort.ImdDeciles.All(d => cohort.ImdDeciles.Contains(d % 2 == 1 ? d + 1 : d - 1));

    /// <summary>Whether a grid cell ("Black | 1", or "Not stated | Unknown") is in the cohort.</summary>
    private static bool InCohort(PriorityCohort cohort, string group, string quintile) =>
        cohort.EthnicGroups.Contains(group, StringComparer.Ordinal)
        || int.TryParse(quintile, NumberStyles.None, Inv, out var q) && cohort.ImdDeciles.Contains(2 * q - 1);

    /// <summary>
    /// The priority cohort against everyone else, from the grid cells of <paramref name="cells"/> (one organisation and
    /// period): numerator and denominator summed over the cells in the cohort and over the rest; the value with its
    /// interval (<see cref="IndicatorValue.Of"/>), the ratio (risk ratio, Katz; rate ratio for rates) and difference
    /// (Newcombe; rate difference) with 95% intervals, as <see cref="IndicatorAnalysis.Compute"/> compares any group. A
    /// cell with an unknown group and an unknown fifth counts as everyone else, as the records' SQL does. Null when the
    /// cohort cannot be read from the grid (<see cref="FromGrid"/>) or there are no cells; suppressed counts give
    /// "suppressed" (the sum of the rounded cells the caller is shown).
    /// </summary>
    /// <summary>
    /// The priority cohort against everyone else over <paramref name="view"/>'s window, from the counts the caller is
    /// shown, with its RAG and comparison judged on the exact counts when those shown are rounded (as every group's).
    /// </summary>
    public static IndicatorResult? Priority(IndicatorView view, PriorityCohort cohort)
    {
        if (Priority(view.Definition, cohort, view.Window) is not { } shown) return null;
        return view.ExactGrid is { } grid && Priority(view.Definition, cohort, grid) is { } exact
            ? shown with { Rag = exact.Rag, ExactComparison = ShownFigures.Comparison(exact.Ratio) }
            : shown;
    }

    public static IndicatorResult? Priority(IndicatorDefinition definition, PriorityCohort cohort, IEnumerable<IndicatorResult> cells)
    {
        if (!FromGrid(cohort)) return null;
        var list = cells.Where(c => c.Breakdown == nameof(Breakdown.EthnicGroupByImdQuintile)).ToList();
        if (list.Count == 0) return null;
        long a = 0, n1 = 0, r = 0, n2 = 0;
        foreach (var c in list)
        {
            if (Split(c.Group) is not var (g, q)) continue;
            if (InCohort(cohort, g, q)) { a += c.Numerator; n1 += c.Denominator; }
            else { r += c.Numerator; n2 += c.Denominator; }
        }
        var value = IndicatorValue.Of(definition, a, n1).Interval;
        Interval? ratio = null, difference = null;
        if (n2 > 0)
        {
            ratio = definition.Unit == "%" ? Comparison.RiskRatio(a, n1, r, n2) : Comparison.RateRatio(a, n1, r, n2);
            difference = definition.Unit == "%"
                ? Comparison.ProportionDifference(a, n1, r, n2, multiplier: definition.Multiplier)
                : Comparison.RateDifference(a, n1, r, n2, multiplier: definition.Multiplier);
        }
        var first = list[0];
        return first with
        {
            Breakdown = PriorityBreakdown, Group = PriorityGroup, Numerator = a, Denominator = n1, Value = value,
            ReferenceGroup = EveryoneElse, Ratio = ratio, Difference = difference, Rag = IndicatorAnalysis.Rag(definition, value),
            Exactness = list.All(c => c.Exactness == "exact") ? "exact" : "suppressed",
        };
    }

    public const string PriorityBreakdown = "PriorityCohort";
    public const string PriorityGroup = "Priority cohort";
    public const string EveryoneElse = "everyone else";

    /// <summary>One quarter of a gap: the group's and the reference's results (null when there are no counts) and whether all its months hold data.</summary>
    public sealed record GapPoint(DateOnly Quarter, int Months, IndicatorResult? Group, IndicatorResult? Reference)
    {
        /// <summary>"2025 Q3" (calendar quarters).</summary>
        public string Label => $"{Quarter.Year} Q{(Quarter.Month - 1) / 3 + 1}";

        /// <summary>Whether all three months of the quarter hold data.</summary>
        public bool Complete => Months == 3;
    }

    /// <summary>A priority group against its reference, quarter by quarter.</summary>
    public sealed record GapSeries(string Breakdown, string Group, string Heading, string Reference, IReadOnlyList<GapPoint> Points);

    /// <summary>
    /// The gap over time for <paramref name="org"/>: each priority group of <paramref name="cohort"/> (its ethnic groups
    /// against White; the most deprived fifth against the least deprived when its deciles include 1 and 2; the whole
    /// cohort against everyone else when the grid can give it) over the calendar quarters wholly within the
    /// 24 months to <paramref name="to"/>, from <see cref="IndicatorEngine.Results"/> (each quarter summed from the months
    /// the caller is shown, verdicts on exact counts), of one source kind (record-level first).
    /// </summary>
    public static IReadOnlyList<GapSeries> GapOverTime(Database database, Access access, IndicatorDefinition definition, string org, DateOnly to,
        PriorityCohort cohort)
    {
        var first = IndicatorAnalysis.StartOf(to.AddMonths(-23), PeriodType.Quarter);
        if (first < to.AddMonths(-23)) first = first.AddMonths(3);
        var quarters = new List<DateOnly>();
        for (var q = first; q.AddMonths(2) <= to; q = q.AddMonths(3)) quarters.Add(q);
        if (quarters.Count == 0) return [];
        var results = IndicatorEngine.Results(database, access, definition, PeriodType.Quarter, org)
            .Where(r => r.PeriodStart >= quarters[0] && r.PeriodStart <= quarters[^1]).ToList();
        var kinds = results.Select(r => IndicatorAnalysis.SourceKind(r.Source)).Distinct().ToList();
        var kind = kinds.Contains(IndicatorEngine.RecordLevel) ? IndicatorEngine.RecordLevel : kinds.FirstOrDefault();
        results = [.. results.Where(r => IndicatorAnalysis.SourceKind(r.Source) == kind)];
        var series = new List<GapSeries>();
        foreach (var g in cohort.EthnicGroups.Where(g => g != EthnicCategory.White))
            series.Add(Series(results, quarters, nameof(Breakdown.EthnicGroup), g, $"{g} against White", "White"));
        if (cohort.ImdDeciles.Contains(1) && cohort.ImdDeciles.Contains(2))
            series.Add(Series(results, quarters, nameof(Breakdown.ImdQuintile), "1", "Most deprived fifth against the least deprived", "5"));
        if (FromGrid(cohort))
        {
            var points = quarters.Select(q =>
            {
                var cells = results.Where(r => r.PeriodStart == q).ToList();
                var priority = Priority(definition, cohort, cells);
                return new GapPoint(q, cells.Select(c => c.MonthsCovered).DefaultIfEmpty(0).Max(), priority is { Denominator: > 0 } ? priority : null, null);
            }).ToList();
            series.Add(new GapSeries(PriorityBreakdown, PriorityGroup, "The priority cohort against everyone else", EveryoneElse, points));
        }
        // Each series from its first quarter with counts: the quarters before the data begin are not gaps in them.
        return [.. series.Where(s => s.Points.Any(p => p.Group?.Ratio is not null))
            .Select(s => s with { Points = [.. s.Points.SkipWhile(p => p.Group is null && p.Reference is null)] })];
    }

    private static GapSeries Series(List<IndicatorResult> results, List<DateOnly> quarters, string breakdown, string group, string heading, string reference) =>
        new(breakdown, group, heading, reference, [.. quarters.Select(q =>
        {
            var rows = results.Where(r => r.PeriodStart == q && r.Breakdown == breakdown).ToList();
            return new GapPoint(q, rows.Select(r => r.MonthsCovered).DefaultIfEmpty(0).Max(),
                rows.FirstOrDefault(r => r.Group == group && r.Denominator > 0), rows.FirstOrDefault(r => r.Group == reference && r.Denominator > 0));
        })]);

    /// <summary>What the indicator page shows of an indicator's equity beyond the pack's two breakdowns.</summary>
    /// <param name="BreakdownMonths">Per breakdown, the months of the window whose table for the organisation the caller is shown.</param>
    /// <param name="Priority">The priority cohort against everyone else over the window; null when the grid cannot give it.</param>
    /// <param name="Cohort">The priority cohort in force, in words.</param>
    /// <param name="Incomplete">The notice of the window's incomplete months; null when every month is complete.</param>
    public sealed record Model(IndicatorView View, IReadOnlyDictionary<string, int> BreakdownMonths, IndicatorResult? Priority, string Cohort,
        IReadOnlyList<GapSeries> Gaps, IncompleteNotice? Incomplete)
    {
        /// <summary>Months of the window whose tables of <paramref name="breakdown"/> are withheld from the caller, of those the Total is shown for.</summary>
        public int Withheld(string breakdown) => Math.Max(0, View.MonthsShown - BreakdownMonths.GetValueOrDefault(breakdown));
    }

    /// <summary>The equity detail of <paramref name="view"/> for <paramref name="access"/>, with the LMNS's cohort and its sources' coverage.</summary>
    public static Model Build(Database database, Access access, IndicatorView view, PriorityCohort cohort, IReadOnlyList<DataCoverage.Source> coverage)
    {
        if (view.Total is not { } total) return new Model(view, new Dictionary<string, int>(), null, cohort.Describe(), [], null);
        var kind = IndicatorAnalysis.SourceKind(total.Source);
        var months = IndicatorEngine.Read(database, access, view.Definition.Id)
            .Where(c => c.OrgCode == view.Org && c.PeriodType == "Month" && c.PeriodStart >= view.From && c.PeriodStart <= view.To
                && IndicatorAnalysis.SourceKind(c.Source) == kind)
            .GroupBy(c => c.Breakdown).ToDictionary(g => g.Key, g => g.Select(c => c.PeriodStart).Distinct().Count());
        return new Model(view, months, Priority(view, cohort), cohort.Describe(),
            GapOverTime(database, access, view.Definition, view.Org, view.To, cohort),
            kind == IndicatorEngine.RecordLevel ? IncompleteNotice.Build(coverage, view.From, view.To) : null);
    }

    /// <summary>
    /// Months of the window that some record-level source does not hold completely, each with the sources and why: no rows
    /// at all, or fewer than half the source's usual month (<see cref="DataCoverage.CompleteShare"/>: still arriving, or a
    /// trust has not yet submitted). Empty when every source is complete in every month.
    /// </summary>
    public static IReadOnlyList<(DateOnly Month, string Why)> IncompleteMonths(IReadOnlyList<DataCoverage.Source> sources, DateOnly from, DateOnly to)
    {
        var list = new List<(DateOnly, string)>();
        for (var m = from; m <= to; m = m.AddMonths(1))
        {
            var month = m;
            var none = sources.Where(s => !s.Months.Contains(month)).Select(s => s.Name).ToList();
            var part = sources.Where(s => s.Months.Contains(month) && !s.Complete.Contains(month)).Select(s => s.Name).ToList();
            if (none.Count == 0 && part.Count == 0) continue;
            var why = new List<string>();
            if (part.Count > 0) why.Add($"{string.Join(", ", part)}: fewer than half the usual month's rows (still arriving, or a trust has not yet submitted)");
            if (none.Count > 0) why.Add($"{string.Join(", ", none)}: no rows loaded");
            list.Add((month, string.Join("; ", why)));
        }
        return list;
    }

    /// <summary>"March 2026 (bookings: no rows loaded); April 2026 (...)": <see cref="IncompleteMonths"/> in words, empty when none.</summary>
    public static string DescribeIncomplete(IReadOnlyList<DataCoverage.Source> sources, DateOnly from, DateOnly to) =>
        string.Join("; ", IncompleteMonths(sources, from, to).Select(x => $"{x.Month.ToString("MMMM yyyy", Inv)} ({x.Why})"));
}
