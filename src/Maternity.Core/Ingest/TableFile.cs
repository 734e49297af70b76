using System.Globalization;
using System.IO.Compression;
using Sylvan.Data.Csv;

namespace Maternity.Ingest;

/// <summary>
/// Reads a small table a person keeps in a spreadsheet (a return, an action plan): CSV, or one sheet of an XLSX
/// workbook, every cell as text, rows numbered as the spreadsheet shows them (the header is row 1).
/// </summary>
public static class TableFile
{
    public static bool IsXlsx(string path) => path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The header and rows of <paramref name="path"/>. For a workbook, the sheet named <paramref name="sheet"/> (any case),
    /// else the first sheet; null when <paramref name="required"/> is false and the workbook has no such sheet.
    /// Dates typed as dates in a workbook come back as yyyy-MM-dd.
    /// </summary>
    public static (List<string> Header, IEnumerable<(long Row, Dictionary<string, string> Cells)> Rows)? Read(string path, string? sheet = null, bool required = true)
    {
        if (IsXlsx(path))
        {
            CheckUnpackedSize(path);
            var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(path);
            var name = sheets.FirstOrDefault(n => n.Equals(sheet, StringComparison.OrdinalIgnoreCase));
            if (name is null && !required) return null;
            name ??= sheets.FirstOrDefault() ?? throw new InvalidDataException($"{Path.GetFileName(path)}: the workbook has no sheets");
            var header = MiniExcelLibs.MiniExcel.GetColumns(path, useHeaderRow: true, sheetName: name).Select(c => c.Trim()).ToList();
            var rows = MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: true, sheetName: name)
                .Cast<IDictionary<string, object?>>()
                .Select((r, i) => (Row: (long)i + 2, Cells: r.ToDictionary(kv => kv.Key.Trim(), kv => Text(kv.Value), StringComparer.OrdinalIgnoreCase)));
            return (header, rows);
        }
        var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var csv = CsvText.Open(text, Path.GetFileName(path));
        var names = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToList();
        return (names, CsvRows(text, csv, names, Path.GetFileName(path)));
    }

    /// <summary>
    /// Every row of <paramref name="path"/> as it stands, header rows included, numbered as the spreadsheet shows them
    /// (the first row is 1): for tables whose header is not one row of distinct names, such as a Gantt chart whose
    /// financial years sit in a row above their quarters. A workbook is read from the sheet named
    /// <paramref name="sheet"/>, else its first. Short rows are padded with empty cells.
    /// </summary>
    public static IEnumerable<(long Row, string[] Cells)> ReadGrid(string path, string? sheet = null)
    {
        if (IsXlsx(path))
        {
            CheckUnpackedSize(path);
            var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(path);
            var name = sheets.FirstOrDefault(n => n.Equals(sheet, StringComparison.OrdinalIgnoreCase))
                ?? sheets.FirstOrDefault() ?? throw new InvalidDataException($"{Path.GetFileName(path)}: the workbook has no sheets");
            return MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: false, sheetName: name)
                .Cast<IDictionary<string, object?>>()
                .Select((r, i) => ((long)i + 1, r.Values.Select(Text).ToArray()));
        }
        return CsvGrid(path);
    }

    private static IEnumerable<(long Row, string[] Cells)> CsvGrid(string path)
    {
        var file = Path.GetFileName(path);
        using var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false, BufferSize = 1 << 16, MaxBufferSize = CsvText.MaxRowChars });
        var row = 0L;
        while (CsvText.Read(csv, file, row + 1))
        {
            row++;
            var cells = new string[csv.RowFieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = csv.GetString(i);
                if (cells[i].Contains(CsvText.Undecodable))
                    throw new InvalidDataException($"{file} row {row}, column {i + 1}: {CsvText.NotUtf8}. Nothing was changed.");
            }
            yield return (row, cells);
        }
    }

    /// <summary>One sheet to write: its name, header and rows of text.</summary>
    public sealed record SheetData(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows);

    /// <summary>
    /// Writes tables a person will edit and import again: an XLSX workbook with one sheet each when
    /// <paramref name="path"/> ends in .xlsx; else CSV (UTF-8 with a byte-order mark, so Excel reads it as UTF-8), the
    /// first sheet to <paramref name="path"/> and any other beside it as NAME-Sheet.csv. Cells that a spreadsheet would
    /// run as a formula are neutralised. Returns the rows written to the first sheet.
    /// </summary>
    public static long Write(string path, params SheetData[] sheets)
    {
        long first = 0;
        if (IsXlsx(path))
        {
            var workbook = new Dictionary<string, object>();
            foreach (var sheet in sheets)
            {
                var rows = sheet.Rows.Select(r => (IDictionary<string, object>)sheet.Header.Select((h, i) => (h, (object)(i < r.Count ? r[i] : ""))).ToDictionary(x => x.h, x => x.Item2)).ToList();
                if (sheet == sheets[0]) first = rows.Count;
                if (rows.Count == 0) rows.Add(sheet.Header.ToDictionary(h => h, _ => (object)""));
                workbook[sheet.Name] = rows;
            }
            MiniExcelLibs.MiniExcel.SaveAs(path, workbook, overwriteFile: true);
            return first;
        }
        foreach (var sheet in sheets)
        {
            var target = sheet == sheets[0] ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $"{Path.GetFileNameWithoutExtension(path)}-{sheet.Name}.csv");
            using var writer = new StreamWriter(target, false, new System.Text.UTF8Encoding(true));
            var count = WriteCsv(writer, sheet);
            if (sheet == sheets[0]) first = count;
        }
        return first;
    }

    /// <summary>Writes one sheet as CSV to <paramref name="writer"/> (the console, a file).</summary>
    public static long WriteCsv(TextWriter writer, SheetData sheet)
    {
        writer.Write(string.Join(',', sheet.Header.Select(QuarantineReport.Csv)) + "\r\n");
        long rows = 0;
        foreach (var row in sheet.Rows)
        {
            writer.Write(string.Join(',', row.Select(QuarantineReport.Csv)) + "\r\n");
            rows++;
        }
        return rows;
    }

    /// <summary>The most a workbook may unpack to, all its parts together.</summary>
    public const long MaxUnpackedBytes = 200L * 1024 * 1024;

    /// <summary>The most a part larger than a megabyte may unpack to, as a multiple of its packed size (sheets rarely pass 20).</summary>
    public const int MaxPackingRatio = 100;

    /// <summary>
    /// Refuses a workbook that unpacks to more than <see cref="MaxUnpackedBytes"/>, or with a part packed more than
    /// <see cref="MaxPackingRatio"/> times: an XLSX is a zip, and a few hundred kilobytes can unpack to gigabytes that
    /// the spreadsheet reader would hold in memory. The sizes the zip declares are checked, then the parts are unpacked
    /// and counted (a zip can declare false sizes), stopping at the limit; nothing is kept.
    /// </summary>
    private static void CheckUnpackedSize(string path)
    {
        var name = Path.GetFileName(path);
        InvalidDataException TooBig(string what) => new($"{name}: the workbook was not read: {what}. " +
            $"A workbook may unpack to at most {MaxUnpackedBytes / 1024 / 1024} MB and no part be packed more than {MaxPackingRatio} times; " +
            "save the sheet again from the spreadsheet program, or as CSV.");
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException($"{name}: not an XLSX workbook (it is not a zip archive).");
        }
        using (archive)
        {
            long declared = 0;
            foreach (var entry in archive.Entries)
            {
                declared += entry.Length;
                if (declared > MaxUnpackedBytes) throw TooBig($"its parts declare more than {MaxUnpackedBytes / 1024 / 1024} MB");
                if (entry.Length > 1024 * 1024 && entry.Length > entry.CompressedLength * MaxPackingRatio)
                    throw TooBig($"part {entry.FullName} unpacks from {entry.CompressedLength:N0} to {entry.Length:N0} bytes");
            }
            long unpacked = 0;
            var buffer = new byte[1 << 16];
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                long part = 0;
                for (int read; (read = stream.Read(buffer)) > 0;)
                {
                    part += read;
                    unpacked += read;
                    if (unpacked > MaxUnpackedBytes) throw TooBig($"it unpacks to more than {MaxUnpackedBytes / 1024 / 1024} MB");
                    if (part > 1024 * 1024 && part > Math.Max(entry.CompressedLength, 1) * MaxPackingRatio)
                        throw TooBig($"part {entry.FullName} unpacks to more than {MaxPackingRatio} times its packed size");
                }
            }
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// The rows of a CSV table. A row with more or fewer fields than the header, or text that was not UTF-8, refuses the
    /// file naming the row and column: these are tables a person typed, and a guess would put values in the wrong column.
    /// </summary>
    private static IEnumerable<(long Row, Dictionary<string, string> Cells)> CsvRows(StreamReader text, CsvDataReader csv, List<string> names, string file)
    {
        using (text)
        using (csv)
        {
            var row = 1L;
            while (CsvText.Read(csv, file, row + 1))
            {
                row++;
                if (CsvText.Ragged(csv, row) is { } ragged)
                    throw new InvalidDataException($"{file} row {row}, column {ragged.Column}: {ragged.Reason}. Nothing was changed.");
                for (var i = 0; i < csv.RowFieldCount; i++)
                    if (csv.GetString(i).Contains(CsvText.Undecodable))
                        throw new InvalidDataException($"{file} row {row}, column {names[i]}: {CsvText.NotUtf8}. Nothing was changed.");
                yield return (row, Enumerable.Range(0, Math.Min(names.Count, csv.RowFieldCount)).ToDictionary(i => names[i], i => csv.GetString(i), StringComparer.OrdinalIgnoreCase));
            }
        }
    }
}
