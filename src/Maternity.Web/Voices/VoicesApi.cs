using System.Globalization;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Voices;
using Maternity.Web.Security;
using Maternity.Web.Uploads;

namespace Maternity.Web.Voices;

/// <summary>
/// Whose voices the MNVP heard: <c>/voices</c> (the page, with an upload form for those who may edit the LMNS's plan),
/// <c>/api/voices</c> (representativeness by characteristic and group), <c>/api/voices/events</c> and
/// <c>/api/voices/feedback</c>, each as JSON or CSV (<c>?format=csv</c>). Every figure comes from <see cref="VoicesReport"/>
/// for the caller, so viewers get suppressed counts and the public role is refused.
/// </summary>
public static class VoicesApi
{
    private const long MaxFileBytes = 20L * 1024 * 1024;

    public static void MapVoices(this IEndpointRouteBuilder app)
    {
        app.MapGet("/voices", (string? lmns, string? period, string? saved, Access access, Database database, HttpContext context) =>
        {
            var report = Build(database, access, lmns, period);
            return Pages.Render<VoicesPage>(context, access, new VoicesPage.PageModel(report, access.CanEditPlan(report.Lmns), saved, []));
        });
        app.MapPost("/voices", async (HttpContext context, Access access, Database database) =>
        {
            var lmns = Lmns(database, null);
            access.Demand(access.CanEditPlan(lmns), $"load the MNVP records of {lmns}");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            IReadOnlyList<RowIssue> issues = [];
            ExtractMapping? mapping = null;
            if (form.Files.GetFile("mapping") is { Length: > 0 } mappingFile)
            {
                var temp = Path.GetTempFileName();
                try
                {
                    await using (var stream = File.Create(temp)) await mappingFile.CopyToAsync(stream, context.RequestAborted);
                    mapping = ExtractMapping.Load(temp);
                }
                catch (InvalidDataException e)
                {
                    issues = [new RowIssue(0, "", null, e.Message.Replace(temp, Path.GetFileName(mappingFile.FileName), StringComparison.Ordinal))];
                }
                finally
                {
                    File.Delete(temp);
                }
            }
            var only = form.Files.GetFile("file") is { } chosen
                ? new FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(), new FormFileCollection { chosen })
                : new FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>());
            UploadedFile? upload = null;
            if (issues.Count == 0)
            {
                (upload, var problem) = await UploadedFile.Receive(only, MaxFileBytes, context.RequestAborted);
                if (problem is not null) issues = [new RowIssue(0, "", null, problem)];
            }
            if (upload is not null)
            {
                using (upload)
                {
                    try
                    {
                        var result = VoicesStore.Import(database, access, lmns, upload.Path, mapping: mapping, fileName: upload.Name);
                        if (result.Stored)
                        {
                            var notice = $"{upload.Name}: {result.Added} added, {result.Replaced} replaced." + Sentence(result.Dropped.Total > 0 ? result.Dropped.Describe() : null)
                                + Sentence(result.Kind is VoicesFile.FileKind.Events or VoicesFile.FileKind.SignUps ? result.Measures.Describe() : null);
                            context.Response.Headers.Location = $"/voices?saved={Uri.EscapeDataString(notice)}";
                            return Results.StatusCode(StatusCodes.Status303SeeOther);
                        }
                        issues = result.Issues;
                    }
                    catch (InvalidDataException e)
                    {
                        issues = [new RowIssue(0, "", null, upload.Clean(e.Message))];
                    }
                }
            }
            var report = VoicesReport.Build(database, access, lmns);
            return Pages.Render<VoicesPage>(context, access, new VoicesPage.PageModel(report, true, null, issues), StatusCodes.Status400BadRequest);
        }).WithFormToken();
        app.MapGet("/voices/events/new", (Access access, Database database, HttpContext context) =>
        {
            var lmns = Lmns(database, null);
            access.Demand(access.CanEditPlan(lmns), $"record the MNVP's events of {lmns}");
            return Pages.Render<VoicesEventForm>(context, access, new VoicesEventForm.PageModel(lmns, new Dictionary<string, string>(), []));
        });
        app.MapPost("/voices/events", async (HttpContext context, Access access, Database database) =>
        {
            var lmns = Lmns(database, null);
            access.Demand(access.CanEditPlan(lmns), $"record the MNVP's events of {lmns}");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var fields = VoicesEventForm.Fields.Select(f => (f.Column, Value: form[f.Id].ToString().Trim()))
                .Where(x => x.Value.Length > 0).ToDictionary(x => x.Column, x => x.Value, StringComparer.Ordinal);
            var result = VoicesStore.Enter(database, access, lmns, fields);
            if (result.Stored)
            {
                var notice = $"Event {fields.GetValueOrDefault("Event")} on {fields.GetValueOrDefault("Date")} recorded ({(result.Added > 0 ? "added" : "replaced the one recorded")})."
                    + Sentence(result.Measures.Describe());
                context.Response.Headers.Location = $"/voices?saved={Uri.EscapeDataString(notice)}";
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            }
            return Pages.Render<VoicesEventForm>(context, access, new VoicesEventForm.PageModel(lmns, fields, result.Issues), StatusCodes.Status400BadRequest);
        }).WithFormToken();
        app.MapGet("/api/voices", (string? lmns, string? period, string? format, Access access, Database database) =>
        {
            var report = Build(database, access, lmns, period);
            return CsvResult.Table(report.Representation.SelectMany(r => r.Rows.Select(x => new
            {
                report.Lmns, From = report.From, To = report.To, r.Characteristic, x.Group, x.Heard, HeardShare = Finite(x.HeardShare), Reference = x.Reference,
                ReferenceShare = Finite(x.ReferenceShare), Ratio = Finite(x.Ratio.Value), Lower = Finite(x.Ratio.Lower), Upper = Finite(x.Ratio.Upper), x.Verdict,
                ChiSquared = Finite(r.Test.Statistic), r.Test.DegreesOfFreedom, PValue = Finite(r.Test.PValue), r.ReferenceSource, report.Suppressed,
            })), format, $"voices-{report.Lmns}");
        });
        app.MapGet("/api/voices/events", (string? lmns, string? period, string? format, Access access, Database database) =>
        {
            var report = Build(database, access, lmns, period);
            return CsvResult.Table(report.EventList.Select(e => new { report.Lmns, e.Date, e.Name, e.Kind, e.Place, e.Languages, e.People, report.Suppressed }),
                format, $"voices-events-{report.Lmns}");
        });
        app.MapGet("/api/voices/feedback", (string? lmns, string? period, string? format, Access access, Database database) =>
        {
            var report = Build(database, access, lmns, period);
            return CsvResult.Table(report.Feedback.Select(f => new { report.Lmns, f.HeardOn, f.Source, f.Theme, f.YouSaid, f.WeDid, f.ActionId, f.Status }),
                format, $"voices-feedback-{report.Lmns}");
        });
    }

    private static VoicesReport Build(Database database, Access access, string? lmns, string? period)
    {
        access.Demand(access.Role != Role.Public, "see the MNVP's records");
        DateOnly? month = DateOnly.TryParseExact((period ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return VoicesReport.Build(database, access, Lmns(database, lmns), month);
    }

    private static string Lmns(Database database, string? lmns) => string.IsNullOrWhiteSpace(lmns) ? PlanStore.DefaultLmns(database) : lmns;

    private static string Sentence(string? text) => string.IsNullOrEmpty(text) ? "" : $" {char.ToUpperInvariant(text[0])}{text[1..]}.";

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
