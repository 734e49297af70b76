using System.Globalization;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using static System.Net.WebUtility;

namespace Maternity.Web.Uploads;

/// <summary>
/// Submitting an extract from the browser: MSDS-shaped CSV files, loaded exactly as <c>maternity ingest</c> loads them
/// (rows of organisations the uploader may not load are quarantined), the indicators recomputed, and the ingest
/// report shown. Record-level roles only; every load is audited.
/// </summary>
public static class UploadsApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapUploads(this IEndpointRouteBuilder app, long maxBytes)
    {
        app.MapGet("/uploads", (Access access, HttpContext context) =>
        {
            access.Demand(access.IsRecordLevel, "load records");
            return Results.Content(Page(context, access, maxBytes, []), "text/html; charset=utf-8");
        });
        app.MapPost("/uploads", async ([FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            access.Demand(access.IsRecordLevel, "load records");
            var reports = new List<(string File, IngestReport? Report, string? Problem)>();
            var folder = Path.Combine(Path.GetTempPath(), "maternity-uploads", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var files = new List<string>();
                foreach (var file in form.Files.Where(f => f.Length > 0))
                {
                    var name = Path.GetFileName(file.FileName);
                    if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) { reports.Add((name, null, "only CSV files are taken")); continue; }
                    if (file.Length > maxBytes) { reports.Add((name, null, $"larger than {maxBytes / 1024 / 1024} MB")); continue; }
                    var path = Path.Combine(folder, name);
                    await using (var target = File.Create(path)) await file.CopyToAsync(target, context.RequestAborted);
                    files.Add(path);
                }
                foreach (var path in files)
                {
                    try
                    {
                        // The file's name tells which MSDS table it holds, as on the command line; loaded in table order.
                        reports.AddRange(Ingester.IngestAll(database, [path], access: access).Select(r => (r.File, (IngestReport?)r, (string?)null)));
                    }
                    catch (InvalidDataException e)
                    {
                        reports.Add((Path.GetFileName(path), null, e.Message));
                    }
                }
                if (reports.Any(r => r.Report is { RowsLoaded: > 0 })) IndicatorEngine.Compute(database);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
            return Results.Content(Page(context, access, maxBytes, reports), "text/html; charset=utf-8", null, reports.All(r => r.Report is not null) ? 200 : 400);
        }).WithFormToken().WithMetadata(new RequestSizeLimitAttribute(maxBytes * 4), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = maxBytes * 4 });
    }

    private static string Page(HttpContext context, Access access, long maxBytes, List<(string File, IngestReport? Report, string? Problem)> reports)
    {
        var html = Layout.Begin("Submit an extract");
        html.Append("<h1>Submit an extract</h1>");
        foreach (var (file, report, problem) in reports)
        {
            if (report is null)
            {
                html.Append(Inv, $"<div class=\"error\" role=\"alert\"><h2>{HtmlEncode(file)}: not loaded</h2><p>{HtmlEncode(problem)}</p></div>");
                continue;
            }
            html.Append(Inv, $"<div class=\"{(report.RowsQuarantined == 0 ? "notice" : "error")}\" role=\"status\"><h2>{HtmlEncode(report.File)} ({HtmlEncode(report.Table)})</h2>");
            html.Append(Inv, $"<p>{report.RowsRead:N0} rows read: {report.RowsLoaded:N0} loaded, {report.RowsQuarantined:N0} quarantined. Submissions replaced: {HtmlEncode(string.Join(", ", report.Submissions.Select(s => $"{s.Org} {s.Period:MMM yyyy}")))}.</p>");
            if (report.Issues.Count > 0)
            {
                html.Append("<table><caption>Quarantined rows (the first 100)</caption><thead><tr><th scope=\"col\">Row</th><th scope=\"col\">Column</th><th scope=\"col\">Value</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
                foreach (var i in report.Issues.Take(100))
                    html.Append(Inv, $"<tr><td class=\"n\">{i.Row}</td><td>{HtmlEncode(i.Column)}</td><td>{HtmlEncode(i.Value ?? "")}</td><td>{HtmlEncode(i.Reason)}</td></tr>");
                html.Append("</tbody></table>");
            }
            html.Append("</div>");
        }
        html.Append(Inv, $"""
            <p>MSDS-shaped CSV files, one per table, named after the table (for example <code>MSD101PregnancyBooking.csv</code>); see the data model.
            Each (provider, month, table) replaces the earlier submission. You may load the records of {HtmlEncode(access.Role == Role.Admin ? "any organisation" : string.Join(", ", access.Orgs))}; rows of other organisations are quarantined.
            At most {maxBytes / 1024 / 1024} MB a file.</p>
            <form method="post" action="/uploads" enctype="multipart/form-data">{WebSecurity.FormToken(context)}
            <label for="files">Extract files (CSV)</label><input id="files" name="files" type="file" multiple accept=".csv" required>
            <button type="submit">Load</button></form>
            """);
        return Layout.End(html);
    }
}
