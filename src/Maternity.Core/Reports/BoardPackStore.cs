using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Reports;

/// <summary>
/// Generates board packs and keeps them: each pack's HTML, XLSX and PDF exactly as produced, with the data versions it
/// used and its figures, so last month's pack re-opens as the board saw it and this month's says what changed since.
/// </summary>
public static class BoardPackStore
{
    public sealed record Stored(string Id, string Lmns, DateOnly Period, DateTime GeneratedAt, string GeneratedBy, bool HasPdf, string? PdfNote,
        BoardPack.DataVersions Versions);

    /// <summary>A stored pack in the list, and whether the data it used have changed since it was made.</summary>
    public sealed record Listed(Stored Pack, bool DataChangedSince);

    public static readonly string[] Formats = ["html", "pdf", "xlsx"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Builds the pack of <paramref name="lmns"/> for <paramref name="period"/>, renders it in all three forms (the PDF
    /// with <see cref="Chromium"/>; without a browser the pack is kept without it and says why) and stores it. For the
    /// LMNS's analysts and admins; the pack itself is read as a viewer, so it is the same whoever makes it.
    /// <paramref name="renderHtml"/> writes the pack's HTML: the same components as the pages, so it lives in the web
    /// project (Core stays free of ASP.NET) and the command line and the web pass it in.
    /// </summary>
    public static (Stored Stored, BoardPack Pack) Generate(Database database, Access access, string lmns, DateOnly period,
        Func<BoardPack, string> renderHtml, DateOnly? asAt = null, IProgress<string>? progress = null)
    {
        access.Demand(MayGenerate(access, lmns), $"generate the board pack of {lmns}");
        var previous = Previous(database, lmns, period);
        var pack = BoardPack.Build(database, lmns, period, access.Name, asAt, previous?.Figures, previous?.GeneratedAt, progress);
        progress?.Report("HTML and XLSX");
        var html = renderHtml(pack);
        var xlsx = BoardPackWorkbook.Write(pack);
        progress?.Report("PDF");
        byte[]? pdf = null;
        string? note = null;
        try
        {
            pdf = Chromium.PrintToPdf(html);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            note = e.Message;
        }
        var stored = Save(database, pack, System.Text.Encoding.UTF8.GetBytes(html), xlsx, pdf, note);
        AuditLog.Append(database, access.Name, "report.generate", stored.Id,
            $"board pack {lmns} {period:yyyy-MM}: {pack.Attention.Count} indicators needing attention, {pack.Actions.Count} actions{(pdf is null ? "; no PDF: " + note : "")}");
        return (stored, pack);
    }

    /// <summary>Who may make an LMNS's board pack: its analysts and the admins.</summary>
    public static bool MayGenerate(Access access, string lmns) => access.Role == Role.Admin || access.Role == Role.Analyst && access.SeesRecordsOf(lmns);

    private static Stored Save(Database database, BoardPack pack, byte[] html, byte[] xlsx, byte[]? pdf, string? note)
    {
        using var connection = database.Open();
        using (database.Writing())
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{pack.Lmns}-{pack.Period:yyyy-MM}-");
            var n = connection.ExecuteScalar<long>(connection.Sql("SELECT count(*) FROM board_pack WHERE lmns_code = $lmns AND period = $period"),
                new { lmns = pack.Lmns, period = Day(pack.Period) }) + 1;
            var id = prefix + n.ToString(CultureInfo.InvariantCulture);
            connection.Execute(connection.Sql("""
                INSERT INTO board_pack (pack_id, lmns_code, period, generated_at, generated_by, data_versions, figures, html, xlsx, pdf, pdf_note)
                VALUES ($id, $lmns, $period, $at, $by, $versions, $figures, $html, $xlsx, $pdf, $note)
                """), new
            {
                id, lmns = pack.Lmns, period = Day(pack.Period), at = pack.GeneratedAt, by = pack.GeneratedBy,
                versions = JsonSerializer.Serialize(pack.Versions, Json), figures = JsonSerializer.Serialize(pack.Now, Json), html, xlsx, pdf, note,
            });
            return new Stored(id, pack.Lmns, pack.Period, pack.GeneratedAt, pack.GeneratedBy, pdf is not null, note, pack.Versions);
        }
    }

    /// <summary>Every stored pack (of <paramref name="lmns"/> when given), newest first. Board papers are public: every role may list and open them.</summary>
    public static IReadOnlyList<Listed> List(Database database, Access access, string? lmns = null)
    {
        using var connection = database.Open();
        var rows = connection.Query<(string Id, string Lmns, DateTime Period, DateTime At, string By, bool HasPdf, string? Note, string Versions)>(connection.Sql("""
            SELECT pack_id, lmns_code, period, generated_at, generated_by, pdf IS NOT NULL, pdf_note, data_versions FROM board_pack
            WHERE $lmns IS NULL OR lmns_code = $lmns ORDER BY generated_at DESC, pack_id DESC
            """), new { lmns }).ToList();
        var current = rows.Select(r => r.Lmns).Distinct().ToDictionary(l => l, l => BoardPack.CurrentVersions(database, l));
        return [.. rows.Select(r =>
        {
            var versions = JsonSerializer.Deserialize<BoardPack.DataVersions>(r.Versions, Json)!;
            // A new release of the product alone does not make the data differ.
            var changed = current[r.Lmns] with { Product = versions.Product } != versions;
            return new Listed(new Stored(r.Id, r.Lmns, DateOnly.FromDateTime(r.Period), r.At, r.By, r.HasPdf, r.Note, versions), changed);
        })];
    }

    /// <summary>One form of a stored pack exactly as generated, with a file name and media type; null when there is no such pack or form.</summary>
    public static (string FileName, string MediaType, byte[] Content)? Open(Database database, Access access, string id, string format)
    {
        if (!Formats.Contains(format)) throw new ArgumentException($"a board pack comes as {string.Join(", ", Formats)}, not '{format}'", nameof(format));
        using var connection = database.Open();
        using var reader = (DbDataReader)connection.ExecuteReader(connection.Sql($"SELECT {format} FROM board_pack WHERE pack_id = $id"), new { id });
        if (!reader.Read() || reader.IsDBNull(0)) return null;
        var media = format switch { "html" => "text/html; charset=utf-8", "pdf" => "application/pdf", _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
        return ($"board-pack-{id}.{format}", media, reader.Bytes(0));
    }

    /// <summary>The figures of the latest pack of <paramref name="lmns"/> for a month before <paramref name="period"/>, if any.</summary>
    public static (BoardPack.Figures Figures, DateTime GeneratedAt)? Previous(Database database, string lmns, DateOnly period)
    {
        using var connection = database.Open();
        var row = connection.Query<(string Figures, DateTime At)>(connection.Sql("""
            SELECT figures, generated_at FROM board_pack WHERE lmns_code = $lmns AND period < $period ORDER BY period DESC, generated_at DESC LIMIT 1
            """), new { lmns, period = Day(period) }).FirstOrDefault();
        return row.Figures is null ? null : (JsonSerializer.Deserialize<BoardPack.Figures>(row.Figures, Json)!, row.At);
    }

    private static DateTime Day(DateOnly d) => d.ToDateTime(TimeOnly.MinValue);
}
