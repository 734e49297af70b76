using System.Globalization;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Web.Security;
using Maternity.Storage;
using Microsoft.AspNetCore.Mvc;
using Maternity.Web.Components;
using Maternity.Reports;

namespace Maternity.Web.Plans;

/// <summary>
/// The action plan: JSON API (list with filters, action, edit with optimistic concurrency, updates, exceptions,
/// timeline, history, data gaps), the plan and action pages with their edit forms, exports and evidence files.
/// </summary>
public static class PlanApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Evidence uploads: at most this size, and only these kinds of file.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public static readonly string[] FileTypes = [".pdf", ".docx", ".xlsx", ".pptx", ".csv", ".txt", ".png", ".jpg", ".jpeg", ".msg", ".eml"];

    /// <summary>The query every plan view takes; each is a link.</summary>
    public sealed record PlanQuery(string? Lmns, string? Node, string? Lead, string? Org, string? Status, bool? Overdue, string? DueWithin, DateOnly? Today, DateOnly? AsAt, string? Format = null,
        string? Indicator = null, string? Group = null, string? Plan = null);

    /// <summary>An edit through the API: the version it was made to, the changed fields named as the plan table's columns, and why a target date moved.</summary>
    public sealed record ActionEdit(int Version, Dictionary<string, string> Fields, string? TargetDateReason);

    /// <summary>A progress update through the API.</summary>
    public sealed record UpdatePost(int Version, string Text, string? Evidence, DateOnly? Date, string? Status);

    public static void MapPlans(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/plan");
        api.MapGet("", ([AsParameters] PlanQuery q, Access access, Database database) => View(database, access, q, (plan, filter, today) => Results.Ok(new
        {
            plan.Lmns, Today = today,
            Progress = PlanViews.ProgressByPriority(plan, today).Select(p => new { Priority = p.Priority.Id, p.Priority.Title, p.Actions, p.Complete, PercentComplete = Finite(p.PercentComplete), p.Overdue, p.ByStatus }),
            Actions = PlanViews.Select(plan, filter, today).Select(a => Summary(plan, a, today)),
        })));
        api.MapGet("/actions", ([AsParameters] PlanQuery q, string? format, Access access, Database database) => View(database, access, q, (plan, filter, today) =>
            CsvResult.Table(PlanViews.Select(plan, filter, today).Select(a => new
            {
                a.Id, a.Descriptor, Under = a.NodeIds[0], Leads = string.Join("; ", a.Leads), Orgs = string.Join("; ", a.Orgs), TargetDate = a.TargetDate?.ToString(),
                Status = PlanText.StatusLabel(a.Status), a.StatusNote, Rag = PlanViews.Rag(a, today), Overdue = PlanViews.IsOverdue(a, today), a.LastUpdated,
                Indicators = string.Join("; ", a.Indicators), Groups = string.Join("; ", a.Groups),
            }), format, "plan-actions")));
        api.MapGet("/progress", ([AsParameters] PlanQuery q, string? format, Access access, Database database) => View(database, access, q, (plan, _, today) =>
            CsvResult.Table(PlanViews.ProgressByPriority(plan, today).Select(p => new
            {
                Priority = p.Priority.Id, p.Priority.Title, p.Actions, p.Complete, PercentComplete = Finite(p.PercentComplete), p.Overdue,
                AtRisk = p.ByStatus[ActionStatus.AtRisk], Delayed = p.ByStatus[ActionStatus.Delayed], NotStarted = p.ByStatus[ActionStatus.NotStarted],
            }), format, "plan-progress")));
        api.MapGet("/nodes", ([AsParameters] PlanQuery q, Access access, Database database) => View(database, access, q, (plan, _, _) => Results.Ok(plan.Nodes)));
        api.MapGet("/gaps", ([AsParameters] PlanQuery q, string? format, Access access, Database database) => View(database, access, q, (plan, _, _) => CsvResult.Table(plan.Gaps.Select(g => new
        {
            g.Id, g.Description, g.Owner, Due = g.Due?.ToString(), g.Closed, g.Note, ClosedBy = plan.Actions.Where(a => a.GapIds.Contains(g.Id)).Select(a => a.Id).ToList(),
        }), format, "data-gaps")));
        api.MapGet("/exceptions", ([AsParameters] PlanQuery q, int? staleDays, string? format, Access access, Database database) => View(database, access, q, (plan, _, today) =>
            CsvResult.Table(PlanViews.Exceptions(plan, today, staleDays ?? 90).Select(e => new
            {
                Action = e.Action.Id, e.Action.Descriptor, e.Rag, Reasons = string.Join("; ", e.Reasons), LatestUpdate = e.LatestUpdate?.Date, LatestUpdateText = e.LatestUpdate?.Text,
            }), format, "plan-exceptions")));
        api.MapGet("/timeline", ([AsParameters] PlanQuery q, Access access, Database database) => View(database, access, q, (plan, filter, today) =>
        {
            var timeline = PlanViews.BuildTimeline(PlanViews.Select(plan, filter, today), today);
            if (string.Equals(q.Format, "csv", StringComparison.OrdinalIgnoreCase))
                return CsvResult.Table(timeline.Rows.Select(r => new
                {
                    Action = r.Action.Id, r.Action.Descriptor, r.Rag,
                    Quarters = string.Join("; ", timeline.Quarters.Select((quarter, i) => $"{quarter}={r.Cells[i]}{(r.Milestones[i] ? " (milestone)" : "")}")),
                }), "csv", "plan-timeline");
            return Results.Ok(new
            {
                Quarters = timeline.Quarters.Select(x => x.ToString()), PlanViews.Legend,
                Rows = timeline.Rows.Select(r => new { Action = r.Action.Id, r.Action.Descriptor, r.Rag, r.Cells, r.Milestones }),
            });
        }));
        api.MapGet("/history", ([AsParameters] PlanQuery q, string? action, DateTime? since, Access access, Database database) => View(database, access, q, (plan, _, _) =>
            Results.Ok(PlanStore.History(database, access, plan.Lmns, action is null ? null : PlanStore.ActionKind, action, since, plan.Name))));
        api.MapGet("/actions/{id}", (string id, [AsParameters] PlanQuery q, Access access, Database database) => View(database, access, q, (plan, _, today) =>
            plan.Action(id) is { } a
                ? Results.Ok(new { Action = a, Stamp = plan.ActionStamps.GetValueOrDefault(id), Rag = PlanViews.Rag(a, today), Overdue = PlanViews.IsOverdue(a, today), Fields = PlanTable.EditableCells(a) })
                : NotFound(id, plan.Lmns)));
        api.MapPut("/actions/{id}", (string id, ActionEdit edit, string? lmns, string? plan, Access access, Database database) =>
            Save(database, access, lmns, plan, id, edit.Version, edit.Fields, edit.TargetDateReason) switch
            {
                { Problem: { } problem } => problem,
                { Stamp: { } stamp } => Results.Ok(stamp),
                _ => Results.StatusCode(500),
            });
        api.MapPost("/actions/{id}/updates", (string id, UpdatePost body, string? lmns, string? plan, Access access, Database database) =>
            AddUpdate(database, access, lmns, plan, id, body.Version, body.Text, body.Evidence, body.Date, body.Status, []) switch
            {
                { Problem: { } problem } => problem,
                { Stamp: { } stamp } => Results.Ok(stamp),
                _ => Results.StatusCode(500),
            });

        app.MapGet("/plan", ([AsParameters] PlanQuery q, Access access, Database database, HttpContext context) =>
            View(database, access, q, (plan, filter, today) => PlanPage(context, database, access, plan, filter, today, q)));
        app.MapGet("/plan/actions/{id}", (string id, [AsParameters] PlanQuery q, Access access, Database database, HttpContext context) =>
            View(database, access, q, (plan, _, today) => plan.Action(id) is { } a
                ? ActionPage(database, access, plan, a, today, context, q.Lmns, null, null, context.Request.Query.ContainsKey("saved"))
                : ErrorPages.NotFound(context, access, $"There is no action '{id}' in the plan of {plan.Lmns}.")));
        app.MapPost("/plan/actions/{id}", (string id, string? lmns, string? plan, [FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var fields = PlanTable.EditableCells(Blank).Keys.Where(form.ContainsKey).ToDictionary(k => k, k => form[k].ToString());
            var version = int.TryParse(form["version"], NumberStyles.None, Inv, out var v) ? v : -1;
            var result = Save(database, access, lmns, plan, id, version, fields, form["reason"].ToString());
            return FormResult(database, access, lmns, plan, id, result, fields, context);
        }).WithFormToken();
        app.MapPost("/plan/actions/{id}/updates", async (string id, string? lmns, string? plan, [FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var version = int.TryParse(form["version"], NumberStyles.None, Inv, out var v) ? v : -1;
            var files = new List<(string Name, string Type, byte[] Content)>();
            foreach (var file in form.Files.Where(f => f.Length > 0))
            {
                if (file.Length > MaxFileBytes || !FileTypes.Contains(Path.GetExtension(file.FileName).ToLowerInvariant()))
                    return FormResult(database, access, lmns, plan, id, new Outcome(null, Bad($"{Path.GetFileName(file.FileName)}: evidence files must be at most {MaxFileBytes / 1024 / 1024} MB and one of {string.Join(", ", FileTypes)}"), $"{Path.GetFileName(file.FileName)}: evidence files must be at most {MaxFileBytes / 1024 / 1024} MB and one of {string.Join(", ", FileTypes)}"), null, context);
                using var content = new MemoryStream();
                await file.CopyToAsync(content, context.RequestAborted);
                files.Add((file.FileName, file.ContentType, content.ToArray()));
            }
            var status = form["status"].ToString();
            var result = AddUpdate(database, access, lmns, plan, id, version, form["text"].ToString(), form["evidence"].ToString(), null, status.Length == 0 ? null : status, files);
            return FormResult(database, access, lmns, plan, id, result, null, context);
        }).WithFormToken();
        app.MapGet("/plan/export.{format}", (string format, [AsParameters] PlanQuery q, Access access, Database database) => View(database, access, q, (plan, _, _) =>
        {
            if (format is not ("csv" or "xlsx")) return Results.Problem(statusCode: 404, title: "Unknown format", detail: "The plan exports as export.csv or export.xlsx.");
            var path = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.{format}");
            try
            {
                PlanTable.Write(plan, path);
                var bytes = File.ReadAllBytes(path);
                return Results.File(bytes, format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    $"{plan.Lmns}-plan{(q.AsAt is { } d ? "-as-at-" + d.ToString("yyyy-MM-dd", Inv) : "")}.{format}");
            }
            finally
            {
                File.Delete(path);
                if (File.Exists(PlanTable.GapsPath(path))) File.Delete(PlanTable.GapsPath(path));
            }
        }));
        app.MapGet("/plan/files/{sha}", (string sha, Access access, Database database, HttpContext context) => PlanStore.File(database, access, sha) is { } file
            ? NoStore(context, Results.File(file.Content, "application/octet-stream", file.Name))
            : Results.Problem(statusCode: 404, title: "No such file", detail: $"No evidence file with SHA-256 {sha}."));
    }

    /// <summary>An empty action: the edit form's field names are its editable cells.</summary>
    private static readonly PlanAction Blank = new("", [""], "", null, [], [], [], null, null, null, null, null, [], ActionStatus.NotStarted, null, null, [], [], [], [], 0);

    private sealed record Outcome(Plan.Stamp? Stamp, IResult? Problem, string? Message);

    private static IResult NotFound(string id, string lmns) => Results.Problem(statusCode: 404, title: "No such action", detail: $"No action '{id}' in the plan of {lmns}.");

    private static IResult Bad(string detail) => Results.Problem(statusCode: 400, title: "Bad request", detail: detail);

    /// <summary>Evidence files may hold personal information: never kept by a browser or a proxy cache.</summary>
    private static IResult NoStore(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Loads the plan the query names and builds its filter; bad query values are a 400, not a 500.</summary>
    private static IResult View(Database database, Access access, PlanQuery q, Func<Plan, PlanViews.Filter, DateOnly, IResult> render)
    {
        string lmns;
        try
        {
            lmns = q.Lmns ?? PlanStore.DefaultLmns(database);
        }
        catch (InvalidDataException e)
        {
            return Bad(e.Message);
        }
        ActionStatus? status = null;
        if (q.Status is { Length: > 0 } s)
        {
            if (!PlanText.TryParseStatus(s, out var parsed)) return Bad($"status '{s}' is not one of Not started, On track, At risk, Delayed, On hold, Complete, Complete and embedded");
            status = parsed;
        }
        int? dueWithin = null;
        if (q.DueWithin is { Length: > 0 } due)
        {
            // A filter form sends an empty box as an empty value: that means no filter.
            if (!int.TryParse(due, System.Globalization.NumberStyles.None, Inv, out var days)) return Bad($"dueWithin '{due}' is not a whole number of days");
            dueWithin = days;
        }
        var name = NullIfEmpty(q.Plan) ?? PlanStore.MainPlan;
        if (name != PlanStore.MainPlan && !PlanStore.PlanNames(database, access, lmns).Contains(name))
            return Results.Problem(statusCode: 404, title: "No such plan", detail: $"{lmns} keeps no plan named '{name}'.");
        var plan = PlanStore.Load(database, access, lmns, q.AsAt, name);
        if (q.Node is { Length: > 0 } node && plan.Node(node) is null) return Bad($"no heading '{node}' in the plan of {lmns}");
        var today = q.Today ?? q.AsAt ?? DateOnly.FromDateTime(DateTime.Today);
        var filter = new PlanViews.Filter(NullIfEmpty(q.Node), NullIfEmpty(q.Lead), NullIfEmpty(q.Org), status, q.Overdue ?? false, dueWithin, NullIfEmpty(q.Indicator), NullIfEmpty(q.Group));
        return render(plan, filter, today);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static object Summary(Plan plan, PlanAction a, DateOnly today) => new
    {
        a.Id, a.Descriptor, Priority = plan.PriorityOf(a)?.Id, Node = a.NodeIds[0], a.Leads, a.Orgs, a.TargetDate, Status = PlanText.StatusLabel(a.Status), a.StatusNote,
        Rag = PlanViews.Rag(a, today), Overdue = PlanViews.IsOverdue(a, today), a.LastUpdated, Version = plan.ActionStamps.GetValueOrDefault(a.Id)?.Version,
    };

    private static Outcome Save(Database database, Access access, string? lmns, string? planName, string id, int version, Dictionary<string, string> fields, string? reason)
    {
        try
        {
            var code = lmns ?? PlanStore.DefaultLmns(database);
            var plan = PlanStore.Load(database, access, code, plan: NullIfEmpty(planName) ?? PlanStore.MainPlan);
            if (plan.Action(id) is not { } current) return new(null, NotFound(id, code), null);
            var (edited, issues) = PlanTable.Edit(current, fields, PlanStore.MeasureIds(database, code));
            if (edited is null)
                return new(null, Results.ValidationProblem(issues.GroupBy(i => i.Column).ToDictionary(g => g.Key, g => g.Select(i => $"'{i.Value}': {i.Reason}").ToArray())),
                    string.Join("; ", issues.Select(i => $"{i.Column} '{i.Value}': {i.Reason}")));
            return new(PlanStore.SaveAction(database, access, code, edited, version, string.IsNullOrWhiteSpace(reason) ? null : reason, plan.Name), null, null);
        }
        catch (PlanConflictException e)
        {
            return new(null, Results.Problem(statusCode: 409, title: "Edit conflict", detail: e.Message, extensions: new Dictionary<string, object?> { ["currentVersion"] = e.CurrentVersion }), e.Message);
        }
        catch (InvalidDataException e)
        {
            return new(null, Bad(e.Message), e.Message);
        }
    }

    private static Outcome AddUpdate(Database database, Access access, string? lmns, string? planName, string id, int version, string text, string? evidence, DateOnly? date, string? status,
        List<(string Name, string Type, byte[] Content)> files)
    {
        try
        {
            var code = lmns ?? PlanStore.DefaultLmns(database);
            var plan = PlanStore.Load(database, access, code, plan: NullIfEmpty(planName) ?? PlanStore.MainPlan);
            if (plan.Action(id) is not { } current) return new(null, NotFound(id, code), null);
            access.Demand(access.CanEdit(code, current), $"update action {id} of the plan of {code}");
            ActionStatus? newStatus = null;
            if (status is not null)
            {
                if (!PlanText.TryParseStatus(status, out var s)) return new(null, Bad($"status '{status}' is not a status"), $"status '{status}' is not a status");
                newStatus = s;
            }
            if (string.IsNullOrWhiteSpace(text) && files.Count == 0) return new(null, Bad("an update needs text or a file"), "An update needs text or a file.");
            var stored = files.Select(f => PlanStore.AddFile(database, access, f.Name, string.IsNullOrEmpty(f.Type) ? "application/octet-stream" : f.Type, f.Content)).ToList();
            var update = new PlanAction.Update(date ?? DateOnly.FromDateTime(DateTime.UtcNow), access.Name, text.Trim(), string.IsNullOrWhiteSpace(evidence) ? null : evidence.Trim(), stored);
            var changed = current with { Updates = [.. current.Updates, update], Status = newStatus ?? current.Status };
            return new(PlanStore.SaveAction(database, access, code, changed, version, null, plan.Name), null, null);
        }
        catch (PlanConflictException e)
        {
            return new(null, Results.Problem(statusCode: 409, title: "Edit conflict", detail: e.Message, extensions: new Dictionary<string, object?> { ["currentVersion"] = e.CurrentVersion }), e.Message);
        }
        catch (InvalidDataException e)
        {
            return new(null, Bad(e.Message), e.Message);
        }
    }

    /// <summary>After a form post: back to the action (303) when saved, else the page again with the problem and what was typed, and the status code of the problem.</summary>
    private static IResult FormResult(Database database, Access access, string? lmns, string? planName, string id, Outcome outcome, Dictionary<string, string>? typed, HttpContext context)
    {
        if (outcome.Stamp is not null)
        {
            // Post, redirect (303 See Other), get: a reload does not post again.
            context.Response.Headers.Location = $"/plan/actions/{Uri.EscapeDataString(id)}?saved=1{(lmns is null ? "" : "&lmns=" + Uri.EscapeDataString(lmns))}"
                + (string.IsNullOrEmpty(planName) || planName == PlanStore.MainPlan ? "" : "&plan=" + Uri.EscapeDataString(planName));
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }
        var code = lmns ?? PlanStore.DefaultLmns(database);
        var plan = PlanStore.Load(database, access, code, plan: NullIfEmpty(planName) ?? PlanStore.MainPlan);
        if (plan.Action(id) is not { } action) return NotFound(id, code);
        var status = outcome.Problem is IStatusCodeHttpResult { StatusCode: { } s } ? s : 400;
        return ActionPage(database, access, plan, action, DateOnly.FromDateTime(DateTime.Today), context, lmns,
            outcome.Message ?? "The change was not saved.", typed, false, status);
    }

    private static IResult PlanPage(HttpContext context, Database database, Access access, Plan plan, PlanViews.Filter filter, DateOnly today, PlanQuery q)
    {
        var actions = PlanViews.Select(plan, filter, today);
        var hidden = new List<(string, string)>();
        if (q.Lmns is { } lmns) hidden.Add(("lmns", lmns));
        if (q.AsAt is { } at) hidden.Add(("asAt", at.ToString("yyyy-MM-dd", Inv)));
        if (q.Today is { } td) hidden.Add(("today", td.ToString("yyyy-MM-dd", Inv)));
        var plans = PlanStore.PlanNames(database, access, plan.Lmns);
        if (plans.Count <= 1 && plan.Name != PlanStore.MainPlan) hidden.Add(("plan", plan.Name));
        var model = new PlanPage.PageModel(plan.Lmns, today, q.AsAt, plan.Nodes.Count == 0, Query(q),
            [.. plan.Nodes.Where(n => n.Kind != NodeKind.Framework).Select(n => new Choice(n.Id, new string('\u00a0', 2 * ((int)n.Kind - 1)) + PlanText.RefTitle(n)))],
            [.. plan.Actions.SelectMany(a => a.Leads).Distinct().Order(StringComparer.OrdinalIgnoreCase).Select(l => new Choice(l, l))],
            [.. plan.Actions.SelectMany(a => a.Orgs).Distinct().Order(StringComparer.Ordinal).Select(o => new Choice(o, o))],
            [.. Enum.GetValues<ActionStatus>().Select(st => new Choice(PlanText.StatusLabel(st), PlanText.StatusLabel(st)))],
            [.. plan.Actions.SelectMany(a => a.Indicators).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)
                .Select(i => new Choice(i, Catalogue.Find(i)?.Title is { } t ? $"{t} ({i})" : i))],
            [.. plan.Actions.SelectMany(a => a.Groups).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).Select(g => new Choice(g, g))],
            filter, filter.Status is { } fs ? PlanText.StatusLabel(fs) : null, hidden,
            PlanViews.ProgressByPriority(plan, today), PlanViews.Exceptions(plan, today),
            [.. actions.Select(a => new PlanPage.ActionRow(a, PlanViews.Rag(a, today), plan.Node(a.NodeIds[0])?.Ref ?? ""))],
            plan.Actions.Count, PlanViews.BuildTimeline(actions, today),
            [.. plan.Gaps.Select(g => (g, (IReadOnlyList<PlanAction>)[.. plan.Actions.Where(a => a.GapIds.Contains(g.Id))]))])
        {
            PlanName = plan.Name, Plans = [.. plans.Select(n => new Choice(n, PlanLabel(n)))], CanImport = access.CanEditPlan(plan.Lmns),
        };
        return Pages.Render<PlanPage>(context, access, model);
    }

    private static IResult ActionPage(Database database, Access access, Plan plan, PlanAction a, DateOnly today, HttpContext context, string? lmnsAsked,
        string? error, Dictionary<string, string>? typed, bool saved, int status = StatusCodes.Status200OK)
    {
        var stamp = plan.ActionStamps.GetValueOrDefault(a.Id);
        var under = string.Join("\n", a.NodeIds.Select(n => string.Join(" › ", plan.Lineage(n).Reverse().Skip(1).Select(PlanText.RefTitle))));
        var planned = $"{a.PlannedStart?.ToString() ?? "?"} to {a.PlannedEnd?.ToString() ?? "?"}"
            + (a.FinancialYear is { } fy ? $", financial year {fy}" : "")
            + (a.Horizon is { } h ? ", " + PlanText.HorizonLabel(h).ToLowerInvariant() : "");
        var measureSet = Maternity.Measures.MeasureStore.Load(database, plan.Lmns);
        var indicators = a.Indicators.Select(Catalogue.Find).OfType<IndicatorDefinition>()
            .Select(d => IndicatorView.Build(database, access, d, plan.Lmns, target: measureSet.OwnTargetFor(d.Id, plan.Lmns))).ToList();
        var measures = Maternity.Measures.MeasureView.Build(database, access, measureSet,
            [.. a.Indicators.Select(measureSet.Find).OfType<Maternity.Measures.MeasureDefinition>().Where(m => m.IsLocal)], plan.Lmns);
        var cells = PlanTable.EditableCells(a).ToDictionary(kv => kv.Key, kv => typed?.GetValueOrDefault(kv.Key) ?? kv.Value);
        var model = new ActionPage.PageModel(plan.Lmns, lmnsAsked, a, PlanViews.Rag(a, today), PlanViews.IsOverdue(a, today), under, planned,
            [.. a.GapIds.Select(g => plan.Gaps.FirstOrDefault(x => x.Id == g)?.Description ?? g)], indicators, measures, access.CanEdit(plan.Lmns, a),
            stamp?.Version ?? 0, stamp, cells, [.. PlanStore.History(database, access, plan.Lmns, PlanStore.ActionKind, a.Id, plan: plan.Name).Reverse()],
            error, saved, MaxFileBytes / 1024 / 1024, FileTypes,
            ActionFigures.For(indicators, a, measureSet.Cohort.Cohort), ActionFigures.NotInRecords(a))
        {
            PlanName = plan.Name, Assurance = Maternity.Assurance.ActionAssurance.For(database, access, plan.Lmns, a.Id),
            WresFigures = Maternity.Wres.WresActions.Figures(database, access, a, plan.Lmns),
        };
        return Pages.Render<ActionPage>(context, access, model, status);
    }

    private static string Query(PlanQuery q) =>
        string.Join("&", new[] { q.AsAt is { } d ? $"asAt={d:yyyy-MM-dd}" : null, q.Plan is { Length: > 0 } p && p != PlanStore.MainPlan ? "plan=" + Uri.EscapeDataString(p) : null }
            .OfType<string>()) is { Length: > 0 } query ? "?" + query : "";

    /// <summary>How a plan is named in a choice: the equity plan by its purpose, the others by their own name.</summary>
    public static string PlanLabel(string name) => name == PlanStore.MainPlan ? "Equity and equality plan (equity)" : $"{name} plan";
}
