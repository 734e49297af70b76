using System.Globalization;
using Maternity.Indicators;
using Maternity.Statistics;

namespace Maternity.Reports;

/// <summary>
/// How a figure is written wherever it is shown (pages, board pack, workbook, command line), so one number reads the
/// same everywhere: values to one decimal place with the unit spaced as people write it ("12.6%", "3.8 per 1,000"), a
/// value that cannot be computed as a dash with the reason beside it, never "NaN" or "-0.0"; and Making Data Count's
/// words for variation and assurance.
/// </summary>
public static class Display
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A number to one decimal place (none at 100 or more when <paramref name="compact"/>); "-" when it is not a number.</summary>
    public static string Number(double value, bool compact = false)
    {
        if (!double.IsFinite(value)) return "-";
        var digits = compact && Math.Abs(value) >= 100 ? 0 : 1;
        var rounded = Math.Round(value, digits);
        return (rounded == 0 ? 0 : rounded).ToString(digits == 0 ? "F0" : "F1", Inv);
    }

    /// <summary>A ratio to two decimal places; "-" when it is not a number.</summary>
    public static string Ratio(double value) => double.IsFinite(value) ? value.ToString("F2", Inv) : "-";

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", Inv);

    /// <summary>A unit as written after a value: "%" directly, anything else after a space.</summary>
    public static string Unit(string unit) => unit == "%" || unit.Length == 0 ? unit : " " + unit;

    /// <summary>A value with its unit ("12.6%", "3.8 per 1,000"), or "-" when it cannot be computed.</summary>
    public static string Value(double value, string unit) => double.IsFinite(value) ? Number(value) + Unit(unit) : "-";

    /// <summary>An interval ("11.9 to 13.4"), or "-" when it cannot be computed.</summary>
    public static string Interval(double lower, double upper) =>
        double.IsFinite(lower) && double.IsFinite(upper) ? $"{Number(lower)} to {Number(upper)}" : "-";

    /// <summary>Why a value could not be computed, in words; null when it could.</summary>
    public static string? Missing(double value, long denominator) => double.IsFinite(value) ? null
        : denominator == 0 ? "not computed: none in the denominator in this period" : "not computed";

    /// <summary>A definition's target in words ("at least 90%"), or null.</summary>
    public static string? Target(IndicatorDefinition d) =>
        d.Target is { } t ? $"{(d.HigherIsBetter ? "at least" : "at most")} {t.ToString(Inv)}{Unit(d.Unit)}" : null;

    /// <summary>Making Data Count's words for a variation icon.</summary>
    public static string Describe(VariationType type) => type switch
    {
        VariationType.SpecialCauseImprovement => "Special cause variation: improvement",
        VariationType.SpecialCauseConcern => "Special cause variation: concern",
        VariationType.SpecialCauseNeutralHigh => "Special cause variation: higher (neutral)",
        VariationType.SpecialCauseNeutralLow => "Special cause variation: lower (neutral)",
        _ => "Common cause variation",
    };

    /// <summary>A point's variation in words; an incomplete month (<see cref="SpcPoint.Excluded"/>) is never judged.</summary>
    public static string Describe(SpcPoint point) => point.Excluded ? IncompleteMonth : Describe(point.Type);

    /// <summary>What an SPC chart says of a month it draws but keeps out of its limits and signals.</summary>
    public const string IncompleteMonth = "Incomplete month: not judged";

    /// <summary>Making Data Count's words for an assurance icon.</summary>
    public static string Describe(AssuranceType type) => type switch
    {
        AssuranceType.ConsistentPass => "Target consistently met",
        AssuranceType.ConsistentFail => "Target consistently missed",
        AssuranceType.HitOrMiss => "Target hit or miss",
        _ => "No target",
    };
}
