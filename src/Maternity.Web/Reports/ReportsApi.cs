using System.Globalization;
using Maternity.Indicators;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Storage;
using Microsoft.AspNetCore.Mvc;
using Maternity.Web.Components;
using Maternity.Web.Security;

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
            var (stored, _) = BoardPackStore.Generate(database, access, lmns!, period, BoardPackRenderer.Render);
            return Results.Created($"/reports/{stored.Id}.html", Row(new BoardPackStore.Listed(stored, false)));
        });
        app.MapGet("/reports", (string? lmns, string? made, Access access, Database database, HttpContext context) =>
            Page(context, database, access, lmns, made, null));
        app.MapPost("/reports", ([FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var (lmns, period, problem) = Request(database, form["lmns"], form["period"]);
            if (problem is not null) return Page(context, database, access, form["lmns"], null, problem, 400);
            var (stored, _) = BoardPackStore.Generate(database, access, lmns!, period, BoardPackRenderer.Render);
            return Results.Redirect($"/reports?lmns={Uri.EscapeDataString(lmns!)}&made={Uri.EscapeDataString(stored.Id)}");
        }).WithFormToken();
        app.MapGet("/reports/{file}", (string file, Access access, Database database, HttpContext context) =>
        {
            var dot = file.LastIndexOf('.');
            var (id, format) = dot > 0 ? (file[..dot], file[(dot + 1)..]) : (file, "");
            if (!BoardPackStore.Formats.Contains(format))
                return ErrorPages.NotFound(context, access, $"A board pack comes as {string.Join(", ", BoardPackStore.Formats.Select(f => "." + f))}.");
            if (BoardPackStore.Open(database, access, id, format) is not { } pack)
                return ErrorPages.NotFound(context, access, $"No board pack '{id}' with a {format.ToUpperInvariant()} is kept.");
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

    private static IResult Page(HttpContext context, Database database, Access access, string? lmns, string? made, string? problem, int status = 200)
    {
        var mine = OrgHierarchy.Read(database).OfType("LMNS").Where(o => BoardPackStore.MayGenerate(access, o.Code))
            .Select(o => new Choice(o.Code, $"{o.Name} ({o.Code})")).ToList();
        var periods = IndicatorSummary.Periods(database).Reverse()
            .Select(p => new Choice(p.ToString("yyyy-MM", Inv), p.ToString("MMMM yyyy", Inv))).ToList();
        var packs = BoardPackStore.List(database, access, string.IsNullOrEmpty(lmns) ? null : lmns);
        return Pages.Render<ReportsPage>(context, access, new ReportsPage.PageModel(mine, lmns, periods, packs, made, problem), status);
    }
}
