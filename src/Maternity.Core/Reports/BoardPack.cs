using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Quality;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Reports;

/// <summary>
/// The LMNS Board's exception report for one LMNS and reporting month, as the public sees it: every count has passed
/// the suppression policy (the pack is read with a viewer's access, whoever asks for it) and every rate was computed
/// from the suppressed counts. Holds what needs attention (off target or special-cause concern), what improved, the
/// data-quality scorecard and its exceptions, the action plan's exceptions, what changed since the previous pack and
/// the definitions of every measure shown. Rendered as HTML by the web project's board-pack component and as XLSX by <see cref="BoardPackWorkbook"/>.
/// </summary>
public sealed record BoardPack(
    string Lmns, string LmnsName, DateOnly Period, DateOnly AsAt, DateTime GeneratedAt, string GeneratedBy,
    IReadOnlyList<IndicatorView> Indicators, IReadOnlyList<Scorecard.Row> Quality, IReadOnlyList<Scorecard.Failing> QualityExceptions,
    string QualityScheme, bool HasPlan, IReadOnlyList<PlanViews.ExceptionItem> Actions,
    BoardPack.Figures Now, IReadOnlyList<BoardPack.Change> Changes, string ChangesAgainst, BoardPack.DataVersions Versions,
    IReadOnlyList<MeasureView>? Measures = null, IReadOnlyList<MeasureReturns.Completeness>? Returns = null)
{
    /// <summary>The quarter timeline of the actions reported to the board (a Gantt chart's own per-quarter statuses where the plan had one).</summary>
    public PlanViews.Timeline? ActionTimeline { get; init; }

    /// <summary>The LMNS's other plans (a WRES plan, a general LMNS plan): each one's progress and exceptions; null when it keeps none.</summary>
    public IReadOnlyList<OtherPlan>? OtherPlans { get; init; }

    /// <summary>The plan's actions that name each indicator (by indicator id, upper case): "what we are doing" about it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PlanViews.ActionSummary>> IndicatorActions { get; init; } = new Dictionary<string, IReadOnlyList<PlanViews.ActionSummary>>();

    /// <summary>Each record-level source's months with data and complete months, to say how much of the window each covers.</summary>
    public IReadOnlyList<DataCoverage.Source> Coverage { get; init; } = [];

    /// <summary>"bookings: 11 of 12 months; ..." for the indicators' window; empty without record-level data.</summary>
    public string CoverageText => DataCoverage.Describe(Coverage, From, Period);

    /// <summary>Whether every source is complete in every month of the window.</summary>
    public bool WindowComplete => DataCoverage.IsComplete(Coverage, From, Period);
    /// <summary>The window's incomplete months and a lay chart per indicator needing attention.</summary>
    public EquityPack? Equity { get; init; }
    /// <summary>The WRES of the LMNS's trusts, the LMNS and its ICB pooled, by staff group, in the latest year loaded (counts rounded, as for any viewer); null when none is loaded.</summary>
    public Maternity.Wres.WresPackSection? Wres { get; init; }
    /// <summary>The trusts' progress on the assurance frameworks, with the items overdue or at risk (null: no declarations stored).</summary>
    public Maternity.Assurance.AssuranceSummary? Assurance { get; init; }
    /// <summary>The programme's resources: funding against profile, overdue instalments and overdue impact-assessment reviews.</summary>
    public Maternity.Programme.ProgrammeSummary? Programme { get; init; }
    /// <summary>The safety and learning section: cases, equity rates, themes and overdue reviews over the 12 months (null when no cases are logged).</summary>
    public Maternity.Safety.SafetyAnalysis? Safety { get; init; }
    /// <summary>The MNVP annual report: whose voices were heard over the 12 months to the reporting month, as a viewer sees them.</summary>
    public Voices.VoicesReport? Voices { get; init; }
    /// <summary>The national publication's rates for the LMNS beside England (null when none is loaded).</summary>
    public Maternity.National.NationalBenchmark? National { get; init; }

    /// <summary>The LMNS's own measures whose latest value by the reporting month is off its target or trajectory (Red or Amber).</summary>
    public IReadOnlyList<MeasureView> MeasuresOffTrack => [.. (Measures ?? []).Where(m => m.Current is { Rag: "Red" or "Amber" })];

    /// <summary>Months of the scorecard history shown (the reporting month and those before it).</summary>
    public const int QualityMonths = 6;

    /// <summary>The figures the next pack compares itself with.</summary>
    public sealed record Figures(DateOnly Period, IReadOnlyList<IndicatorFigure> Indicators, IReadOnlyList<string> QualityExceptions,
        IReadOnlyDictionary<string, string> Actions);

    public sealed record IndicatorFigure(string Id, string Title, string Unit, double? Value, string Rag, string Variation);

    /// <summary>One change since the previous pack: an indicator's RAG or variation, a data-quality exception, an action's status.</summary>
    public sealed record Change(string Area, string Item, string Before, string After);

    /// <summary>What the pack was made from, so a later reader can tell whether the data have changed since.</summary>
    public sealed record DataVersions(int Submissions, DateTime? LatestLoad, string SubmissionsSha256, long Counts, DateTime? CountsComputed,
        int PlanVersions, DateTime? PlanChanged, string Catalogue, string Rules, string Product);

    /// <summary>The window of the indicators: the 12 months to the reporting month.</summary>
    public DateOnly From => Period.AddMonths(-11);

    /// <summary>Indicators off target (RAG red or amber) or showing special-cause concern, in catalogue order.</summary>
    public IReadOnlyList<IndicatorView> Attention => [.. Indicators.Where(v => Reasons(v).Count > 0)];

    /// <summary>Indicators showing special-cause improvement that need no attention.</summary>
    public IReadOnlyList<IndicatorView> Improved => [.. Indicators.Where(v => Reasons(v).Count == 0 && v.Spc?.Variation == VariationType.SpecialCauseImprovement)];

    /// <summary>The breakdowns the pack shows for each indicator needing attention.</summary>
    public static readonly (string Breakdown, string Heading)[] Breakdowns =
        [("EthnicGroup", "By ethnic group"), ("ImdDecile", "By deprivation (IMD decile, 1 = most deprived)")];

    /// <summary>A breakdown's groups in reading order (deciles 1 to 10, Unknown last).</summary>
    public static List<IndicatorResult> Rows(IndicatorView v, string breakdown) =>
        [.. v.Breakdown(breakdown)
            .OrderBy(r => breakdown == "ImdDecile" && int.TryParse(r.Group, out var n) ? n : 99)
            .ThenBy(r => r.Group, StringComparer.Ordinal)];

    /// <summary>Why an indicator needs the board's attention (empty when it does not).</summary>
    public static IReadOnlyList<string> Reasons(IndicatorView view)
    {
        var reasons = new List<string>();
        if (view.Total is { Rag: "Red" }) reasons.Add("off target (the whole interval misses it)");
        if (view.Total is { Rag: "Amber" }) reasons.Add("off target (the interval straddles it)");
        if (view.Spc?.Variation == VariationType.SpecialCauseConcern) reasons.Add("special-cause concern");
        return reasons;
    }

    /// <summary>Every measure the pack shows: the indicators needing attention or improved, and those behind the data-quality rules.</summary>
    public IReadOnlyList<IndicatorDefinition> Definitions =>
        [.. Attention.Concat(Improved).Select(v => v.Definition)
            .Concat(Quality.SelectMany(r => r.Criteria).Select(c => Catalogue.Find(c.Indicator)).OfType<IndicatorDefinition>())
            .DistinctBy(d => d.Id).OrderBy(d => Catalogue.Definitions.ToList().IndexOf(d))];

    /// <summary>
    /// Builds the pack for <paramref name="lmns"/> and the reporting month <paramref name="period"/>: indicators over the
    /// 12 months to it, the scorecard of the LMNS and its trusts for the <see cref="QualityMonths"/> months to it, and the
    /// plan's exceptions as at <paramref name="asAt"/> (default today). Everything is read as a viewer of the LMNS.
    /// <paramref name="previous"/> is the figures of the previous pack; without one the month before is computed now.
    /// </summary>
    public static BoardPack Build(Database database, string lmns, DateOnly period, string generatedBy, DateOnly? asAt = null,
        Figures? previous = null, DateTime? previousGeneratedAt = null, IProgress<string>? progress = null)
    {
        // One connection held for the whole pack: every part below opens its own, and without one open the embedded store
        // is opened from its file and closed again (checkpointed) for each of them, a hundred times for one pack.
        using var held = database.Open();
        var orgs = OrgHierarchy.Read(database);
        var org = orgs.Orgs.FirstOrDefault(o => o.Code == lmns && o.Type == "LMNS")
            ?? throw new InvalidDataException($"no LMNS '{lmns}' is known: the LMNS codes loaded are {string.Join(", ", orgs.OfType("LMNS").Select(o => o.Code).DefaultIfEmpty("none"))}");
        var viewer = PublicAccess(database, lmns);
        var today = asAt ?? DateOnly.FromDateTime(DateTime.UtcNow);
        progress?.Report("indicators");
        var views = Views(database, viewer, lmns, period);

        progress?.Report("data quality");
        var trusts = orgs.Orgs.Where(o => o.Parent == lmns && o.Type == "Trust").Select(o => o.Code).Append(lmns).ToHashSet(StringComparer.Ordinal);
        var rules = QualityRules.Default;
        var scorecard = Scorecard.Build(database, viewer, rules).Where(r => trusts.Contains(r.OrgCode)).ToList();
        var quality = scorecard.Where(r => r.Month <= period).ToList();
        var exceptions = Scorecard.Exceptions(quality).Where(e => e.Current && e.Months[^1] == period).ToList();
        quality = [.. quality.Where(r => r.Month > period.AddMonths(-QualityMonths))];

        progress?.Report("action plan");
        var plan = PlanStore.Load(database, viewer, lmns, today);
        var actions = PlanViews.Exceptions(plan, today);

        progress?.Report("measures");
        var measureSet = MeasureStore.Load(database, lmns);
        var periodEnd = period.AddMonths(1);
        var measures = MeasureView.Build(database, viewer, measureSet, [.. measureSet.Measures.Where(m => m.IsLocal)], lmns, periodEnd);
        var returns = MeasureReturns.Grid(database, viewer, measureSet, asOf: periodEnd);

        var now = FiguresOf(period, views, exceptions, plan, today);
        string against;
        if (previous is null)
        {
            progress?.Report("the month before");
            var before = period.AddMonths(-1);
            previous = FiguresOf(before, Views(database, viewer, lmns, before),
                Scorecard.Exceptions(scorecard.Where(r => r.Month <= before)).Where(e => e.Current && e.Months[^1] == before), PlanStore.Load(database, viewer, lmns, today.AddMonths(-1)), today.AddMonths(-1));
            against = string.Create(CultureInfo.InvariantCulture, $"No earlier pack of {lmns} is stored: compared with {before:MMMM yyyy} as the data stand now, and the action plan a month ago.");
        }
        else against = string.Create(CultureInfo.InvariantCulture, $"Compared with the pack for {previous.Period:MMMM yyyy}{(previousGeneratedAt is { } g ? $", generated {g:d MMMM yyyy HH:mm} UTC" : "")}.");

        return new BoardPack(lmns, org.Name, period, today, Database.Now(), generatedBy, views, quality, exceptions, rules.Scheme,
            plan.Actions.Count > 0, actions, now, Compare(previous, now), against, CurrentVersions(database, lmns), measures, returns)
        {
            ActionTimeline = PlanViews.BuildTimeline([.. actions.Select(a => a.Action)], today),
            OtherPlans = OtherPlan.ForPack(database, viewer, lmns, today) is { Count: > 0 } others ? others : null,
            Coverage = DataCoverage.Read(database, lmns),
            Equity = EquityPack.Build(views.Where(v => Reasons(v).Count > 0), DataCoverage.Read(database, lmns), period.AddMonths(-11), period),
            IndicatorActions = plan.Actions.SelectMany(a => a.Indicators.Select(i => (Indicator: i.ToUpperInvariant(), Action: a)))
                .GroupBy(x => x.Indicator).ToDictionary(g => g.Key, g => (IReadOnlyList<PlanViews.ActionSummary>)
                    [.. g.Select(x => new PlanViews.ActionSummary(x.Action.Id, x.Action.Descriptor, PlanText.StatusLabel(x.Action.Status), PlanViews.Rag(x.Action, today)))]),
            Wres = Maternity.Wres.WresPackSection.Build(database, viewer, lmns),
            Assurance = Maternity.Assurance.AssuranceSummary.Build(database, viewer, lmns, today),
            Programme = Maternity.Programme.ProgrammeSummary.Build(Maternity.Programme.ProgrammeStore.Load(database, viewer, lmns), today),
            Safety = Maternity.Safety.SafetyAnalysis.ForPack(database, viewer, lmns, period, today),
            Voices = global::Maternity.Voices.VoicesReport.Build(database, viewer, lmns, period),
            National = Maternity.National.NationalBenchmark.ForPack(database, lmns),
        };
    }

    /// <summary>
    /// The LMNS and reporting month a request means: the LMNS named (else the only one loaded) and the month named as
    /// yyyy-MM (else the latest month complete for every record-level source, <see cref="DataCoverage"/>, else the latest
    /// month with counts); bad or missing input is refused with what would do, naming the month
    /// as <paramref name="periodName"/> (e.g. the command's option).
    /// </summary>
    public static (string Lmns, DateOnly Period) Resolve(Database database, string? lmns, string? period, string? periodName = null)
    {
        var known = OrgHierarchy.Read(database).OfType("LMNS").Select(o => o.Code).ToList();
        lmns = string.IsNullOrWhiteSpace(lmns) ? null : lmns.Trim();
        if (lmns is null && known.Count != 1) throw new InvalidDataException($"name the LMNS: {(known.Count == 0 ? "none is loaded" : string.Join(", ", known))}");
        lmns ??= known[0];
        if (!known.Contains(lmns)) throw new InvalidDataException($"'{lmns}' is not a known LMNS code; known: {string.Join(", ", known.DefaultIfEmpty("none"))}");
        if (string.IsNullOrWhiteSpace(period))
        {
            // The latest month complete for every source in use (a source still arriving would leave the window half empty
            // and flag artefacts), else the latest month with counts.
            var periods = IndicatorSummary.Periods(database);
            if (periods.Count == 0) throw new InvalidDataException("no counts are stored yet: load the records and compute the indicators first, or name the month");
            return DataCoverage.LatestComplete(DataCoverage.Read(database, lmns)) is { } complete && periods.Contains(complete)
                ? (lmns, complete) : (lmns, periods.Max());
        }
        return DateOnly.TryParseExact(period.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? (lmns, month)
            : throw new InvalidDataException($"{(periodName is null ? "" : periodName + " ")}'{period}' is not a month in the form yyyy-MM");
    }

    /// <summary>The access every pack is read with: a viewer of the LMNS, so every count passes the suppression policy.</summary>
    public static Access PublicAccess(Database database, string lmns) => Access.Resolve(database, "board pack", Role.Viewer, [lmns]);

    private static List<IndicatorView> Views(Database database, Access viewer, string lmns, DateOnly period)
    {
        var set = Maternity.Measures.MeasureStore.Load(database, lmns);
        return [.. Catalogue.Definitions.Select(d => IndicatorView.Build(database, viewer, d, lmns, period, target: set.OwnTargetFor(d.Id, lmns))).Where(v => v.Total is not null)];
    }

    private static Figures FiguresOf(DateOnly period, IEnumerable<IndicatorView> views, IEnumerable<Scorecard.Failing> exceptions, Plan plan, DateOnly today) => new(
        period,
        [.. views.Select(v => new IndicatorFigure(v.Definition.Id, v.Definition.Title, v.Definition.Unit,
            double.IsFinite(v.Total!.Value.Value) ? Math.Round(v.Total.Value.Value, 1) : null, v.Total.Rag, v.Spc is { } s ? Display.Describe(s.Variation) : ""))],
        [.. exceptions.Select(e => $"{e.OrgCode}: {e.Title}")],
        plan.Actions.ToDictionary(a => a.Id, a => $"{PlanText.StatusLabel(a.Status)} ({PlanViews.Rag(a, today)})", StringComparer.Ordinal));

    /// <summary>What changed between two packs' figures: RAG, variation, data-quality exceptions and action statuses.</summary>
    public static IReadOnlyList<Change> Compare(Figures before, Figures after)
    {
        var changes = new List<Change>();
        var old = before.Indicators.ToDictionary(i => i.Id);
        foreach (var now in after.Indicators)
        {
            if (!old.TryGetValue(now.Id, out var was)) { changes.Add(new("Indicator", now.Title, "not shown", $"{Shown(now)}")); continue; }
            if (was.Rag != now.Rag) changes.Add(new("Indicator RAG", now.Title, $"{Or(was.Rag, "no RAG")} ({Shown(was)})", $"{Or(now.Rag, "no RAG")} ({Shown(now)})"));
            if (was.Variation != now.Variation) changes.Add(new("Indicator variation", now.Title, Or(was.Variation, "no chart"), Or(now.Variation, "no chart")));
        }
        foreach (var gone in before.Indicators.Where(i => after.Indicators.All(n => n.Id != i.Id))) changes.Add(new("Indicator", gone.Title, Shown(gone), "no data"));
        foreach (var e in after.QualityExceptions.Except(before.QualityExceptions)) changes.Add(new("Data-quality exception", e, "not an exception", "failing two or more months"));
        foreach (var e in before.QualityExceptions.Except(after.QualityExceptions)) changes.Add(new("Data-quality exception", e, "failing two or more months", "no longer an exception"));
        if (before.Actions.Count == 0 && after.Actions.Count > 0)
            changes.Add(new("Action plan", "the plan", "no action plan", string.Create(CultureInfo.InvariantCulture, $"{after.Actions.Count} actions")));
        else
        {
            foreach (var (id, status) in after.Actions)
                if (!before.Actions.TryGetValue(id, out var was)) changes.Add(new("Action", id, "not in the plan", status));
                else if (was != status) changes.Add(new("Action", id, was, status));
            foreach (var id in before.Actions.Keys.Except(after.Actions.Keys)) changes.Add(new("Action", id, before.Actions[id], "removed from the plan"));
        }
        return changes;

        static string Or(string s, string empty) => s.Length == 0 ? empty : s;
        static string Shown(IndicatorFigure f) => f.Value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:F1}{(f.Unit == "%" ? "%" : " " + f.Unit)}") : "no value";
    }

    /// <summary>The versions of everything the pack reads, as they stand now.</summary>
    public static DataVersions CurrentVersions(Database database, string lmns)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        var submissions = connection.Query<(string, string, DateTime, DateTime)>(
            "SELECT table_name, org_code, rp_start_date, loaded_at FROM submission ORDER BY table_name, org_code, rp_start_date").ToList();
        var text = string.Join('\n', submissions.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Item1},{s.Item2},{s.Item3:yyyy-MM-dd},{s.Item4:O}")));
        var counts = connection.QuerySingle<(long, DateTime?)>("SELECT count(*), max(computed_at) FROM indicator_count");
        var plan = connection.QuerySingle<(long, DateTime?)>(connection.Sql("SELECT count(*), max(changed_at) FROM plan_entity WHERE lmns_code = $lmns"), new { lmns });
        return new DataVersions(submissions.Count, submissions.Count == 0 ? null : submissions.Max(s => s.Item4),
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), counts.Item1, counts.Item2, (int)plan.Item1, plan.Item2,
            string.Join(" ", Catalogue.Definitions.Select(d => $"{d.Id}:{d.Version}")), QualityRules.Default.Scheme,
            typeof(BoardPack).Assembly.GetName().Version?.ToString() ?? "");
    }
}
