using System.Globalization;
using Dapper;
using Maternity.Storage;

namespace Maternity.Indicators;

/// <summary>
/// Which months hold data for each record-level source (each MSDS table loaded) of an LMNS, and which of them look
/// complete: a month is complete for a source when its trusts' rows reach half the source's usual month (the median of
/// its months with rows), so the tail of a source that is still arriving, or a trust that has not yet submitted, shows as
/// incomplete. The default reporting month is the latest month complete for every source in use, and every window says
/// how many of its months each source covers ("bookings: 6 of 12 months").
/// </summary>
public static class DataCoverage
{
    /// <summary>A month is complete for a source when its rows reach this share of the source's median month.</summary>
    public const double CompleteShare = 0.5;

    /// <summary>One source: its table, a plain name, the months with rows and those of them that are complete.</summary>
    public sealed record Source(string Table, string Name, IReadOnlyList<DateOnly> Months, IReadOnlyList<DateOnly> Complete)
    {
        /// <summary>How many of the months from <paramref name="from"/> to <paramref name="to"/> are complete for this source.</summary>
        public int CompleteIn(DateOnly from, DateOnly to) => Complete.Count(m => m >= from && m <= to);
    }

    /// <summary>The sources of <paramref name="lmns"/> (its trusts' submissions; every trust when null or none are placed under it).</summary>
    public static IReadOnlyList<Source> Read(Database database, string? lmns)
    {
        var hierarchy = Reference.OrgHierarchy.Read(database);
        var trusts = lmns is null ? [] : hierarchy.Orgs.Where(o => hierarchy.LmnsOf(o.Code) == lmns).Select(o => o.Code).ToHashSet();
        var rows = database.ReadOrKept<List<(string Table, string Org, DateTime Month, long Rows)>>("coverage", connection =>
            [.. connection.Query<(string, string, DateTime, long)>("SELECT table_name, org_code, rp_start_date, rows_loaded FROM submission")]);
        if (trusts.Count > 0 && rows.Any(r => trusts.Contains(r.Org))) rows = [.. rows.Where(r => trusts.Contains(r.Org))];
        return [.. rows.GroupBy(r => r.Table).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var months = g.GroupBy(r => DateOnly.FromDateTime(r.Month)).Select(m => (Month: m.Key, Rows: m.Sum(r => r.Rows))).Where(m => m.Rows > 0)
                .OrderBy(m => m.Month).ToList();
            var sorted = months.Select(m => m.Rows).Order().ToList();
            var median = sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
            return new Source(g.Key, NameOf(g.Key), [.. months.Select(m => m.Month)], [.. months.Where(m => m.Rows >= CompleteShare * median).Select(m => m.Month)]);
        })];
    }

    /// <summary>The latest month complete for every source, or null when no month is (or nothing is loaded).</summary>
    public static DateOnly? LatestComplete(IReadOnlyList<Source> sources)
    {
        if (sources.Count == 0) return null;
        var common = sources.Skip(1).Aggregate(sources[0].Complete.ToHashSet(), (set, s) => { set.IntersectWith(s.Complete); return set; });
        return common.Count == 0 ? null : common.Max();
    }

    /// <summary>"bookings: 11 of 12 months; deliveries: 5 of 12 months": each source's complete months in the window.</summary>
    public static string Describe(IReadOnlyList<Source> sources, DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
        return string.Join("; ", sources.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name}: {s.CompleteIn(from, to)} of {months} months")));
    }

    /// <summary>Whether every source is complete in every month of the window.</summary>
    public static bool IsComplete(IReadOnlyList<Source> sources, DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
        return sources.All(s => s.CompleteIn(from, to) == months);
    }

    /// <summary>A plain name for an MSDS table ("MSD101PregnancyBooking" is "bookings").</summary>
    public static string NameOf(string table) => table switch
    {
        "MSD001MotherDemog" => "mothers",
        "MSD101PregnancyBooking" => "bookings",
        "MSD102MatCarePlan" => "care plans",
        "MSD202CareActivityPreg" => "antenatal care",
        "MSD301LabourDelivery" => "deliveries",
        "MSD302CareActivityLabDel" => "labour and delivery care",
        "MSD401BabyDemographics" => "babies",
        _ => table,
    };
}
