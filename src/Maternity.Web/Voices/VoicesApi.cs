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
            var (upload, problem) = await UploadedFile.Receive(form, MaxFileBytes, context.RequestAborted);
            IReadOnlyList<RowIssue> issues;
            if (upload is null) issues = [new RowIssue(0, "", null, problem!)];
            else
            {
                using (upload)
                {
                    try
                    {
                        var result = VoicesStore.Import(database, access, lmns, upload.Path);
                        if (result.Stored)
                        {
                            var notice = $"{upload.Name}: {result.Added} added, {result.Replaced} replaced."
                                + (result.Dropped.Total > 0 ? $" {char.ToUpperInvariant(result.Dropped.Describe()[0])}{result.Dropped.Describe()[1..]}." : "");
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

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
