using System.Globalization;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

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
            return Page(context, access, maxBytes, []);
        });
        app.MapPost("/uploads", async ([FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            access.Demand(access.IsRecordLevel, "load records");
            var reports = new List<UploadsPage.Result>();
            var folder = Path.Combine(Path.GetTempPath(), "maternity-uploads", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var files = new List<string>();
                foreach (var file in form.Files.Where(f => f.Length > 0))
                {
                    var name = Path.GetFileName(file.FileName);
                    if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) { reports.Add(new(name, null, "only CSV files are taken")); continue; }
                    if (file.Length > maxBytes) { reports.Add(new(name, null, $"larger than {maxBytes / 1024 / 1024} MB")); continue; }
                    var path = Path.Combine(folder, name);
                    await using (var target = File.Create(path)) await file.CopyToAsync(target, context.RequestAborted);
                    files.Add(path);
                }
                try
                {
                    // The file's name tells which MSDS table it holds, as on the command line; all the files sent are
                    // loaded together in table order (mothers before their bookings), whatever order they came in.
                    if (files.Count > 0)
                        reports.AddRange(Ingester.IngestAll(database, files, access: access).Select(r => new UploadsPage.Result(Path.GetFileName(r.File), r, null)));
                }
                catch (InvalidDataException e)
                {
                    // The user sees their file's name, never the server's temporary folder.
                    var message = e.Message.Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
                    var named = files.Select(Path.GetFileName).FirstOrDefault(n => message.StartsWith(n!, StringComparison.Ordinal));
                    reports.Add(new(named ?? "upload", null, message));
                    // The files loaded before the one that failed are kept (IngestAll wraps that failure): count them.
                    if (e.InnerException is InvalidDataException) IndicatorEngine.Compute(database);
                }
                if (reports.Any(r => r.Report is { RowsLoaded: > 0 })) IndicatorEngine.Compute(database);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
            return Page(context, access, maxBytes, reports, reports.All(r => r.Report is not null) ? 200 : 400);
        }).WithFormToken().WithMetadata(new RequestSizeLimitAttribute(maxBytes * 4), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = maxBytes * 4 });
    }

    private static IResult Page(HttpContext context, Access access, long maxBytes, IReadOnlyList<UploadsPage.Result> results, int status = 200) =>
        Pages.Render<UploadsPage>(context, access, new UploadsPage.PageModel(results,
            access.Role == Role.Admin ? "any organisation" : string.Join(", ", access.Orgs), maxBytes / 1024 / 1024), status);
}
