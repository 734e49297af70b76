using System.Globalization;
using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Maternity.Web.Uploads;

namespace Maternity.Web.Measures;

/// <summary>
/// The returns form: <c>GET /returns</c> shows an organisation's return for the periods holding a month, filled with
/// the caller's draft or the values submitted; <c>POST /returns</c> saves it as a draft or submits it through the same
/// checks as a return file (<see cref="MeasureReturns.Save"/>), showing each refused cell beside its field.
/// </summary>
public static class ReturnsForm
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The fields of one cell of the form (those its unit does not use stay empty).</summary>
    private static readonly string[] Fields = ["value", "numerator", "denominator", "n", "sd", "reason"];

    public static void MapReturnsForm(this IEndpointRouteBuilder app)
    {
        app.MapGet("/returns", (string? org, string? period, string? saved, Access access, Database database, HttpContext context) =>
        {
            access.Demand(access.IsRecordLevel, "enter returns");
            var (set, code, day) = Resolve(database, access, org, period);
            return Pages.Render<ReturnsPage>(context, access, Model(database, access, set, code, day, null, [], saved));
        });
        app.MapPost("/returns", async (HttpContext context, Access access, Database database) =>
        {
            access.Demand(access.IsRecordLevel, "enter returns");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var (set, code, day) = Resolve(database, access, form["org"], form["period"]);
            var template = Template(set, database, code, day);
            var typed = new Dictionary<int, Dictionary<string, string>>();
            var lines = new List<(long, MeasureReturns.Line)>();
            for (var i = 0; i < template.Count; i++)
            {
                var values = Fields.ToDictionary(f => f, f => form[$"c{i}.{f}"].ToString().Trim());
                typed[i] = values;
                if (values.Where(v => v.Key != "reason").All(v => v.Value.Length == 0)) continue;
                lines.Add((i + 2, template[i] with
                {
                    Value = values["value"], Numerator = values["numerator"], Denominator = values["denominator"], N = values["n"], SD = values["sd"], Reason = values["reason"],
                }));
            }
            var submit = form["action"] == "submit";
            var result = lines.Count == 0
                ? new MeasureReturns.Result("", 0, 0, 0, 0, [new RowIssue(0, "", null, "Nothing was entered: fill in at least one cell.")])
                : MeasureReturns.Save(database, access, set, lines, submit, "form");
            if (result.Imported)
            {
                var notice = $"{(submit ? "Submitted" : "Draft saved")}: {result.Added} added, {result.Replaced} replaced, {result.Unchanged} unchanged.";
                context.Response.Headers.Location = $"/returns?org={Uri.EscapeDataString(code)}{(day is { } dd ? $"&period={dd:yyyy-MM}" : "")}&saved={Uri.EscapeDataString(notice)}";
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            }
            return Pages.Render<ReturnsPage>(context, access, Model(database, access, set, code, day, typed, result.Issues, null), StatusCodes.Status400BadRequest);
        }).WithFormToken();
        MapReturnFiles(app);
    }

    /// <summary>The return as a file: the template to fill in, and the upload that stores it as submitted.</summary>
    private static void MapReturnFiles(IEndpointRouteBuilder app)
    {
        app.MapGet("/returns/template.{format}", (string format, string? org, string? period, Access access, Database database) =>
        {
            access.Demand(access.IsRecordLevel, "enter returns");
            if (format is not ("csv" or "xlsx")) return Results.Problem(statusCode: 404, title: "Unknown format", detail: "The template is template.csv or template.xlsx.");
            var (set, code, day) = Resolve(database, access, org, period);
            var path = Path.Combine(Path.GetTempPath(), $"return-{Guid.NewGuid():N}.{format}");
            try
            {
                MeasureReturns.Write(Template(set, database, code, day), path);
                return Results.File(File.ReadAllBytes(path), format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    $"return-{code}{(day is { } d ? "-" + d.ToString("yyyy-MM", Inv) : "")}.{format}");
            }
            finally
            {
                File.Delete(path);
            }
        });
        app.MapPost("/returns/upload", async (HttpContext context, Access access, Database database) =>
        {
            access.Demand(access.IsRecordLevel, "enter returns");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var (set, code, day) = Resolve(database, access, form["org"], form["period"]);
            var (upload, problem) = await UploadedFile.Receive(form, MaxFileBytes, context.RequestAborted);
            IReadOnlyList<string> problems = [problem ?? ""];
            if (upload is not null)
                using (upload)
                {
                    try
                    {
                        var result = MeasureReturns.Import(database, access, set, upload.Path);
                        if (result.Imported)
                        {
                            var notice = $"{upload.Name} submitted: {result.Added} added, {result.Replaced} replaced, {result.Unchanged} unchanged.";
                            context.Response.Headers.Location = $"/returns?org={Uri.EscapeDataString(code)}{(day is { } dd ? $"&period={dd:yyyy-MM}" : "")}&saved={Uri.EscapeDataString(notice)}";
                            return Results.StatusCode(StatusCodes.Status303SeeOther);
                        }
                        problems = [.. result.Issues.Select(i => i.Row > 0
                            ? $"{upload.Name}, row {i.Row}, column {i.Column}{(string.IsNullOrEmpty(i.Value) ? "" : $" ('{i.Value}')")}: {upload.Clean(i.Reason)}"
                            : $"{upload.Name}: {upload.Clean(i.Reason)}")];
                    }
                    catch (InvalidDataException e)
                    {
                        problems = [$"{upload.Name}: {upload.Clean(e.Message)}"];
                    }
                }
            var model = Model(database, access, set, code, day, null, [], null);
            return Pages.Render<ReturnsPage>(context, access, model with { Problems = [.. problems.Select(p => (p, ""))], FileRefused = true }, StatusCodes.Status400BadRequest);
        }).WithFormToken();
    }

    private const long MaxFileBytes = 5 * 1024 * 1024;

    private static (MeasureStore.MeasureSet Set, string Org, DateOnly? Day) Resolve(Database database, Access access, string? org, string? period)
    {
        var lmns = PlanStore.DefaultLmns(database);
        var set = MeasureStore.Load(database, lmns);
        var orgs = Orgs(database, access, set);
        var code = orgs.FirstOrDefault(o => o.Value == org)?.Value ?? orgs.FirstOrDefault()?.Value ?? throw new AccessDeniedException($"{access.Name} may enter no organisation's returns");
        DateOnly? day = DateOnly.TryParseExact((period ?? "") + "-01", "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) ? d : null;
        return (set, code, day);
    }

    /// <summary>The organisations the caller may enter returns for: its trusts of the LMNS, and the LMNS itself for its analysts.</summary>
    private static List<Components.Choice> Orgs(Database database, Access access, MeasureStore.MeasureSet set) =>
        [.. OrgHierarchy.Read(database).Orgs
            .Where(o => (o.Type == "Trust" && o.Parent == set.Lmns && access.SeesRecordsOf(o.Code)) || (o.Code == set.Lmns && access.CanEditPlan(set.Lmns)))
            .OrderBy(o => o.Type == "LMNS" ? 0 : 1).ThenBy(o => o.Code, StringComparer.Ordinal)
            .Select(o => new Components.Choice(o.Code, $"{o.Name} ({o.Code})"))];

    private static List<MeasureReturns.Line> Template(MeasureStore.MeasureSet set, Database database, string org, DateOnly? day) =>
        [.. MeasureReturns.Template(set, OrgHierarchy.Read(database), org, day)];

    private static ReturnsPage.PageModel Model(Database database, Access access, MeasureStore.MeasureSet set, string org, DateOnly? day,
        Dictionary<int, Dictionary<string, string>>? typed, IReadOnlyList<RowIssue> issues, string? notice)
    {
        var template = Template(set, database, org, day);
        var entered = MeasureReturns.Entered(database, access, set, org);
        var rows = template.Select((line, i) =>
        {
            var m = set.Find(line.Measure)!;
            var stored = entered.TryGetValue((line.Measure, line.Period, line.Breakdown, line.Group), out var e) ? e : default;
            var values = typed?.GetValueOrDefault(i) ?? (stored.Line is { } l
                ? new Dictionary<string, string> { ["value"] = l.Value, ["numerator"] = l.Numerator, ["denominator"] = l.Denominator, ["n"] = l.N, ["sd"] = l.SD }
                : []);
            return new ReturnsPage.Row(i, m, line, stored.Status, values);
        }).ToList();
        var errors = new Dictionary<string, string>();
        var problems = new List<(string, string)>();
        foreach (var issue in issues)
        {
            var i = (int)issue.Row - 2;
            var field = issue.Column.ToLowerInvariant() switch { "numerator" or "denominator" or "n" or "sd" or "reason" => issue.Column.ToLowerInvariant(), _ => "value" };
            var row = i >= 0 && i < rows.Count ? rows[i] : null;
            // The field shown for this unit (a count's "Numerator" problem is about its value field).
            if (row is not null && field != "reason" && !ReturnsPage.Inputs(row.Measure).Any(x => x.Field == field)) field = ReturnsPage.Inputs(row.Measure)[0].Field;
            var id = row is null ? "" : $"c{i}-{field}";
            if (row is not null) errors.TryAdd(id, issue.Reason);
            problems.Add((row is null ? issue.Reason : $"{row.Measure.Title}, {(row.Line.Breakdown == Dimension.Total ? "total" : row.Line.Group)}: {issue.Reason}", id));
        }
        var name = OrgHierarchy.Read(database).Orgs.FirstOrDefault(o => o.Code == org)?.Name ?? org;
        return new ReturnsPage.PageModel(org, $"{name} ({org})", day, Orgs(database, access, set), rows, errors, problems, notice);
    }
}
