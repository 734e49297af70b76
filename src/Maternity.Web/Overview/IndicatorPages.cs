using System.Globalization;
using System.Text;
using Maternity.Indicators;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;
using Maternity.Web.Security;
using static System.Net.WebUtility;

namespace Maternity.Web.Overview;

/// <summary>
/// The overview (a tile per indicator: value over the latest 12 months, target, RAG, SPC variation and assurance,
/// sparkline) and the indicator page (SPC chart, breakdowns by ethnic group and deprivation against the reference
/// group, funnel of trusts, the data tables and the definition). Organisation and month are in the URL.
/// </summary>
public static class IndicatorPages
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapIndicatorPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (string? org, string? to, Access access, Database database, HttpContext context) =>
            Html(Overview(database, access, Org(database, org), Month(to), context)));
        app.MapGet("/api/overview", (string? org, string? to, string? format, Access access, Database database) =>
        {
            var code = Org(database, org);
            return CsvResult.Table(Catalogue.Definitions.Select(d => IndicatorView.Build(database, access, d, code, Month(to))).Where(v => v.Total is not null).Select(v => new
            {
                v.Definition.Id, v.Definition.Title, v.Definition.Domain, Org = v.Org, From = v.From, To = v.To, v.Total!.Numerator, v.Total.Denominator,
                Value = Finite(v.Total.Value.Value), Lower = Finite(v.Total.Value.Lower), Upper = Finite(v.Total.Value.Upper), v.Definition.Target, v.Total.Rag,
                Variation = v.Spc?.Variation.ToString(), Assurance = v.Spc?.Assurance.ToString(), v.Total.Source, v.Total.Exactness,
            }), format, $"overview-{code}");
        });
        app.MapGet("/indicators/{id}", (string id, string? org, string? to, Access access, Database database) =>
            Catalogue.Find(id) is { } d
                ? Html(Detail(database, access, d, Org(database, org), Month(to)))
                : Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue."));
        app.MapGet("/indicators/{id}/{table}.csv", (string id, string table, string? org, string? to, Access access, Database database) =>
        {
            if (Catalogue.Find(id) is not { } d) return Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue.");
            if (table is not ("window" or "monthly")) return Results.Problem(statusCode: 404, title: "Unknown table", detail: "An indicator's tables are window.csv and monthly.csv.");
            var view = IndicatorView.Build(database, access, d, Org(database, org), Month(to));
            using var text = new StringWriter(Inv);
            IndicatorExport.WriteCsv(table == "window" ? view.Window : view.Monthly, text);
            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{d.Id}-{view.Org}-{table}-to-{view.To:yyyy-MM}.csv");
        });
    }

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static DateOnly? Month(string? text) =>
        DateOnly.TryParseExact((text ?? "") + "-01", "yyyy-MM-dd", Inv, DateTimeStyles.None, out var month) ? month : null;

    /// <summary>The organisation asked for, else the only (or first) LMNS loaded.</summary>
    private static string Org(Database database, string? org) =>
        !string.IsNullOrEmpty(org) ? org : OrgHierarchy.Read(database).OfType("LMNS").Select(o => o.Code).FirstOrDefault() ?? "LMNSX1";

    private static void Pickers(StringBuilder html, Database database, string action, string org, DateOnly? to)
    {
        var periods = IndicatorSummary.Periods(database);
        html.Append(Inv, $"<form method=\"get\" action=\"{HtmlEncode(action)}\" class=\"filters\"><fieldset><legend>Organisation and period</legend>");
        html.Append("<label for=\"org\">Organisation</label><select id=\"org\" name=\"org\">");
        foreach (var o in OrgHierarchy.Read(database).Orgs.Where(o => o.Type is "LMNS" or "Trust" or "Site"))
            html.Append(Inv, $"<option value=\"{HtmlEncode(o.Code)}\"{(o.Code == org ? " selected" : "")}>{HtmlEncode($"{o.Name} ({o.Code})")}</option>");
        html.Append("</select><label for=\"to\">12 months to</label><select id=\"to\" name=\"to\"><option value=\"\">Latest</option>");
        foreach (var p in periods.Reverse())
            html.Append(Inv, $"<option value=\"{p:yyyy-MM}\"{(p == to ? " selected" : "")}>{p:MMMM yyyy}</option>");
        html.Append("</select><button type=\"submit\">Show</button></fieldset></form>");
    }

    private static string Query(string org, DateOnly? to) => $"?org={Uri.EscapeDataString(org)}{(to is { } t ? $"&to={t:yyyy-MM}" : "")}";

    private static string Overview(Database database, Access access, string org, DateOnly? to, HttpContext context)
    {
        var html = Layout.Begin("Indicators");
        html.Append("<h1>Maternity equity indicators</h1>");
        if (IndicatorSummary.Periods(database).Count == 0)
        {
            html.Append("<p>No data loaded yet. Run <code>maternity demo</code>, or <code>maternity ingest</code> then <code>maternity indicators compute</code>.</p>");
            return Layout.End(html);
        }
        Pickers(html, database, "/", org, to);
        var views = Catalogue.Definitions.Select(d => IndicatorView.Build(database, access, d, org, to)).ToList();
        var window = views.FirstOrDefault(v => v.Total is not null);
        BoardPackButton(html, database, access, org, window?.To, context);
        html.Append(Inv, $"<p>{HtmlEncode(org)}{(window is null ? "" : $", {window.From:MMMM yyyy} to {window.To:MMMM yyyy}")}. Values with 95% confidence intervals; variation and assurance icons follow NHS England's Making Data Count.{(access.IsRecordLevel ? "" : " Counts are rounded to protect small numbers (0 stays 0, 1-7 is shown as 5, others to the nearest 5); rates are computed from the rounded counts.")}</p>");
        foreach (var domain in views.GroupBy(v => v.Definition.Domain))
        {
            html.Append(Inv, $"<h2>{HtmlEncode(domain.Key)}</h2><ul class=\"nhsuk-grid-row nhsuk-card-group\">");
            foreach (var v in domain)
            {
                var total = v.Total;
                var d = v.Definition;
                html.Append("<li class=\"nhsuk-grid-column-one-third nhsuk-card-group__item\"><div class=\"nhsuk-card nhsuk-card--clickable\"><div class=\"nhsuk-card__content\">");
                html.Append(Inv, $"<h3 class=\"nhsuk-card__heading nhsuk-heading-s\"><a class=\"nhsuk-card__link\" href=\"/indicators/{d.Id}{Query(org, to)}\">{HtmlEncode(d.Title)}</a></h3>");
                if (total is null) html.Append("<p class=\"nhsuk-card__description\">No data for this organisation.</p>");
                else
                {
                    html.Append(Inv, $"<p class=\"nhsuk-card__description\"><strong class=\"nhsuk-heading-m\">{F(total.Value.Value)}{HtmlEncode(d.Unit)}</strong> ({F(total.Value.Lower)} to {F(total.Value.Upper)})</p>");
                    html.Append(Inv, $"<p class=\"nhsuk-card__description\">{(d.Target is { } t ? $"Target {(d.HigherIsBetter ? "at least" : "at most")} {t}{HtmlEncode(d.Unit)}" : "No target")}{(total.Rag.Length > 0 ? $": <span class=\"rag {Rag(total.Rag)}\">{HtmlEncode(total.Rag)}</span>" : "")}</p>");
                    if (v.Spc is { } spc)
                        html.Append(Inv, $"<p class=\"nhsuk-card__description\">{Svg.VariationIcon(spc)} {Svg.AssuranceIcon(spc)} {HtmlEncode(Svg.Describe(spc.Variation))}. {HtmlEncode(Svg.Describe(spc.Assurance))}.</p>");
                    html.Append(Svg.Sparkline([.. v.Monthly.Select(m => m.Value.Value)], $"{d.Title}, month by month"));
                }
                html.Append("</div></div></li>");
            }
            html.Append("</ul>");
        }
        html.Append(Inv, $"<h2>All indicators as a table</h2><p><a href=\"/api/overview{Query(org, to)}&amp;format=csv\">Download this table (CSV)</a></p>");
        html.Append("<div class=\"scroll\"><table><caption>Each indicator over the 12 months</caption><thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Domain</th><th scope=\"col\">Numerator</th><th scope=\"col\">Denominator</th><th scope=\"col\">Value</th><th scope=\"col\">95% CI</th><th scope=\"col\">RAG</th><th scope=\"col\">Variation</th><th scope=\"col\">Counts</th></tr></thead><tbody>");
        foreach (var v in views.Where(v => v.Total is not null))
        {
            var t = v.Total!;
            html.Append(Inv, $"<tr><td>{HtmlEncode(v.Definition.Title)}</td><td>{HtmlEncode(v.Definition.Domain)}</td><td class=\"n\">{t.Numerator:N0}</td><td class=\"n\">{t.Denominator:N0}</td><td class=\"n\">{F(t.Value.Value)}{HtmlEncode(v.Definition.Unit)}</td><td class=\"n\">{F(t.Value.Lower)} to {F(t.Value.Upper)}</td><td>{HtmlEncode(t.Rag)}</td><td>{HtmlEncode(v.Spc is { } s ? Svg.Describe(s.Variation) : "")}</td><td>{HtmlEncode(t.Source)}, {HtmlEncode(t.Exactness)}</td></tr>");
        }
        html.Append("</tbody></table></div>");
        return Layout.End(html);
    }

    /// <summary>For an LMNS: the button that makes its board pack for the month shown (analysts and admins), else a link to the packs kept.</summary>
    private static void BoardPackButton(StringBuilder html, Database database, Access access, string org, DateOnly? month, HttpContext context)
    {
        if (!OrgHierarchy.Read(database).OfType("LMNS").Any(o => o.Code == org)) return;
        if (BoardPackStore.MayGenerate(access, org) && month is { } m)
            html.Append(Inv, $"<form method=\"post\" action=\"/reports\">{WebSecurity.FormToken(context)}<input type=\"hidden\" name=\"lmns\" value=\"{HtmlEncode(org)}\"><input type=\"hidden\" name=\"period\" value=\"{m:yyyy-MM}\"><button type=\"submit\" class=\"nhsuk-button nhsuk-button--secondary\">Make the board pack for {HtmlEncode(org)}, {m:MMMM yyyy}</button></form>");
        else html.Append(Inv, $"<p><a href=\"/reports?lmns={Uri.EscapeDataString(org)}\">Board packs of {HtmlEncode(org)}</a></p>");
    }

    private static string Detail(Database database, Access access, IndicatorDefinition d, string org, DateOnly? to)
    {
        var v = IndicatorView.Build(database, access, d, org, to);
        var html = Layout.Begin(d.Title);
        html.Append(Inv, $"<p><a href=\"/{Query(org, to)}\">All indicators</a></p><h1>{HtmlEncode(d.Title)}</h1>");
        Pickers(html, database, $"/indicators/{d.Id}", org, to);
        var total = v.Total;
        if (total is null)
        {
            html.Append(Inv, $"<p>No counts for {HtmlEncode(org)}.</p>");
            Definition(html, d);
            return Layout.End(html);
        }
        html.Append(Inv, $"<p class=\"nhsuk-body-l\">{HtmlEncode(org)}, {v.From:MMMM yyyy} to {v.To:MMMM yyyy}: <strong>{F(total.Value.Value)}{HtmlEncode(d.Unit)}</strong> (95% CI {F(total.Value.Lower)} to {F(total.Value.Upper)}; {total.Numerator:N0} of {total.Denominator:N0}){(d.Target is { } target ? $"; target {(d.HigherIsBetter ? "at least" : "at most")} {target}{HtmlEncode(d.Unit)}" : "")}.{(total.Exactness == "exact" ? "" : $" Counts {HtmlEncode(total.Exactness)}.")}</p>");
        html.Append(Inv, $"<p><a href=\"/indicators/{d.Id}/window.csv{Query(org, to)}\">Download the 12-month table (CSV)</a> · <a href=\"/indicators/{d.Id}/monthly.csv{Query(org, to)}\">Download the monthly series (CSV)</a></p>");

        if (v.Spc is { } spc)
        {
            var labels = v.Monthly.Select(m => m.PeriodStart.ToString("MMM yyyy", Inv)).ToList();
            html.Append("<h2>Month by month</h2>");
            html.Append(Inv, $"<p>{Svg.VariationIcon(spc)} {Svg.AssuranceIcon(spc)} {HtmlEncode(Svg.Describe(spc.Variation))}. {HtmlEncode(Svg.Describe(spc.Assurance))}. A p′ chart (Laney): mean (solid), process limits (dashed){(d.Target is null ? "" : ", target (dotted red)")}; points coloured by Making Data Count's rules.</p>");
            html.Append(Svg.SpcChart("spc", spc, labels, $"{d.Title}, {org}, month by month", d.Unit, d.Target));
            html.Append("<table><caption>The monthly values</caption><thead><tr><th scope=\"col\">Month</th><th scope=\"col\">Numerator</th><th scope=\"col\">Denominator</th><th scope=\"col\">Value</th><th scope=\"col\">Mean</th><th scope=\"col\">Limits</th><th scope=\"col\">Variation</th></tr></thead><tbody>");
            for (var i = 0; i < v.Monthly.Count; i++)
            {
                var m = v.Monthly[i];
                var p = spc.Points[i];
                html.Append(Inv, $"<tr><td>{labels[i]}</td><td class=\"n\">{m.Numerator:N0}</td><td class=\"n\">{m.Denominator:N0}</td><td class=\"n\">{F(m.Value.Value)}</td><td class=\"n\">{F(p.Mean)}</td><td class=\"n\">{F(p.Lower)} to {F(p.Upper)}</td><td>{HtmlEncode(Svg.Describe(p.Type))}</td></tr>");
            }
            html.Append("</tbody></table>");
        }

        foreach (var (breakdown, heading) in new[] { ("EthnicGroup", "By ethnic group"), ("ImdDecile", "By deprivation (IMD decile, 1 = most deprived)") })
        {
            var rows = v.Breakdown(breakdown).OrderBy(r => breakdown == "ImdDecile" && int.TryParse(r.Group, out var n) ? n : 99).ToList();
            if (rows.Count == 0) continue;
            var reference = IndicatorAnalysis.ReferenceGroup(breakdown);
            html.Append(Inv, $"<h2>{HtmlEncode(heading)}</h2><p>Each group's value with its 95% confidence interval; the dashed line is the reference group ({HtmlEncode(reference ?? "none")}).</p>");
            html.Append(Svg.IntervalPlot($"b-{breakdown}", [.. rows.Select(r => (r.Group, r.Value.Value, r.Value.Lower, r.Value.Upper, r.Group == reference))], $"{d.Title} {heading.ToLowerInvariant()}, {org}", d.Unit));
            html.Append(Inv, $"<table><caption>{HtmlEncode(heading)}</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Numerator</th><th scope=\"col\">Denominator</th><th scope=\"col\">Value</th><th scope=\"col\">95% CI</th><th scope=\"col\">Ratio to {HtmlEncode(reference ?? "reference")}</th><th scope=\"col\">Difference</th></tr></thead><tbody>");
            foreach (var r in rows)
                html.Append(Inv, $"<tr><td>{HtmlEncode(r.Group)}</td><td class=\"n\">{r.Numerator:N0}</td><td class=\"n\">{r.Denominator:N0}</td><td class=\"n\">{F(r.Value.Value)}</td><td class=\"n\">{F(r.Value.Lower)} to {F(r.Value.Upper)}</td><td class=\"n\">{(r.Ratio is { } ratio ? $"{ratio.Value:F2} ({ratio.Lower:F2} to {ratio.Upper:F2})" : "-")}</td><td class=\"n\">{(r.Difference is { } diff ? $"{F(diff.Value)} ({F(diff.Lower)} to {F(diff.Upper)})" : "-")}</td></tr>");
            html.Append("</tbody></table>");
        }

        if (v.Funnel is { } funnel)
        {
            html.Append("<h2>Trusts compared</h2><p>Each trust against the pooled value, with 95% (dashed) and 99.8% (solid) limits (Wilson).</p>");
            html.Append(Svg.FunnelPlot("funnel", funnel, $"{d.Title}: trusts compared, {v.From:MMM yyyy} to {v.To:MMM yyyy}", d.Unit));
            html.Append("<table><caption>Trusts compared</caption><thead><tr><th scope=\"col\">Trust</th><th scope=\"col\">Value</th><th scope=\"col\">Denominator</th><th scope=\"col\">Compared with the pooled value</th></tr></thead><tbody>");
            foreach (var u in funnel.Units)
                html.Append(Inv, $"<tr><td>{HtmlEncode(u.Id)}</td><td class=\"n\">{F(u.Value)}</td><td class=\"n\">{u.Denominator:N0}</td><td>{HtmlEncode(u.Significance)}</td></tr>");
            html.Append("</tbody></table>");
        }
        Definition(html, d);
        return Layout.End(html);
    }

    private static void Definition(StringBuilder html, IndicatorDefinition d)
    {
        html.Append(Inv, $"<h2>Definition</h2><dl><dt>Numerator</dt><dd>{HtmlEncode(d.NumeratorText)}</dd><dt>Denominator</dt><dd>{HtmlEncode(d.DenominatorText)}</dd><dt>Exclusions</dt><dd>{HtmlEncode(d.Exclusions)}</dd>");
        html.Append(Inv, $"<dt>Target</dt><dd>{(d.Target is { } t ? HtmlEncode($"{(d.HigherIsBetter ? "At least" : "At most")} {t}{d.Unit} ({d.TargetSource})") : "None")}</dd><dt>Version</dt><dd>{d.Version}</dd></dl>");
    }

    private static string Rag(string rag) => rag.ToLowerInvariant() switch { "green" => "on-track", "amber" => "at-risk", "red" => "delayed", _ => "not-started" };

    private static string F(double v) => double.IsFinite(v) ? v.ToString("F1", Inv) : "-";
}
