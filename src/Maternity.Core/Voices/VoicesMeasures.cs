using System.Globalization;
using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Voices;

/// <summary>
/// The MNVP's figures as measures of the measures catalogue, so they get targets, RAG, the overview tile and the pack's
/// measures section like any other. After a load of events, for each measure the LMNS defines with one of the
/// <see cref="Ids"/> (an LMNS-entered count, any frequency), the value of each period holding a loaded event is recounted
/// from every event stored and written through <see cref="MeasureReturns.Save"/> with how = "voices":
/// <list type="bullet">
/// <item><see cref="ForumsHeld"/>: events of kind forum held in the period.</item>
/// <item><see cref="PeopleHeard"/>: people heard at every kind of engagement in the period.</item>
/// <item><see cref="GroupsUnderRepresented"/>: groups (ethnic group, IMD quintile, age band) flagged under-represented
/// over the 12 months to the period's last month (or the current month, while the period runs), as
/// <see cref="VoicesReport"/> flags them; lower is better.</item>
/// </list>
/// An id the LMNS has not defined is skipped and said so; nothing is defined for it. Periods that have not begun are not
/// written (a return cannot hold them).
/// </summary>
public static class VoicesMeasures
{
    public const string ForumsHeld = "FORUMS_HELD";
    public const string PeopleHeard = "PEOPLE_HEARD";
    public const string GroupsUnderRepresented = "GROUPS_UNDER_REPRESENTED";
    public const string How = "voices";

    public static readonly string[] Ids = [ForumsHeld, PeopleHeard, GroupsUnderRepresented];

    /// <summary>What was written: the measures fed, those the LMNS has not defined, and any refusal of the return.</summary>
    public sealed record Outcome(IReadOnlyList<string> Written, IReadOnlyList<string> NotDefined, int Added, int Replaced, IReadOnlyList<RowIssue> Issues)
    {
        public static Outcome None { get; } = new([], [], 0, 0, []);

        public string Describe()
        {
            var written = Written.Count == 0 ? "none written"
                : string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", Written)} ({Added} values added, {Replaced} replaced)");
            return "measures: " + written
                + (NotDefined.Count == 0 ? "" : "; not defined by the LMNS, so not written: " + string.Join(", ", NotDefined))
                + (Issues.Count == 0 ? "" : "; refused: " + string.Join("; ", Issues.Select(i => $"{i.Value}: {i.Reason}")));
        }
    }

    /// <summary>Recounts and writes the periods holding <paramref name="dates"/> for each voices measure <paramref name="lmns"/> defines.</summary>
    public static Outcome Write(Database database, Access access, string lmns, IEnumerable<DateOnly> dates, string file, DateOnly? today = null)
    {
        var days = dates.Distinct().ToList();
        if (days.Count == 0) return Outcome.None;
        var set = MeasureStore.Load(database, lmns);
        var now = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var lines = new List<(long, MeasureReturns.Line)>();
        var written = new List<string>();
        var notDefined = new List<string>();
        var issues = new List<RowIssue>();
        foreach (var id in Ids)
        {
            if (set.Find(id) is not { } m || m.BuiltIn) { notDefined.Add(id); continue; }
            if (m.Unit != UnitKind.Count || m.Supplier != Supplier.LmnsEntry)
            {
                issues.Add(new RowIssue(0, "Measure", id, $"{id} is defined as a {MeasureFile.UnitName(m.Unit)} supplied by "
                    + $"{(m.Supplier == Supplier.LmnsEntry ? "the LMNS" : "each trust")}: the MNVP's figures are counts entered by the LMNS, so it was not written"));
                continue;
            }
            var periods = days.Select(d => MeasurePeriod.Containing(d, m.Frequency)).Where(p => p <= now).Distinct().Order().ToList();
            if (periods.Count == 0) continue;
            written.Add(id);
            foreach (var start in periods)
            {
                var end = MeasurePeriod.End(start, m.Frequency).AddDays(-1);
                var value = Value(database, access, lmns, id, start, end, now);
                lines.Add((lines.Count + 2, new MeasureReturns.Line(lmns, MeasurePeriod.Format(start, m.Frequency), m.Id, Dimension.Total, Dimension.Total,
                    Value: value.ToString(CultureInfo.InvariantCulture), Reason: $"recounted from the MNVP's records after loading {file}")));
            }
        }
        if (lines.Count == 0) return new Outcome([], notDefined, 0, 0, issues);
        var result = MeasureReturns.Save(database, access, set, lines, submit: true, How);
        return result.Imported
            ? new Outcome(written, notDefined, result.Added, result.Replaced, issues)
            : new Outcome([], notDefined, 0, 0, [.. issues, .. result.Issues]);
    }

    private static long Value(Database database, Access access, string lmns, string id, DateOnly start, DateOnly end, DateOnly today)
    {
        if (id == GroupsUnderRepresented)
        {
            var last = end < today ? end : today;
            return VoicesReport.Build(database, access, lmns, new DateOnly(last.Year, last.Month, 1)).UnderRepresented.Count;
        }
        var events = VoicesStore.Events(database, lmns, start, end);
        return id == ForumsHeld ? events.Count(e => e.Kind == "forum") : events.Sum(e => e.PeopleHeard);
    }
}
