using System.Globalization;
using Maternity.Assurance;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Components;
using Maternity.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Maternity.Web.Assurance;

/// <summary>
/// Assurance frameworks per trust: the compliance grid, item pages with evidence and history, the declare and assure
/// forms (for the roles Core allows), safety action 2's scorecard with received ones compared, and the same as JSON and CSV.
/// </summary>
public static class AssuranceApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A declaration through the API.</summary>
    public sealed record DeclarationPost(string Framework, string Item, string Org, string Period, string Status, string? Evidence,
        IReadOnlyList<string>? Links, string? Reason);

    /// <summary>The LMNS's assurance through the API.</summary>
    public sealed record ReviewPost(string Outcome, string? Reason);

    public static void MapAssurance(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assurance");
        api.MapGet("/frameworks", (Access access) =>
        {
            access.Demand(access.Role != Role.Public, "see assurance frameworks");
            return Results.Ok(Frameworks.Default);
        });
        api.MapGet("/grid", (string? framework, string? lmns, DateOnly? asAt, string? format, Access access, Database database) =>
        {
            var grid = Grid(database, access, framework, lmns, asAt);
            return CsvResult.Table(grid.Rows.SelectMany(r => r.Cells.Select(c => new
            {
                Framework = grid.Framework.Id, Item = r.Item.Id, r.Item.Title, Deadline = r.Item.Deadline, c.OrgCode, c.Symbol, Status = c.Text,
                Period = c.Current?.Period, DeclaredBy = c.Current?.DeclaredBy, DeclaredAt = c.Current?.DeclaredAt, Evidence = c.Current?.Evidence,
                Links = c.Current?.Links ?? [], Assurance = c.Current?.Review?.Outcome, AssuranceReason = c.Current?.Review?.Reason, c.Overdue, c.AtRisk,
                DeclarationId = c.Current?.Id,
            })), format, $"assurance-{grid.Framework.Id}");
        });
        api.MapGet("/concerns", (string? lmns, DateOnly? asAt, string? format, Access access, Database database) =>
            CsvResult.Table(Frameworks.Default.SelectMany(f => Grid(database, access, f.Id, lmns, asAt).Concerns()), format, "assurance-concerns"));
        api.MapGet("/trajectory", (string? framework, string? lmns, DateOnly? asAt, string? format, Access access, Database database) =>
        {
            var grid = Grid(database, access, framework, lmns, asAt);
            return CsvResult.Table(grid.Trajectory(AssuranceStore.Current(database, access, grid.Framework.Id), grid.AsAt.AddMonths(-11))
                .Select(p => new { Framework = grid.Framework.Id, p.Month, p.Done, p.Cells, Percent = double.IsFinite(p.Percent) ? p.Percent : (double?)null }),
                format, $"assurance-trajectory-{grid.Framework.Id}");
        });
        api.MapGet("/history", (string framework, string item, string? org, string? format, Access access, Database database) =>
            CsvResult.Table(AssuranceStore.History(database, access, framework, item, org).Select(d => new
            {
                d.Id, d.FrameworkId, d.ItemId, d.OrgCode, d.Period, d.Revision, Status = ComplianceText.Code(d.Status), d.Evidence, d.Links, d.Reason,
                d.DeclaredBy, d.DeclaredAt, d.SupersededAt, Assurance = d.Review?.Outcome, AssuranceReason = d.Review?.Reason, ReviewedBy = d.Review?.ReviewedBy,
            }), format, $"assurance-history-{framework}-{item}"));
        // The other way from a plan action: the framework items whose declarations link to it, with their status.
        api.MapGet("/actions/{id}", (string id, string? format, Access access, Database database) =>
            CsvResult.Table(AssuranceStore.ForPlanAction(database, access, id).Select(d => new
            {
                Action = id, Framework = d.FrameworkId, Item = d.ItemId, Title = Frameworks.Find(d.FrameworkId)?.Item(d.ItemId)?.Title, d.OrgCode, d.Period,
                Status = ComplianceText.Label(d.Status), Assurance = d.Review?.Outcome, DeclarationId = d.Id,
            }), format, $"assurance-action-{id}"));
        api.MapGet("/scorecard", (string? scheme, string? org, string? format, Access access, Database database) =>
        {
            var scorecard = Sa2Scorecard.Find(scheme ?? "MIS4");
            return CsvResult.Table(scorecard.Compute(database, access, org).SelectMany(s => s.Results.SelectMany(r => r.Parts.Prepend(r)).Select(r => new
            {
                scorecard.Scheme, s.OrgCode, s.Month, Criterion = r.Id, r.Title, Met = r.Text, r.Value, Achieved = s.Score,
            })), format, $"sa2-scorecard-{scorecard.Scheme}");
        });
        api.MapGet("/scorecard/comparison", (string? scheme, string? format, Access access, Database database) =>
        {
            var scorecard = Sa2Scorecard.Find(scheme ?? "MIS4");
            return CsvResult.Table(Sa2Scorecard.Compare(scorecard.Compute(database, access), scorecard.Received(database, access)), format, $"sa2-comparison-{scorecard.Scheme}");
        });
        api.MapPost("/declarations", (DeclarationPost body, Access access, Database database) =>
        {
            if (!AssuranceStore.TryMonth(body.Period ?? "", out var period)) return Bad("period: a month (yyyy-MM) is required");
            if (ComplianceText.Parse(body.Status) is not { } status) return Bad("status: met, partly-met, not-met or not-applicable");
            var result = AssuranceStore.DeclareAll(database, access,
                [new DeclarationInput(body.Framework ?? "", body.Item ?? "", body.Org ?? "", period, status, body.Evidence ?? "", body.Links ?? [], body.Reason)], "api");
            if (!result.Succeeded) return Bad(string.Join("; ", result.Issues.Select(i => $"{i.Column}: {i.Reason}")));
            return Results.Ok(AssuranceStore.History(database, access, body.Framework!, body.Item!, body.Org)[0]);
        });
        api.MapPost("/declarations/{id:long}/review", (long id, ReviewPost body, Access access, Database database) =>
        {
            try
            {
                return Results.Ok(AssuranceStore.Assure(database, access, id, body.Outcome ?? "", body.Reason));
            }
            catch (InvalidDataException e)
            {
                return Bad(e.Message);
            }
        });

        app.MapGet("/assurance", (string? framework, string? lmns, DateOnly? asAt, Access access, Database database, HttpContext context) =>
        {
            var grid = Grid(database, access, framework, lmns, asAt);
            var trajectory = grid.Trajectory(AssuranceStore.Current(database, access, grid.Framework.Id), grid.AsAt.AddMonths(-11));
            return Pages.Render<AssurancePage>(context, access, new AssurancePage.PageModel(Frameworks.Default, grid, trajectory));
        });
        app.MapGet("/assurance/scorecard", (string? scheme, string? org, Access access, Database database, HttpContext context) =>
        {
            var scorecard = Sa2Scorecard.Find(scheme ?? "MIS4");
            var scores = scorecard.Compute(database, access, org);
            var comparison = Sa2Scorecard.Compare(scores, scorecard.Received(database, access));
            return Pages.Render<Sa2ScorecardPage>(context, access, new Sa2ScorecardPage.PageModel(Sa2Scorecard.Default, scorecard, scores, comparison, Sa2Scorecard.Source));
        });
        app.MapGet("/assurance/{framework}/{item}", (string framework, string item, string? lmns, Access access, Database database, HttpContext context) =>
            ItemPage(context, database, access, framework, item, lmns, null, null, context.Request.Query.ContainsKey("saved")));
        app.MapGet("/assurance/evidence/{token}", (string token, Access access, Database database, HttpContext context) =>
        {
            if (EvidenceFiles.Open(database, access, token) is not var (file, content))
                return Results.Problem(statusCode: 404, title: "No such file", detail: "There is no evidence file at this address.");
            // Evidence may name people: never kept by a browser or a proxy; always a download, never shown in the page.
            context.Response.Headers.CacheControl = "no-store";
            return Results.File(content, file.MediaType, file.FileName);
        });
        app.MapPost("/assurance/{framework}/{item}", async (string framework, string item, string? lmns, [FromForm] IFormCollection form, Access access,
            Database database, HttpContext context) =>
        {
            var uploads = new List<EvidenceFiles.Upload>();
            foreach (var file in form.Files.Where(f => f.Length > 0))
            {
                if (file.Length > EvidenceFiles.MaxBytes)
                {
                    // Refused before reading it into memory; the check in Core says the same of a smaller bad file.
                    uploads.Add(new EvidenceFiles.Upload(file.FileName, new byte[EvidenceFiles.MaxBytes + 1]));
                    continue;
                }
                using var content = new MemoryStream();
                await file.CopyToAsync(content, context.RequestAborted);
                uploads.Add(new EvidenceFiles.Upload(file.FileName, content.ToArray()));
            }
            var typed = form.Keys.ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
            string? error = null;
            if (!AssuranceStore.TryMonth(typed.GetValueOrDefault("period") ?? "", out var period)) error = "Period: give the month declared for as yyyy-MM";
            else if (ComplianceText.Parse(typed.GetValueOrDefault("status")) is not { } status) error = "Status: choose met, partly met, not met or not applicable";
            else
            {
                var links = (typed.GetValueOrDefault("links") ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var result = AssuranceStore.DeclareAll(database, access, [new DeclarationInput(framework, item, typed.GetValueOrDefault("org") ?? "",
                    period, status, typed.GetValueOrDefault("evidence") ?? "", links, typed.GetValueOrDefault("reason")) { Files = uploads }], "form");
                if (result.Succeeded) return Saved(context, framework, item, lmns);
                error = string.Join("; ", result.Issues.Select(i => i.Reason));
            }
            return ItemPage(context, database, access, framework, item, lmns, error, typed, false, StatusCodes.Status400BadRequest);
        }).WithFormToken();
        app.MapPost("/assurance/{framework}/{item}/review", (string framework, string item, string? lmns, [FromForm] IFormCollection form, Access access,
            Database database, HttpContext context) =>
        {
            try
            {
                var id = long.TryParse(form["declaration"], NumberStyles.None, Inv, out var d) ? d : throw new InvalidDataException("no declaration chosen");
                AssuranceStore.Assure(database, access, id, form["outcome"].ToString(), form["reason"].ToString());
                return Saved(context, framework, item, lmns);
            }
            catch (InvalidDataException e)
            {
                return ItemPage(context, database, access, framework, item, lmns, e.Message, null, false, StatusCodes.Status400BadRequest);
            }
        }).WithFormToken();
    }

    private static IResult Bad(string detail) => Results.Problem(statusCode: 400, title: "Not saved", detail: detail);

    /// <summary>Post, redirect (303 See Other), get: a reload does not post again.</summary>
    private static IResult Saved(HttpContext context, string framework, string item, string? lmns)
    {
        context.Response.Headers.Location =
            $"/assurance/{Uri.EscapeDataString(framework)}/{Uri.EscapeDataString(item)}?saved=1{(lmns is null ? "" : "&lmns=" + Uri.EscapeDataString(lmns))}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static ComplianceGrid Grid(Database database, Access access, string? framework, string? lmns, DateOnly? asAt)
    {
        access.Demand(access.Role != Role.Public, "see assurance declarations");
        var f = Frameworks.Find(framework ?? Frameworks.Default[0].Id)
            ?? throw new BadHttpRequestException($"'{framework}' is not a framework ({string.Join(", ", Frameworks.Default.Select(x => x.Id))})", 404);
        return ComplianceGrid.Build(database, access, f, lmns ?? PlanStore.DefaultLmns(database), asAt ?? DateOnly.FromDateTime(DateTime.Today));
    }

    private static IResult ItemPage(HttpContext context, Database database, Access access, string framework, string item, string? lmns,
        string? error, IReadOnlyDictionary<string, string>? typed, bool saved, int status = StatusCodes.Status200OK)
    {
        if (Frameworks.Find(framework) is not { } f || f.Item(item) is not { } it)
            return ErrorPages.NotFound(context, access, $"There is no item '{item}' in framework '{framework}'.");
        var grid = Grid(database, access, f.Id, lmns, null);
        var row = grid.Rows.Single(r => r.Item.Id == it.Id);
        var history = AssuranceStore.History(database, access, f.Id, it.Id).Where(d => grid.Trusts.Contains(d.OrgCode)).ToList();
        var declarable = grid.Trusts.Where(t => AssuranceStore.CanDeclare(access, t)).Select(t => new Choice(t, t)).ToList();
        var assurable = row.Cells.Where(c => c.Current is not null && AssuranceStore.CanAssure(access, c.OrgCode)).Select(c => c.Current!.Id).ToHashSet();
        // The plan actions the declarations in force link to, with their status: the item's work in the plan.
        var linked = row.Cells.Where(c => c.Current is not null).SelectMany(c => c.Current!.PlanActionIds.Select(id => (Id: id, c.OrgCode))).ToList();
        var plan = linked.Count > 0 ? PlanStore.Load(database, access, grid.Lmns) : null;
        var actions = linked.GroupBy(l => l.Id).Select(g => plan?.Action(g.Key) is { } a
                ? new AssuranceItemPage.LinkedAction(a.Id, a.Descriptor, PlanText.StatusLabel(a.Status), [.. g.Select(x => x.OrgCode).Distinct()])
                : new AssuranceItemPage.LinkedAction(g.Key, "Not in the plan", "-", [.. g.Select(x => x.OrgCode).Distinct()]))
            .OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        var files = EvidenceFiles.Of(database, access, history.Select(d => d.Id).Concat(row.Cells.Where(c => c.Current is not null).Select(c => c.Current!.Id)));
        // The measures the declarations in force link to, with each declaring trust's latest value: the figures that show the item.
        var measures = LinkedMeasure.For(database, access, grid.Lmns, row.Cells.Where(c => c.Current is not null).Select(c => c.Current!));
        return Pages.Render<AssuranceItemPage>(context, access, new AssuranceItemPage.PageModel(f, it, grid.Lmns, row, history, declarable, assurable,
            error, typed ?? new Dictionary<string, string>(), saved) { Actions = actions, Files = files, Measures = measures }, status);
    }
}
