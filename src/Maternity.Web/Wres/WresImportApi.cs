using System.Security.Cryptography;
using Maternity.Ingest;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Web.Security;
using Maternity.Web.Uploads;
using Maternity.Wres;
using Microsoft.AspNetCore.Mvc;

namespace Maternity.Web.Wres;

/// <summary>
/// Loading WRES data from the browser, as <c>maternity wres import</c> does: a WRES file or a record-level staff extract
/// (told apart by its Person column) is first read and checked with nothing stored (the preview: each trust, year and
/// staff group it would replace, rows and staff in post now and after, every refused cell and the checks the data would
/// raise), then loaded when the person confirms. Record-level roles only (an analyst for the LMNS's trusts, a trust user
/// for its own); the load is audited by Core. The preview sends the file back in the confirm form, so no server keeps it
/// between the two steps; the confirm step reads it again from the start and refuses it as the preview would.
/// </summary>
public static class WresImportApi
{
    /// <summary>A WRES file is a few thousand rows; a staff extract a row a person of a large trust: at most this size.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    public static void MapWresImport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/wres/import", (Access access, HttpContext context) =>
        {
            access.Demand(access.IsRecordLevel, "load WRES data");
            return Render(context, access, Empty, 200);
        });
        app.MapPost("/wres/import", async ([FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            access.Demand(access.IsRecordLevel, "load WRES data");
            // The optional mapping file first (as the voices and ingest uploads take one): a bad one stops here, named.
            var mappingFile = form.Files.GetFile("mapping") is { Length: > 0 } m ? m : null;
            byte[]? mappingBytes = null;
            if (mappingFile is not null)
            {
                using var buffer = new MemoryStream();
                await mappingFile.CopyToAsync(buffer, context.RequestAborted);
                mappingBytes = buffer.ToArray();
            }
            var mappingName = mappingFile is null ? null : Path.GetFileName(mappingFile.FileName);
            var (mapping, mappingProblem) = ReadMapping(mappingName, mappingBytes);
            if (mappingProblem is not null) return Render(context, access, Empty with { Problem = mappingProblem, ProblemField = "mapping" }, 400);
            var only = form.Files.GetFile("file") is { } chosen ? new FormCollection(null, new FormFileCollection { chosen }) : new FormCollection(null);
            var (file, problem) = await UploadedFile.Receive(only, MaxBytes, context.RequestAborted);
            if (file is null) return Render(context, access, Empty with { Problem = problem }, 400);
            using (file)
            {
                var content = await File.ReadAllBytesAsync(file.Path, context.RequestAborted);
                try
                {
                    var preview = Clean(WresStore.Check(database, access, file.Path, file.Name, mapping: mapping), file.Clean);
                    var model = Empty with
                    {
                        FileName = file.Name, Preview = preview, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                        Content = preview.Loadable ? Convert.ToBase64String(content) : null,
                        MappingName = mappingName, Mapping = mappingBytes is null || !preview.Loadable ? null : Convert.ToBase64String(mappingBytes),
                    };
                    return Render(context, access, model, preview.Loadable ? 200 : 400);
                }
                catch (InvalidDataException e)
                {
                    return Render(context, access, Empty with { FileName = file.Name, Problem = file.Clean(e.Message) }, 400);
                }
            }
        }).WithFormToken().WithMetadata(new RequestSizeLimitAttribute(MaxBytes * 2), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxBytes * 2 });
        app.MapPost("/wres/import/confirm", async ([FromForm] IFormCollection form, Access access, Database database, HttpContext context) =>
        {
            access.Demand(access.IsRecordLevel, "load WRES data");
            var fileName = Path.GetFileName(form["fileName"].ToString());
            byte[] content;
            byte[]? mappingBytes;
            try
            {
                content = Convert.FromBase64String(form["content"].ToString());
                mappingBytes = form["mapping"].ToString() is { Length: > 0 } m ? Convert.FromBase64String(m) : null;
            }
            catch (FormatException)
            {
                return Render(context, access, Empty with { Problem = Resend }, 400);
            }
            var mappingName = mappingBytes is null ? null : Path.GetFileName(form["mappingName"].ToString()) is { Length: > 0 } n ? n : "mapping.json";
            var (mapping, mappingProblem) = ReadMapping(mappingName, mappingBytes);
            if (mappingProblem is not null) return Render(context, access, Empty with { FileName = fileName, Problem = mappingProblem, ProblemField = "mapping" }, 400);
            if (fileName.Length == 0 || content.Length == 0 || content.Length > MaxBytes || !(fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                || fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)))
                return Render(context, access, Empty with { Problem = Resend }, 400);
            var folder = Directory.CreateTempSubdirectory("maternity-wres-");
            var path = Path.Combine(folder.FullName, fileName);
            string Named(string message) => message.Replace(folder.FullName + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
            try
            {
                await File.WriteAllBytesAsync(path, content, context.RequestAborted);
                var sha = Convert.ToHexStringLower(SHA256.HashData(content));
                var preview = Clean(WresStore.Check(database, access, path, fileName, mapping: mapping), Named);
                if (!preview.Loadable) return Render(context, access, Empty with { FileName = fileName, Preview = preview, Sha256 = sha }, 400);
                var result = WresStore.Import(database, access, path, fileName, mapping: mapping);
                if (!result.Imported)
                    return Render(context, access, Empty with { FileName = fileName, Preview = preview with { Issues = result.Issues }, Sha256 = sha }, 400);
                return Render(context, access, Empty with { FileName = fileName, Preview = preview with { Checks = result.Checks }, Sha256 = sha, Loaded = result }, 200);
            }
            catch (InvalidDataException e)
            {
                return Render(context, access, Empty with { FileName = fileName, Problem = Named(e.Message) }, 400);
            }
            finally
            {
                folder.Delete(true);
            }
        }).WithFormToken().WithMetadata(new RequestSizeLimitAttribute(MaxBytes * 3), new RequestFormLimitsAttribute { ValueLengthLimit = (int)(MaxBytes * 2) });
    }

    /// <summary>At most this size for a mapping file (a few dozen renames and recodes).</summary>
    public const long MaxMappingBytes = 1024 * 1024;

    /// <summary>
    /// A mapping file's bytes read as <c>maternity wres import --mapping</c> reads the file (<see cref="ExtractMapping.Load"/>),
    /// its messages naming the user's file; none given is no mapping.
    /// </summary>
    private static (ExtractMapping? Mapping, string? Problem) ReadMapping(string? name, byte[]? bytes)
    {
        if (bytes is null || name is null) return (null, null);
        if (bytes.Length > MaxMappingBytes || !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return (null, $"{name}: a mapping file is JSON (.json) of at most {MaxMappingBytes / 1024 / 1024} MB.");
        var folder = Directory.CreateTempSubdirectory("maternity-wres-mapping-");
        var path = Path.Combine(folder.FullName, name);
        try
        {
            File.WriteAllBytes(path, bytes);
            return (ExtractMapping.Load(path), null);
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message.Replace(path, name, StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(true);
        }
    }

    private const string Resend = "The previewed file did not come back whole: upload it again.";

    private static WresImportPage.PageModel Empty => new(MaxBytes / 1024 / 1024);

    /// <summary>Messages name the user's file, never the server's temporary folder.</summary>
    private static WresStore.Preview Clean(WresStore.Preview preview, Func<string, string> clean) =>
        preview with { Issues = [.. preview.Issues.Select(i => i with { Reason = clean(i.Reason) })] };

    private static IResult Render(HttpContext context, Access access, WresImportPage.PageModel model, int status) =>
        Pages.Render<WresImportPage>(context, access, model, status);
}
