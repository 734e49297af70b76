using System.Globalization;
using Maternity.Indicators;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Components;
using Maternity.Wres;

namespace Maternity.Web.Wres;

/// <summary>
/// The WRES page for a trust or the LMNS, a year and a staff group, and the same figures as JSON or CSV. Counts reach
/// a viewer rounded (Core's <see cref="WresStore.Load"/>); the public role is refused.
/// </summary>
public static class WresApi
{
    public static void MapWres(this IEndpointRouteBuilder app)
    {
        app.MapWresImport();
        app.MapGet("/wres", (string? org, int? year, string? group, Access access, Database database, HttpContext context) =>
        {
            access.Demand(access.Role != Role.Public, "see WRES data");
            if (Unknown(database, org) is { } message) return ErrorPages.NotFound(context, access, message);
            var view = WresView.Build(database, access, org, year, group);
            var lmns = view.Level == "ICB" ? null : view.Level == "LMNS" ? view.Org : OrgHierarchy.Read(database).LmnsOf(view.Org);
            var trajectory = lmns is null ? [] : WresModelEmployer.Trajectory(database, access, lmns).Where(s => view.IsLmns || s.Org == view.Org).ToList();
            return Pages.Render<WresPage>(context, access, new WresPage.PageModel(view, Plots(view))
            {
                CanLoad = access.IsRecordLevel, Lmns = lmns, Trajectory = trajectory,
                Bands = lmns is null ? [] : WresModelEmployer.Bands(database, access, lmns).Where(s => s.Year == view.Year && (view.IsLmns || s.Org == view.Org)).ToList(),
                Actions = lmns is null ? [] : WresActions.Linked(database, access, lmns),
            });
        });
        app.MapGet("/api/wres", (string? org, int? year, string? group, string? format, Access access, Database database) =>
        {
            access.Demand(access.Role != Role.Public, "see WRES data");
            if (Unknown(database, org) is { } message) return Results.Problem(statusCode: 404, title: "Unknown organisation", detail: message);
            var view = WresView.Build(database, access, org, year, group);
            var reports = view.Report is null ? [] : view.Trusts.Prepend(view.Report);
            return CsvResult.Table(reports.SelectMany(WresView.Lines), format,
                $"wres-{view.Org}-{view.Year?.ToString(CultureInfo.InvariantCulture) ?? "none"}-{view.StaffGroup.ToLowerInvariant()}");
        });
        app.MapGet("/api/wres/checks", (string? org, string? format, Access access, Database database) =>
        {
            access.Demand(access.Role != Role.Public, "see WRES data");
            if (Unknown(database, org) is { } message) return Results.Problem(statusCode: 404, title: "Unknown organisation", detail: message);
            var view = WresView.Build(database, access, org);
            return CsvResult.Table(view.Checks.Select(c => new { c.Org, c.Year, c.StaffGroup, c.File, c.Row, c.Column, c.Value, c.Message }), format, $"wres-checks-{view.Org}");
        });
    }

    private static string? Unknown(Database database, string? org)
    {
        if (string.IsNullOrWhiteSpace(org)) return null;
        var found = OrgHierarchy.Read(database).Orgs.FirstOrDefault(o => o.Code.Equals(org.Trim(), StringComparison.OrdinalIgnoreCase));
        return found is { Type: "Trust" or "LMNS" or "ICB" } ? null : $"There is no trust, LMNS or ICB '{org}'.";
    }

    /// <summary>
    /// The dot-and-interval rows of each relative likelihood: the organisation's staff groups, and for an LMNS each trust
    /// beside the pooled figure, with parity (1.00) as the reference line.
    /// </summary>
    private static List<WresPage.Plot> Plots(WresView view)
    {
        var plots = new List<WresPage.Plot>();
        if (view.Report is null) return plots;
        foreach (var indicator in new[] { 2, 3, 4 })
        {
            var rows = new List<IndicatorResult> { Row(indicator, "Parity", new Statistics.Interval(1, double.NaN, double.NaN, "")) };
            foreach (var g in view.Groups)
                if (g.Indicator(indicator) is { } l)
                    rows.Add(Row(indicator, $"{(view.IsLmns ? view.Level : view.Org)} {GroupName(g.StaffGroup)}", l.Value));
            foreach (var t in view.Trusts)
                if (t.Indicator(indicator) is { } l)
                    rows.Add(Row(indicator, $"{t.Org} {GroupName(t.StaffGroup)}", l.Value));
            if (rows.Count > 1) plots.Add(new WresPage.Plot(indicator, WresIndicators.Titles[indicator], rows));
        }
        return plots;
    }

    public static string GroupName(string group) => group switch { "Trust" => "whole trust", _ => group.ToLowerInvariant() };

    private static IndicatorResult Row(int indicator, string label, Statistics.Interval value) =>
        new($"WRES{indicator}", "", label, PeriodType.FinancialYear, default, default, 12, "WRES", label, 0, 0, value, null, null, null, "");
}
