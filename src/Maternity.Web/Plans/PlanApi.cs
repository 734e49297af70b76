using System.Globalization;
using System.Text;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Web.Security;
using Maternity.Storage;
using Microsoft.AspNetCore.Mvc;
using static System.Net.WebUtility;

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
    public sealed record PlanQuery(string? Lmns, string? Node, string? Lead, string? Org, string? Status, bool? Overdue, string? DueWithin, DateOnly? Today, DateOnly? AsAt, string? Format = null);

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
            Results.Ok(PlanStore.History(database, access, plan.Lmns, action is null ? null : PlanStore.ActionKind, action, since))));
        api.MapGet("/actions/{id}", (string id, [AsParameters] PlanQuery q, Access access, Database database) => View(database, access, q, (plan, _, today) =>
            plan.Action(id) is { } a
                ? Results.Ok(new { Action = a, Stamp = plan.ActionStamps.GetValueOrDefault(id), Rag = PlanViews.Rag(a, today), Overdue = PlanViews.IsOverdue(a, today), Fields = PlanTable.EditableCells(a) })
                : NotFound(id, plan.Lmns)));
        api.MapPut("/actions/{id}", (string id, ActionEdit edit, string? lmns, Access access, Database database) =>
            Save(database, access, lmns, id, edit.Version, edit.Fields, edit.TargetDateReason) switch
            {
                { Problem: { } problem } => problem,
                { Stamp: { } stamp } => Results.Ok(stamp),
                _ => Results.StatusCode(500),
            });
        api.MapPost("/actions/{id}/updates", (string id, UpdatePost body, string? lmns, Access access, Database database) =>
            AddUpdate(database, access, lmns, id, body.Version, body.Text, body.Evidence, body.Date, body.Status, []) switch
            {
                { Problem: { } problem } => problem,
                { Stamp: { } stamp } => Results.Ok(stamp),
                _ => Results.StatusCode(500),
            });

        app.MapGet("/plan", ([AsParameters] PlanQuery q, Access access, Database database) => View(database, access, q, (plan, filter, today) => Html(PlanPage(plan, filter, today, q))));
        app.MapGet("/plan/actions/{id}", (string id, [AsParameters] PlanQuery q, Access access, Database database, HttpContext context) =>
            View(database, access, q, (plan, _, today) => plan.Action(id) is { } a
                ? Html(ActionPage(database, access, plan, a, today, context, null, null, context.Request.Query.ContainsKey("saved")))
                : NotFound(id, plan.Lmns)));
        app.MapPost("/plan/actions/{id}", (string id, string? lmns, [FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var fields = PlanTable.EditableCells(Blank).Keys.Where(form.ContainsKey).ToDictionary(k => k, k => form[k].ToString());
            var version = int.TryParse(form["version"], NumberStyles.None, Inv, out var v) ? v : -1;
            var result = Save(database, access, lmns, id, version, fields, form["reason"].ToString());
            return FormResult(database, access, lmns, id, result, fields, context);
        }).WithFormToken();
        app.MapPost("/plan/actions/{id}/updates", async (string id, string? lmns, [FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var version = int.TryParse(form["version"], NumberStyles.None, Inv, out var v) ? v : -1;
            var files = new List<(string Name, string Type, byte[] Content)>();
            foreach (var file in form.Files.Where(f => f.Length > 0))
            {
                if (file.Length > MaxFileBytes || !FileTypes.Contains(Path.GetExtension(file.FileName).ToLowerInvariant()))
                    return FormResult(database, access, lmns, id, new Outcome(null, Bad($"{Path.GetFileName(file.FileName)}: evidence files must be at most {MaxFileBytes / 1024 / 1024} MB and one of {string.Join(", ", FileTypes)}"), $"{Path.GetFileName(file.FileName)}: evidence files must be at most {MaxFileBytes / 1024 / 1024} MB and one of {string.Join(", ", FileTypes)}"), null, context);
                using var content = new MemoryStream();
                await file.CopyToAsync(content, context.RequestAborted);
                files.Add((file.FileName, file.ContentType, content.ToArray()));
            }
            var status = form["status"].ToString();
            var result = AddUpdate(database, access, lmns, id, version, form["text"].ToString(), form["evidence"].ToString(), null, status.Length == 0 ? null : status, files);
            return FormResult(database, access, lmns, id, result, null, context);
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
        app.MapGet("/plan/files/{sha}", (string sha, Access access, Database database) => PlanStore.File(database, access, sha) is { } file
            ? Results.File(file.Content, "application/octet-stream", file.Name)
            : Results.Problem(statusCode: 404, title: "No such file", detail: $"No evidence file with SHA-256 {sha}."));
    }

    /// <summary>An empty action: the edit form's field names are its editable cells.</summary>
    private static readonly PlanAction Blank = new("", [""], "", null, [], [], [], null, null, null, null, null, [], ActionStatus.NotStarted, null, null, [], [], [], [], 0);

    private sealed record Outcome(Plan.Stamp? Stamp, IResult? Problem, string? Message);

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");

    private static IResult NotFound(string id, string lmns) => Results.Problem(statusCode: 404, title: "No such action", detail: $"No action '{id}' in the plan of {lmns}.");

    private static IResult Bad(string detail) => Results.Problem(statusCode: 400, title: "Bad request", detail: detail);

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
        var plan = PlanStore.Load(database, access, lmns, q.AsAt);
        if (q.Node is { Length: > 0 } node && plan.Node(node) is null) return Bad($"no heading '{node}' in the plan of {lmns}");
        var today = q.Today ?? q.AsAt ?? DateOnly.FromDateTime(DateTime.Today);
        var filter = new PlanViews.Filter(NullIfEmpty(q.Node), NullIfEmpty(q.Lead), NullIfEmpty(q.Org), status, q.Overdue ?? false, dueWithin);
        return render(plan, filter, today);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static object Summary(Plan plan, PlanAction a, DateOnly today) => new
    {
        a.Id, a.Descriptor, Priority = plan.PriorityOf(a)?.Id, Node = a.NodeIds[0], a.Leads, a.Orgs, a.TargetDate, Status = PlanText.StatusLabel(a.Status), a.StatusNote,
        Rag = PlanViews.Rag(a, today), Overdue = PlanViews.IsOverdue(a, today), a.LastUpdated, Version = plan.ActionStamps.GetValueOrDefault(a.Id)?.Version,
    };

    private static Outcome Save(Database database, Access access, string? lmns, string id, int version, Dictionary<string, string> fields, string? reason)
    {
        try
        {
            var code = lmns ?? PlanStore.DefaultLmns(database);
            var plan = PlanStore.Load(database, access, code);
            if (plan.Action(id) is not { } current) return new(null, NotFound(id, code), null);
            var (edited, issues) = PlanTable.Edit(current, fields);
            if (edited is null)
                return new(null, Results.ValidationProblem(issues.GroupBy(i => i.Column).ToDictionary(g => g.Key, g => g.Select(i => $"'{i.Value}': {i.Reason}").ToArray())),
                    string.Join("; ", issues.Select(i => $"{i.Column} '{i.Value}': {i.Reason}")));
            return new(PlanStore.SaveAction(database, access, code, edited, version, string.IsNullOrWhiteSpace(reason) ? null : reason), null, null);
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

    private static Outcome AddUpdate(Database database, Access access, string? lmns, string id, int version, string text, string? evidence, DateOnly? date, string? status,
        List<(string Name, string Type, byte[] Content)> files)
    {
        try
        {
            var code = lmns ?? PlanStore.DefaultLmns(database);
            var plan = PlanStore.Load(database, access, code);
            if (plan.Action(id) is not { } current) return new(null, NotFound(id, code), null);
            access.Demand(access.CanEdit(current), $"update action {id}");
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
            return new(PlanStore.SaveAction(database, access, code, changed, version), null, null);
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
    private static IResult FormResult(Database database, Access access, string? lmns, string id, Outcome outcome, Dictionary<string, string>? typed, HttpContext context)
    {
        if (outcome.Stamp is not null)
        {
            // Post, redirect (303 See Other), get: a reload does not post again.
            context.Response.Headers.Location = $"/plan/actions/{Uri.EscapeDataString(id)}?saved=1{(lmns is null ? "" : "&lmns=" + Uri.EscapeDataString(lmns))}";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }
        var code = lmns ?? PlanStore.DefaultLmns(database);
        var plan = PlanStore.Load(database, access, code);
        if (plan.Action(id) is not { } action) return NotFound(id, code);
        var status = outcome.Problem is IStatusCodeHttpResult { StatusCode: { } s } ? s : 400;
        var html = ActionPage(database, access, plan, action, DateOnly.FromDateTime(DateTime.Today), context, outcome.Message ?? "The change was not saved.", typed, false);
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string PlanPage(Plan plan, PlanViews.Filter filter, DateOnly today, PlanQuery q)
    {
        var html = Layout.Begin("Action plan");
        html.Append(Inv, $"<h1>{HtmlEncode(plan.Lmns)} equity and equality action plan</h1>");
        if (q.AsAt is { } asAt) html.Append(Inv, $"<p><strong>As it stood on {asAt:d MMMM yyyy}.</strong> <a href=\"/plan\">See it as it stands now</a>.</p>");
        if (plan.Nodes.Count == 0)
        {
            html.Append("<p>No plan yet. Start one with <code>maternity plan init</code> (the NHS England 2021 guidance tree) or import your plan table with <code>maternity plan import FILE</code>.</p>");
            return Layout.End(html);
        }
        html.Append(Inv, $"<p>Status judged as at {today:d MMMM yyyy}. <a href=\"/plan/export.xlsx{Query(q)}\">Download the plan (XLSX)</a> · <a href=\"/plan/export.csv{Query(q)}\">CSV</a>. Tables as CSV: <a href=\"/api/plan/progress?format=csv\">progress</a> · <a href=\"/api/plan/exceptions?format=csv\">exceptions</a> · <a href=\"/api/plan/actions?format=csv\">actions</a> · <a href=\"/api/plan/timeline?format=csv\">timeline</a> · <a href=\"/api/plan/gaps?format=csv\">data gaps</a></p>");

        html.Append("<form method=\"get\" action=\"/plan\" class=\"filters\"><fieldset><legend>Filter the actions</legend>");
        Select(html, "node", "Priority, objective or intervention", plan.Nodes.Where(n => n.Kind != NodeKind.Framework).Select(n => (n.Id, new string('\u00a0', 2 * ((int)n.Kind - 1)) + PlanText.RefTitle(n))), filter.Node);
        Select(html, "lead", "Lead", plan.Actions.SelectMany(a => a.Leads).Distinct().Order(StringComparer.OrdinalIgnoreCase).Select(l => (l, l)), filter.Lead);
        Select(html, "org", "Organisation", plan.Actions.SelectMany(a => a.Orgs).Distinct().Order(StringComparer.Ordinal).Select(o => (o, o)), filter.Org);
        Select(html, "status", "Status", Enum.GetValues<ActionStatus>().Select(s => (PlanText.StatusLabel(s), PlanText.StatusLabel(s))), filter.Status is { } fs ? PlanText.StatusLabel(fs) : null);
        html.Append(Inv, $"<label for=\"dueWithin\">Due within (days)</label><input id=\"dueWithin\" name=\"dueWithin\" type=\"number\" min=\"0\" value=\"{filter.DueWithinDays}\">");
        html.Append(Inv, $"<label><input type=\"checkbox\" name=\"overdue\" value=\"true\"{(filter.Overdue ? " checked" : "")}> Overdue only</label>");
        if (q.Lmns is { } lmns) html.Append(Inv, $"<input type=\"hidden\" name=\"lmns\" value=\"{HtmlEncode(lmns)}\">");
        if (q.AsAt is { } at) html.Append(Inv, $"<input type=\"hidden\" name=\"asAt\" value=\"{at:yyyy-MM-dd}\">");
        if (q.Today is { } td) html.Append(Inv, $"<input type=\"hidden\" name=\"today\" value=\"{td:yyyy-MM-dd}\">");
        html.Append("<button type=\"submit\">Apply</button> <a href=\"/plan\">Clear</a></fieldset></form>");

        html.Append("<h2>Progress by priority</h2><table><caption>Actions under each priority or objective, by status</caption><thead><tr><th scope=\"col\">Priority or objective</th><th scope=\"col\">Actions</th><th scope=\"col\">Complete</th><th scope=\"col\">% complete</th><th scope=\"col\">Overdue</th><th scope=\"col\">At risk</th><th scope=\"col\">Delayed</th></tr></thead><tbody>");
        foreach (var p in PlanViews.ProgressByPriority(plan, today))
            html.Append(Inv, $"<tr><th scope=\"row\"><a href=\"/plan?node={Uri.EscapeDataString(p.Priority.Id)}\">{HtmlEncode(PlanText.RefTitle(p.Priority))}</a></th><td class=\"n\">{p.Actions}</td><td class=\"n\">{p.Complete}</td><td class=\"n\">{(double.IsNaN(p.PercentComplete) ? "-" : p.PercentComplete.ToString("F0", Inv))}</td><td class=\"n\">{p.Overdue}</td><td class=\"n\">{p.ByStatus[ActionStatus.AtRisk]}</td><td class=\"n\">{p.ByStatus[ActionStatus.Delayed]}</td></tr>");
        html.Append("</tbody></table>");

        var exceptions = PlanViews.Exceptions(plan, today);
        html.Append(Inv, $"<h2>Exceptions for the board ({exceptions.Count})</h2><p>Overdue, at risk or delayed, or in progress with no update for 90 days.</p>");
        html.Append("<table><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">RAG</th><th scope=\"col\">Why</th><th scope=\"col\">Latest update</th></tr></thead><tbody>");
        foreach (var e in exceptions)
            html.Append(Inv, $"<tr><td>{ActionLink(e.Action)}</td><td>{Rag(e.Rag)}</td><td>{HtmlEncode(string.Join("; ", e.Reasons))}</td><td>{(e.LatestUpdate is { } u ? HtmlEncode($"{u.Date:d MMM yyyy}: {u.Text}") : "none")}</td></tr>");
        html.Append("</tbody></table>");

        var actions = PlanViews.Select(plan, filter, today);
        html.Append(Inv, $"<h2>Actions ({actions.Count} of {plan.Actions.Count})</h2>");
        html.Append("<table id=\"actions\"><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Under</th><th scope=\"col\">Leads</th><th scope=\"col\">Target date</th><th scope=\"col\">Status</th><th scope=\"col\">RAG</th><th scope=\"col\">Last update</th></tr></thead><tbody>");
        foreach (var a in actions)
            html.Append(Inv, $"<tr><td>{ActionLink(a)}</td><td>{HtmlEncode(plan.Node(a.NodeIds[0]) is { } n ? n.Ref : "")}</td><td>{HtmlEncode(string.Join(", ", a.Leads))}</td><td>{HtmlEncode(a.TargetDate?.ToString() ?? "-")}</td><td>{HtmlEncode(PlanText.StatusLabel(a.Status))}</td><td>{Rag(PlanViews.Rag(a, today))}</td><td>{a.LastUpdated?.ToString("d MMM yyyy", Inv) ?? "-"}</td></tr>");
        html.Append("</tbody></table>");

        var timeline = PlanViews.BuildTimeline(actions, today);
        html.Append("<h2>Timeline</h2><p>Each action from its planned start to its planned end quarter (NHS financial years), coloured by its RAG today; ◆ marks a milestone.</p>");
        html.Append("<p class=\"legend\">");
        foreach (var l in PlanViews.Legend.Skip(1)) html.Append(Inv, $"<span class=\"rag {Slug(l)}\">{HtmlEncode(l)}</span> ");
        html.Append("<span>◆ Milestone</span></p>");
        html.Append("<div class=\"scroll\"><table class=\"gantt\"><caption>Quarter timeline of the actions shown</caption><thead><tr><th scope=\"col\">Action</th>");
        foreach (var quarter in timeline.Quarters) html.Append(Inv, $"<th scope=\"col\">{quarter.FinancialYear} Q{quarter.Quarter}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in timeline.Rows)
        {
            html.Append(Inv, $"<tr><th scope=\"row\">{ActionLink(row.Action)}</th>");
            for (var i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                var mark = row.Milestones[i] ? "<span title=\"Milestone\">◆</span><span class=\"visually-hidden\"> milestone</span>" : "";
                html.Append(cell.Length == 0 ? $"<td>{mark}</td>" : $"<td class=\"rag {Slug(cell)}\"><span class=\"visually-hidden\">{HtmlEncode(cell)}</span>{mark}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");

        if (plan.Gaps.Count > 0)
        {
            html.Append("<h2>Data-gap register</h2><table><thead><tr><th scope=\"col\">Gap</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th><th scope=\"col\">Closed by</th></tr></thead><tbody>");
            foreach (var g in plan.Gaps)
                html.Append(Inv, $"<tr><td>{HtmlEncode(g.Description)}</td><td>{HtmlEncode(g.Owner ?? "")}</td><td>{HtmlEncode(g.Due?.ToString() ?? "-")}</td><td>{(g.Closed ? "Closed" : "Open")}</td><td>{string.Join(", ", plan.Actions.Where(a => a.GapIds.Contains(g.Id)).Select(ActionLink))}</td></tr>");
            html.Append("</tbody></table>");
        }
        return Layout.End(html);
    }

    private static string ActionPage(Database database, Access access, Plan plan, PlanAction a, DateOnly today, HttpContext context, string? error, Dictionary<string, string>? typed, bool saved)
    {
        var stamp = plan.ActionStamps.GetValueOrDefault(a.Id);
        var html = Layout.Begin($"Action {a.Id}");
        html.Append(Inv, $"<p><a href=\"/plan\">Action plan</a></p><h1>{HtmlEncode(a.Id)}: {HtmlEncode(a.Descriptor)}</h1>");
        if (saved) html.Append("<div class=\"notice\" role=\"status\"><p>Saved.</p></div>");
        if (error is not null) html.Append(Inv, $"<div class=\"error\" role=\"alert\"><h2>The change was not saved</h2><p>{HtmlEncode(error)}</p></div>");
        html.Append("<dl>");
        void Item(string term, string? value) => html.Append(Inv, $"<dt>{HtmlEncode(term)}</dt><dd>{(string.IsNullOrEmpty(value) ? "-" : HtmlEncode(value).Replace("\n", "<br>", StringComparison.Ordinal))}</dd>");
        Item("Under", string.Join("\n", a.NodeIds.Select(n => string.Join(" › ", plan.Lineage(n).Reverse().Skip(1).Select(PlanText.RefTitle)))));
        Item("Detail", a.Detail);
        html.Append(Inv, $"<dt>Status</dt><dd>{HtmlEncode(PlanText.StatusLabel(a.Status))} {Rag(PlanViews.Rag(a, today))}{(a.StatusNote is { } note ? " " + HtmlEncode(note) : "")}</dd>");
        Item("Target date", (a.TargetDate?.ToString() ?? "none") + (PlanViews.IsOverdue(a, today) ? " (overdue)" : ""));
        Item("Target date changes", PlanText.WriteTargetChanges(a.TargetChanges));
        Item("Responsible leads", string.Join(", ", a.Leads));
        Item("Owning organisations", string.Join(", ", a.Orgs));
        Item("Planned", $"{a.PlannedStart?.ToString() ?? "?"} to {a.PlannedEnd?.ToString() ?? "?"}{(a.FinancialYear is { } fy ? $", financial year {fy}" : "")}{(a.Horizon is { } h ? ", " + PlanText.HorizonLabel(h).ToLowerInvariant() : "")}");
        Item("Key milestones", PlanText.WriteMilestones(a.Milestones));
        Item("Groups that will benefit most", string.Join("; ", a.Groups));
        Item("Metrics for success", a.Metrics);
        Item("Data gaps it closes", string.Join("\n", a.GapIds.Select(g => plan.Gaps.FirstOrDefault(x => x.Id == g)?.Description ?? g)));
        html.Append("</dl>");

        if (a.Indicators.Count > 0)
        {
            html.Append("<h2>Indicators</h2><table><thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Latest 12 months</th><th scope=\"col\">95% CI</th><th scope=\"col\">Target</th></tr></thead><tbody>");
            var periods = IndicatorSummary.Periods(database);
            foreach (var id in a.Indicators)
            {
                var d = Catalogue.Find(id);
                if (d is null) continue;
                var total = periods.Count == 0 ? null : IndicatorSummary.For(database, access, d, plan.Lmns, periods.Count > 12 ? periods[^12] : periods[0], periods[^1]).FirstOrDefault(r => r.Breakdown == "Total");
                var value = total is null ? "no data" : total.Value.Interval.Value.ToString("F1", Inv) + d.Unit;
                var ci = total is null ? "" : $"{total.Value.Interval.Lower.ToString("F1", Inv)} to {total.Value.Interval.Upper.ToString("F1", Inv)}";
                var css = total?.Value.MeetsTarget switch { true => "pass", false => "fail", _ => "" };
                html.Append(Inv, $"<tr><td>{HtmlEncode(d.Title)}</td><td class=\"n {css}\">{HtmlEncode(value)}</td><td class=\"n\">{HtmlEncode(ci)}</td><td>{(d.Target is { } t ? HtmlEncode($"{(d.HigherIsBetter ? "at least" : "at most")} {t}{d.Unit}") : "-")}</td></tr>");
            }
            html.Append("</tbody></table>");
        }

        html.Append("<h2>Updates</h2>");
        if (a.Updates.Count == 0) html.Append("<p>None yet.</p>");
        else
        {
            html.Append("<ol class=\"updates\">");
            foreach (var u in a.Updates.AsEnumerable().Reverse())
            {
                html.Append(Inv, $"<li><p><strong>{(u.Date is { } d ? d.ToString("d MMMM yyyy", Inv) : "Undated")}</strong>{(u.By is { } by ? " · " + HtmlEncode(by) : "")}</p><p>{HtmlEncode(u.Text).Replace("\n", "<br>", StringComparison.Ordinal)}</p>");
                if (u.Evidence is { } ev) html.Append(Inv, $"<p>Evidence: {HtmlEncode(ev)}</p>");
                foreach (var f in u.Files) html.Append(Inv, $"<p>File: <a href=\"/plan/files/{f.Sha256}\">{HtmlEncode(f.Name)}</a> <small>SHA-256 {f.Sha256[..12]}…</small></p>");
                html.Append("</li>");
            }
            html.Append("</ol>");
        }

        var version = stamp?.Version ?? 0;
        if (!access.CanEdit(a))
        {
            html.Append("<p>You can read this action; changing it needs the analyst role, or the trust user role of a trust that owns it.</p>");
            AppendHistory(html, database, access, plan, a);
            return Layout.End(html);
        }
        var antiforgery = WebSecurity.FormToken(context) + $"<input type=\"hidden\" name=\"version\" value=\"{version}\">";
        html.Append(Inv, $"<h2>Add an update</h2><form method=\"post\" action=\"/plan/actions/{Uri.EscapeDataString(a.Id)}/updates\" enctype=\"multipart/form-data\">{antiforgery}");
        html.Append("<label for=\"text\">What has happened</label><textarea id=\"text\" name=\"text\" rows=\"3\"></textarea>");
        html.Append("<label for=\"evidence\">Evidence (optional)</label><input id=\"evidence\" name=\"evidence\">");
        html.Append(Inv, $"<label for=\"files\">Evidence files (optional; up to {MaxFileBytes / 1024 / 1024} MB each: {string.Join(", ", FileTypes)})</label><input id=\"files\" name=\"files\" type=\"file\" multiple accept=\"{string.Join(',', FileTypes)}\">");
        html.Append("<label for=\"update-status\">New status (optional)</label><select id=\"update-status\" name=\"status\"><option value=\"\">unchanged</option>");
        foreach (var s in Enum.GetValues<ActionStatus>()) html.Append(Inv, $"<option>{HtmlEncode(PlanText.StatusLabel(s))}</option>");
        html.Append("</select><button type=\"submit\">Add update</button></form>");

        var cells = PlanTable.EditableCells(a).ToDictionary(kv => kv.Key, kv => typed?.GetValueOrDefault(kv.Key) ?? kv.Value);
        html.Append(Inv, $"<h2>Edit</h2><p>Version {version}{(stamp is null ? "" : $", last changed by {HtmlEncode(stamp.By)} on {stamp.At:d MMMM yyyy HH:mm} UTC")}. Lists take one item per line; dates as 2025-03-31 or March 2025; quarters as 2025-26 Q1.</p>");
        html.Append(Inv, $"<form method=\"post\" action=\"/plan/actions/{Uri.EscapeDataString(a.Id)}\">{antiforgery}");
        foreach (var (name, value) in cells)
        {
            var fieldId = "f-" + Slug(name);
            if (name == "Status")
            {
                html.Append(Inv, $"<label for=\"{fieldId}\">Status</label><select id=\"{fieldId}\" name=\"Status\">");
                foreach (var s in Enum.GetValues<ActionStatus>())
                    html.Append(Inv, $"<option{(PlanText.StatusLabel(s) == value ? " selected" : "")}>{HtmlEncode(PlanText.StatusLabel(s))}</option>");
                html.Append("</select>");
            }
            else if (value.Contains('\n', StringComparison.Ordinal) || name is "Detail" or "Key milestones" or "Responsible leads" or "Metrics for success" or "Groups that will benefit most" or "Indicators")
                html.Append(Inv, $"<label for=\"{fieldId}\">{HtmlEncode(name)}</label><textarea id=\"{fieldId}\" name=\"{HtmlEncode(name)}\" rows=\"3\">{HtmlEncode(value)}</textarea>");
            else
                html.Append(Inv, $"<label for=\"{fieldId}\">{HtmlEncode(name)}</label><input id=\"{fieldId}\" name=\"{HtmlEncode(name)}\" value=\"{HtmlEncode(value)}\">");
        }
        html.Append("<label for=\"reason\">Reason for changing the target date (needed when it changes)</label><input id=\"reason\" name=\"reason\">");
        html.Append("<button type=\"submit\">Save changes</button></form>");

        AppendHistory(html, database, access, plan, a);
        return Layout.End(html);
    }

    private static void AppendHistory(StringBuilder html, Database database, Access access, Plan plan, PlanAction a)
    {
        html.Append("<h2>History</h2><table><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">Who</th><th scope=\"col\">Version</th><th scope=\"col\">Changed</th></tr></thead><tbody>");
        foreach (var c in PlanStore.History(database, access, plan.Lmns, PlanStore.ActionKind, a.Id).Reverse())
        {
            var what = c.Deleted ? "removed" : c.Version == 1 ? "added" : string.Join("<br>", c.Fields.Select(f => $"{HtmlEncode(f.Field)}: {HtmlEncode(Short(f.Before))} → {HtmlEncode(Short(f.After))}"));
            html.Append(Inv, $"<tr><td>{c.At:yyyy-MM-dd HH:mm}</td><td>{HtmlEncode(c.By)}</td><td class=\"n\">{c.Version}</td><td>{what}</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static string Short(string? text) => text is null ? "(none)" : text.Length > 160 ? text[..157] + "..." : text;

    private static void Select(StringBuilder html, string name, string label, IEnumerable<(string Value, string Text)> options, string? selected)
    {
        html.Append(Inv, $"<label for=\"{name}\">{HtmlEncode(label)}</label><select id=\"{name}\" name=\"{name}\"><option value=\"\">All</option>");
        foreach (var (value, text) in options)
            html.Append(Inv, $"<option value=\"{HtmlEncode(value)}\"{(value == selected ? " selected" : "")}>{HtmlEncode(text)}</option>");
        html.Append("</select>");
    }

    private static string ActionLink(PlanAction a) => $"<a href=\"/plan/actions/{Uri.EscapeDataString(a.Id)}\">{HtmlEncode(a.Id)}</a> {HtmlEncode(a.Descriptor)}";

    private static string Rag(string rag) => $"<span class=\"rag {Slug(rag)}\">{HtmlEncode(rag)}</span>";

    private static string Slug(string text) => string.Concat(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-'));

    private static string Query(PlanQuery q) => q.AsAt is { } d ? $"?asAt={d:yyyy-MM-dd}" : "";
}
