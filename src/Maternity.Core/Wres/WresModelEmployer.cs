using System.Globalization;
using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Wres;

/// <summary>
/// The Model Employer aspiration (NHS England / NHS Improvement, <i>A model employer: increasing black and minority
/// ethnic representation at senior levels across the NHS</i>, 2019: BME representation at every Agenda for Change band
/// in line with the overall BME workforce by 2028) as a trajectory through the measures catalogue. The LMNS defines two
/// measures with the ids below (trust returns, financial year, percentage; <see cref="Definitions"/>); <see cref="Write"/>
/// writes each trust's value for every WRES year loaded (whole trust, staff in post, unknown ethnicity in the
/// denominator as in indicator 1) through <see cref="MeasureReturns.Save"/> with how = "wres", and a target per trust
/// and for the LMNS pooled.
/// <para>A target that is itself a value of another series (the workforce share) does not fit <see cref="MeasureTarget"/>,
/// so the target takes the aspiration's published form as a fixed trajectory computed when the values are written:
/// the senior BME share rises in a straight line from its first WRES year loaded to the BME share of the whole
/// workforce in the latest WRES year loaded, reached by March <see cref="ByYear"/>. Writing again after a new year is
/// loaded moves the target to that year's workforce share.</para>
/// </summary>
public static class WresModelEmployer
{
    /// <summary>BME share of staff in post at Agenda for Change bands 8a to 9 and very senior managers.</summary>
    public const string SeniorMeasure = "wres-bme-senior";

    /// <summary>BME share of all staff in post (the aspiration's benchmark).</summary>
    public const string WorkforceMeasure = "wres-bme-workforce";

    /// <summary>The aspiration's year: representation in line with the workforce by March of it.</summary>
    public const int ByYear = 2028;

    public const string How = "wres";

    /// <summary>The senior bands of the aspiration's first milestone (8a and above, and VSM; clinical and non-clinical).</summary>
    public static readonly string[] SeniorBands = ["8a", "8b", "8c", "8d", "9", "VSM"];

    /// <summary>
    /// One band group of the aspiration, with the measure that carries its BME share. <i>A model employer</i> (section 4,
    /// "ambition for leadership representation") sets its goals band by band at the senior levels: Agenda for Change
    /// bands 8a, 8b, 8c, 8d and 9 and very senior managers, each to reach the BME share of the whole workforce by
    /// <see cref="ByYear"/>; clinical and non-clinical staff together, medical grades apart as in WRES indicator 1.
    /// </summary>
    public sealed record BandGroup(string MeasureId, string Name, IReadOnlyList<string> Bands);

    /// <summary>The band groups of the aspiration, in order (<see cref="BandDefinitions"/> defines their measures).</summary>
    public static readonly IReadOnlyList<BandGroup> BandGroups =
    [
        new("wres-bme-8a", "band 8a", ["8a"]), new("wres-bme-8b", "band 8b", ["8b"]), new("wres-bme-8c", "band 8c", ["8c"]),
        new("wres-bme-8d", "band 8d", ["8d"]), new("wres-bme-9", "band 9", ["9"]), new("wres-bme-vsm", "very senior managers", ["VSM"]),
    ];

    /// <summary>Band 8a and above together, the first milestone (<see cref="SeniorMeasure"/>).</summary>
    public static BandGroup Senior { get; } = new(SeniorMeasure, "band 8a and above", SeniorBands);

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The band groups' measures as the LMNS defines them (optional, beside <see cref="Definitions"/>): each the BME
    /// share of staff in post at that band, written and given the trajectory by <see cref="Write"/> when defined.
    /// </summary>
    public static IReadOnlyList<MeasureDefinition> BandDefinitions(string lmns) =>
    [
        .. BandGroups.Select(g => new MeasureDefinition(lmns, g.MeasureId, $"BME share of staff at {g.Name} (WRES)",
            $"Staff in post at Agenda for Change {g.Name} (clinical and non-clinical) who are BME, out of all staff in post at "
            + "that band (unknown ethnicity in the denominator), whole trust, as at 31 March; written from the WRES data loaded.",
            UnitKind.Proportion, 100, [], $"BME staff at {g.Name}", $"Staff at {g.Name}",
            Polarity.HigherIsBetter, Frequency.FinancialYear, [], Supplier.TrustReturn, "4d")),
    ];

    /// <summary>The two measures as the LMNS defines them (the rows of its measures file, docs/wres.md).</summary>
    public static IReadOnlyList<MeasureDefinition> Definitions(string lmns) =>
    [
        new(lmns, SeniorMeasure, "BME share of staff at band 8a and above (WRES)",
            "Staff in post at Agenda for Change bands 8a to 9 and VSM who are BME, out of all staff in post at those bands "
            + "(unknown ethnicity in the denominator), whole trust, as at 31 March; written from the WRES data loaded.",
            UnitKind.Proportion, 100, [], "BME staff at band 8a and above", "Staff at band 8a and above",
            Polarity.HigherIsBetter, Frequency.FinancialYear, [], Supplier.TrustReturn, "4d"),
        new(lmns, WorkforceMeasure, "BME share of the workforce (WRES)",
            "Staff in post who are BME, out of all staff in post (unknown ethnicity in the denominator), whole trust, as at "
            + "31 March; written from the WRES data loaded.",
            UnitKind.Proportion, 100, [], "BME staff", "Staff in post",
            Polarity.NoJudgement, Frequency.FinancialYear, [], Supplier.TrustReturn, "4d"),
    ];

    /// <summary>One trust's (or the LMNS's pooled) senior and workforce counts for a WRES year.</summary>
    public sealed record Point(string Org, int Year, long SeniorBme, long Senior, long WorkforceBme, long Workforce)
    {
        public double SeniorShare => Senior == 0 ? double.NaN : 100.0 * SeniorBme / Senior;
        public double WorkforceShare => Workforce == 0 ? double.NaN : 100.0 * WorkforceBme / Workforce;
    }

    /// <summary>What <see cref="Write"/> did: values written (added, replaced, unchanged), targets set, and ids the LMNS has not defined.</summary>
    public sealed record Written(IReadOnlyList<Point> Points, MeasureReturns.Result? Values, IReadOnlyList<MeasureTarget> Targets,
        IReadOnlyList<string> NotDefined);

    /// <summary>The senior and workforce counts of each trust of <paramref name="lmns"/> (and the LMNS pooled) for each WRES year loaded.</summary>
    public static IReadOnlyList<Point> Points(Database database, Access access, string lmns) => Points(database, access, lmns, Senior);

    /// <summary>
    /// The counts of one band group (in <see cref="Point.Senior"/> and <see cref="Point.SeniorBme"/>) and of the
    /// workforce, for each trust of <paramref name="lmns"/> and the LMNS pooled, for each WRES year loaded.
    /// </summary>
    public static IReadOnlyList<Point> Points(Database database, Access access, string lmns, BandGroup group)
    {
        var trusts = OrgHierarchy.Read(database).OfType("Trust").Where(t => t.Parent == lmns).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var staff = WresStore.Load(database, access, trusts)
            .Where(r => r.StaffGroup == "Trust" && r.Item == WresFile.StaffInPost && r.Ethnicity != WresFile.Total).ToList();
        Point Of(string org, int year, IEnumerable<WresFile.Row> rows)
        {
            var list = rows.ToList();
            var senior = list.Where(r => r.Category != "Medical" && group.Bands.Contains(r.Band)).ToList();
            return new Point(org, year, senior.Where(r => r.Ethnicity == WresFile.Bme).Sum(r => r.Count ?? 0), senior.Sum(r => r.Count ?? 0),
                list.Where(r => r.Ethnicity == WresFile.Bme).Sum(r => r.Count ?? 0), list.Sum(r => r.Count ?? 0));
        }
        var byTrust = staff.GroupBy(r => (r.Org, r.Year)).Select(g => Of(g.Key.Org, g.Key.Year, g));
        var pooled = staff.GroupBy(r => r.Year).Select(g => Of(lmns, g.Key, g));
        return [.. byTrust.Concat(pooled).OrderBy(p => p.Org == lmns).ThenBy(p => p.Org, StringComparer.Ordinal).ThenBy(p => p.Year)];
    }

    /// <summary>
    /// The trajectory target of <see cref="SeniorMeasure"/> for one organisation: at least the workforce share of the
    /// latest year by March <see cref="ByYear"/>, from the senior share of the first year; null without senior staff.
    /// </summary>
    public static MeasureTarget? Target(string lmns, IReadOnlyList<Point> points) => Target(lmns, points, Senior);

    /// <summary>The trajectory target of a band group's measure for one organisation, as <see cref="Target(string, IReadOnlyList{Point})"/>.</summary>
    public static MeasureTarget? Target(string lmns, IReadOnlyList<Point> points, BandGroup group)
    {
        var first = points.Where(p => p.Senior > 0).MinBy(p => p.Year);
        var last = points.Where(p => p.Workforce > 0).MaxBy(p => p.Year);
        if (first is null || last is null) return null;
        var target = Math.Round(last.WorkforceShare, 1);
        return new MeasureTarget(lmns, group.MeasureId, first.Org, true, target, new DateOnly(ByYear, 3, 1),
            Math.Round(first.SeniorShare, 1), new DateOnly(first.Year, 3, 1), null, [],
            $"Model Employer (NHS England 2019): BME share at {group.Name} equal to the workforce's by {ByYear}; "
            + $"{target.ToString("0.0", Inv)}% is the BME share of {first.Org}'s workforce in {last.Year.ToString(Inv)} (written from the WRES data)");
    }

    /// <summary>
    /// Writes every trust's values of the two measures for each WRES year loaded (submitted, how = "wres", replacing
    /// earlier values with the reason "recomputed from the WRES data") and makes the senior measure's targets the
    /// trajectory of each trust and the LMNS (other targets of the LMNS unchanged). Nothing is written when the LMNS
    /// has not defined the measures: their ids come back in <see cref="Written.NotDefined"/>.
    /// </summary>
    public static Written Write(Database database, Access access, string lmns)
    {
        access.Demand(access.CanEditPlan(lmns), $"write the Model Employer measures of {lmns}");
        var set = MeasureStore.Load(database, lmns);
        var notDefined = new[] { SeniorMeasure, WorkforceMeasure }.Where(id => set.Find(id) is null).ToList();
        var points = Points(database, access, lmns);
        if (notDefined.Count > 0) return new Written(points, null, [], notDefined);
        // The senior group always; each band group whose measure the LMNS has defined.
        var groups = BandGroups.Where(g => set.Find(g.MeasureId) is not null).Select(g => (Group: g, Points: Points(database, access, lmns, g)))
            .Prepend((Group: Senior, Points: points)).ToList();
        var lines = new List<(long Row, MeasureReturns.Line Line)>();
        const string reason = "recomputed from the WRES data loaded";
        static string Period(Point p) => MeasurePeriod.Format(new DateOnly(p.Year - 1, 4, 1), Frequency.FinancialYear);
        foreach (var p in points.Where(p => p.Org != lmns && p.Workforce > 0))
            lines.Add((lines.Count + 1, new MeasureReturns.Line(p.Org, Period(p), WorkforceMeasure, "", "", Numerator: Text(p.WorkforceBme), Denominator: Text(p.Workforce), Reason: reason)));
        foreach (var (group, of) in groups)
            foreach (var p in of.Where(p => p.Org != lmns && p.Senior > 0))
                lines.Add((lines.Count + 1, new MeasureReturns.Line(p.Org, Period(p), group.MeasureId, "", "", Numerator: Text(p.SeniorBme), Denominator: Text(p.Senior), Reason: reason)));
        if (lines.Count == 0) return new Written(points, null, [], []);
        var values = MeasureReturns.Save(database, access, set, lines, submit: true, How);
        if (!values.Imported) return new Written(points, values, [], []);
        var targets = groups.SelectMany(g => g.Points.GroupBy(p => p.Org).Select(o => Target(lmns, [.. o], g.Group))).OfType<MeasureTarget>().ToList();
        var rewritten = groups.Select(g => g.Group.MeasureId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = (set.Own ?? set.Targets.Where(t => t.Lmns == lmns).ToList()).Where(t => !rewritten.Contains(t.MeasureId)).ToList();
        MeasureStore.ImportTargets(database, access, lmns, [.. kept, .. targets]);
        return new Written(points, values, targets, []);
    }

    /// <summary>
    /// One year of the trajectory for an organisation: the band group's and the workforce's BME shares, and the value due
    /// by then. <see cref="Measure"/> is the group's measure (<see cref="SeniorMeasure"/> unless a band group's).
    /// </summary>
    public sealed record Stage(string Org, int Year, long SeniorBme, long Senior, double SeniorShare, double WorkforceShare, double? Due, bool? Meets)
    {
        public string Measure { get; init; } = SeniorMeasure;
    }

    /// <summary>
    /// The senior BME share of each trust of <paramref name="lmns"/> and the LMNS pooled, year by year, beside the value
    /// its target's trajectory has reached by 31 March of that year (null without a target, or before its baseline).
    /// </summary>
    public static IReadOnlyList<Stage> Trajectory(Database database, Access access, string lmns) => Trajectory(database, access, lmns, Senior);

    /// <summary>
    /// A band group's BME share for each trust and the LMNS pooled, year by year, beside the workforce's and the value
    /// its target's trajectory has reached (null when the LMNS has not defined the group's measure, or before its baseline).
    /// Shown whether or not the measure is defined: the shares come from the WRES data.
    /// </summary>
    public static IReadOnlyList<Stage> Trajectory(Database database, Access access, string lmns, BandGroup group)
    {
        var set = MeasureStore.Load(database, lmns);
        var defined = set.Find(group.MeasureId) is not null;
        return [.. Points(database, access, lmns, group).Where(p => p.Senior > 0).Select(p =>
        {
            var target = defined ? set.TargetFor(group.MeasureId, p.Org) : null;
            var due = target?.ValueFor(new DateOnly(p.Year - 1, 4, 1), Frequency.FinancialYear);
            bool? meets = due is { } d ? target!.Meets(Math.Round(p.SeniorShare, 1), d) : null;
            return new Stage(p.Org, p.Year, p.SeniorBme, p.Senior, p.SeniorShare, p.WorkforceShare, due, meets) { Measure = group.MeasureId };
        })];
    }

    /// <summary>Every band group's stages (<see cref="BandGroups"/> order), for the band-by-band view.</summary>
    public static IReadOnlyList<Stage> Bands(Database database, Access access, string lmns) =>
        [.. BandGroups.SelectMany(g => Trajectory(database, access, lmns, g))];

    private static string Text(long v) => v.ToString(Inv);
}
