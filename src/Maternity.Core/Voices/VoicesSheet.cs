namespace Maternity.Voices;

/// <summary>
/// The board pack workbook's sheet "Voices": the MNVP section's representativeness table, one row per characteristic and
/// group, with the same figures as the pack's HTML (the report is built once, as a viewer sees it).
/// </summary>
public static class VoicesSheet
{
    public const string Name = "Voices";

    public static readonly string[] Header =
    [
        "LMNS", "From", "To", "Characteristic", "Group", "Heard", "Share heard", "Reference", "Reference share", "Ratio", "Ratio lower",
        "Ratio upper", "Verdict", "Chi-squared", "df", "p", "Reference source", "Counts",
    ];

    /// <summary>The rows of the sheet; shares and ratios as numbers (blank where undefined), dates as dates.</summary>
    public static IEnumerable<object?[]> Rows(VoicesReport report) =>
        report.Representation.SelectMany(r => r.Rows.Select(x => new object?[]
        {
            report.Lmns, report.From.ToDateTime(TimeOnly.MinValue), report.To.ToDateTime(TimeOnly.MinValue), r.Title, x.Group, x.Heard,
            N(x.HeardShare), N(x.Reference), N(x.ReferenceShare), N(x.Ratio.Value), N(x.Ratio.Lower), N(x.Ratio.Upper),
            x.Verdict.Length == 0 ? "Not judged" : x.Verdict, N(r.Test.Statistic), r.Test.DegreesOfFreedom, N(r.Test.PValue), r.ReferenceSource,
            report.Suppressed ? "rounded by the suppression policy" : "exact",
        }));

    private static double? N(double v) => double.IsFinite(v) ? v : null;
}
