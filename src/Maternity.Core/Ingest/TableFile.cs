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
