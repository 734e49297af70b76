using Maternity.Plans;
using Maternity.Programme;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Maternity.Web.Uploads;
using Microsoft.AspNetCore.Mvc;

namespace Maternity.Web.Programme;

/// <summary>
/// Keeping the registers from the browser, as <c>maternity programme REGISTER import|export|edit</c> does: upload a
/// register's file (CSV, or an XLSX workbook with a worksheet per sheet), checked exactly as the command checks it and
/// refused whole with each problem's file, row and column; download each register as an XLSX workbook; and change one row
/// through a form, add a row or remove one (each sheet's rows listed at /programme/rows), refused with a clear message
/// when the row changed since the form was opened (409), or, for a removal, while another sheet's row names it. Those who may change the
/// registers only (analysts of the LMNS, admins); every change is audited by Core; forms carry the antiforgery token.
/// </summary>
public static class ProgrammeFormsApi
{
    /// <summary>A register's file is a few thousand rows at most.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    public static void MapProgrammeForms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/programme/upload", (string? lmns, string? register, Access access, Database database, HttpContext context) =>
        {
            var code = Editable(database, access, lmns);
            return Pages.Render<ProgrammeUploadPage>(context, access, new ProgrammeUploadPage.PageModel(code, register ?? ProgrammeRegisters.Funding));
        });
        app.MapPost("/programme/upload", async (string? lmns, [FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var code = Editable(database, access, lmns);
            var register = form["register"].ToString();
            var named = form["sheet"].ToString() is { Length: > 0 } s ? s : null;
            var model = new ProgrammeUploadPage.PageModel(code, register) { Sheet = named };
            if (!ProgrammeRegisters.Names.Contains(register))
                return Pages.Render<ProgrammeUploadPage>(context, access, model with { Problem = "Choose the register the file holds.", ProblemField = "register" }, 400);
            var (file, problem) = await UploadedFile.Receive(form, MaxBytes, context.RequestAborted);
            if (file is null) return Pages.Render<ProgrammeUploadPage>(context, access, model with { Problem = problem, ProblemField = "file" }, 400);
            using (file)
            {
                model = model with { FileName = file.Name };
                try
                {
                    // The same reading as the command: a workbook without a sheet named holds the register's sheets as worksheets.
                    var contents = Ingest.TableFile.IsXlsx(file.Name) && named is null ? ProgrammeFile.ReadWorkbook(file.Path, register)
                        : [ProgrammeFile.Read(file.Path, ProgrammeRegisters.For(register, named, file.Name))];
                    var result = ProgrammeStore.Import(database, access, code, contents);
                    model = model with { Sheets = [.. contents.Select(c => c.Sheet.Key)], Result = result };
                    return Pages.Render<ProgrammeUploadPage>(context, access, model, result.Issues.Count > 0 ? 400 : 200);
                }
                catch (InvalidDataException e)
                {
                    return Pages.Render<ProgrammeUploadPage>(context, access, model with { Problem = file.Clean(e.Message), ProblemField = "file" }, 400);
                }
            }
        }).WithFormToken().WithMetadata(new RequestSizeLimitAttribute(MaxBytes * 2), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxBytes * 2 });

        app.MapGet("/programme/edit", (string? lmns, string? sheet, string? id, Access access, Database database, HttpContext context) =>
        {
            var code = Editable(database, access, lmns);
            if (Sheet(sheet) is not { } found) return ErrorPages.NotFound(context, access, $"There is no register sheet '{sheet}'.");
            // No id: the form for a new row.
            if (string.IsNullOrEmpty(id))
                return Pages.Render<ProgrammeEditPage>(context, access, new ProgrammeEditPage.PageModel(code, found, "", 0, new Dictionary<string, string>()) { New = true });
            var row = ProgrammeStore.Load(database, access, code).Rows(found.Key).FirstOrDefault(r => r.Id == id);
            if (row is null) return ErrorPages.NotFound(context, access, $"{found.Title} of {code} has no row with id '{id}'.");
            return Pages.Render<ProgrammeEditPage>(context, access, new ProgrammeEditPage.PageModel(code, found, row.Id, row.Version, row.Fields));
        });
        app.MapPost("/programme/edit", ([FromForm] IFormCollection form, string? lmns, Access access, Database database, HttpContext context) =>
        {
            var code = Editable(database, access, lmns);
            var id = form["id"].ToString();
            var added = form["new"] == "1";
            if (Sheet(form["sheet"]) is not { } sheet || (id.Length == 0 && !added)) return ErrorPages.NotFound(context, access, "The form named no register sheet and row.");
            var fields = sheet.Columns.Where(c => c.Name != "Id").ToDictionary(c => c.Name, c => form[c.Name].ToString(), StringComparer.Ordinal);
            var version = added ? 0
                : int.TryParse(form["version"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
            var model = new ProgrammeEditPage.PageModel(code, sheet, id, version, fields) { New = added };
            try
            {
                var result = ProgrammeStore.Edit(database, access, code, sheet, id, fields, version);
                if (result.Issues.Count > 0) return Pages.Render<ProgrammeEditPage>(context, access, model with { Issues = result.Issues }, 400);
                var saved = ProgrammeStore.Load(database, access, code).Rows(sheet.Key).First(r => r.Id == id);
                return Pages.Render<ProgrammeEditPage>(context, access, model with { Version = saved.Version, Fields = saved.Fields, Saved = result, New = false }, 200);
            }
            catch (PlanConflictException e)
            {
                // The row as it stands now, so the person sees what changed and makes their change again on top of it.
                var now = ProgrammeStore.Load(database, access, code).Rows(sheet.Key).FirstOrDefault(r => r.Id == id);
                return Pages.Render<ProgrammeEditPage>(context, access, model with
                {
                    Version = now?.Version ?? 0, Fields = now?.Fields ?? fields, Conflict = e.Message, New = false,
                }, 409);
            }
        }).WithFormToken();

        app.MapGet("/programme/rows", (string? lmns, string? sheet, Access access, Database database, HttpContext context) =>
        {
            var code = Editable(database, access, lmns);
            if (Sheet(sheet) is not { } found) return ErrorPages.NotFound(context, access, $"There is no register sheet '{sheet}'.");
            var rows = ProgrammeStore.AsShown(ProgrammeStore.Load(database, access, code).Rows(found.Key), found, access, code);
            return Pages.Render<ProgrammeRowsPage>(context, access, new ProgrammeRowsPage.PageModel(code, found, rows));
        });
        app.MapGet("/programme/remove", (string? lmns, string? sheet, string? id, Access access, Database database, HttpContext context) =>
        {
            var code = Editable(database, access, lmns);
            if (Sheet(sheet) is not { } found) return ErrorPages.NotFound(context, access, $"There is no register sheet '{sheet}'.");
            var row = ProgrammeStore.Load(database, access, code).Rows(found.Key).FirstOrDefault(r => r.Id == id);
            if (row is null) return ErrorPages.NotFound(context, access, $"{found.Title} of {code} has no row with id '{id}'.");
            return Pages.Render<ProgrammeRemovePage>(context, access, new ProgrammeRemovePage.PageModel(code, found, row));
        });
        app.MapPost("/programme/remove", ([FromForm] IFormCollection form, string? lmns, Access access, Database database, HttpContext context) =>
        {
            var code = Editable(database, access, lmns);
            var id = form["id"].ToString();
            if (Sheet(form["sheet"]) is not { } sheet || id.Length == 0) return ErrorPages.NotFound(context, access, "The form named no register sheet and row.");
            var version = int.TryParse(form["version"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
            var row = ProgrammeStore.Load(database, access, code).Rows(sheet.Key).FirstOrDefault(r => r.Id == id);
            if (row is null) return ErrorPages.NotFound(context, access, $"{sheet.Title} of {code} has no row with id '{id}'.");
            var model = new ProgrammeRemovePage.PageModel(code, sheet, row with { Version = version });
            try
            {
                var result = ProgrammeStore.Remove(database, access, code, sheet, id, version);
                return result.Issues.Count > 0
                    ? Pages.Render<ProgrammeRemovePage>(context, access, model with { Issues = result.Issues }, 400)
                    : Pages.Render<ProgrammeRemovePage>(context, access, model with { Removed = true }, 200);
            }
            catch (PlanConflictException e)
            {
                // The row as it stands now: the person sees the change and decides again.
                return Pages.Render<ProgrammeRemovePage>(context, access, new ProgrammeRemovePage.PageModel(code, sheet, row) { Conflict = e.Message }, 409);
            }
        }).WithFormToken();

        app.MapGet("/api/programme/workbooks/{register}", (string register, string? lmns, Access access, Database database) =>
        {
            access.Demand(access.Role != Role.Public, "see the programme registers");
            if (!ProgrammeRegisters.Names.Contains(register))
                return Results.Problem(statusCode: 404, title: "Unknown register", detail: $"No register '{register}'; the registers are {string.Join(", ", ProgrammeRegisters.Names)}.");
            var code = string.IsNullOrWhiteSpace(lmns) ? PlanStore.DefaultLmns(database) : lmns;
            var stored = ProgrammeStore.Load(database, access, code);
            var sheets = ProgrammeRegisters.Of(register);
            return Results.File(Workbook(sheets.Select(s => (s, (IEnumerable<ProgrammeEntry>)ProgrammeStore.AsShown(stored.Rows(s.Key), s, access, code)))),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{code}-{register}.xlsx");
        });
    }

    /// <summary>An XLSX workbook of the sheets, as the bytes to send.</summary>
    internal static byte[] Workbook(IEnumerable<(ProgrammeSheet Sheet, IEnumerable<ProgrammeEntry> Entries)> sheets)
    {
        var folder = Directory.CreateTempSubdirectory("maternity-programme-").FullName;
        try
        {
            var path = Path.Combine(folder, "register.xlsx");
            ProgrammeFile.WriteWorkbook(path, sheets);
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static string Editable(Database database, Access access, string? lmns)
    {
        var code = string.IsNullOrWhiteSpace(lmns) ? PlanStore.DefaultLmns(database) : lmns;
        access.Demand(ProgrammeStore.MayEdit(access, code), $"change the programme registers of {code}");
        return code;
    }

    private static ProgrammeSheet? Sheet(string? key) =>
        ProgrammeRegisters.Sheets.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
}
