using System.Globalization;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Wres;

/// <summary>
/// The board pack's WRES section for an LMNS and its latest WRES year: for the whole trust, maternity and neonatal staff,
/// the nine indicators of each trust beside the LMNS pooled and the ICB pooled (summed counts of the trusts of all its
/// LMNSs), each with its 95% interval, built by <see cref="WresView.Build"/> with the caller's access (the pack's is a
/// viewer's, so counts are rounded before anything is computed): the figures are the WRES page's own, one number everywhere.
/// Rendered by the web project's BoardPackWres component and as the workbook's <see cref="SheetName"/> sheet.
/// </summary>
public sealed record WresPackSection(
    string Lmns,
    string LmnsName,
    int Year,
    string? Icb,
    string? IcbName,
    IReadOnlyList<WresPackSection.Group> Groups,
    IReadOnlyList<WresChecks.Check> Checks,
    bool Suppressed)
{
    /// <summary>One organisation a column of the tables: each trust, then the LMNS pooled, then the ICB pooled.</summary>
    public sealed record Column(string Org, string Label, string Level);

    /// <summary>One figure of one organisation: value, 95% interval (null where none is defined), as written, and what it says.</summary>
    public sealed record Cell(double? Value, double? Lower, double? Upper, string Text, string Statement, bool SmallNumbers)
    {
        /// <summary>The value as written ("1.39", "+4.2", "22.0%"), the part of <see cref="Text"/> before the interval.</summary>
        public string ValueText => Text.IndexOf(" (", StringComparison.Ordinal) is var i and >= 0 ? Text[..i] : Text;

        /// <summary>The interval as written ("(1.1 to 1.8)"), empty where none is defined.</summary>
        public string IntervalText => Text.IndexOf(" (", StringComparison.Ordinal) is var i and >= 0 ? Text[(i + 1)..] : "";
    }

    /// <summary>Short names of the indicators for the pack's tables (the full titles are in the workbook and on the page).</summary>
    public static readonly IReadOnlyDictionary<int, string> ShortTitles = new Dictionary<int, string>
    {
        [2] = "Appointed from shortlisting, White to BME",
        [3] = "Entering formal disciplinary process, BME to White",
        [4] = "Accessing non-mandatory training and CPD, White to BME",
        [5] = "Harassment from patients or the public: BME minus White",
        [6] = "Harassment from staff: BME minus White",
        [7] = "Equal opportunities for progression: BME minus White",
        [8] = "Discrimination from colleagues: BME minus White",
    };

    /// <summary>One row of a staff group's table: an indicator's measure with each column's figure (null: not loaded).</summary>
    public sealed record Figure(string Indicator, string Measure, string Unit, IReadOnlyList<Cell?> Cells)
    {
        /// <summary>The row's short name for the pack's table.</summary>
        public string ShortName { get; init; } = Measure;
    }

    /// <summary>One staff group's table.</summary>
    public sealed record Group(string StaffGroup, IReadOnlyList<Column> Columns, IReadOnlyList<Figure> Rows);

    /// <summary>The workbook sheet's name and header.</summary>
    public const string SheetName = "WRES";

    public static readonly string[] SheetHeader =
        ["Year", "StaffGroup", "Indicator", "Measure", "Org", "Level", "Value", "Lower", "Upper", "Unit", "Shown as", "Statement", "Small numbers", "Counts"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The section for <paramref name="lmns"/>, or null when none of its trusts has WRES data loaded.</summary>
    public static WresPackSection? Build(Database database, Access access, string lmns)
    {
        var whole = WresView.Build(database, access, lmns);
        if (whole is not { Report: not null, Year: { } year }) return null;
        var hierarchy = OrgHierarchy.Read(database);
        var lmnsOrg = hierarchy.Orgs.First(o => o.Code == lmns);
        var icb = lmnsOrg.Parent is { } p ? hierarchy.Orgs.FirstOrDefault(o => o.Code == p && o.Type == "ICB") : null;
        var groups = new List<Group>();
        foreach (var staffGroup in WresFile.StaffGroups)
        {
            var view = staffGroup == whole.StaffGroup ? whole : WresView.Build(database, access, lmns, year, staffGroup);
            if (view.Report is null || view.Year != year) continue;
            var icbReport = icb is null ? null : WresView.Build(database, access, icb.Code, year, staffGroup) is { Year: var y, Report: { } r } && y == year ? r : null;
            var columns = view.Trusts.Select(t => new Column(t.Org, t.Org, "Trust")).Append(new Column(lmns, "LMNS pooled", "LMNS")).ToList();
            var reports = view.Trusts.Append(view.Report).ToList();
            if (icbReport is not null)
            {
                columns.Add(new Column(icb!.Code, "ICB pooled", "ICB"));
                reports.Add(icbReport);
            }
            groups.Add(new Group(staffGroup, columns, Rows(reports)));
        }
        return new WresPackSection(lmns, lmnsOrg.Name, year, icb?.Code, icb?.Name, groups,
            [.. whole.Checks.Where(c => c.Year == year)], whole.Suppressed);
    }

    /// <summary>
    /// The rows of a table from each column's report: indicator 1 as the BME share of all staff and of staff at band 8a
    /// and above (Wilson), 2 to 4 the relative likelihoods (Katz log), 5 to 8 BME minus White in points (Newcombe), 9 each
    /// part of the board minus the workforce in points (whole trust only). A row no column has is left out.
    /// </summary>
    public static IReadOnlyList<Figure> Rows(IReadOnlyList<WresReport> reports)
    {
        var rows = new List<Figure>();
        void Add(string indicator, string measure, string unit, Func<WresReport, Cell?> cell, string? shortName = null)
        {
            var cells = reports.Select(cell).ToList();
            if (cells.Any(c => c is not null)) rows.Add(new Figure(indicator, measure, unit, cells) { ShortName = shortName ?? measure });
        }
        Add("1", "BME share of staff", "%", r => Share(r.Workforce, $"{Display.Count(r.Workforce.Unknown)} of unknown ethnicity"));
        Add("1", "BME share of staff at band 8a and above", "%", shortName: "BME share at band 8a and above", cell: r =>
        {
            var senior = r.Bands.Where(b => b.Category != "Medical" && WresModelEmployer.SeniorBands.Contains(b.Name)).ToList();
            if (senior.Count == 0) return null;
            var count = new WresReport.Headcount(senior.Sum(b => b.Staff.White), senior.Sum(b => b.Staff.Bme), senior.Sum(b => b.Staff.Unknown));
            return Share(count, $"{(count.BmeShare.Value - r.Workforce.BmeShare.Value).ToString("+0.0;-0.0;0.0", Inv)} points against the workforce");
        });
        foreach (var n in new[] { 2, 3, 4 })
            Add(n.ToString(Inv), WresIndicators.Titles[n], "ratio", r => r.Indicator(n) is { } l
                ? new Cell(Finite(l.Value.Value), Finite(l.Value.Lower), Finite(l.Value.Upper),
                    $"{Display.Ratio(l.Value.Value)} ({Display.Interval(l.Value.Lower, l.Value.Upper)})", l.Direction + (l.Years == 2 ? " (this year and the year before)" : ""), l.SmallNumbers)
                : null, ShortTitles[n] + (n == 3 && reports.Any(r => r.Indicator(3) is { Years: 2 }) ? " (two years)" : ""));
        foreach (var n in new[] { 5, 6, 7, 8 })
            Add(n.ToString(Inv), WresIndicators.Titles[n] + ": BME minus White", "points", r => r.Surveys.FirstOrDefault(s => s.Indicator == n) is { } s
                ? new Cell(Finite(s.Difference.Value), Finite(s.Difference.Lower), Finite(s.Difference.Upper),
                    $"{Points(s.Difference.Value)} ({Display.Interval(s.Difference.Lower, s.Difference.Upper)})", s.Direction, s.SmallNumbers)
                : null, ShortTitles[n]);
        foreach (var kind in reports.SelectMany(r => r.Boards).Select(b => b.Kind).Distinct())
            Add("9", $"Board, {kind.ToLowerInvariant()}: BME share minus workforce", "points", r => r.Boards.FirstOrDefault(b => b.Kind == kind) is { } b
                ? new Cell(Finite(b.DifferencePoints), null, null, Points(b.DifferencePoints), b.Direction, false)
                : null, $"Board, {kind.ToLowerInvariant()}: BME share minus workforce (points)");
        return rows;
    }

    /// <summary>The section as the workbook's rows (<see cref="SheetHeader"/>): one a figure of an organisation.</summary>
    public IEnumerable<object?[]> SheetRows()
    {
        var counts = Suppressed ? "suppressed" : "exact";
        foreach (var g in Groups)
            foreach (var row in g.Rows)
                for (var i = 0; i < g.Columns.Count; i++)
                    if (row.Cells[i] is { } c)
                        yield return [Year, g.StaffGroup, row.Indicator, row.Measure, g.Columns[i].Org, g.Columns[i].Level, c.Value, c.Lower, c.Upper, row.Unit, c.Text,
                            c.Statement, c.SmallNumbers ? "yes" : "no", counts];
    }

    private static Cell Share(WresReport.Headcount count, string statement)
    {
        var share = count.BmeShare;
        return new Cell(Finite(share.Value), Finite(share.Lower), Finite(share.Upper),
            $"{Display.Value(share.Value, "%")} ({Display.Interval(share.Lower, share.Upper)})", $"{Display.Count(count.Bme)} of {Display.Count(count.Total)} staff; {statement}", false);
    }

    private static string Points(double v) => double.IsFinite(v) ? v.ToString("+0.0;-0.0;0.0", Inv) : "-";

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
