using System.Data.Common;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Assurance;

/// <summary>
/// Evidence files on declarations. A file is accepted when its bytes (not its name or the browser's claim) show one of
/// the allowed types: PDF (<c>%PDF-</c>), PNG (its 8-byte signature), JPEG (<c>FF D8 FF</c>), or an Office Open XML
/// package (a ZIP) holding <c>word/document.xml</c> (DOCX) or <c>xl/workbook.xml</c> (XLSX) and no macros; at most
/// <see cref="MaxBytes"/>; a name whose extension says another type is refused. The name is cut to its last part and
/// to letters, digits and <c>. - _ ( )</c>. Files are stored in the store with their SHA-256 and reached by a random
/// token; adding them is audited with the declaration (one transaction), and so is every download.
/// </summary>
public static class EvidenceFiles
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>What a form or a command uploads: the name as given and the bytes.</summary>
    public sealed record Upload(string Name, byte[] Content);

    /// <summary>An upload that passed the checks: its safe name, the type its bytes show, its hash.</summary>
    public sealed record Checked(string FileName, string MediaType, byte[] Content, string Sha256);

    /// <summary>The allowed types, as the hint on the form lists them.</summary>
    public static readonly IReadOnlyList<string> Types = [".pdf", ".docx", ".xlsx", ".png", ".jpg"];

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The type the bytes show (extension and media type), null when none of the allowed ones.</summary>
    public static (string Extension, string MediaType)? Sniff(byte[] content)
    {
        var head = content.AsSpan();
        if (head.StartsWith("%PDF-"u8)) return (".pdf", "application/pdf");
        if (head.StartsWith(Png)) return (".png", "image/png");
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return (".jpg", "image/jpeg");
        if (!head.StartsWith("PK\u0003\u0004"u8)) return null;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!names.Contains("[Content_Types].xml") || names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase))) return null;
            if (names.Contains("word/document.xml")) return (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            if (names.Contains("xl/workbook.xml")) return (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The name's last part with only letters, digits and <c>. - _ ( )</c> kept (others become _), at most 100 characters.</summary>
    public static string Sanitise(string name)
    {
        var last = name.Replace('\\', '/');
        last = last[(last.LastIndexOf('/') + 1)..];
        var safe = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '(' or ')' || (c == ' ' && safe.Length > 0) ? c : '_');
        var text = safe.ToString().Trim(' ', '.', '_');
        while (text.Contains("__", StringComparison.Ordinal)) text = text.Replace("__", "_", StringComparison.Ordinal);
        return text.Length == 0 ? "evidence" : text.Length > 100 ? text[..100] : text;
    }

    /// <summary>Checks one upload; on refusal, <paramref name="problem"/> names the file and says why.</summary>
    public static bool TryCheck(Upload upload, out Checked? file, out string? problem)
    {
        file = null;
        var shown = Sanitise(upload.Name);
        var allowed = "PDF, DOCX, XLSX, PNG or JPEG";
        if (upload.Content.Length == 0) problem = $"{shown}: the file is empty";
        else if (upload.Content.Length > MaxBytes)
            problem = $"{shown}: {upload.Content.Length / 1024.0 / 1024.0:0.0} MB is over the limit of {MaxBytes / 1024 / 1024} MB";
        else if (Sniff(upload.Content) is not { } type)
            problem = $"{shown}: its content is not a {allowed} file (the type is read from the file's bytes, not its name; Office files with macros are refused)";
        else
        {
            var extension = Path.GetExtension(shown).ToLowerInvariant();
            var same = extension == type.Extension || (extension == ".jpeg" && type.Extension == ".jpg");
            if (!same && (Types.Contains(extension) || extension == ".jpeg"))
            {
                problem = $"{shown}: its name says {extension} but its content is a {type.Extension} file";
                return false;
            }
            var name = same ? shown : shown + type.Extension;
            file = new Checked(name.Length > 100 ? name[^100..] : name, type.MediaType, upload.Content,
                Convert.ToHexStringLower(SHA256.HashData(upload.Content)));
            problem = null;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Adds files to the declaration revision in force <paramref name="declarationId"/>, all or none, audited: for those who
    /// may declare for its trust. Bad files are refused with what is wrong with each (nothing stored).
    /// </summary>
    public static IReadOnlyList<EvidenceFile> Attach(Database database, Access access, long declarationId, IReadOnlyList<Upload> uploads)
    {
        var problems = new List<string>();
        var files = new List<Checked>();
        foreach (var upload in uploads)
            if (TryCheck(upload, out var file, out var problem)) files.Add(file!);
            else problems.Add(problem!);
        if (uploads.Count == 0) problems.Add("no files given");
        if (problems.Count > 0) throw new InvalidDataException(string.Join("; ", problems));
        using var connection = database.Open();
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        var declaration = connection.QueryFirstOrDefault<(string Org, string Framework, string Item, DateTime? Superseded)?>(connection.Sql("""
            SELECT org_code, framework_id, item_id, superseded_at FROM assurance_declaration WHERE declaration_id = $id
            """), new { id = declarationId }, tx) ?? throw new InvalidDataException($"there is no declaration {declarationId}");
        access.Demand(AssuranceStore.CanDeclare(access, declaration.Org), $"add evidence files for {declaration.Org}");
        if (declaration.Superseded is not null)
            throw new InvalidDataException($"declaration {declarationId} has been revised: add the files to the revision in force");
        var stored = Store(connection, tx, declarationId, files, access.Name, Database.Now());
        AuditLog.Commit(database, connection, tx, access.Name, "assurance.evidence.add", declaration.Org,
            $"{declaration.Framework} {declaration.Item} declaration {declarationId}: {Describe(stored)}");
        return stored;
    }

    /// <summary>Stores checked files on a declaration inside the caller's transaction (the caller audits and commits).</summary>
    internal static IReadOnlyList<EvidenceFile> Store(DbConnection connection, DbTransaction tx, long declarationId, IEnumerable<Checked> files,
        string by, DateTime now)
    {
        var stored = new List<EvidenceFile>();
        foreach (var f in files)
        {
            var file = new EvidenceFile(RandomNumberGenerator.GetHexString(32, lowercase: true), declarationId, f.FileName, f.MediaType,
                f.Content.LongLength, f.Sha256, by, now);
            connection.Execute(connection.Sql("""
                INSERT INTO assurance_evidence (token, declaration_id, file_name, media_type, size_bytes, sha256, content, added_by, added_at)
                VALUES ($Token, $DeclarationId, $FileName, $MediaType, $SizeBytes, $Sha256, $content, $AddedBy, $AddedAt)
                """), new { file.Token, file.DeclarationId, file.FileName, file.MediaType, file.SizeBytes, file.Sha256, content = f.Content, file.AddedBy, file.AddedAt }, tx);
            stored.Add(file);
        }
        return stored;
    }

    /// <summary>For the audit trail: each file's name and the start of its hash.</summary>
    internal static string Describe(IEnumerable<EvidenceFile> files) =>
        string.Join(", ", files.Select(f => $"{f.FileName} (SHA-256 {f.Sha256[..12]})"));

    /// <summary>The files of the given declaration revisions (any role that may see declarations: all but the public one).</summary>
    public static IReadOnlyDictionary<long, IReadOnlyList<EvidenceFile>> Of(Database database, Access access, IEnumerable<long> declarationIds)
    {
        access.Demand(access.Role != Role.Public, "see assurance declarations");
        var ids = declarationIds.ToHashSet();
        if (ids.Count == 0) return new Dictionary<long, IReadOnlyList<EvidenceFile>>();
        using var connection = database.Open();
        using var reading = database.Reading();
        return connection.Query<FileRow>("""
                SELECT token, declaration_id, file_name, media_type, size_bytes, sha256, added_by, added_at FROM assurance_evidence
                ORDER BY added_at, file_name
                """).Where(r => ids.Contains(r.declaration_id)).Select(r => r.File)
            .GroupBy(f => f.DeclarationId).ToDictionary(g => g.Key, g => (IReadOnlyList<EvidenceFile>)[.. g]);
    }

    /// <summary>
    /// One file and its content by its token, for the roles that may see its declaration (all but the public one); the
    /// download is audited. Null when there is no such file.
    /// </summary>
    public static (EvidenceFile File, byte[] Content)? Open(Database database, Access access, string token)
    {
        access.Demand(access.Role != Role.Public, "see assurance evidence files");
        if (token.Length != 32 || !token.All(char.IsAsciiHexDigitLower)) return null;
        EvidenceFile file;
        byte[] content;
        string org;
        using (var connection = database.Open())
        using (database.Reading())
        {
            var row = connection.QueryFirstOrDefault<FileRow>(connection.Sql("""
                SELECT token, declaration_id, file_name, media_type, size_bytes, sha256, added_by, added_at FROM assurance_evidence WHERE token = $token
                """), new { token });
            if (row is null) return null;
            file = row.File;
            org = connection.ExecuteScalar<string>(connection.Sql("SELECT org_code FROM assurance_declaration WHERE declaration_id = $id"),
                new { id = file.DeclarationId }) ?? "";
            using var reader = (DbDataReader)connection.ExecuteReader(connection.Sql("SELECT content FROM assurance_evidence WHERE token = $token"), new { token });
            reader.Read();
            content = reader.Bytes(0);
        }
        AuditLog.Append(database, access.Name, "assurance.evidence.download", org,
            $"declaration {file.DeclarationId}: {file.FileName} (SHA-256 {file.Sha256[..12]})");
        return (file, content);
    }

#pragma warning disable IDE1006, CA1812 // Dapper fills it from the columns
    private sealed record FileRow(string token, long declaration_id, string file_name, string media_type, long size_bytes, string sha256,
        string added_by, DateTime added_at)
    {
        public EvidenceFile File => new(token, declaration_id, file_name, media_type, size_bytes, sha256, added_by, added_at);
    }
#pragma warning restore IDE1006, CA1812
}
