using System.Globalization;
using System.Text.RegularExpressions;
using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Plans;

/// <summary>
/// A plan's measures of success ("How we will measure success", "Metrics for Success", "Target") offered as measures to
/// track: each action's metric text beside the measures it already names, the measure it most likely means (the one
/// whose title shares most of its words), or a draft definition to complete. The drafts are written as a measures file
/// (with the LMNS's own measures already defined, so importing it removes none) for a person to complete and import
/// with <c>maternity measures import</c>; <see cref="Link"/> then names each chosen measure on its action, so the action
/// page shows its latest value and the plan filters by it.
/// </summary>
public static partial class PlanMeasures
{
    /// <summary>
    /// One action's measure of success: the text, the measures it already names, the measure its words match best (null
    /// when none shares at least half of the metric's words) and a draft to define when it matches none.
    /// </summary>
    public sealed record Offer(string ActionId, string Descriptor, string Metric, IReadOnlyList<string> Linked, MeasureDefinition? Match, double Similarity,
        MeasureDefinition? Draft);

    /// <summary>At least this share of the metric's words must be in a measure's title for it to be offered as a match.</summary>
    public const double MatchShare = 0.5;

    /// <summary>Every action with a measure of success, in plan order, with what it already names, its best match and, without one, a draft.</summary>
    public static IReadOnlyList<Offer> Offers(Plan plan, MeasureStore.MeasureSet measures) =>
    [
        .. plan.Actions.Where(a => !string.IsNullOrWhiteSpace(a.Metrics)).Select(a =>
        {
            var metric = a.Metrics!.Trim();
            var (match, share) = measures.Measures.Select(m => (Measure: m, Share: Share(metric, m.Title))).MaxBy(x => x.Share);
            var matched = share >= MatchShare ? match : null;
            return new Offer(a.Id, a.Descriptor, metric, a.Indicators, matched, share,
                matched is null && a.Indicators.Count == 0 ? Draft(plan, a, metric) : null);
        }),
    ];

    /// <summary>
    /// Share of the metric's words (lower case, three letters or more, common words left out) that are in <paramref name="title"/>.
    /// "Midwives trained in fetal monitoring" against "Staff trained in fetal monitoring": 3 of its 4 words, 0.75.
    /// </summary>
    public static double Share(string metric, string title)
    {
        var words = Words(metric);
        if (words.Count == 0) return 0;
        var other = Words(title);
        return (double)words.Count(other.Contains) / words.Count;
    }

    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "all", "with", "from", "into", "our", "are", "will", "each", "its", "their", "has", "have", "been", "that", "this", "who",
        "percentage", "number", "increase", "increased", "reduction", "reduce", "improved", "improve", "ensuring", "ensure", "per", "rate",
    };

    private static HashSet<string> Words(string text) =>
        [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 3 && !Common.Contains(w))];

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex WordPattern();

    /// <summary>
    /// A measure to define for an action's metric: its id from the plan and action ("SWL-A003"), the metric as title and
    /// description; a proportion when the words speak of a percentage, else a count; quarterly, entered by the LMNS, under
    /// the action's priority. Every field is a guess for a person to correct before importing.
    /// </summary>
    private static MeasureDefinition Draft(Plan plan, PlanAction action, string metric)
    {
        var share = PercentWords().IsMatch(metric);
        var title = metric.Split('\n')[0].Trim();
        if (title.Length > 120) title = title[..117] + "...";
        var priority = plan.PriorityOf(action)?.Ref;
        return new MeasureDefinition(plan.Lmns, $"{plan.Name.ToUpperInvariant()}-{action.Id}", title,
            $"Measure of success of action {action.Id} ({action.Descriptor}) as the plan words it: {metric.Replace('\n', ' ')}",
            share ? UnitKind.Proportion : UnitKind.Count, share ? 100 : 1, [], share ? "Numerator (to define)" : null, share ? "Denominator (to define)" : null,
            Indicators.Polarity.HigherIsBetter, Frequency.Quarter, [], Supplier.LmnsEntry, priority);
    }

    [GeneratedRegex(@"percent|%|proportion|\bshare\b|\brate\b", RegexOptions.IgnoreCase)]
    private static partial Regex PercentWords();

    /// <summary>
    /// Writes a measures file: the LMNS's own measures as they are, then the drafts of <paramref name="offers"/> (rows whose
    /// id is already a measure are left out). Returns how many drafts were written.
    /// </summary>
    public static int WriteDrafts(MeasureStore.MeasureSet measures, IReadOnlyList<Offer> offers, string path)
    {
        var drafts = offers.Select(o => o.Draft).OfType<MeasureDefinition>().Where(d => measures.Find(d.Id) is null).ToList();
        var rows = measures.Measures.Where(m => m.IsLocal).Concat(drafts).Select(m => (IReadOnlyList<string>)MeasureFile.Row(m));
        var dimensions = measures.Dimensions.Where(d => !d.BuiltIn).SelectMany(d => d.Codes.Select(c => (IReadOnlyList<string>)[d.Name, c, d.Description]));
        TableFile.Write(path, new TableFile.SheetData(MeasureFile.Sheet, MeasureFile.Columns, rows),
            new TableFile.SheetData(MeasureFile.DimensionSheet, MeasureFile.DimensionColumns, dimensions));
        return drafts.Count;
    }

    /// <summary>
    /// Names a measure on each offer's action: its match, or its draft once that is defined. An action that already names
    /// the measure is left alone; each change is saved as an edit of the action (kept in the plan's history).
    /// Returns the actions changed, with the measure named.
    /// </summary>
    public static IReadOnlyList<(string ActionId, string MeasureId)> Link(Database database, Access access, string lmns, string planName)
    {
        var plan = PlanStore.Load(database, access, lmns, plan: planName);
        var measures = MeasureStore.Load(database, lmns);
        var linked = new List<(string, string)>();
        foreach (var offer in Offers(plan, measures))
        {
            var id = offer.Match?.Id ?? (measures.Find($"{plan.Name.ToUpperInvariant()}-{offer.ActionId}")?.Id);
            if (id is null || offer.Linked.Contains(id, StringComparer.OrdinalIgnoreCase)) continue;
            var action = plan.Action(offer.ActionId)!;
            PlanStore.SaveAction(database, access, lmns, action with { Indicators = [.. action.Indicators, id] }, plan.ActionStamps[action.Id].Version,
                planName: planName);
            linked.Add((action.Id, id));
        }
        return linked;
    }

}
