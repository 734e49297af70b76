using System.Globalization;
using Dapper;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Storage;

namespace Maternity.Quality;

/// <summary>
/// The data-quality gates in front of the national CQIMs, evaluated as NHS England's CQIM pipeline does: a CQIM is
/// published for a trust and month only when every one of its DQ measures passes. Each DQ measure counts over its own
/// window of months (the pipeline's <c>adjStart</c> months before the reporting month, for <c>length</c> months), its
/// rate is round(N/D, 3), and it passes within its bounds (inclusive, except DQ18 and DQ34 which must exceed 0.4).
/// Coverage measures compare counts with the trust's HES deliveries: floor(annual deliveries x days in the window / 365).
/// Measures DQ19, DQ35 and DQ40-DQ42 were withdrawn in September 2023 and are not used.
/// </summary>
/// <remarks>
/// Differences from the national pipeline, forced by the canonical input: every birth is a singleton (the input has
/// no BirthsPerLabandDel: multiple births are not modelled); a woman is counted by pregnancy; PPH and critical incidents
/// are counted in the month of birth, and "recorded" means a blood loss or a tear degree of 3 or 4 in MSD302 in the
/// window (by ClinInterDateMother); the national SNOMED codes map to our items (blood loss observation to BloodLoss,
/// 3rd/4th degree tear lesions to PerinealTearDegree 3 or 4, maternal critical incident codes to MatCritInd = 'Y').
/// </remarks>
public static class CqimGates
{
    /// <param name="Numerator">The base count summed over the window for N.</param>
    /// <param name="Denominator">The base count for D, or null for the HES deliveries of the window.</param>
    /// <param name="AdjStart">Months before the reporting month the window starts.</param>
    /// <param name="Length">Months in the window.</param>
    /// <param name="AtLeastOne">N is 1 when the numerator's sum is above 0, else 0; D is 1 (DQ13, DQ21).</param>
    public sealed record Measure(string Id, string Meaning, string Numerator, string? Denominator, int AdjStart, int Length,
        double? Min, double? Max, bool Inclusive = true, bool AtLeastOne = false);

    /// <summary>Every DQ measure that gates a current CQIM, with its national bounds (CQIM_Suppression_Rule).</summary>
    public static IReadOnlyList<Measure> Measures { get; } =
    [
        new("DQ02", "Women giving birth in the previous month, as a share of HES deliveries", "maternities", null, 1, 1, 0.70, null),
        new("DQ03", "Women booking in the month, as a share of HES deliveries", "bookings", null, 0, 1, 0.50, null),
        new("DQ04", "Bookings in the month with smoking status known", "smoking_known_booking", "bookings", 0, 1, 0.70, null),
        new("DQ05", "Known-status bookings who smoke (plausibility)", "smoker_booking", "smoking_known_booking", 0, 1, 0.005, 0.50),
        new("DQ06", "Women giving birth in the previous month with smoking status at delivery known", "smoking_known_delivery", "maternities", 1, 1, 0.70, null),
        new("DQ07", "Known-status women giving birth in the previous month who smoke (plausibility)", "smoker_delivery", "smoking_known_delivery", 1, 1, 0.005, 0.50),
        new("DQ08", "Babies born in the month with the first feed type recorded (01-03)", "feed_recorded", "babies", 0, 1, 0.70, null),
        new("DQ09", "Women giving birth in the month, as a share of HES deliveries", "women", null, 0, 1, 0.70, null),
        new("DQ10", "Women giving birth in the previous 3 months, as a share of HES deliveries", "maternities", null, 3, 3, 0.70, null),
        new("DQ11", "Women giving birth in the previous 3 months with a PPH of 500 ml or more or a maternal critical incident (plausibility)", "pph_500_or_critical", "maternities", 3, 3, null, 0.60),
        new("DQ12", "Women giving birth in the previous 3 months with a PPH of 1,500 ml or more or a maternal critical incident (plausibility)", "pph_1500_or_critical", "maternities", 3, 3, null, 0.20),
        new("DQ13", "At least one blood loss recorded in the previous 6 months", "blood_loss_recorded", null, 6, 6, 1, 1, AtLeastOne: true),
        new("DQ14", "Women giving birth in the current 3 months, as a share of HES deliveries", "maternities", null, 2, 3, 0.70, null),
        new("DQ15", "Babies in the current 3 months with a gestation of 154-315 days", "gestation_154_315", "babies", 2, 3, 0.70, null),
        new("DQ16", "Babies of 154-315 days in the current 3 months born at 259-315 days", "gestation_259_315", "gestation_154_315", 2, 3, 0.70, null),
        new("DQ18", "Babies in the current 3 months born vaginally (delivery method 0-4 of 0-9)", "vaginal", "delivery_method_valid", 2, 3, 0.40, null, Inclusive: false),
        new("DQ20", "Term vaginal births in the current 3 months with a 3rd or 4th degree tear (plausibility)", "term_vaginal_tear", "term_vaginal", 2, 3, null, 0.10),
        new("DQ21", "At least one 3rd or 4th degree tear recorded in the previous 6 months", "tear_recorded", null, 6, 6, 1, 1, AtLeastOne: true),
        new("DQ22", "Babies in the month with a gestation of 154-315 days", "gestation_154_315", "babies", 0, 1, 0.70, null),
        new("DQ23", "Babies in the month born at 259-315 days", "gestation_259_315", "babies", 0, 1, 0.70, null),
        new("DQ24", "Term babies in the current 3 months with a 5-minute Apgar score of 0-10", "term_apgar_recorded", "term_births", 2, 3, 0.70, null),
        new("DQ26", "Babies in the current 3 months with a valid delivery method", "delivery_method_valid", "babies", 2, 3, 0.70, null),
        new("DQ27", "Bookings in the current 3 months with previous live births and stillbirths recorded (0-20)", "parity_valid_booking", "bookings", 2, 3, 0.70, null),
        new("DQ28", "Of those, bookings with no previous births (plausibility)", "parity_zero_booking", "parity_valid_booking", 2, 3, 0.20, 0.70),
        new("DQ30", "Women giving birth in the current 3 months, as a share of HES deliveries", "women", null, 2, 3, 0.70, null),
        new("DQ31", "Babies in the current 3 months with a gestation of 141-315 days", "gestation_141_315", "babies", 2, 3, 0.70, null),
        new("DQ32", "Babies of 141-315 days in the current 3 months born at 259-315 days", "gestation_259_315", "gestation_141_315", 2, 3, 0.70, null),
        new("DQ33", "Babies in the current 3 months with a valid delivery method", "delivery_method_valid", "babies", 2, 3, 0.70, null),
        new("DQ34", "Babies in the current 3 months born vaginally (delivery method 0-4 of 0-9)", "vaginal", "delivery_method_valid", 2, 3, 0.40, null, Inclusive: false),
        new("DQ36", "Women giving birth in the current 3 months with previous births recorded (0-20)", "parity_recorded", "women", 2, 3, 0.70, null),
        new("DQ37", "Of those, women with no previous births (plausibility)", "parity_zero", "parity_recorded", 2, 3, 0.20, 0.70),
        new("DQ38", "Babies in the current 3 months with a valid fetal presentation", "presentation_valid", "babies", 2, 3, 0.70, null),
        new("DQ39", "Women giving birth in the current 3 months with a labour onset method of 1-5", "onset_valid", "women", 2, 3, 0.70, null),
    ];

    /// <summary>The CQIMs and the DQ measures that gate each (national configuration since September 2023).</summary>
    public static IReadOnlyList<(string Cqim, string[] Gates)> Cqims { get; } =
    [
        ("CQIMSmokingBooking", ["DQ03", "DQ04", "DQ05"]),
        ("CQIMSmokingDelivery", ["DQ02", "DQ06", "DQ07"]),
        ("CQIMBreastfeeding", ["DQ08", "DQ09"]),
        ("CQIMPPH", ["DQ10", "DQ11", "DQ12", "DQ13"]),
        ("CQIMPreterm", ["DQ09", "DQ22", "DQ23"]),
        ("CQIMApgar", ["DQ14", "DQ15", "DQ16", "DQ24"]),
        ("CQIMTears", ["DQ14", "DQ15", "DQ16", "DQ18", "DQ20", "DQ21"]),
        ("CQIMVBAC", ["DQ14", "DQ15", "DQ16", "DQ18", "DQ26", "DQ27", "DQ28"]),
        ("CQIMRobson01", ["DQ30", "DQ31", "DQ32", "DQ33", "DQ34", "DQ36", "DQ37", "DQ38", "DQ39"]),
        ("CQIMRobson02", ["DQ30", "DQ31", "DQ32", "DQ33", "DQ34", "DQ36", "DQ37", "DQ38", "DQ39"]),
        ("CQIMRobson05", ["DQ30", "DQ31", "DQ32", "DQ33", "DQ34", "DQ36", "DQ37", "DQ38", "DQ39"]),
    ];

    public sealed record MeasureResult(string Id, long Numerator, long Denominator, double Rate, bool Passed);

    /// <param name="Status">Pass, Fail, or Not evaluated.</param>
    /// <param name="Missing">DQ measures not evaluated: no HES deliveries given for the trust.</param>
    public sealed record Gate(string OrgCode, DateOnly Month, string Cqim, string Status, IReadOnlyList<MeasureResult> Measures, IReadOnlyList<string> Missing);

    /// <summary>Reads each trust's HES deliveries in a year from a CSV with columns OrgCode, AnnualDeliveries.</summary>
    public static IReadOnlyDictionary<string, double> ReadExpectedDeliveries(string path)
    {
        var result = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in Statistics.StatsInput.Read(path))
            result[row.Text("OrgCode") ?? throw new InvalidDataException($"{row.File} row {row.Row}, column 'OrgCode': a value is required")] = row.Number("AnnualDeliveries");
        return result;
    }

    /// <summary>Replaces the stored HES deliveries with <paramref name="deliveries"/> (all or nothing); returns how many trusts.</summary>
    public static int StoreExpectedDeliveries(Database database, Security.Access access, IReadOnlyDictionary<string, double> deliveries)
    {
        access.Demand(access.Role is Security.Role.Admin or Security.Role.Analyst, "load HES deliveries");
        if (deliveries.FirstOrDefault(d => !double.IsFinite(d.Value) || d.Value < 0) is { Key: not null } bad)
            throw new InvalidDataException($"HES deliveries of {bad.Key}: {bad.Value} is not a number of deliveries");
        using var connection = database.Open();
        using (database.Writing())
        using (var tx = connection.BeginTransaction())
        {
            connection.Execute("DELETE FROM hes_deliveries", transaction: tx);
            foreach (var (org, annual) in deliveries)
                connection.Execute(connection.Sql("INSERT INTO hes_deliveries (org_code, annual_deliveries, loaded_at, loaded_by) VALUES ($org, $annual, $now, $by)"),
                    new { org, annual, now = Database.Now(), by = access.Name }, tx);
            tx.Commit();
        }
        Security.AuditLog.Append(database, access.Name, "reference.hes", "hes_deliveries", $"{deliveries.Count} trusts");
        return deliveries.Count;
    }

    /// <summary>The stored HES deliveries in a year, by trust.</summary>
    public static IReadOnlyDictionary<string, double> StoredExpectedDeliveries(Database database)
    {
        using var connection = database.Open();
        return connection.Query<(string, double)>("SELECT org_code, annual_deliveries FROM hes_deliveries").ToDictionary(r => r.Item1, r => r.Item2, StringComparer.OrdinalIgnoreCase);
    }

    private static string Codes(string table, string column) =>
        string.Join(",", MsdsSchema.Find(table)!.Columns.Single(c => c.Name == column).Codes!.Select(c => $"'{c}'"));

    private const string Births = "PregOutcome IN ('01','02','03','04')";

    /// <summary>Base counts per provider and birth month, from the births cohort (one row per baby).</summary>
    private static string BirthCounts() => $"""
        SELECT b.org_code, b.period_start,
          count(DISTINCT b.PregnancyID) AS women,
          count(DISTINCT CASE WHEN b.{Births} THEN b.PregnancyID END) AS maternities,
          count(*) AS babies,
          sum(CASE WHEN b.BabyFirstFeedIndCode IN ('01','02','03') THEN 1 ELSE 0 END) AS feed_recorded,
          count(DISTINCT CASE WHEN b.{Births} AND b.smoking_known_delivery = 1 THEN b.PregnancyID END) AS smoking_known_delivery,
          count(DISTINCT CASE WHEN b.{Births} AND b.smoking_known_delivery = 1 AND b.smoker_delivery = 1 THEN b.PregnancyID END) AS smoker_delivery,
          count(DISTINCT CASE WHEN b.{Births} AND (b.blood_loss >= 500 OR c.critical = 1) THEN b.PregnancyID END) AS pph_500_or_critical,
          count(DISTINCT CASE WHEN b.{Births} AND (b.blood_loss >= 1500 OR c.critical = 1) THEN b.PregnancyID END) AS pph_1500_or_critical,
          sum(CASE WHEN b.GestationLengthBirth BETWEEN 154 AND 315 THEN 1 ELSE 0 END) AS gestation_154_315,
          sum(CASE WHEN b.GestationLengthBirth BETWEEN 141 AND 315 THEN 1 ELSE 0 END) AS gestation_141_315,
          sum(CASE WHEN b.GestationLengthBirth BETWEEN 259 AND 315 THEN 1 ELSE 0 END) AS gestation_259_315,
          sum(CASE WHEN b.DeliveryMethodCode IN ({Codes(MsdsSchema.Babies, "DeliveryMethodCode")}) THEN 1 ELSE 0 END) AS delivery_method_valid,
          sum(CASE WHEN b.DeliveryMethodCode IN ('0','1','2','3','4') THEN 1 ELSE 0 END) AS vaginal,
          sum(CASE WHEN b.{Births} AND b.DeliveryMethodCode IN ('0','1','2','3','4') AND b.GestationLengthBirth BETWEEN 259 AND 315 THEN 1 ELSE 0 END) AS term_vaginal,
          sum(CASE WHEN b.{Births} AND b.DeliveryMethodCode IN ('0','1','2','3','4') AND b.GestationLengthBirth BETWEEN 259 AND 315 AND b.tear_degree >= 3 THEN 1 ELSE 0 END) AS term_vaginal_tear,
          sum(CASE WHEN b.{Births} AND b.GestationLengthBirth BETWEEN 259 AND 315 THEN 1 ELSE 0 END) AS term_births,
          sum(CASE WHEN b.{Births} AND b.GestationLengthBirth BETWEEN 259 AND 315 AND b.ApgarScore5 BETWEEN 0 AND 10 THEN 1 ELSE 0 END) AS term_apgar_recorded,
          sum(CASE WHEN b.FetusPresentation IN ({Codes(MsdsSchema.Babies, "FetusPresentation")}) THEN 1 ELSE 0 END) AS presentation_valid,
          count(DISTINCT CASE WHEN (b.PreviousCaesareanSections IS NOT NULL OR b.PreviousLiveBirths IS NOT NULL OR b.PreviousStillBirths IS NOT NULL)
            AND COALESCE(b.PreviousCaesareanSections, 0) BETWEEN 0 AND 20 AND COALESCE(b.PreviousLiveBirths, 0) BETWEEN 0 AND 20
            AND COALESCE(b.PreviousStillBirths, 0) BETWEEN 0 AND 20 THEN b.PregnancyID END) AS parity_recorded,
          count(DISTINCT CASE WHEN (b.PreviousCaesareanSections IS NOT NULL OR b.PreviousLiveBirths IS NOT NULL OR b.PreviousStillBirths IS NOT NULL)
            AND COALESCE(b.PreviousCaesareanSections, 0) = 0 AND COALESCE(b.PreviousLiveBirths, 0) = 0 AND COALESCE(b.PreviousStillBirths, 0) = 0 THEN b.PregnancyID END) AS parity_zero,
          count(DISTINCT CASE WHEN b.LabourOnsetMethod IN ('1','2','3','4','5') THEN b.PregnancyID END) AS onset_valid
        FROM ({CohortSql.For(Cohort.Births)}) b
        LEFT JOIN (SELECT OrgCodeProvider, LabourDeliveryID, max(CASE WHEN MatCritInd = 'Y' THEN 1 ELSE 0 END) AS critical
                   FROM {MsdsSchema.LabourActivities} GROUP BY OrgCodeProvider, LabourDeliveryID) c
          ON c.OrgCodeProvider = b.OrgCodeProvider AND c.LabourDeliveryID = b.LabourDeliveryID
        GROUP BY b.org_code, b.period_start
        """;

    /// <summary>Base counts per provider and booking month, from the bookings cohort (one row per pregnancy).</summary>
    private static string BookingCounts() => $"""
        SELECT p.org_code, p.period_start,
          count(*) AS bookings,
          sum(p.smoking_known_booking) AS smoking_known_booking,
          sum(CASE WHEN p.smoking_known_booking = 1 AND p.smoker_booking = 1 THEN 1 ELSE 0 END) AS smoker_booking,
          sum(CASE WHEN p.PreviousLiveBirths BETWEEN 0 AND 20 AND p.PreviousStillBirths BETWEEN 0 AND 20 THEN 1 ELSE 0 END) AS parity_valid_booking,
          sum(CASE WHEN p.PreviousLiveBirths = 0 AND p.PreviousStillBirths = 0 THEN 1 ELSE 0 END) AS parity_zero_booking
        FROM ({CohortSql.For(Cohort.Bookings)}) p
        GROUP BY p.org_code, p.period_start
        """;

    /// <summary>Labour and delivery activity per provider and month of the activity (ClinInterDateMother).</summary>
    private static string ActivityCounts() => $"""
        SELECT OrgCodeProvider AS org_code, CAST(date_trunc('month', CAST(ClinInterDateMother AS TIMESTAMP)) AS DATE) AS period_start,
          sum(CASE WHEN BloodLoss IS NOT NULL THEN 1 ELSE 0 END) AS blood_loss_recorded,
          sum(CASE WHEN PerinealTearDegree IN (3, 4) THEN 1 ELSE 0 END) AS tear_recorded
        FROM {MsdsSchema.LabourActivities} WHERE ClinInterDateMother IS NOT NULL
        GROUP BY 1, 2
        """;

    /// <summary>
    /// The gates of every CQIM for each provider (whose records the caller may see) and each month it has a submission
    /// for. Record-level: for the trust's data-quality lead and the LMNS analyst. HES deliveries are the stored ones
    /// (<c>maternity reference import-hes</c>) unless <paramref name="expectedDeliveries"/> is given.
    /// </summary>
    public static IReadOnlyList<Gate> Evaluate(Database database, Security.Access access, IReadOnlyDictionary<string, double>? expectedDeliveries = null, string? orgCode = null)
    {
        expectedDeliveries ??= StoredExpectedDeliveries(database);
        access.Demand(access.IsRecordLevel, "evaluate the CQIM data-quality gates (record-level counts)");
        if (orgCode is not null) access.DemandRecords(orgCode);
        var (counts, submitted) = BaseCounts(database);
        var months = submitted.Where(s => (orgCode is null || s.Org == orgCode) && access.SeesRecordsOf(s.Org)).ToList();

        long Sum(string org, string name, DateOnly first, int length) =>
            Enumerable.Range(0, length).Sum(i => counts.TryGetValue((org, first.AddMonths(i)), out var bag) ? bag.GetValueOrDefault(name) : 0);

        var gates = new List<Gate>();
        foreach (var (org, month) in months)
        {
            var annual = expectedDeliveries.TryGetValue(org, out var h) && h > 0 ? h : (double?)null;
            var results = new Dictionary<string, MeasureResult?>();
            foreach (var m in Measures)
            {
                var first = month.AddMonths(-m.AdjStart);
                var n = Sum(org, m.Numerator, first, m.Length);
                long d;
                if (m.AtLeastOne) (n, d) = (n > 0 ? 1 : 0, 1);
                else if (m.Denominator is { } den) d = Sum(org, den, first, m.Length);
                else if (annual is { } a) d = (long)Math.Floor(a * (first.AddMonths(m.Length).DayNumber - first.DayNumber) / 365.0);
                else { results[m.Id] = null; continue; }
                var rate = d == 0 ? double.NaN : Math.Round((double)n / d, 3, MidpointRounding.AwayFromZero);
                // A measure with events but no denominator passes when it has no upper bound (national rule).
                var passed = d == 0 ? n > 0 && m.Max is null
                    : (m.Min is not { } min || (m.Inclusive ? rate >= min : rate > min)) && (m.Max is not { } max || (m.Inclusive ? rate <= max : rate < max));
                results[m.Id] = new MeasureResult(m.Id, n, d, rate, passed);
            }
            foreach (var (cqim, needed) in Cqims)
            {
                var evaluated = needed.Select(id => results[id]).OfType<MeasureResult>().ToList();
                var missing = needed.Where(id => results[id] is null).Select(id => $"{id} (no HES deliveries for {org})").ToList();
                var status = evaluated.Any(r => !r.Passed) ? "Fail" : missing.Count > 0 ? "Not evaluated" : "Pass";
                gates.Add(new Gate(org, month, cqim, status, evaluated, missing));
            }
        }
        return gates;
    }

    /// <summary>
    /// Every base count per provider and month, and every (provider, month) with a submission: read from the records
    /// once and kept until a submission is loaded (their number or latest load time changes), so pages stay quick.
    /// </summary>
    private static (IReadOnlyDictionary<(string Org, DateOnly Month), Dictionary<string, long>> Counts, IReadOnlyList<(string Org, DateOnly Month)> Months) BaseCounts(Database database)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        var (submissions, latest) = connection.QuerySingle<(long, DateTime?)>("SELECT count(*), max(loaded_at) FROM submission");
        var version = string.Create(CultureInfo.InvariantCulture, $"{submissions}/{latest:O}");
        if (Cache.TryGetValue(database.Description, out var hit) && hit.Version == version) return (hit.Counts, hit.Months);
        var counts = new Dictionary<(string Org, DateOnly Month), Dictionary<string, long>>();
        foreach (var sql in new[] { BirthCounts(), BookingCounts(), ActivityCounts() })
            foreach (IDictionary<string, object?> row in connection.Query(connection.Sql(sql)))
            {
                var key = ((string)row["org_code"]!, row["period_start"] switch
                {
                    DateOnly d => d, // DuckDB
                    var v => DateOnly.FromDateTime(Convert.ToDateTime(v, CultureInfo.InvariantCulture)), // PostgreSQL
                });
                if (!counts.TryGetValue(key, out var bag)) counts[key] = bag = [];
                foreach (var (name, value) in row)
                    if (name is not ("org_code" or "period_start"))
                        bag[name] = value switch
                        {
                            null => 0,
                            System.Numerics.BigInteger big => (long)big, // DuckDB sums are HUGEINT
                            _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                        };
            }
        List<(string Org, DateOnly Month)> months = [.. connection.Query<(string, DateTime)>("SELECT DISTINCT org_code, rp_start_date FROM submission")
            .Select(s => (s.Item1, DateOnly.FromDateTime(s.Item2))).OrderBy(s => s.Item1, StringComparer.Ordinal).ThenBy(s => s.Item2)];
        if (Cache.Count > 50) Cache.Clear();
        Cache[database.Description] = (version, counts, months);
        return (counts, months);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Version, IReadOnlyDictionary<(string Org, DateOnly Month), Dictionary<string, long>> Counts, IReadOnlyList<(string Org, DateOnly Month)> Months)> Cache = new();

    public static string Describe(MeasureResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Id} {r.Numerator}/{r.Denominator} = {(double.IsFinite(r.Rate) ? r.Rate.ToString("F3", CultureInfo.InvariantCulture) : "not computed (denominator 0)")} {(r.Passed ? "pass" : "fail")}");
}
