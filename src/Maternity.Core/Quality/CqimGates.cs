using System.Globalization;
using Maternity.Indicators;
using Maternity.Storage;

namespace Maternity.Quality;

/// <summary>
/// The data-quality gates in front of the national CQIMs: each CQIM is published for a trust and month only when
/// every one of its DQ measures passes. A DQ measure's rate is round(N/D, 3) and passes when it lies within its
/// bounds (inclusive). Coverage measures compare counts with the trust's average monthly deliveries from HES,
/// which the user supplies. Only the DQ measures whose national meaning has been verified are evaluated here
/// (DQ02-DQ10, DQ12, DQ13); a CQIM that needs any other is reported as not evaluated, naming what is missing,
/// rather than guessed.
/// </summary>
public static class CqimGates
{
    public sealed record Measure(string Id, string Meaning, double? Min, double? Max);

    /// <summary>The verified DQ measures and their bounds (national CQIM_Suppression_Rule).</summary>
    public static IReadOnlyList<Measure> Measures { get; } =
    [
        new("DQ02", "Women giving birth in the previous month, as a share of HES average monthly deliveries", 0.70, null),
        new("DQ03", "Women booking in the month, as a share of HES average monthly deliveries", 0.50, null),
        new("DQ04", "Bookings with smoking status known", 0.70, null),
        new("DQ05", "Known-status bookings who smoke (plausibility)", 0.005, 0.50),
        new("DQ06", "Births in the previous month with smoking status at delivery known", 0.70, null),
        new("DQ07", "Known-status births in the previous month smoking at delivery (plausibility)", 0.005, 0.50),
        new("DQ08", "Babies with the first feed recorded", 0.70, null),
        new("DQ09", "Women giving birth in the month, as a share of HES average monthly deliveries", 0.70, null),
        new("DQ10", "Births in the previous three months, as a share of three months of HES deliveries", 0.70, null),
        new("DQ12", "Maternities in the last three months with a PPH of 1,500 ml or more (plausibility)", null, 0.20),
        new("DQ13", "At least one PPH of 1,500 ml or more recorded in the previous six months", 1, 1),
    ];

    /// <summary>The CQIMs and the DQ measures that gate each (national configuration).</summary>
    public static IReadOnlyList<(string Cqim, string[] Gates)> Cqims { get; } =
    [
        ("CQIMSmokingBooking", ["DQ03", "DQ04", "DQ05"]),
        ("CQIMSmokingDelivery", ["DQ02", "DQ06", "DQ07"]),
        ("CQIMBreastfeeding", ["DQ08", "DQ09"]),
        ("CQIMPPH", ["DQ10", "DQ11", "DQ12", "DQ13"]),
        ("CQIMPreterm", ["DQ09", "DQ22", "DQ23"]),
        ("CQIMApgar", ["DQ14", "DQ15", "DQ16", "DQ24"]),
        ("CQIMTears", ["DQ14", "DQ15", "DQ16", "DQ18", "DQ20", "DQ21"]),
        ("CQIMVBAC", ["DQ14", "DQ15", "DQ16", "DQ26", "DQ18", "DQ27", "DQ28"]),
        ("CQIMRobson01", ["DQ30", "DQ31", "DQ32", "DQ33", "DQ34", "DQ36", "DQ37", "DQ38", "DQ39"]),
        ("CQIMRobson02", ["DQ30", "DQ31", "DQ32", "DQ33", "DQ34", "DQ36", "DQ37", "DQ38", "DQ39"]),
        ("CQIMRobson05", ["DQ30", "DQ31", "DQ32", "DQ33", "DQ34", "DQ36", "DQ37", "DQ38", "DQ39"]),
    ];

    public sealed record MeasureResult(string Id, long Numerator, long Denominator, double Rate, bool Passed);

    /// <param name="Status">Pass, Fail, or Not evaluated.</param>
    /// <param name="Missing">DQ measures not evaluated: unverified definitions, or no HES deliveries given for the trust.</param>
    public sealed record Gate(string OrgCode, DateOnly Month, string Cqim, string Status, IReadOnlyList<MeasureResult> Measures, IReadOnlyList<string> Missing);

    /// <summary>Reads HES average monthly deliveries per trust from a CSV with columns OrgCode, AverageMonthlyDeliveries.</summary>
    public static IReadOnlyDictionary<string, double> ReadExpectedDeliveries(string path)
    {
        var result = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in Statistics.StatsInput.Read(path))
            result[row.Text("OrgCode") ?? throw new InvalidDataException($"{row.File} row {row.Row}, column 'OrgCode': a value is required")] = row.Number("AverageMonthlyDeliveries");
        return result;
    }

    /// <summary>The gates of every CQIM for each provider (whose records the caller may see) and month with counts.</summary>
    public static IReadOnlyList<Gate> Evaluate(Database database, Security.Access access, IReadOnlyDictionary<string, double> expectedDeliveries, string? orgCode = null)
    {
        access.Demand(access.IsRecordLevel, "evaluate the CQIM data-quality gates (record-level counts)");
        if (orgCode is not null) access.DemandRecords(orgCode);
        var counts = IndicatorEngine.Read(database, access, null, orgCode, nameof(Breakdown.Total))
            .Where(c => c.OrgLevel == "Provider" && c.PeriodType == "Month" && c.Source == IndicatorEngine.RecordLevel && access.SeesRecordsOf(c.OrgCode))
            .ToDictionary(c => (c.IndicatorId, c.OrgCode, c.PeriodStart), c => (c.Numerator, c.Denominator));
        (long N, long D) Get(string indicator, string org, DateOnly month) => counts.GetValueOrDefault((indicator, org, month));
        (long N, long D) Sum(string indicator, string org, DateOnly month, int months) =>
            Enumerable.Range(0, months).Select(i => Get(indicator, org, month.AddMonths(-i))).Aggregate((N: 0L, D: 0L), (a, b) => (a.N + b.N, a.D + b.D));

        var gates = new List<Gate>();
        foreach (var (org, month) in counts.Keys.Select(k => (k.OrgCode, k.PeriodStart)).Distinct().OrderBy(k => k.OrgCode, StringComparer.Ordinal).ThenBy(k => k.PeriodStart))
        {
            var hes = expectedDeliveries.TryGetValue(org, out var h) && h > 0 ? h : (double?)null;
            var bookings = Get("DQ_ETHNICITY_VALID", org, month).D;
            var births = Get("PPH_1500", org, month).D;
            var previousBirths = Get("PPH_1500", org, month.AddMonths(-1)).D;
            var values = new Dictionary<string, (long N, long D)?>
            {
                ["DQ02"] = hes is { } e2 ? (previousBirths, (long)Math.Round(e2)) : null,
                ["DQ03"] = hes is { } e3 ? (bookings, (long)Math.Round(e3)) : null,
                ["DQ04"] = (Get("SMOKING_BOOKING", org, month).D, bookings),
                ["DQ05"] = Get("SMOKING_BOOKING", org, month),
                ["DQ06"] = (Get("SATOD", org, month.AddMonths(-1)).D, previousBirths),
                ["DQ07"] = Get("SATOD", org, month.AddMonths(-1)),
                ["DQ08"] = (Get("BREASTMILK_FIRST_FEED", org, month).D, Get("NEONATAL_DEATH_RATE", org, month).D),
                ["DQ09"] = hes is { } e9 ? (births, (long)Math.Round(e9)) : null,
                ["DQ10"] = hes is { } e10 ? (Sum("PPH_1500", org, month, 3).D, (long)Math.Round(3 * e10)) : null,
                ["DQ12"] = Sum("PPH_1500", org, month, 3),
                ["DQ13"] = (Sum("PPH_1500", org, month.AddMonths(-1), 6).N > 0 ? 1 : 0, 1),
            };
            foreach (var (cqim, needed) in Cqims)
            {
                var results = new List<MeasureResult>();
                var missing = new List<string>();
                foreach (var id in needed)
                {
                    var measure = Measures.FirstOrDefault(m => m.Id == id);
                    if (measure is null) { missing.Add($"{id} (definition not verified)"); continue; }
                    if (values[id] is not { } v) { missing.Add($"{id} (no HES deliveries for {org})"); continue; }
                    var rate = v.D == 0 ? double.NaN : Math.Round((double)v.N / v.D, 3, MidpointRounding.AwayFromZero);
                    // A measure with events but no denominator passes when it has no upper bound (national rule).
                    var passed = v.D == 0 ? v.N > 0 && measure.Max is null
                        : (measure.Min is not { } min || rate >= min) && (measure.Max is not { } max || rate <= max);
                    results.Add(new MeasureResult(id, v.N, v.D, rate, passed));
                }
                var status = results.Any(r => !r.Passed) ? "Fail" : missing.Count > 0 ? "Not evaluated" : "Pass";
                gates.Add(new Gate(org, month, cqim, status, results, missing));
            }
        }
        return gates;
    }

    public static string Describe(MeasureResult r) => string.Create(CultureInfo.InvariantCulture, $"{r.Id} {r.Numerator}/{r.Denominator} = {r.Rate:F3} {(r.Passed ? "pass" : "fail")}");
}
