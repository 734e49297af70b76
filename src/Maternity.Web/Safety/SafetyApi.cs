using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Programme;
using Maternity.Reference;
using Maternity.Safety;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Maternity.Web.Uploads;

namespace Maternity.Web.Safety;

/// <summary>
/// The safety and learning log: the page per trust and LMNS, the annual thematic analysis as HTML, the equity tables as
/// JSON or CSV (suppressed for those who may not see the organisation's records, refused to the public), the case list
/// (record-level: the organisation's own trust users and LMNS analysts; every read audited, never cached) and the import
/// of an incident export (record-level roles, their own trusts; antiforgery token; audited).
/// </summary>
public static class SafetyApi
{
    private const long MaxFileBytes = 20 * 1024 * 1024;

    public static void MapSafety(this IEndpointRouteBuilder app)
    {
        app.MapGet("/safety", (string? org, string? to, string? kinds, string? saved, Access access, Database database, HttpContext context) =>
            Page(context, database, access, org, to, kinds, saved, []));
        app.MapGet("/safety/report.html", (string? org, string? to, string? kinds, Access access, Database database) =>
        {
            var analysis = Analysis(database, access, org, to, kinds);
            var html = SafetyReportRenderer.Render(analysis, SafetyLessons.List(database, access, LmnsOf(database, analysis.Org)), access.Name, DateTime.UtcNow);
            return Results.Content(html, "text/html; charset=utf-8");
        });
        app.MapGet("/api/safety/rates", (string? org, string? to, string? kinds, string? format, Access access, Database database) =>
        {
            var a = Analysis(database, access, org, to, kinds);
            return CsvResult.Table(a.Ethnic.Concat(a.Deprivation).Select(r => new
            {
                a.Org, From = a.From, To = a.To, Kinds = a.Kinds, r.Breakdown, r.Group, r.Reference, r.Cases, r.Births,
                Per1000 = F(r.Rate?.Value), Lower = F(r.Rate?.Lower), Upper = F(r.Rate?.Upper), r.Rate?.Method,
                RateRatio = F(r.Ratio?.Value), RatioLower = F(r.Ratio?.Lower), RatioUpper = F(r.Ratio?.Upper),
                Verdict = SafetyAnalysis.Verdict(r.Ratio), a.Suppressed,
            }), format, "safety-rates");
        });
        app.MapGet("/api/safety/kinds", (string? org, string? to, string? format, Access access, Database database) =>
        {
            var a = Analysis(database, access, org, to, null);
            return CsvResult.Table(a.ByKind.Select(k => new { a.Org, a.From, a.To, k.Kind, k.Title, k.Cases, k.Open, k.Overdue, a.Suppressed }), format, "safety-kinds");
        });
        app.MapGet("/api/safety/themes", (string? org, string? to, string? kinds, string? format, Access access, Database database) =>
        {
            var a = Analysis(database, access, org, to, kinds);
            return CsvResult.Table(a.Themes.SelectMany(t => t.Cells.Select(c => new
            {
                a.Org, a.From, a.To, Theme = t.Code, t.Title, c.Group, c.Cases, c.GroupCases, c.Percent, a.Suppressed,
            })), format, "safety-themes");
        });
        app.MapGet("/api/safety/months", (string? org, string? to, string? kinds, string? format, Access access, Database database) =>
        {
            var a = Analysis(database, access, org, to, kinds);
            return CsvResult.Table(a.Months.Select(m => new { a.Org, m.Month, m.Cases, a.Suppressed }), format, "safety-months");
        });
        app.MapGet("/api/safety/coding", (string? org, string? to, Access access, Database database) =>
        {
            var a = Analysis(database, access, org, to, null);
            var c = a.EthnicityCoding;
            return Results.Ok(new { a.Org, a.From, a.To, c.Valid, c.Cases, Percent = F(c.Percent?.Value), Lower = F(c.Percent?.Lower), Upper = F(c.Percent?.Upper), c.Target, c.Met, a.Suppressed });
        });
        app.MapGet("/api/safety/lessons", (string? lmns, string? format, Access access, Database database) =>
            CsvResult.Table(SafetyLessons.List(database, access, lmns ?? PlanStore.DefaultLmns(database)).Select(l => new
            {
                l.Id, l.Lesson, l.SourceCases, l.Actions, l.SharedWhere, l.SharedOn,
            }), format, "lessons-learnt"));
        app.MapGet("/api/safety/cases", (string? org, string? format, Access access, Database database, HttpContext context) =>
        {
            // Record-level: refused to anyone who may not see the organisation's records; every read audited by Core.
            context.Response.Headers.CacheControl = "no-store";
            var cases = SafetyStore.Cases(database, access, org ?? PlanStore.DefaultLmns(database));
            return CsvResult.Table(cases.Select(c => new
            {
                Trust = c.OrgCode, c.CaseRef, c.Kind, c.EventDate, c.Category, c.Harm, c.EthnicCategory, c.EthnicGroup, c.Language,
                InterpreterNeeded = c.Interpreter, LSOA = c.Lsoa, c.ImdDecile, c.AgeBand, c.GestationWeeks, c.CarePlanFlags, c.Status,
                c.Grading, c.Themes, ContributoryFactors = c.Factors, c.ReviewDue,
            }), format, $"safety-cases-{org}");
        });
        app.MapGet("/safety/cases/new", (string? org, Access access, Database database, HttpContext context) =>
            CaseForm(context, database, access, org, new Dictionary<string, string>(), [], StatusCodes.Status200OK));
        app.MapPost("/safety/cases", async (HttpContext context, Access access, Database database) =>
        {
            access.Demand(access.IsRecordLevel, "log safety cases");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var org = form["org"].ToString();
            var values = SafetyImport.Columns
                .Select(c => (Column: c, Value: string.Join(';', form[c].Select(v => v?.Trim()).Where(v => !string.IsNullOrEmpty(v)))))
                .Where(x => x.Value.Length > 0).ToDictionary(x => x.Column, x => x.Value, StringComparer.Ordinal);
            var result = SafetyImport.Enter(database, access, values);
            if (result.Imported)
            {
                var notice = $"Case {values["CaseRef"]} of {values["Trust"]} logged. {result.Coding.Describe()}".TrimEnd();
                context.Response.Headers.Location = $"/safety?org={Uri.EscapeDataString(org.Length > 0 ? org : values["Trust"])}&saved={Uri.EscapeDataString(notice)}";
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            }
            var problems = result.Issues.Select(i => ($"{SafetyCaseForm.L(i.Column)}{(string.IsNullOrEmpty(i.Value) ? "" : $" ('{i.Value}')")}: {i.Reason}", i.Column)).ToList();
            return CaseForm(context, database, access, org, values, problems, StatusCodes.Status400BadRequest);
        }).WithFormToken();
        app.MapPost("/safety/import", async (HttpContext context, Access access, Database database) =>
        {
            access.Demand(access.IsRecordLevel, "load safety cases");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var org = form["org"].ToString();
            IReadOnlyList<string> problems;
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0) problems = ["Choose the export to load."];
            else
            {
                ExtractMapping? mapping = null;
                problems = [];
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
                        problems = [e.Message.Replace(temp, Path.GetFileName(mappingFile.FileName), StringComparison.Ordinal)];
                    }
                    finally
                    {
                        File.Delete(temp);
                    }
                }
                if (problems.Count == 0)
                {
                    var only = new FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(), new FormFileCollection { file });
                    var (upload, problem) = await UploadedFile.Receive(only, MaxFileBytes, context.RequestAborted);
                    problems = problem is null ? [] : [problem];
                    if (upload is not null)
                        using (upload)
                        {
                            try
                            {
                                var result = SafetyImport.Import(database, access, upload.Path, mapping, upload.Name);
                                if (result.Imported)
                                {
                                    var notice = $"{upload.Name}: {result.Cases} cases loaded{(result.Ignored.Count > 0 ? $"; columns ignored: {string.Join(", ", result.Ignored)}" : "")}. {result.Coding.Describe()}".TrimEnd();
                                    context.Response.Headers.Location = $"/safety?org={Uri.EscapeDataString(org)}&saved={Uri.EscapeDataString(notice)}";
                                    return Results.StatusCode(StatusCodes.Status303SeeOther);
                                }
                                problems = [.. result.Issues.Take(100).Select(i =>
                                    $"{upload.Name}, row {i.Row}, column {i.Column}{(string.IsNullOrEmpty(i.Value) ? "" : $" ('{i.Value}')")}: {upload.Clean(i.Reason)}")];
                            }
                            catch (InvalidDataException e)
                            {
                                problems = [$"{upload.Name}: {upload.Clean(e.Message)}"];
                            }
                        }
                }
            }
            return Page(context, database, access, org, null, null, null, problems, StatusCodes.Status400BadRequest);
        }).WithFormToken();
    }

    /// <summary>The form for one case: the trusts under the LMNS whose records the caller may load.</summary>
    private static IResult CaseForm(HttpContext context, Database database, Access access, string? org, IReadOnlyDictionary<string, string> values,
        IReadOnlyList<(string, string)> problems, int status)
    {
        access.Demand(access.IsRecordLevel, "log safety cases");
        var hierarchy = OrgHierarchy.Read(database);
        var lmns = LmnsOf(database, org is { Length: > 0 } o ? o : PlanStore.DefaultLmns(database));
        var trusts = hierarchy.Orgs.Where(x => x.Type == "Trust" && x.Parent == lmns && access.SeesRecordsOf(x.Code))
            .Select(x => new Components.Choice(x.Code, $"{x.Name} ({x.Code})")).ToList();
        access.Demand(trusts.Count > 0, $"log the safety cases of a trust of {lmns}");
        var themes = SafetyCodes.Themes.Concat(SafetyStore.Themes(database, lmns).Select(t => (t.Code, t.Title))).ToList();
        return Pages.Render<SafetyCaseForm>(context, access, new SafetyCaseForm.PageModel(org is { Length: > 0 } ? org : lmns, trusts, themes, values, problems), status);
    }

    private static IResult Page(HttpContext context, Database database, Access access, string? org, string? to, string? kinds, string? saved,
        IReadOnlyList<string> problems, int status = StatusCodes.Status200OK)
    {
        var analysis = Analysis(database, access, org, to, kinds);
        var hierarchy = OrgHierarchy.Read(database);
        var lmns = LmnsOf(database, analysis.Org);
        var orgs = hierarchy.Orgs.Where(o => o.Code == lmns || (o.Type == "Trust" && o.Parent == lmns)).Select(o => new Components.Choice(o.Code, $"{o.Name} ({o.Code})")).ToList();
        var periods = Enumerable.Range(0, 24).Select(i => analysis.To.AddMonths(-i)).Reverse().ToList();
        var learning = ProgrammeStore.Load(database, access, lmns);
        return Pages.Render<SafetyPage>(context, access, new SafetyPage.PageModel(analysis, orgs, periods,
            SafetyLessons.List(database, access, lmns), access.SeesRecordsOf(analysis.Org), saved, problems)
        {
            Positive = learning.Rows("learning.greatix"),
            Projects = learning.Rows("learning.qi"),
        }, status);
    }

    private static SafetyAnalysis Analysis(Database database, Access access, string? org, string? to, string? kinds)
    {
        access.Demand(access.Role != Role.Public, "see the safety log");
        DateOnly? month = to is { Length: > 0 } t
            ? DateOnly.TryParseExact(t, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var m)
                ? m : throw new BadHttpRequestException($"to: '{t}' is not a month in the form yyyy-MM")
            : null;
        var list = kinds is { Length: > 0 } k ? k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        try
        {
            return SafetyAnalysis.Build(database, access, org is { Length: > 0 } o ? o : PlanStore.DefaultLmns(database), month, kinds: list);
        }
        catch (InvalidDataException e)
        {
            throw new BadHttpRequestException(e.Message);
        }
    }

    /// <summary>A figure for JSON: null where it cannot be computed (JSON has no NaN or infinity).</summary>
    private static double? F(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static string LmnsOf(Database database, string org) => OrgHierarchy.Read(database).LmnsOf(org) ?? org;
}
