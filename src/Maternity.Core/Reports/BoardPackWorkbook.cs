using Maternity.Plans;

namespace Maternity.Reports;

/// <summary>
/// The board pack as an XLSX workbook, one sheet per table: numbers as numbers, months as dates, and every text cell
/// that a spreadsheet would read as a formula neutralised.
/// </summary>
public static class BoardPackWorkbook
{
    public static readonly string[] SheetNames = ["Summary", "Indicators", "Breakdowns", "Monthly", "Data quality", "Quality exceptions", "Actions", "Assurance", "Changes", "Definitions"];

    public static byte[] Write(BoardPack pack)
    {
        var sheets = new Dictionary<string, object>
        {
            ["Summary"] = Sheet(["Item", "Value"], Summary(pack)),
            ["Indicators"] = Sheet(["Indicator", "Title", "Domain", "Org", "From", "To", "Numerator", "Denominator", "Value", "Lower", "Upper", "Unit", "Target", "RAG", "Variation", "Assurance", "Counts", "Needs attention"],
                pack.Indicators.Select(v => new object?[]
                {
                    v.Definition.Id, v.Definition.Title, v.Definition.Domain, v.Org, Date(v.From), Date(v.To), v.Total!.Numerator, v.Total.Denominator,
                    N(v.Total.Value.Value), N(v.Total.Value.Lower), N(v.Total.Value.Upper), v.Definition.Unit, v.Definition.Target, v.Total.Rag,
                    v.Spc is { } s ? Display.Describe(s.Variation) : "", v.Spc is { } a ? Display.Describe(a.Assurance) : "", $"{v.Total.Source}, {v.Total.Exactness}",
                    string.Join("; ", BoardPack.Reasons(v)),
                })),
            ["Breakdowns"] = Sheet(["Indicator", "Title", "Breakdown", "Group", "Numerator", "Denominator", "Value", "Lower", "Upper", "Reference group", "Ratio", "Ratio lower", "Ratio upper", "Difference", "Difference lower", "Difference upper"],
                pack.Attention.SelectMany(v => BoardPack.Breakdowns.SelectMany(b => BoardPack.Rows(v, b.Breakdown)).Select(r => new object?[]
                {
                    v.Definition.Id, v.Definition.Title, r.Breakdown, r.Group, r.Numerator, r.Denominator, N(r.Value.Value), N(r.Value.Lower), N(r.Value.Upper),
                    r.ReferenceGroup, N(r.Ratio?.Value), N(r.Ratio?.Lower), N(r.Ratio?.Upper), N(r.Difference?.Value), N(r.Difference?.Lower), N(r.Difference?.Upper),
                }))),
            ["Monthly"] = Sheet(["Indicator", "Title", "Month", "Numerator", "Denominator", "Value", "Mean", "Lower limit", "Upper limit", "Variation"],
                pack.Attention.Concat(pack.Improved).Where(v => v.Spc is not null).SelectMany(v => v.Monthly.Select((m, i) => new object?[]
                {
                    v.Definition.Id, v.Definition.Title, Date(m.PeriodStart), m.Numerator, m.Denominator, N(m.Value.Value), N(v.Spc!.Points[i].Mean),
                    N(v.Spc.Points[i].Lower), N(v.Spc.Points[i].Upper), Display.Describe(v.Spc.Points[i]),
                }))),
            ["Data quality"] = Sheet(["Org", "Month", "Rule", "Criterion", "Threshold", "Numerator", "Denominator", "Value", "Passed", "Score"],
                pack.Quality.SelectMany(r => r.Criteria.Select(c => new object?[]
                    { r.OrgCode, Date(r.Month), c.RuleId, c.Title, c.Threshold, c.Numerator, c.Denominator, N(c.Value), c.Passed ? "yes" : "no", r.Score }))),
            ["Quality exceptions"] = Sheet(["Org", "Rule", "Criterion", "First month", "Latest month", "Months", "Latest value", "Threshold"],
                pack.QualityExceptions.Select(e => new object?[] { e.OrgCode, e.RuleId, e.Title, Date(e.Months[0]), Date(e.Months[^1]), e.Months.Count, N(e.LatestValue), e.Threshold })),
            ["Actions"] = Sheet(["Action", "Descriptor", "Leads", "Target date", "Status", "RAG", "Why it is reported", "Latest update", "Update"],
                pack.Actions.Select(a => new object?[]
                {
                    a.Action.Id, a.Action.Descriptor, string.Join(", ", a.Action.Leads), a.Action.TargetDate?.ToString(), PlanText.StatusLabel(a.Action.Status), a.Rag,
                    string.Join("; ", a.Reasons), a.LatestUpdate?.Date is { } d ? Date(d) : null, a.LatestUpdate?.Text,
                })),
            ["Assurance"] = Sheet(Maternity.Assurance.AssuranceSummary.GridHeader, pack.Assurance?.GridRows() ?? []),
            ["Changes"] = Sheet(["What", "Item", "Before", "Now"], pack.Changes.Select(c => new object?[] { c.Area, c.Item, c.Before, c.After })),
            ["Definitions"] = Sheet(["Indicator", "Title", "Numerator", "Denominator", "Exclusions", "Unit", "Target", "Target source", "Version"],
                pack.Definitions.Select(d => new object?[] { d.Id, d.Title, d.NumeratorText, d.DenominatorText, d.Exclusions, d.Unit, d.Target, d.TargetSource, d.Version })),
        };
        if (pack.Wres is { } wres) sheets[Wres.WresPackSection.SheetName] = Sheet(Wres.WresPackSection.SheetHeader, wres.SheetRows());
        if (pack.Voices is { } voices) sheets[Voices.VoicesSheet.Name] = Sheet(Voices.VoicesSheet.Header, Voices.VoicesSheet.Rows(voices));
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheets);
        return stream.ToArray();
    }

    private static IEnumerable<object?[]> Summary(BoardPack pack) =>
    [
        ["LMNS", $"{pack.LmnsName} ({pack.Lmns})"],
        ["Reporting month", Date(pack.Period)],
        ["Indicators from", Date(pack.From)],
        ["Action plan as at", Date(pack.AsAt)],
        ["Generated", pack.GeneratedAt],
        ["Generated by", pack.GeneratedBy],
        ["Indicators shown", pack.Indicators.Count],
        ["Indicators needing attention", pack.Attention.Count],
        ["Indicators improved", pack.Improved.Count],
        ["LMNS data-quality score", pack.Quality.FirstOrDefault(r => r.OrgCode == pack.Lmns && r.Month == pack.Period)?.Score],
        ["Data-quality exceptions", pack.QualityExceptions.Count],
        ["Actions reported", pack.Actions.Count],
        ["Changes since the previous pack", pack.Changes.Count],
        ["Compared with", pack.ChangesAgainst],
        ["Disclosure control", "Every count has passed NHS England's suppression rule (0 stays 0, 1 to 7 shown as 5, others to the nearest 5); every rate was computed from the rounded counts."],
        ["Submissions used", pack.Versions.Submissions],
        ["Submissions SHA-256", pack.Versions.SubmissionsSha256],
        ["Latest submission loaded", pack.Versions.LatestLoad],
        ["Stored counts", pack.Versions.Counts],
        ["Counts computed", pack.Versions.CountsComputed],
        ["Plan versions", pack.Versions.PlanVersions],
        ["Data-quality rules", pack.Versions.Rules],
        ["Catalogue", pack.Versions.Catalogue],
    ];

    /// <summary>A sheet for MiniExcel: rows keyed by the header, text neutralised; a sheet with no rows still gets its header.</summary>
    private static List<Dictionary<string, object?>> Sheet(string[] header, IEnumerable<object?[]> rows)
    {
        var body = rows.Select(r => header.Select((h, i) => (h, Cell(r[i]))).ToDictionary(x => x.h, x => x.Item2)).ToList();
        if (body.Count == 0) body.Add(header.ToDictionary(h => h, _ => (object?)null));
        return body;
    }

    /// <summary>Text that a spreadsheet would take for a formula gets a leading apostrophe; everything else as it is.</summary>
    public static object? Cell(object? value) => value is string s && s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + s : value;

    private static DateTime Date(DateOnly d) => d.ToDateTime(TimeOnly.MinValue);

    private static double? N(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}
