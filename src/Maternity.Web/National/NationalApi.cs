using System.Globalization;
using Maternity.National;
using Maternity.Returns;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Components;

namespace Maternity.Web.National;

/// <summary>
/// The national publications: an overview of every published rate for an organisation beside England and the spread of
/// trusts (/national), a page per rate with England, regions, peers, the trend and the funnel of all English trusts
/// (/national/{rate}), a population profile (/national/profile), and the figures as CSV or JSON (/api/national/{rate}).
/// Published statistics: every role may open them, the public role included.
/// </summary>
public static class NationalApi
{
    public static void MapNational(this IEndpointRouteBuilder app)
    {
        app.MapGet("/national", (string? org, string? year, double? minCoverage, Access access, Database database, HttpContext context) =>
        {
            var (orgs, chosen, years, start, min) = Context(database, org, year, minCoverage);
            var rows = start is null ? [] : NationalView.Overview(database, chosen?.Code, start, min);
            return Pages.Render<NationalPage>(context, access, new NationalPage.PageModel(NationalView.Publications(database), orgs, chosen, years,
                start is { } s ? Label(s) : null, min, rows));
        });
        app.MapGet("/national/profile", (string? org, string? year, Access access, Database database, HttpContext context) =>
        {
            var (orgs, chosen, years, start, _) = Context(database, org, year, null);
            var profiles = chosen is null || start is null ? [] : NationalView.Profiles(database, chosen.Code, start.Value);
            return Pages.Render<NationalProfilePage>(context, access, new NationalProfilePage.PageModel(orgs, chosen, years, start is { } s ? Label(s) : null, profiles));
        });
        app.MapGet("/national/{rate}", (string rate, string? org, string? year, double? minCoverage, Access access, Database database, HttpContext context) =>
        {
            if (NationalMapping.FindRate(rate) is not { } r) return ErrorPages.NotFound(context, access, $"There is no published rate '{rate}'.");
            var (orgs, chosen, years, start, min) = Context(database, org, year, minCoverage);
            var figures = NationalView.Figures(database, r, min);
            if (figures.Count == 0) return Pages.Render<NationalPage>(context, access, new NationalPage.PageModel(NationalView.Publications(database), orgs, chosen, years, null, min, []));
            var period = start ?? figures.Max(f => f.Start);
            var inYear = figures.Where(f => f.Start == period).ToList();
            var england = inYear.FirstOrDefault(f => f.Level == "National");
            var mine = chosen is null ? null : inYear.FirstOrDefault(f => f.Org.Equals(chosen.Code, StringComparison.OrdinalIgnoreCase));
            var peers = chosen is null ? [] : NationalView.Peers(inYear, chosen.Code);
            var trend = figures.Select(f => f.Start).Distinct().Order().Select(p => new NationalRatePage.TrendRow(Label(p),
                figures.FirstOrDefault(f => f.Start == p && f.Level == "National"),
                chosen is null ? null : figures.FirstOrDefault(f => f.Start == p && f.Org.Equals(chosen.Code, StringComparison.OrdinalIgnoreCase)))).ToList();
            // The trust's own region first (from the hierarchy: the files give no region on a provider's rows) and its LMNS's roll-up.
            var region = NationalRegions.Of(database, chosen?.Code);
            var lmns = NationalRegions.LmnsOf(database, chosen?.Code) is { } l ? inYear.FirstOrDefault(f => f.Level == "LMNS" && f.Org == l) : null;
            return Pages.Render<NationalRatePage>(context, access, new NationalRatePage.PageModel(r, orgs, chosen, years, Label(period), min, england, mine,
                NationalRegions.OwnFirst(inYear, region), peers, trend, NationalView.FunnelOf(inYear), NationalView.SpreadOf(inYear),
                inYear.Count(f => f.Level == "Provider"), inYear.Count(f => f.Level == "Provider" && f.Comparable), lmns, region));
        });
        app.MapGet("/api/national/{rate}", (string rate, double? minCoverage, string? format, Access access, Database database) =>
        {
            if (NationalMapping.FindRate(rate) is not { } r) return Results.Problem(statusCode: 404, title: "Unknown rate", detail: $"No published rate '{rate}'.");
            var figures = NationalView.Figures(database, r, Min(minCoverage));
            return CsvResult.Table(figures.Select(f => new
            {
                Rate = r.Id, f.Period, f.Level, f.Org, Name = f.OrgName, f.Numerator, f.Denominator, f.Total, Coverage = Round(f.Coverage),
                Value = Round(f.Value?.Value), Lower = Round(f.Value?.Lower), Upper = Round(f.Value?.Upper), LowCoverage = f.LowCoverage,
                f.Withheld, Exactness = "published rounded to 5; interval approximate",
            }), format, $"national-{r.Id}");
        });
    }

    /// <summary>A financial year as people say it: 2022-23.</summary>
    public static string Label(DateOnly start) => NationalStatistics.Label("FinancialYear", start);

    private static (IReadOnlyList<Choice> Orgs, NationalView.Organisation? Chosen, IReadOnlyList<Choice> Years, DateOnly? Start, double Min) Context(
        Database database, string? org, string? year, double? minCoverage)
    {
        var organisations = NationalView.Organisations(database);
        var chosen = NationalView.Choose(database, string.IsNullOrWhiteSpace(org) ? null : org);
        var years = NationalView.Publications(database).Where(p => p.PeriodType == "FinancialYear").Select(p => p.Start).Distinct().ToList();
        DateOnly? start = year is { Length: >= 4 } y && int.TryParse(y.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && years.Contains(new DateOnly(first, 4, 1)) ? new DateOnly(first, 4, 1) : years.Count > 0 ? years.Max() : null;
        var orgs = organisations.Select(o => new Choice(o.Code, o.Level == "LMNS" ? $"{o.Name} (LMNS, sum of its trusts)" : $"{o.Name} ({o.Code})")).ToList();
        return (orgs, chosen, [.. years.Select(s => new Choice(Label(s), Label(s)))], start, Min(minCoverage));
    }

    private static double Min(double? minCoverage) => minCoverage is { } m && m is >= 0 and <= 100 ? m : NationalView.DefaultMinCoverage;

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null;
}
