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
                foreach (var path in files)
                {
                    try
                    {
                        // The file's name tells which MSDS table it holds, as on the command line; loaded in table order.
                        reports.AddRange(Ingester.IngestAll(database, [path], access: access).Select(r => new UploadsPage.Result(Path.GetFileName(r.File), r, null)));
                    }
                    catch (InvalidDataException e)
                    {
                        // The user sees their file's name, never the server's temporary folder.
                        reports.Add(new(Path.GetFileName(path), null, e.Message.Replace(path, Path.GetFileName(path), StringComparison.Ordinal)
                            .Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)));
                    }
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
