using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Programme;

/// <summary>
/// The plans' milestones on posts ("each trust has a Health Inequalities Lead in post") as measures of the measures
/// catalogue. A post names the measure it counts towards in its <c>Measure</c> column: the id of one of the LMNS's own
/// yes/no measures. From the posts register as it stands, each organisation that supplies the measure (every trust of
/// the LMNS for a trust-return measure, the LMNS for an LMNS entry) gets, for each period, Yes when one of its posts
/// naming the measure is <c>In post</c> on the period's last day (on the day of the import, for the period under way),
/// else No: a trust with no such post is a No. Periods run from the earliest <c>Since</c> of those posts (at most two
/// years back) to the period under way. Values are stored through <see cref="MeasureReturns.Save"/> as submitted, with
/// how = "programme", so the measures overview judges them against their targets like any return.
/// </summary>
public static class PostMeasures
{
    public const string How = "programme";

    private const string Reason = "from the posts register";

    /// <summary>Problems with the Measure column of <paramref name="rows"/>: no such measure, not yes/no, an organisation that does not supply it.</summary>
    public static List<RowIssue> Check(Database database, string lmns, IReadOnlyList<(long Row, string Id, IReadOnlyDictionary<string, string> Fields)> rows)
    {
        var issues = new List<RowIssue>();
        if (!rows.Any(r => r.Fields.ContainsKey("Measure"))) return issues;
        var set = MeasureStore.Load(database, lmns);
        var hierarchy = OrgHierarchy.Read(database);
        foreach (var (row, _, fields) in rows)
        {
            if (!fields.TryGetValue("Measure", out var id)) continue;
            if (set.Find(id) is not { } m || m.BuiltIn)
                issues.Add(new RowIssue(row, "Measure", id, $"{lmns} has no measure of its own with id {id} (see 'maternity measures list')"));
            else if (m.Unit != UnitKind.YesNo)
                issues.Add(new RowIssue(row, "Measure", id, $"{id} is a {MeasureFile.UnitName(m.Unit)} measure: a post counts towards a yes/no measure"));
            else if (!Suppliers(set, hierarchy, m).Contains(fields.GetValueOrDefault("Organisation") ?? ""))
                issues.Add(new RowIssue(row, "Organisation", fields.GetValueOrDefault("Organisation"),
                    m.Supplier == Supplier.TrustReturn ? $"{id} is sent by each trust of {lmns}: the post's organisation must be one of them"
                        : $"{id} is entered by the LMNS: the post's organisation must be {lmns}"));
        }
        return issues;
    }

    /// <summary>The measure values the posts give, as return lines (one per organisation and period of each measure named).</summary>
    public static IReadOnlyList<MeasureReturns.Line> Lines(MeasureStore.MeasureSet set, OrgHierarchy hierarchy, IReadOnlyList<ProgrammeEntry> posts, DateOnly today)
    {
        var lines = new List<MeasureReturns.Line>();
        foreach (var named in posts.Where(p => p.Text("Measure") is not null).GroupBy(p => p.Text("Measure")!, StringComparer.OrdinalIgnoreCase))
        {
            if (set.Find(named.Key) is not { Unit: UnitKind.YesNo, BuiltIn: false } m) continue;
            var earliest = named.Select(p => p.Date("Since")).OfType<DateOnly>().DefaultIfEmpty(today).Min();
            if (earliest < today.AddYears(-2)) earliest = today.AddYears(-2);
            var now = MeasurePeriod.Containing(today, m.Frequency);
            for (var start = MeasurePeriod.Containing(earliest, m.Frequency); start <= now; start = MeasurePeriod.End(start, m.Frequency))
            {
                // End is the first day after the period: its last day is the one before.
                var day = start == now ? today : MeasurePeriod.End(start, m.Frequency).AddDays(-1);
                foreach (var org in Suppliers(set, hierarchy, m))
                {
                    var inPost = named.Any(p => p.Text("Organisation") == org && p.Text("Status") == "In post"
                        && (p.Date("Since") is not { } since || since <= day) && (p.Date("Ends") is not { } ends || ends >= day));
                    lines.Add(new MeasureReturns.Line(org, MeasurePeriod.Format(start, m.Frequency), m.Id, Dimension.Total, Dimension.Total,
                        inPost ? "Yes" : "No", Reason: Reason));
                }
            }
        }
        return lines;
    }

    /// <summary>Writes the values the stored posts give for their measures (nothing when no post names one).</summary>
    public static MeasureReturns.Result? Save(Database database, Access access, string lmns, DateOnly today)
    {
        var posts = ProgrammeStore.Load(database, access, lmns).Rows($"{ProgrammeRegisters.Posts}.posts");
        var set = MeasureStore.Load(database, lmns);
        var lines = Lines(set, OrgHierarchy.Read(database), posts, today);
        if (lines.Count == 0) return null;
        return MeasureReturns.Save(database, access, set, [.. lines.Select((l, i) => ((long)i + 2, l))], submit: true, How, today);
    }

    private static List<string> Suppliers(MeasureStore.MeasureSet set, OrgHierarchy hierarchy, MeasureDefinition m) =>
        m.Supplier == Supplier.TrustReturn
            ? [.. hierarchy.OfType("Trust").Where(t => t.Parent == set.Lmns).Select(t => t.Code).Order(StringComparer.Ordinal)]
            : [set.Lmns];
}
