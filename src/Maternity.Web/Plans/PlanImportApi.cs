using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Maternity.Web.Uploads;
using Microsoft.AspNetCore.Mvc;

namespace Maternity.Web.Plans;

/// <summary>
/// Importing a plan table from the browser, as <c>maternity plan import</c> does: the file is first read and nothing
/// stored (the dry run: what each row became, each problem and each cell kept only as text or not read, with row and
/// column), then loaded when the person confirms. Those who may change the plan only (analyst of the LMNS, admin);
/// every load is audited. The preview sends the file back in the confirm form, so no server keeps it between the two
/// steps; the confirm step reads it again from the start and refuses it as the preview would.
/// </summary>
public static partial class PlanImportApi
{
    /// <summary>A plan table is a few hundred rows: at most this size.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    public static void MapPlanImport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/plan/import", (string? lmns, string? plan, Access access, Database database, HttpContext context) =>
        {
            var code = Lmns(database, access, lmns);
            return Render(context, access, database, code, Form(code, plan), 200);
        });
        app.MapPost("/plan/import", async (string? lmns, [FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var code = Lmns(database, access, lmns);
            var name = form["plan"].ToString().Trim();
            if (PlanNameProblem(name) is { } bad) return Render(context, access, database, code, Form(code, name) with { Problem = bad, ProblemField = "plan" }, 400);
            var (file, problem) = await UploadedFile.Receive(form, MaxBytes, context.RequestAborted);
            if (file is null) return Render(context, access, database, code, Form(code, name) with { Problem = problem, ProblemField = "file" }, 400);
            var (columns, columnsName, map, columnsProblem) = await ColumnsFile(form, context.RequestAborted);
            if (columnsProblem is not null) return Render(context, access, database, code, Form(code, name) with { Problem = columnsProblem, ProblemField = "columns" }, 400);
            using (file)
            {
                var content = await File.ReadAllBytesAsync(file.Path, context.RequestAborted);
                var model = Preview(database, code, name, file, content, columns, columnsName, map);
                return Render(context, access, database, code, model, model.Read?.Plan is null ? 400 : 200);
            }
        }).WithFormToken().WithMetadata(new RequestSizeLimitAttribute(MaxBytes * 2), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxBytes * 2 });
        app.MapPost("/plan/import/confirm", async (string? lmns, [FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            var code = Lmns(database, access, lmns);
            var name = form["plan"].ToString().Trim();
            var fileName = Path.GetFileName(form["fileName"].ToString());
            if (PlanNameProblem(name) is { } bad) return Render(context, access, database, code, Form(code, name) with { Problem = bad, ProblemField = "plan" }, 400);
            byte[] content;
            byte[]? columns;
            try
            {
                content = Convert.FromBase64String(form["content"].ToString());
                columns = form["columnsContent"].ToString() is { Length: > 0 } c ? Convert.FromBase64String(c) : null;
            }
            catch (FormatException)
            {
                return Render(context, access, database, code, Form(code, name) with { Problem = "The previewed file did not come back whole: upload it again.", ProblemField = "file" }, 400);
            }
            if (fileName.Length == 0 || content.Length == 0 || content.Length > MaxBytes || !(fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                || fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)))
                return Render(context, access, database, code, Form(code, name) with { Problem = "The previewed file did not come back whole: upload it again.", ProblemField = "file" }, 400);
            var folder = Path.Combine(Path.GetTempPath(), "maternity-uploads", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, fileName);
            string Named(string message) => message.Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
            try
            {
                await File.WriteAllBytesAsync(path, content, context.RequestAborted);
                var columnsName = Path.GetFileName(form["columnsName"].ToString()) is { Length: > 0 } n ? n : "columns.csv";
                var map = columns is null ? null : ColumnMap(columns, columnsName);
                var (read, saved) = PlanTable.Import(database, access, path, code, plan: name, columnMap: map);
                var model = Form(code, name) with
                {
                    FileName = fileName, Read = Clean(read, Named), Saved = saved, Summary = read.Plan is { } p ? PlanSummary.Of(p) : null,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                };
                return Render(context, access, database, code, model, saved is null ? 400 : 200);
            }
            catch (InvalidDataException e)
            {
                return Render(context, access, database, code, Form(code, name) with { FileName = fileName, Problem = Named(e.Message), ProblemField = "file" }, 400);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }).WithFormToken();
    }

    private static string Lmns(Database database, Access access, string? lmns)
    {
        var code = lmns is { Length: > 0 } ? lmns : PlanStore.DefaultLmns(database);
        access.Demand(access.CanEditPlan(code), $"import the plan of {code}");
        return code;
    }

    private static PlanImportPage.PageModel Form(string lmns, string? plan) =>
        new(lmns, string.IsNullOrWhiteSpace(plan) ? PlanStore.MainPlan : plan.Trim(), [], MaxBytes / 1024 / 1024);

    /// <summary>The dry run: the file read as the import reads it, nothing stored.</summary>
    private static PlanImportPage.PageModel Preview(Database database, string lmns, string plan, UploadedFile file, byte[] content,
        byte[]? columns, string? columnsName, IReadOnlyDictionary<string, string>? map)
    {
        try
        {
            var read = PlanTable.Read(file.Path, lmns, measures: PlanStore.MeasureIds(database, lmns), columnMap: map);
            return Form(lmns, plan) with
            {
                FileName = file.Name, Read = Clean(read, file.Clean), Summary = read.Plan is { } p ? PlanSummary.Of(p) : null,
                Content = read.Plan is null ? null : Convert.ToBase64String(content), Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                ColumnsContent = columns is null ? null : Convert.ToBase64String(columns), ColumnsName = columnsName,
                ColumnMapToKeep = read.UnknownColumns.Any(u => map?.ContainsKey(u.Header) != true) ? Convert.ToBase64String(ColumnMapFile(read.UnknownColumns, map)) : null,
            };
        }
        catch (InvalidDataException e)
        {
            return Form(lmns, plan) with { FileName = file.Name, Problem = file.Clean(e.Message), ProblemField = "file" };
        }
    }

    /// <summary>
    /// The column mapping sent beside the plan (the file the command line's --columns reads and writes: Header, Column),
    /// as its bytes and name; a problem when it is not a CSV or XLSX file of at most 1 MB.
    /// </summary>
    private static async Task<(byte[]? Bytes, string? Name, IReadOnlyDictionary<string, string>? Map, string? Problem)> ColumnsFile(
        IFormCollection form, CancellationToken cancel)
    {
        if (form.Files.GetFile("columns") is not { Length: > 0 } upload) return (null, null, null, null);
        var name = Path.GetFileName(upload.FileName);
        if (upload.Length > 1024 * 1024 || !(name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)))
            return (null, null, null, $"{name}: a column mapping is a CSV or XLSX file of at most 1 MB");
        using var memory = new MemoryStream();
        await upload.CopyToAsync(memory, cancel);
        var bytes = memory.ToArray();
        try
        {
            return (bytes, name, ColumnMap(bytes, name), null);
        }
        catch (InvalidDataException e)
        {
            return (null, null, null, e.Message);
        }
    }

    /// <summary>Reads a column mapping's bytes as <see cref="PlanTable.ReadColumnMap"/> reads the file; its messages name the user's file.</summary>
    private static IReadOnlyDictionary<string, string> ColumnMap(byte[] bytes, string name) => InTempFolder(name, (path, folder) =>
    {
        File.WriteAllBytes(path, bytes);
        try
        {
            return PlanTable.ReadColumnMap(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(e.Message.Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal), e);
        }
    });

    /// <summary>The mapping file to keep for next month: the choices made, and each header not yet mapped with its nearest column (CSV).</summary>
    private static byte[] ColumnMapFile(IEnumerable<PlanTable.UnknownColumn> unknown, IReadOnlyDictionary<string, string>? map) =>
        InTempFolder("plan-columns.csv", (path, _) =>
        {
            PlanTable.WriteColumnMap(path, unknown, map);
            return File.ReadAllBytes(path);
        });

    /// <summary>Runs <paramref name="work"/> on a file named <paramref name="name"/> in a folder of its own, deleted afterwards.</summary>
    private static T InTempFolder<T>(string name, Func<string, string, T> work)
    {
        var folder = Directory.CreateTempSubdirectory("maternity-columns-");
        try
        {
            return work(Path.Combine(folder.FullName, name), folder.FullName);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    /// <summary>Messages name the user's file, never the server's temporary folder.</summary>
    private static PlanTable.ReadResult Clean(PlanTable.ReadResult read, Func<string, string> clean) => read with
    {
        Issues = [.. read.Issues.Select(i => i with { Reason = clean(i.Reason) })],
    };

    /// <summary>A plan's name is a short word such as equity, wres or digital: it appears in links and in the history.</summary>
    internal static string? PlanNameProblem(string name) =>
        PlanName().IsMatch(name) ? null
            : $"'{name}' is not a plan name: use lower-case letters, digits and hyphens, at most 40 (equity for the equity and equality plan, or e.g. wres)";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex PlanName();

    private static IResult Render(HttpContext context, Access access, Database database, string lmns, PlanImportPage.PageModel model, int status) =>
        Pages.Render<PlanImportPage>(context, access, model with { Plans = PlanStore.PlanNames(database, access, lmns) }, status);
}
