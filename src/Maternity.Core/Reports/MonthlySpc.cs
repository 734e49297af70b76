using System.Globalization;
using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Reports;

/// <summary>
/// An indicator's monthly series with its SPC chart, month by month, as the indicator page's table shows it: the counts and
/// value the caller is shown, the chart's mean and lower and upper process limits for that month (from the same counts),
/// the month's verdict in Making Data Count's words (judged on the exact counts, <see cref="IndicatorView.Compute"/>), and
/// whether the month is incomplete (drawn, kept out of the limits and never judged). The monthly CSV and the API's SPC
/// output are both these rows, so they equal the page's chart.
/// </summary>
public static class MonthlySpc
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The monthly CSV's header: <see cref="IndicatorExport.CsvHeader"/> then the chart's columns.</summary>
    public const string CsvHeader = IndicatorExport.CsvHeader + ",spc_mean,spc_lower,spc_upper,spc_variation,spc_incomplete";

    /// <summary>
    /// One month: <paramref name="Mean"/>, <paramref name="Lower"/> and <paramref name="Upper"/> are null when the view has no
    /// chart (fewer than two months) or a limit cannot be computed; <paramref name="Variation"/> is
    /// <see cref="Display.Describe(Statistics.SpcPoint)"/> ("Incomplete month: not judged" for an incomplete month), empty without a chart.
    /// </summary>
    public sealed record Row(IndicatorResult Month, double? Mean, double? Lower, double? Upper, string Variation, bool Incomplete);

    /// <summary>
    /// The indicator page's view of <paramref name="definition"/> for <paramref name="org"/>: the window ending at
    /// <paramref name="to"/>, by default at the latest month complete for every source of the organisation's LMNS (else
    /// its latest month with counts), with the LMNS's own target; so the page's CSV, the API and the command give the page's figures.
    /// </summary>
    public static IndicatorView PageView(Database database, Access access, IndicatorDefinition definition, string org, DateOnly? to)
    {
        var hierarchy = OrgHierarchy.Read(database);
        var coverage = DataCoverage.Read(database, hierarchy.OfType("LMNS").Any(o => o.Code == org) ? org : hierarchy.LmnsOf(org));
        to ??= DataCoverage.LatestComplete(coverage) is { } complete && IndicatorSummary.Periods(database).Contains(complete) ? complete : null;
        return IndicatorView.Build(database, access, definition, org, to, target: MeasureStore.ForOrg(database, org)?.OwnTargetFor(definition.Id, org));
    }

    /// <summary>The rows of <paramref name="view"/>'s monthly series, oldest first.</summary>
    public static IReadOnlyList<Row> Rows(IndicatorView view) =>
        [.. view.Monthly.Select((m, i) => view.Spc is { } spc && i < spc.Points.Count && spc.Points[i] is var p
            ? new Row(m, Finite(p.Mean), Finite(p.Lower), Finite(p.Upper), Display.Describe(p), p.Excluded)
            : new Row(m, null, null, null, "", false))];

    /// <summary>Writes <see cref="Rows"/> as CSV (header <see cref="CsvHeader"/>); numbers invariant, a missing limit as empty.</summary>
    public static long WriteCsv(IndicatorView view, TextWriter writer)
    {
        writer.Write(CsvHeader);
        writer.Write('\n');
        long rows = 0;
        foreach (var r in Rows(view))
        {
            writer.Write(string.Join(',', IndicatorExport.CsvRow(r.Month), N(r.Mean), N(r.Lower), N(r.Upper),
                Ingest.QuarantineReport.Csv(r.Variation), r.Incomplete ? "true" : "false"));
            writer.Write('\n');
            rows++;
        }
        return rows;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string N(double? v) => v?.ToString("R", Inv) ?? "";
}
