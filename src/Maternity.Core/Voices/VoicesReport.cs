using System.Globalization;
using Maternity.Indicators;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Voices;

/// <summary>
/// Whose voices the MNVP heard over the 12 months to a month, for the /voices page, the API, <c>maternity voices show</c>
/// and the MNVP annual report section of the board pack (one builder, so they show the same figures): reach (events, people
/// heard, by kind), representativeness of the people heard against the women booked in the LMNS's trusts in the same months
/// (from the booking counts held, record-level or returns; else an uploaded population profile), the trend by financial
/// quarter, reach by parent role, disability and language, and the feedback themes with what changed. Counts of people
/// are exact for those who see the LMNS's records and pass the suppression policy for everyone else (ratios and tests
/// then computed from the shown counts). The public role sees none of it.
/// </summary>
public sealed record VoicesReport(
    string Lmns, DateOnly From, DateOnly To, bool Suppressed, int Events, long PeopleHeard, IReadOnlyList<VoicesReport.KindRow> ByKind,
    IReadOnlyList<Representativeness.Result> Representation, IReadOnlyList<string> NotCompared, IReadOnlyList<VoicesReport.ReachRow> Reach,
    IReadOnlyList<VoicesReport.QuarterRow> Quarters, IReadOnlyList<VoicesReport.EventRow> EventList, IReadOnlyList<FeedbackItem> Feedback)
{
    /// <summary>The indicator whose denominator is the women booked in a month, by the breakdowns compared.</summary>
    public const string BookingsIndicator = "DQ_ETHNICITY_VALID";

    public sealed record KindRow(string Kind, int Events, long People);

    public sealed record ReachRow(string Characteristic, string Group, long People);

    public sealed record QuarterRow(string Quarter, int Events, long People, double PValue, IReadOnlyList<string> UnderRepresented);

    public sealed record EventRow(DateOnly Date, string Name, string Kind, string Place, string Languages, long People);

    public int Forums => ByKind.Where(k => k.Kind == "forum").Sum(k => k.Events);

    /// <summary>Every group flagged under-represented, "Ethnic group: Asian".</summary>
    public IReadOnlyList<string> UnderRepresented => [.. Representation.SelectMany(r => r.UnderRepresented.Select(g => $"{r.Title}: {g}"))];

    /// <summary>The report of <paramref name="lmns"/> for the 12 months to <paramref name="month"/> (default: the month of the latest event).</summary>
    public static VoicesReport Build(Database database, Access access, string lmns, DateOnly? month = null)
    {
        access.Demand(access.Role != Role.Public, "see the MNVP's records");
        var last = month ?? VoicesStore.LatestMonth(database, lmns) ?? new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1);
        last = new DateOnly(last.Year, last.Month, 1);
        var from = last.AddMonths(-11);
        var to = last.AddMonths(1).AddDays(-1);
        var exact = access.SeesRecordsOf(lmns);
        long Shown(long n) => exact ? n : Access.Policy.Apply(n)!.Value;

        var events = VoicesStore.Events(database, lmns, from, to);
        var byKind = events.GroupBy(e => e.Kind).OrderBy(g => Array.IndexOf(VoicesFile.Kinds, g.Key))
            .Select(g => new KindRow(g.Key, g.Count(), Shown(g.Sum(e => e.PeopleHeard)))).ToList();
        var trusts = OrgHierarchy.Read(database).Orgs.Where(o => o.Parent == lmns && o.Type == "Trust").Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        var profile = VoicesStore.Profile(database, lmns);
        var bookings = Characteristic.Compared.ToDictionary(c => c.Name, c => Bookings(database, access, lmns, trusts, c));

        IReadOnlyDictionary<string, long> Heard(IEnumerable<EngagementEvent> within, Characteristic c) => within.SelectMany(e => e.Groups)
            .Where(g => g.Characteristic == c.Name).GroupBy(g => g.Group).ToDictionary(g => g.Key, g => Shown(g.Sum(x => x.People)), StringComparer.Ordinal);

        Representativeness.Result? Compare(IReadOnlyList<EngagementEvent> within, Characteristic c, DateOnly start, DateOnly end)
        {
            var heard = Heard(within, c);
            if (heard.Count == 0) return null;
            var booked = bookings[c.Name].Where(b => b.Month >= start && b.Month <= end).ToList();
            if (booked.Count > 0)
            {
                var counts = booked.GroupBy(b => b.Group).ToDictionary(g => g.Key, g => (double)g.Sum(b => b.Count), StringComparer.Ordinal);
                var months = booked.Select(b => b.Month).Distinct().Order().ToList();
                return Representativeness.Compare(c, heard, counts, string.Create(CultureInfo.InvariantCulture,
                    $"women booked in the LMNS's trusts, {months[0]:MMM yyyy} to {months[^1]:MMM yyyy} ({months.Count} months)"));
            }
            var rows = profile.Where(p => p.Characteristic == c.Name).ToList();
            return rows.Count == 0 ? null : Representativeness.Compare(c, heard, rows.ToDictionary(p => p.Group, p => p.People, StringComparer.Ordinal),
                "population profile: " + string.Join("; ", rows.Select(r => r.Source).Distinct()));
        }

        var representation = new List<Representativeness.Result>();
        var notCompared = new List<string>();
        foreach (var c in Characteristic.Compared)
        {
            if (Compare(events, c, from, to) is { } r) representation.Add(r);
            else notCompared.Add(Heard(events, c).Count == 0
                ? $"{c.Title}: not recorded at any event in the period"
                : $"{c.Title}: no women booked in the period and no population profile loaded to compare with");
        }
        var reach = new[] { Characteristic.ParentRole, Characteristic.Disability, Characteristic.Language }
            .SelectMany(c => Heard(events, c).OrderBy(g => c.Groups.Count == 0 ? 0 : IndexOf(c, g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ReachRow(c.Title, g.Key, g.Value))).ToList();
        var quarters = events.GroupBy(e => FinancialQuarter.Of(e.Date)).OrderBy(g => g.Key).Select(g =>
        {
            var within = g.ToList();
            var ethnic = Compare(within, Characteristic.EthnicGroup, g.Key.Start, g.Key.End);
            return new QuarterRow(g.Key.ToString(), within.Count, Shown(within.Sum(e => e.PeopleHeard)), ethnic?.Test.PValue ?? double.NaN, ethnic?.UnderRepresented ?? []);
        }).ToList();
        var list = events.Select(e => new EventRow(e.Date, e.Name, e.Kind, e.Place, e.Languages, Shown(e.PeopleHeard))).ToList();
        return new VoicesReport(lmns, from, to, !exact, events.Count, Shown(events.Sum(e => e.PeopleHeard)), byKind, representation, notCompared, reach,
            quarters, list, VoicesStore.Feedback(database, lmns, from, to));
    }

    private static int IndexOf(Characteristic c, string group) => c.Groups.ToList().IndexOf(group) is var i and >= 0 ? i : int.MaxValue;

    /// <summary>Women booked by month and group: the LMNS's own counts, else the sum of its trusts'; national publications are not bookings.</summary>
    private static List<(DateOnly Month, string Group, long Count)> Bookings(Database database, Access access, string lmns, HashSet<string> trusts, Characteristic c)
    {
        var counts = IndicatorEngine.Read(database, access, BookingsIndicator, breakdown: c.Breakdown)
            .Where(x => x.PeriodType == "Month" && IndicatorAnalysis.SourceKind(x.Source) != "national").ToList();
        var own = counts.Where(x => x.OrgCode == lmns).ToList();
        if (own.Count == 0) own = [.. counts.Where(x => trusts.Contains(x.OrgCode))];
        return [.. own.Select(x => (x.PeriodStart, x.GroupCode, x.Denominator))];
    }
}
