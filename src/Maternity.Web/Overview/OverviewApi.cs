using System.Globalization;
using System.Text;
using Maternity.Indicators;
using Maternity.Security;
using Maternity.Storage;
using static System.Net.WebUtility;

namespace Maternity.Web.Overview;

/// <summary>The overview page and the indicator JSON it is built from.</summary>
public static class OverviewApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapOverview(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/indicators", () => Catalogue.Definitions.Select(d => new
        {
            d.Id, d.Title, d.Domain, Cohort = d.Cohort.ToString(), d.Unit, Polarity = d.Polarity.ToString(), d.Target, d.TargetSource,
            d.NumeratorText, d.DenominatorText, d.Exclusions, d.Version, d.Cqim,
        }));
        app.MapGet("/api/indicators/{id}", (string id) => Catalogue.Find(id) is { } d
            ? Results.Ok(new
            {
                d.Id, d.Title, d.Domain, Cohort = d.Cohort.ToString(), d.Unit, d.Multiplier, Polarity = d.Polarity.ToString(), d.Target, d.TargetSource,
                d.NumeratorText, d.DenominatorText, d.Exclusions, NumeratorSql = d.Numerator, DenominatorSql = d.Denominator, d.Version, d.Cqim,
            })
            : Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue."));
        app.MapGet("/api/indicators/{id}/results", (string id, string? org, string? breakdown, PeriodType? periodType, Access access, Database database) =>
            Catalogue.Find(id) is { } d
                ? Results.Ok(IndicatorAnalysis.Compute(d, IndicatorEngine.Read(database, access, d.Id, org, breakdown), periodType ?? PeriodType.Month)
                    .Select(r => new
                    {
                        r.IndicatorId, r.OrgLevel, r.OrgCode, PeriodType = r.PeriodType.ToString(), r.PeriodStart, r.PeriodEnd, r.MonthsCovered, r.Breakdown, r.Group,
                        r.Numerator, r.Denominator, Value = Finite(r.Value.Value), Lower = Finite(r.Value.Lower), Upper = Finite(r.Value.Upper), r.ReferenceGroup,
                        Ratio = Finite(r.Ratio?.Value), RatioLower = Finite(r.Ratio?.Lower), RatioUpper = Finite(r.Ratio?.Upper),
                        Difference = Finite(r.Difference?.Value), DifferenceLower = Finite(r.Difference?.Lower), DifferenceUpper = Finite(r.Difference?.Upper), r.Rag,
                        r.Source, r.Exactness,
                    }))
                : Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue."));
        app.MapGet("/api/indicators/{id}/counts", (string id, string? org, string? breakdown, Access access, Database database) =>
            Catalogue.Find(id) is null
                ? Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue.")
                : Results.Ok(IndicatorEngine.Read(database, access, Catalogue.Find(id)!.Id, org, breakdown)));
        app.MapGet("/", (string? org, Access access, Database database) => Results.Content(Page(database, access, org), "text/html; charset=utf-8"));
    }

    /// <summary>JSON has no NaN: an interval that does not exist is null.</summary>
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static string Page(Database database, Access access, string? org)
    {
        var periods = IndicatorSummary.Periods(database);
        var html = Layout.Begin("Indicators");
        html.Append("<h1>Maternity Equity</h1>");
        if (periods.Count == 0)
        {
            html.Append("<p>No data loaded yet. Run <code>maternity demo</code>, or <code>maternity ingest</code> then <code>maternity indicators</code>.</p>");
        }
        else
        {
            var to = periods[^1];
            var from = periods.Count > 12 ? periods[^12] : periods[0];
            var orgCode = org ?? "LMNSX1";
            html.Append(Inv, $"<p>{HtmlEncode(orgCode)}, {from:MMMM yyyy} to {to:MMMM yyyy}. 95% confidence intervals: Wilson for percentages, Byar's or exact Poisson for rates.</p>");
            foreach (var definition in Catalogue.Definitions)
            {
                var rows = IndicatorSummary.For(database, access, definition, orgCode, from, to).Where(r => r.Breakdown is "Total" or "EthnicGroup" or "ImdQuintile");
                html.Append(Inv, $"<h2>{HtmlEncode(definition.Title)}</h2><p>{HtmlEncode(definition.NumeratorText)} / {HtmlEncode(definition.DenominatorText)}.");
                if (definition.Target is { } target) html.Append(Inv, $" Target: {(definition.HigherIsBetter ? "at least" : "at most")} {target}{HtmlEncode(definition.Unit)}.");
                html.Append("</p><table><thead><tr><th scope=\"col\">Breakdown</th><th scope=\"col\">Group</th><th scope=\"col\">Numerator</th><th scope=\"col\">Denominator</th><th scope=\"col\">Value</th><th scope=\"col\">95% CI</th><th scope=\"col\">Counts from</th></tr></thead><tbody>");
                foreach (var row in rows)
                {
                    var v = row.Value;
                    var css = v.MeetsTarget switch { true => "pass", false => "fail", null => "" };
                    html.Append(Inv, $"<tr><td>{HtmlEncode(row.Breakdown)}</td><td>{HtmlEncode(row.Group)}</td><td class=\"n\">{v.Numerator:N0}</td><td class=\"n\">{v.Denominator:N0}</td>");
                    html.Append(Inv, $"<td class=\"n {css}\">{v.Interval.Value:F1}</td><td class=\"n\">{v.Interval.Lower:F1} to {v.Interval.Upper:F1}</td><td>{HtmlEncode(row.Source)}, {HtmlEncode(row.Exactness)}</td></tr>");
                }
                html.Append("</tbody></table>");
            }
        }
        return Layout.End(html);
    }
}
