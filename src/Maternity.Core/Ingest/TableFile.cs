using System.Globalization;
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
        var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true });
        var names = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToList();
        return (names, CsvRows(text, csv, names));
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static IEnumerable<(long Row, Dictionary<string, string> Cells)> CsvRows(StreamReader text, CsvDataReader csv, List<string> names)
    {
        using (text)
        using (csv)
        {
            var row = 1L;
            while (csv.Read())
            {
                row++;
                yield return (row, Enumerable.Range(0, Math.Min(names.Count, csv.RowFieldCount)).ToDictionary(i => names[i], i => csv.GetString(i), StringComparer.OrdinalIgnoreCase));
            }
        }
    }
}
