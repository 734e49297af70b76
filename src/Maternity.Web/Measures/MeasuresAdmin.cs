using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Maternity.Web.Uploads;

namespace Maternity.Web.Measures;

/// <summary>
/// The LMNS's measures administered on the web, for its analysts: the measures file (definitions and dimensions) and the
/// targets file downloaded and uploaded as the command line reads them, and the priority cohort set by form. A file with
/// any bad cell changes nothing and each problem names its sheet, row and column.
/// </summary>
public static class MeasuresAdmin
{
    private const long MaxFileBytes = 5 * 1024 * 1024;

    public static void MapMeasuresAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/measures/admin", (string? saved, Access access, Database database, HttpContext context) =>
        {
            var set = Set(database, access);
            return Pages.Render<MeasuresAdminPage>(context, access, new MeasuresAdminPage.PageModel(set, [], saved, null));
        });
        app.MapGet("/measures/admin/{file}.xlsx", (string file, Access access, Database database) =>
        {
            var set = Set(database, access);
            if (file is not ("measures" or "targets")) return Results.Problem(statusCode: 404, title: "Unknown file", detail: "The files are measures.xlsx and targets.xlsx.");
            var path = Path.Combine(Path.GetTempPath(), $"{file}-{Guid.NewGuid():N}.xlsx");
            try
            {
                if (file == "measures") MeasureFile.Write(set, path);
                else MeasureTarget.Write(set.Targets, path);
                return Results.File(File.ReadAllBytes(path), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{set.Lmns}-{file}.xlsx");
            }
            finally
            {
                File.Delete(path);
            }
        });
        app.MapPost("/measures/admin/{file}", async (string file, HttpContext context, Access access, Database database) =>
        {
            var set = Set(database, access);
            if (file is not ("measures" or "targets")) return Results.Problem(statusCode: 404, title: "Unknown form", detail: "Upload to /measures/admin/measures or /measures/admin/targets.");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var (upload, problem) = await UploadedFile.Receive(form, MaxFileBytes, context.RequestAborted);
            if (upload is null) return Refused(context, access, set, file, [new RowIssue(0, "", null, problem!)]);
            using (upload)
            {
                try
                {
                    string notice;
                    if (file == "measures")
                    {
                        var content = MeasureFile.Read(upload.Path, set.Lmns);
                        if (content.Issues.Count > 0) return Refused(context, access, set, file, content.Issues);
                        var r = MeasureStore.Import(database, access, set.Lmns, content);
                        notice = $"{upload.Name}: {r.Added} measures added, {r.Changed} changed, {r.NewVersions} new versions, {r.Unchanged} unchanged; {content.Dimensions.Count} dimensions.";
                    }
                    else
                    {
                        var (targets, issues) = MeasureTarget.Read(upload.Path, set.Lmns, m => set.Find(m) is { } x ? (x.Unit, x.Levels) : null);
                        if (issues.Count > 0) return Refused(context, access, set, file, issues);
                        var r = MeasureStore.ImportTargets(database, access, set.Lmns, targets);
                        notice = $"{upload.Name}: {r.Added} targets added, {r.Changed} changed, {r.Removed} removed, {r.Unchanged} unchanged.";
                    }
                    return Saved(context, notice);
                }
                catch (InvalidDataException e)
                {
                    return Refused(context, access, set, file, [new RowIssue(0, "", null, upload.Clean(e.Message))]);
                }
            }
        }).WithFormToken();
        app.MapPost("/measures/admin/cohort", async (HttpContext context, Access access, Database database) =>
        {
            var set = Set(database, access);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var typed = new MeasuresAdminPage.CohortForm(
                [.. form["groups"].OfType<string>()], form["categories"].ToString(), form["deciles"].ToString(), form["complex"] == "yes", form["also"].ToString(), form["source"].ToString());
            var (cohort, problems) = PriorityCohort.Parse(string.Join(";", typed.Groups), typed.Categories, typed.Deciles, typed.Complex, typed.Also, typed.Source);
            if (cohort is null)
                return Pages.Render<MeasuresAdminPage>(context, access,
                    new MeasuresAdminPage.PageModel(set, [.. problems.Select(p => new RowIssue(0, "cohort", null, p))], null, typed), StatusCodes.Status400BadRequest);
            var changed = MeasureStore.SetCohort(database, access, set.Lmns, cohort);
            return Saved(context, changed
                ? $"Priority cohort set: {cohort.Describe()}. The indicators of the priority cohort count it from the next recompute (an upload, or maternity indicators compute)."
                : "The priority cohort is unchanged.");
        }).WithFormToken();
    }

    /// <summary>The measures of the LMNS, for one of its analysts (or an administrator).</summary>
    private static MeasureStore.MeasureSet Set(Database database, Access access)
    {
        var lmns = PlanStore.DefaultLmns(database);
        access.Demand(access.CanEditPlan(lmns), $"administer the measures of {lmns}");
        return MeasureStore.Load(database, lmns);
    }

    private static IResult Refused(HttpContext context, Access access, MeasureStore.MeasureSet set, string file, IReadOnlyList<RowIssue> issues) =>
        Pages.Render<MeasuresAdminPage>(context, access,
            new MeasuresAdminPage.PageModel(set, [.. issues.Select(i => i with { Column = i.Column.Length == 0 ? file : $"{file}: {i.Column}" })], null, null), StatusCodes.Status400BadRequest);

    private static IResult Saved(HttpContext context, string notice)
    {
        context.Response.Headers.Location = $"/measures/admin?saved={Uri.EscapeDataString(notice)}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
