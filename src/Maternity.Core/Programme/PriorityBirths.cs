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
    /// <summary>
    /// Why no LSOA can be shaded by births, in plain words, when none was counted (null when births were counted): the
    /// LMNS has no record-level data (the only source of a mother's LSOA), or has records with no LSOA recorded. It says
    /// what the LMNS holds instead: trust returns count births by ethnic group and IMD decile, the national publication
    /// deliveries by IMD decile of each trust, neither by LSOA, so the map is not shaded from them.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>Whether trust returns are loaded for the LMNS (births by IMD decile on the indicator pages).</summary>
    public bool HasReturns { get; init; }

    /// <summary>Whether the national publication is loaded (each trust's deliveries by IMD decile: the population profile).</summary>
    public bool HasNational { get; init; }

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
        if (rows.Count == 0) return Absent(connection, lmns);
        var to = DateOnly.FromDateTime(rows.Max(r => r.Month));
        var from = to.AddMonths(-11);
        var exact = access.SeesRecordsOf(lmns);
        var counts = rows.Where(r => DateOnly.FromDateTime(r.Month) >= from).GroupBy(r => r.Lsoa, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => exact ? g.Sum(r => r.Births) : Access.Policy.Apply(g.Sum(r => r.Births)) ?? 0, StringComparer.Ordinal);
        return new PriorityBirths(counts, from, to, !exact);
    }

    /// <summary>No births by LSOA: says why, and what the LMNS holds instead.</summary>
    private static PriorityBirths Absent(System.Data.Common.DbConnection connection, string lmns)
    {
        var sources = connection.Query<string>(connection.Sql("""
            SELECT DISTINCT source FROM indicator_count WHERE org_level = 'LMNS' AND org_code = $lmns AND source IN ('record-level', 'returns')
            """), new { lmns }).ToHashSet(StringComparer.Ordinal);
        var national = connection.ExecuteScalar<long>("SELECT count(*) FROM national_publication") > 0;
        var records = sources.Contains("record-level");
        var note = records
            ? $"Record-level data are loaded for {lmns}, but no birth to its priority cohort has the mother's LSOA of residence recorded " +
              "(MSD001 LSOAMother2011), so no LSOA can be shaded by births."
            : $"No record-level data are loaded for {lmns}, and births by LSOA come only from them (the mother's LSOA of residence, MSD001).";
        if (!records && sources.Contains("returns"))
            note += " Its trusts' returns are loaded, but a return counts births by ethnic group and IMD decile, not by LSOA: " +
                "the indicators' IMD decile breakdown shows them.";
        if (!records && national)
            note += " The national publication is loaded: it gives each trust's deliveries by IMD decile of residence (the population " +
                "profile), not by LSOA.";
        note += " The map stays shaded by IMD decile.";
        return new PriorityBirths(new Dictionary<string, long>(), null, null, false)
            { Note = note, HasReturns = !records && sources.Contains("returns"), HasNational = !records && national };
    }
}
