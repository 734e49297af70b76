using Dapper;
using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Programme;

/// <summary>
/// Births to the LMNS's priority cohort by the mother's LSOA of residence (2011), for shading the map of community
/// assets: numerator only, the babies of the births cohort (one row per baby, as the indicators count births) whose
/// mother's pregnancy is in the priority cohort the LMNS has set (the default cohort when none), in the 12 months ending
/// with the latest month of births loaded. Births with no LSOA recorded are not placed. For a caller who may not see the
/// LMNS's records, each LSOA's count passes <see cref="Access.Policy"/> (NHS England's rounding: 1 to 7 shown as 5,
/// else to the nearest 5), as every count leaving the record-level roles does.
/// </summary>
public sealed record PriorityBirths(IReadOnlyDictionary<string, long> ByLsoa, DateOnly? From, DateOnly? To, bool Rounded)
{
    /// <summary>The bands the map shades by: lower bounds of 0, 1-4, 5-9, 10-19 and 20 or more births.</summary>
    public static IReadOnlyList<int> Bands { get; } = [0, 1, 5, 10, 20];

    /// <summary>The band (0 to 4) of a count; its words are <see cref="BandText"/>.</summary>
    public static int Band(long births) => Bands.Count(b => births >= b) - 1;

    public static string BandText(int band) => band switch
    {
        0 => "No births",
        4 => $"{Bands[4]} or more births",
        _ => $"{Bands[band]} to {Bands[band + 1] - 1} births",
    };

    public static PriorityBirths Build(Database database, Access access, string lmns)
    {
        access.Demand(access.Role != Role.Public, "see the programme registers");
        var priority = MeasureStore.Load(database, lmns).Cohort.Cohort.Sql();
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<(string Lsoa, DateTime Month, long Births)>(connection.Sql($"""
            SELECT m.LSOAMother2011, b.period_start, count(*)
            FROM ({CohortSql.For(Cohort.Births, priority)}) b
            JOIN MSD101PregnancyBooking p ON p.OrgCodeProvider = b.OrgCodeProvider AND p.PregnancyID = b.PregnancyID
            JOIN (SELECT DISTINCT OrgCodeProvider, LPIDMother, LSOAMother2011 FROM MSD001MotherDemog WHERE LSOAMother2011 IS NOT NULL) m
              ON m.OrgCodeProvider = p.OrgCodeProvider AND m.LPIDMother = p.LPIDMother
            WHERE b.lmns_code = $lmns AND b.in_priority
            GROUP BY m.LSOAMother2011, b.period_start
            """), new { lmns }).ToList();
        if (rows.Count == 0) return new PriorityBirths(new Dictionary<string, long>(), null, null, false);
        var to = DateOnly.FromDateTime(rows.Max(r => r.Month));
        var from = to.AddMonths(-11);
        var exact = access.SeesRecordsOf(lmns);
        var counts = rows.Where(r => DateOnly.FromDateTime(r.Month) >= from).GroupBy(r => r.Lsoa, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => exact ? g.Sum(r => r.Births) : Access.Policy.Apply(g.Sum(r => r.Births)) ?? 0, StringComparer.Ordinal);
        return new PriorityBirths(counts, from, to, !exact);
    }
}
