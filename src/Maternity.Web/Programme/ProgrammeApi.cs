using System.Globalization;
using System.Text;
using Maternity.Plans;
using Maternity.Programme;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Web.Programme;

/// <summary>
/// The programme's resources: the page (funding against profile, posts, % trained, impact assessments, approvals, the
/// map of community assets) and the API behind it, each table as JSON or CSV, and each register's sheet as the CSV it is
/// imported from. Readable by every role but the public; staff counts are rounded for roles without record-level access.
/// </summary>
public static class ProgrammeApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapProgramme(this IEndpointRouteBuilder app)
    {
        app.MapProgrammeForms();
        app.MapGet("/programme", (string? lmns, DateOnly? today, string? map, Access access, Database database, HttpContext context) =>
        {
            // The map shaded by births to the priority cohort counts them over the records: only when asked for.
            var births = string.Equals(map, "births", StringComparison.Ordinal);
            access.Demand(access.Role != Role.Public, "see the programme registers");
            var code = string.IsNullOrWhiteSpace(lmns) ? PlanStore.DefaultLmns(database) : lmns;
            var day = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
            var view = ProgrammeView.Build(database, access, code, day, births);
            return Pages.Render<ProgrammePage>(context, access, new ProgrammePage.PageModel(code, day, view) { ByBirths = births });
        });
        var api = app.MapGroup("/api/programme");
        api.MapGet("", (string? lmns, DateOnly? today, Access access, Database database) =>
        {
            var view = Build(database, access, lmns, today, out var code, out var day);
            var f = view.Summary.Funding;
            return Results.Ok(new
            {
                Lmns = code, Today = day, Funding = new { f.Total, f.TotalReceived, Overdue = f.Overdue.Count, OverdueAmount = f.Overdue.Sum(i => i.Amount) },
                Posts = view.Summary.Posts, OverdueReviews = view.Summary.OverdueReviews.Count, Approvals = view.Summary.Approvals.Count,
                Assets = view.Registers.Rows("assets.assets").Count, MapLsoas = view.Map.Shapes.Count,
                Sheets = ProgrammeRegisters.Sheets.Select(s => new { s.Key, s.Title, Rows = view.Registers.Rows(s.Key).Count, Csv = $"/api/programme/sheets/{s.Key}?format=csv" }),
            });
        });
        api.MapGet("/funding", (string? lmns, DateOnly? today, string? format, Access access, Database database) =>
            CsvResult.Table(Build(database, access, lmns, today, out _, out _).Summary.Funding.Instalments.Select(i => new
            {
                i.Id, i.Stream, i.Purpose, i.When, i.Amount, i.Due, i.Received, State = FundingStatus.Label(i.State), i.Risk,
            }), format, "funding-instalments"));
        api.MapGet("/funding/months", (string? lmns, DateOnly? today, string? format, Access access, Database database) =>
            CsvResult.Table(Build(database, access, lmns, today, out _, out _).Summary.Funding.Months.Select(m => new
            {
                Month = m.Start.ToString("yyyy-MM", Inv), m.Due, m.Received, m.CumulativeDue, m.CumulativeReceived,
            }), format, "funding-by-month"));
        api.MapGet("/training", (string? lmns, string? format, Access access, Database database) =>
            CsvResult.Table(Build(database, access, lmns, null, out _, out _).Training.Rows.Select(r => new
            {
                r.Org, r.StaffGroup, r.Trained, r.InPost, Percent = Finite(r.Percent?.Value), Lower = Finite(r.Percent?.Lower), Upper = Finite(r.Percent?.Upper),
                Method = r.Percent?.Method, Rounded = r.Suppressed, r.Problem,
            }), format, "training-coverage"));
        api.MapGet("/reviews", (string? lmns, DateOnly? today, string? format, Access access, Database database) =>
            CsvResult.Table(Build(database, access, lmns, today, out _, out _).Summary.OverdueReviews.Select(r => new
            {
                r.Id, r.Subject, r.Author, ReviewDue = r.Due, r.DaysOverdue, Actions = string.Join("; ", r.Actions),
            }), format, "eia-reviews-overdue"));
        api.MapGet("/sheets/{sheet}", (string sheet, string? lmns, string? format, Access access, Database database) =>
        {
            access.Demand(access.Role != Role.Public, "see the programme registers");
            var found = ProgrammeRegisters.Sheets.FirstOrDefault(s => string.Equals(s.Key, sheet, StringComparison.OrdinalIgnoreCase));
            if (found is null)
                return Results.Problem(statusCode: 404, title: "Unknown sheet", detail: $"No sheet '{sheet}'; the sheets are {string.Join(", ", ProgrammeRegisters.Sheets.Select(s => s.Key))}.");
            var code = string.IsNullOrWhiteSpace(lmns) ? PlanStore.DefaultLmns(database) : lmns;
            var rows = ProgrammeStore.AsShown(ProgrammeStore.Load(database, access, code).Rows(found.Key), found, access, code);
            if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
                return Results.File(ProgrammeFormsApi.Workbook([(found, rows)]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    $"{code}-{found.Register}-{found.Name}.xlsx");
            if (!string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
                return Results.Ok(rows.Select(r => new { r.Id, r.Version, r.ChangedAt, r.ChangedBy, r.Fields }));
            using var text = new StringWriter(Inv);
            ProgrammeFile.Write(found, rows, text);
            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{code}-{found.Register}-{found.Name}.csv");
        });
    }

    private static ProgrammeView Build(Database database, Access access, string? lmns, DateOnly? today, out string code, out DateOnly day)
    {
        access.Demand(access.Role != Role.Public, "see the programme registers");
        code = string.IsNullOrWhiteSpace(lmns) ? PlanStore.DefaultLmns(database) : lmns;
        day = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        return ProgrammeView.Build(database, access, code, day);
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}
