using Maternity.Reference;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Measures;

/// <summary>
/// A local measure as a page, the API and the board pack show it for one organisation: each period's value with the
/// interval its unit calls for, the trajectory's value for that period and the RAG against it; the trusts compared and
/// each breakdown in the latest period. The LMNS's value of a trust-return measure is its trusts' values added up
/// (counts, numerators and denominators, amounts; means pooled); yes/no, levels and text are shown per trust only.
/// </summary>
/// <param name="Trend">For a proportion with at least <see cref="TrendMinimumPeriods"/> complete periods: the chi-squared test for
/// trend over them (exact counts, 99.9% level, as on the indicator pages); null otherwise.</param>
/// <param name="Spc">For a monthly measure with at least <see cref="SpcMinimumPeriods"/> months: the Making Data Count chart of
/// the series (p′, Laney, for a proportion; XmR for a count, rate, mean or amount), a month some trusts have not sent yet
/// drawn but kept out of the limits and rules. Its variation and assurance are judged on the exact values for every
/// caller; null otherwise.</param>
public sealed record MeasureView(MeasureDefinition Measure, string Org, MeasureTarget? Target, IReadOnlyList<MeasureView.Point> Series,
    IReadOnlyList<MeasureView.Point> Trusts, IReadOnlyList<MeasureView.Point> Breakdown, DateOnly? Latest, TrendResult? Trend = null,
    SpcResult? Spc = null)
{
    public const int TrendMinimumPeriods = 5;

    /// <summary>Months a chart needs before it has limits (Making Data Count shows limits from 13 points).</summary>
    public const int SpcMinimumPeriods = 13;

    /// <summary>One value: its period, organisation, group, counts as the caller may see them, interval, due value and RAG.</summary>
    public sealed record Point(DateOnly Period, string Org, string Dimension, string Group, double? Numerator, double? Denominator,
        string? Text, Interval? Value, double? Due, string Rag, int Sent = 1, int Expected = 1)
    {
        /// <summary>Whether the LMNS's figure adds up fewer trusts than it has ("2 of 4 trusts").</summary>
        public bool Partial => Sent < Expected;

        /// <summary>The value in words with its unit ("42.1%", "12", "£3,400", "Yes", "Stage 2", the text).</summary>
        public string Shown(MeasureDefinition m) => Format(m, Value?.Value, Text);
    }

    /// <summary>The latest point, if any.</summary>
    public Point? Current => Series.Count == 0 ? null : Series[^1];

    /// <summary>
    /// The view for <paramref name="org"/> as <paramref name="access"/> may see it, of the periods ended by
    /// <paramref name="until"/> (default: all). Counts are shown as the caller may see them and values computed from
    /// those; the RAG is judged on the exact counts, so every caller sees the same verdict.
    /// </summary>
    public static MeasureView Build(Database database, Access access, MeasureStore.MeasureSet set, MeasureDefinition measure, string org, DateOnly? until = null) =>
        Build(database, access, set, [measure], org, until)[0];

    /// <summary>
    /// The views of several measures for <paramref name="org"/>, as <see cref="Build(Database, Access, MeasureStore.MeasureSet, MeasureDefinition, string, DateOnly?)"/>
    /// gives each. Each view is kept per caller scope until a return is stored, the measures or targets change or the
    /// LMNS's trusts do, so a page of every measure asks the store once whether anything changed, not once per measure.
    /// </summary>
    public static IReadOnlyList<MeasureView> Build(Database database, Access access, MeasureStore.MeasureSet set, IReadOnlyList<MeasureDefinition> measures, string org, DateOnly? until = null)
    {
        // Held for the reads below: the embedded store would otherwise be reopened by each of them.
        using var open = database.Open();
        var values = MeasureReturns.InForce(database, set.Lmns);
        var trusts = OrgHierarchy.Read(database).OfType("Trust").Where(t => t.Parent == set.Lmns).Select(t => t.Code).Order(StringComparer.Ordinal).ToList();
        var signature = string.Join(",", trusts);
        var scope = Indicators.IndicatorEngine.Scope(access);
        return [.. measures.Select(measure =>
        {
            var key = (database.Description, set.Lmns, measure.Id, org, until, scope);
            if (Cache.TryGetValue(key, out var hit) && ReferenceEquals(hit.Values, values) && ReferenceEquals(hit.Set, set) && hit.Trusts == signature) return hit.View;
            var view = Build(access, set, measure, org, until, values, trusts);
            if (Cache.Count > 20_000) Cache.Clear();
            Cache[key] = (values, set, signature, view);
            return view;
        })];
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Lmns, string Measure, string Org, DateOnly? Until, string Scope),
        (MeasureReturns.InForceValues Values, MeasureStore.MeasureSet Set, string Trusts, MeasureView View)> Cache = new();

    private static MeasureView Build(Access access, MeasureStore.MeasureSet set, MeasureDefinition measure, string org, DateOnly? until,
        MeasureReturns.InForceValues values, IReadOnlyList<string> trusts)
    {
        var all = values.ByMeasure.GetValueOrDefault(measure.Id, []);
        var exact = Build(set, measure, org, trusts, all, until);
        var complete = exact.Series.Where(p => !p.Partial && p.Numerator is not null && p.Denominator is not null).ToList();
        if (measure.Unit == UnitKind.Proportion && complete.Count >= TrendMinimumPeriods)
            exact = exact with { Trend = Statistics.Trend.Proportions([.. complete.Select(p => p.Numerator!.Value)], [.. complete.Select(p => p.Denominator!.Value)]) };
        exact = exact with { Spc = SpcOf(measure, exact.Series) };
        if (access.Role == Role.Admin) return exact;
        var shown = Build(set, measure, org, trusts, [.. all.Select(v => MeasureReturns.Shown(access, set, measure, v))], until);
        var spc = SpcOf(measure, shown.Series) is { } drawn && exact.Spc is { } judged ? drawn with { Variation = judged.Variation, Assurance = judged.Assurance } : null;
        // A trust's own series and its row among the trusts compared are the same cell: one verdict.
        var verdicts = exact.Series.Concat(exact.Trusts).Concat(exact.Breakdown).GroupBy(p => (p.Period, p.Org, p.Dimension, p.Group)).ToDictionary(g => g.Key, g => g.First().Rag);
        IReadOnlyList<Point> Judged(IReadOnlyList<Point> points) => [.. points.Select(p => p with { Rag = verdicts.GetValueOrDefault((p.Period, p.Org, p.Dimension, p.Group), p.Rag) })];
        return shown with { Series = Judged(shown.Series), Trusts = Judged(shown.Trusts), Breakdown = Judged(shown.Breakdown), Trend = exact.Trend, Spc = spc };
    }

    /// <summary>See <see cref="Spc"/>: null for other frequencies and units, with fewer complete months, or with a month's value missing.</summary>
    private static SpcResult? SpcOf(MeasureDefinition measure, IReadOnlyList<Point> series)
    {
        if (measure.Frequency != Frequency.Month || measure.Unit is not (UnitKind.Proportion or UnitKind.Count or UnitKind.Rate or UnitKind.Mean or UnitKind.Money)) return null;
        if (series.Count(p => !p.Partial) < SpcMinimumPeriods || series.Any(p => p.Value is null)) return null;
        // Consecutive months only: a gap would make neighbours of months that are not.
        for (var i = 1; i < series.Count; i++) if (series[i].Period != series[i - 1].Period.AddMonths(1)) return null;
        var options = new SpcOptions(measure.Polarity switch
        {
            Indicators.Polarity.HigherIsBetter => ImprovementDirection.Increase,
            Indicators.Polarity.LowerIsBetter => ImprovementDirection.Decrease,
            _ => ImprovementDirection.Neutral,
        }, Excluded: [.. series.Select((p, i) => (p, i)).Where(x => x.p.Partial).Select(x => x.i)]);
        if (measure.Unit != UnitKind.Proportion) return Statistics.Spc.XmR([.. series.Select(p => p.Value!.Value)], options);
        if (series.Any(p => p.Numerator is null || p.Denominator is null)) return null;
        return Statistics.Spc.PChart([.. series.Select(p => (long)Math.Round(p.Numerator!.Value))], [.. series.Select(p => (long)Math.Round(p.Denominator!.Value))],
            laney: true, options);
    }

    private static MeasureView Build(MeasureStore.MeasureSet set, MeasureDefinition measure, string org, IReadOnlyList<string> trustCodes, IReadOnlyList<MeasureReturns.StoredValue> all, DateOnly? until)
    {
        var trusts = trustCodes.ToHashSet(StringComparer.Ordinal);
        var values = until is { } u ? [.. all.Where(v => MeasurePeriod.End(v.Period, measure.Frequency) <= u)] : all;
        var target = set.TargetFor(measure.Id, org);
        // The LMNS's figure for a trust-return measure is its trusts' added up; a trust's is its own.
        IEnumerable<MeasureReturns.StoredValue> Of(string who) => who == set.Lmns && measure.Supplier == Supplier.TrustReturn
            ? values.Where(v => trusts.Contains(v.Org)) : values.Where(v => v.Org == who);
        var expected = org == set.Lmns && measure.Supplier == Supplier.TrustReturn ? trusts.Count : 1;
        var series = Of(org).Where(v => v.Dimension == Dimension.Total).GroupBy(v => v.Period).OrderBy(g => g.Key)
            .Select(g => Combine(measure, target, g.Key, org, Dimension.Total, Dimension.Total, [.. g]) is { } p ? p with { Sent = g.Count(), Expected = expected } : null)
            .OfType<Point>().ToList();
        var latest = series.Count == 0 ? (DateOnly?)null : series[^1].Period;
        var compared = latest is null ? [] : values.Where(v => trusts.Contains(v.Org) && v.Period == latest && v.Dimension == Dimension.Total)
            .Select(v => Combine(measure, set.TargetFor(measure.Id, v.Org), v.Period, v.Org, v.Dimension, v.Group, [v])).OfType<Point>().OrderBy(p => p.Org, StringComparer.Ordinal).ToList();
        var breakdown = latest is null ? [] : Of(org).Where(v => v.Period == latest && v.Dimension != Dimension.Total).GroupBy(v => (v.Dimension, v.Group))
            .Select(g => Combine(measure, null, latest.Value, org, g.Key.Dimension, g.Key.Group, [.. g])).OfType<Point>()
            .OrderBy(p => p.Dimension, StringComparer.Ordinal).ThenBy(p => Order(set, p.Dimension, p.Group)).ToList();
        return new MeasureView(measure, org, target, series, compared, breakdown, latest);
    }

    private static int Order(MeasureStore.MeasureSet set, string dimension, string group) =>
        set.Dimension(dimension) is { Codes.Count: > 0 } d ? d.Codes.ToList().IndexOf(group) : 0;

    /// <summary>Values of several organisations for one cell added up, with the interval for the unit and the RAG against the trajectory.</summary>
    private static Point? Combine(MeasureDefinition m, MeasureTarget? target, DateOnly period, string org, string dimension, string group, IReadOnlyList<MeasureReturns.StoredValue> values)
    {
        if (values.Count == 0) return null;
        double? numerator = null, denominator = null;
        string? text = null;
        Interval? value = null;
        var one = values.Count == 1 ? values[0] : null;
        switch (m.Unit)
        {
            case UnitKind.Proportion or UnitKind.Rate:
                if (values.Any(v => v.Numerator is null || v.Denominator is null)) break;
                numerator = values.Sum(v => v.Numerator!.Value);
                denominator = values.Sum(v => v.Denominator!.Value);
                if (denominator > 0)
                    value = m.Unit == UnitKind.Proportion ? Proportion.Wilson(numerator.Value, denominator.Value, 0.95, 100) : Rate.Interval(numerator.Value, denominator.Value, 0.95, m.Per);
                break;
            case UnitKind.Mean:
                if (values.Any(v => v.Numerator is null || v.Denominator is null)) break;
                denominator = values.Sum(v => v.Denominator!.Value);
                var mean = values.Sum(v => v.Numerator!.Value * v.Denominator!.Value) / denominator.Value;
                // Pooled standard deviation of the groups together (within-group and between-group spread).
                var sd = values.All(v => v.Spread is not null) && denominator > 1
                    ? Math.Sqrt((values.Sum(v => (v.Denominator!.Value - 1) * v.Spread!.Value * v.Spread.Value) + values.Sum(v => v.Denominator!.Value * Math.Pow(v.Numerator!.Value - mean, 2))) / (denominator.Value - 1))
                    : double.NaN;
                var half = double.IsNaN(sd) ? double.NaN : MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, denominator.Value - 1, 0.975) * sd / Math.Sqrt(denominator.Value);
                numerator = mean;
                value = new Interval(mean, mean - half, mean + half, "Student's t");
                break;
            case UnitKind.Count or UnitKind.Money:
                if (values.Any(v => v.Numerator is null)) break;
                numerator = values.Sum(v => v.Numerator!.Value);
                value = new Interval(numerator.Value, double.NaN, double.NaN, "none");
                break;
            case UnitKind.YesNo when one is null:
                // Several trusts: how many say yes; judged on the whole (all must meet a "yes" target).
                if (values.Any(v => v.Numerator is null)) break;
                numerator = values.Count(v => v.Numerator >= 1);
                denominator = values.Count;
                text = $"{numerator} of {denominator} yes";
                value = new Interval(numerator == denominator ? 1 : 0, double.NaN, double.NaN, "none");
                break;
            case UnitKind.Level when one is null:
                // Several trusts: the lowest level reached, which is what an "at least" target is judged on.
                if (values.Any(v => v.Numerator is null)) break;
                var lowest = values.Min(v => v.Numerator!.Value);
                numerator = lowest;
                text = $"lowest {m.Levels[(int)lowest - 1]} ({string.Join(", ", values.GroupBy(v => v.Text).OrderBy(g => g.Min(v => v.Numerator)).Select(g => $"{g.Count()} at {g.Key}"))})";
                value = new Interval(lowest, double.NaN, double.NaN, "none");
                break;
            case UnitKind.Text when one is null:
                text = $"{values.Count} returns: see each trust";
                break;
            default:
                numerator = one!.Numerator;
                text = one.Text;
                if (one.Numerator is { } x) value = new Interval(x, double.NaN, double.NaN, "none");
                break;
        }
        var due = target is not null && m.Judged ? target.ValueFor(period, m.Frequency) : null;
        var rag = value is null || due is null || double.IsNaN(value.Value) ? "" : Rag(target!, value, due.Value);
        return new Point(period, org, dimension, group, numerator, denominator, text, value, due, rag);
    }

    /// <summary>Green when the value has reached the trajectory; Red when its whole interval (or the value, without one) has not; Amber between.</summary>
    public static string Rag(MeasureTarget target, Interval value, double due)
    {
        if (target.Meets(value.Value, due)) return "Green";
        if (double.IsNaN(value.Lower) || double.IsNaN(value.Upper)) return "Red";
        return (target.AtLeast ? value.Upper < due : value.Lower > due) ? "Red" : "Amber";
    }

    /// <summary>A value of <paramref name="m"/> in words.</summary>
    public static string Format(MeasureDefinition m, double? value, string? text = null)
    {
        if (m.Unit is UnitKind.Text or UnitKind.Level or UnitKind.YesNo && text is not null) return text;
        if (value is not { } v || double.IsNaN(v)) return "No data";
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return m.Unit switch
        {
            UnitKind.Proportion => v.ToString("0.0", c) + "%",
            UnitKind.Rate => v.ToString("0.0#", c) + $" per {m.Per.ToString("N0", c)}",
            UnitKind.Mean => v.ToString("0.##", c),
            UnitKind.Money => "£" + v.ToString("N0", c),
            UnitKind.YesNo => v >= 1 ? "Yes" : "No",
            UnitKind.Level => v >= 1 && v <= m.Levels.Count ? m.Levels[(int)v - 1] : v.ToString(c),
            _ => v.ToString("N0", c),
        };
    }
}
