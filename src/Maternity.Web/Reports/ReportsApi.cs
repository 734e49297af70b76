using System.Globalization;
using System.Text;
using Maternity.Indicators;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Microsoft.AspNetCore.Mvc;
using static System.Net.WebUtility;

namespace Maternity.Web.Reports;

/// <summary>
/// Board packs on the web: the list of packs kept (every role: board papers are public), a button that generates one
/// (the LMNS's analysts and admins), and each pack's HTML, PDF and XLSX exactly as generated.
/// </summary>
public static class ReportsApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public sealed record BoardPost(string? Lmns, string? Period);

    public static void MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports", (string? lmns, string? format, Access access, Database database) =>
            CsvResult.Table(BoardPackStore.List(database, access, lmns).Select(Row), format, "board-packs"));
        app.MapPost("/api/reports/board", (BoardPost body, Access access, Database database) =>
        {
            var (lmns, period, problem) = Request(database, body.Lmns, body.Period);
            if (problem is not null) return Results.Problem(statusCode: 400, title: "Cannot make the board pack", detail: problem);
            var (stored, _) = BoardPackStore.Generate(database, access, lmns!, period);
            return Results.Created($"/reports/{stored.Id}.html", Row(new BoardPackStore.Listed(stored, false)));
        });
        app.MapGet("/reports", (string? lmns, string? made, Access access, Database database, HttpContext context) =>
            Html(Page(database, access, context, lmns, made, null)));
        app.MapPost("/reports", ([FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var (lmns, period, problem) = Request(database, form["lmns"], form["period"]);
            if (problem is not null) return Html(Page(database, access, context, form["lmns"], null, problem), 400);
            var (stored, _) = BoardPackStore.Generate(database, access, lmns!, period);
            return Results.Redirect($"/reports?lmns={Uri.EscapeDataString(lmns!)}&made={Uri.EscapeDataString(stored.Id)}");
        }).WithFormToken();
        app.MapGet("/reports/{file}", (string file, Access access, Database database, HttpContext context) =>
        {
            var dot = file.LastIndexOf('.');
            var (id, format) = dot > 0 ? (file[..dot], file[(dot + 1)..]) : (file, "");
            if (!BoardPackStore.Formats.Contains(format))
                return Results.Problem(statusCode: 404, title: "Unknown form", detail: $"A board pack comes as {string.Join(", ", BoardPackStore.Formats.Select(f => "." + f))}.");
            if (BoardPackStore.Open(database, access, id, format) is not { } pack)
                return Results.Problem(statusCode: 404, title: "No such board pack", detail: $"No board pack '{id}' with a {format.ToUpperInvariant()} is kept.");
            // The HTML carries its own policy; the site's would block nothing it needs, but say exactly what it may load: nothing.
            if (format == "html") context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";
            return format == "xlsx" ? Results.File(pack.Content, pack.MediaType, pack.FileName) : Results.File(pack.Content, pack.MediaType);
        });
    }

    private static object Row(BoardPackStore.Listed listed)
    {
        var s = listed.Pack;
        return new
        {
            s.Id, s.Lmns, Period = s.Period.ToString("yyyy-MM", Inv), s.GeneratedAt, s.GeneratedBy, s.HasPdf, s.PdfNote, listed.DataChangedSince,
            Html = $"/reports/{s.Id}.html", Pdf = s.HasPdf ? $"/reports/{s.Id}.pdf" : null, Xlsx = $"/reports/{s.Id}.xlsx",
        };
    }

    /// <summary>The LMNS and month asked for (<see cref="BoardPack.Resolve"/>), or why not.</summary>
    private static (string? Lmns, DateOnly Period, string? Problem) Request(Database database, string? lmns, string? period)
    {
        try
        {
            var (code, month) = BoardPack.Resolve(database, lmns, period);
            return (code, month, null);
        }
        catch (InvalidDataException e)
        {
            return (null, default, char.ToUpperInvariant(e.Message[0]) + e.Message[1..] + ".");
        }
    }

    private static IResult Html(string html, int status = 200) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Page(Database database, Access access, HttpContext context, string? lmns, string? made, string? problem)
    {
        var html = Layout.Begin("Board packs");
        html.Append("<h1>LMNS Board packs</h1>");
        html.Append("<p>The board's exception report: indicators off target or with special-cause concern (with their SPC charts and breakdowns by ethnic group and deprivation), indicators that improved, the data-quality scorecard and exceptions, overdue, at-risk and stale actions, what changed since the previous pack and the definitions. Board papers are public, so every count in a pack has passed the suppression rule, whoever makes it. Each pack is kept exactly as generated.</p>");
        if (problem is not null) html.Append(Inv, $"<div class=\"error\" role=\"alert\"><h2>There is a problem</h2><p>{HtmlEncode(problem)}</p></div>");
        if (made is not null) html.Append(Inv, $"<div class=\"notice\" role=\"status\"><p>Board pack {HtmlEncode(made)} generated: <a href=\"/reports/{HtmlEncode(made)}.html\">open it</a>.</p></div>");
        var mine = OrgHierarchy.Read(database).OfType("LMNS").Where(o => BoardPackStore.MayGenerate(access, o.Code)).ToList();
        if (mine.Count > 0)
        {
            var periods = IndicatorSummary.Periods(database);
            html.Append(Inv, $"<form method=\"post\" action=\"/reports\">{WebSecurity.FormToken(context)}<fieldset class=\"filters\"><legend>Generate a board pack</legend>");
            html.Append("<label for=\"lmns\">LMNS</label><select id=\"lmns\" name=\"lmns\">");
            foreach (var o in mine)
                html.Append(Inv, $"<option value=\"{HtmlEncode(o.Code)}\"{(o.Code == lmns ? " selected" : "")}>{HtmlEncode($"{o.Name} ({o.Code})")}</option>");
            html.Append("</select><label for=\"period\">Reporting month</label><select id=\"period\" name=\"period\">");
            foreach (var p in periods.Reverse()) html.Append(Inv, $"<option value=\"{p:yyyy-MM}\">{p:MMMM yyyy}</option>");
            html.Append("</select><button type=\"submit\">Generate board pack</button></fieldset></form><p>Generating takes a few seconds: the PDF is printed by the server's Chromium.</p>");
        }
        var packs = BoardPackStore.List(database, access, string.IsNullOrEmpty(lmns) ? null : lmns);
        html.Append(Inv, $"<h2>Packs kept</h2><p><a href=\"/api/reports?format=csv\">Download this list (CSV)</a></p>");
        if (packs.Count == 0) html.Append("<p>No board pack has been generated yet.</p>");
        else
        {
            html.Append("<div class=\"scroll\"><table><caption>Board packs, newest first</caption><thead><tr><th scope=\"col\">Pack</th><th scope=\"col\">LMNS</th><th scope=\"col\">Month</th><th scope=\"col\">Generated (UTC)</th><th scope=\"col\">By</th><th scope=\"col\">Open</th><th scope=\"col\">Data changed since</th></tr></thead><tbody>");
            foreach (var (s, changed) in packs)
            {
                var links = $"<a href=\"/reports/{HtmlEncode(s.Id)}.html\">HTML<span class=\"visually-hidden\"> of {HtmlEncode(s.Id)}</span></a> · "
                    + (s.HasPdf ? $"<a href=\"/reports/{HtmlEncode(s.Id)}.pdf\">PDF<span class=\"visually-hidden\"> of {HtmlEncode(s.Id)}</span></a> · " : $"no PDF ({HtmlEncode(s.PdfNote)}) · ")
                    + $"<a href=\"/reports/{HtmlEncode(s.Id)}.xlsx\">XLSX<span class=\"visually-hidden\"> of {HtmlEncode(s.Id)}</span></a>";
                html.Append(Inv, $"<tr><td>{HtmlEncode(s.Id)}</td><td>{HtmlEncode(s.Lmns)}</td><td>{s.Period:MMMM yyyy}</td><td>{s.GeneratedAt:yyyy-MM-dd HH:mm}</td><td>{HtmlEncode(s.GeneratedBy)}</td><td>{links}</td><td>{(changed ? "yes: a new pack would differ" : "no")}</td></tr>");
            }
            html.Append("</tbody></table></div>");
        }
        return Layout.End(html);
    }
}
