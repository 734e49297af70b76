using System.Globalization;
using System.Text;
using Maternity.Ingest;
using Maternity.Plans;

namespace Maternity.Programme;

/// <summary>
/// Reads and writes any register's sheet as CSV or as a worksheet of an XLSX workbook, driven by its <see cref="ProgrammeSheet"/>: the header must name the
/// required columns (others unknown are refused, so a misspelt column is not silently dropped); every cell is checked
/// for its kind and put in canonical form. Problems come back as row issues (row as a spreadsheet numbers it, column,
/// value, reason); the caller changes nothing when there are any.
/// </summary>
public static class ProgrammeFile
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    /// <summary>The rows of a sheet read from a file: each row's number in the file and its fields in canonical form.</summary>
    public sealed record Content(ProgrammeSheet Sheet, IReadOnlyList<(long Row, string Id, IReadOnlyDictionary<string, string> Fields)> Rows,
        IReadOnlyList<RowIssue> Issues);

    /// <summary>
    /// Reads the sheet from <paramref name="path"/>: a CSV file, or the worksheet of an XLSX workbook named after the sheet
    /// (<c>instalments</c>; the workbook's first worksheet when none is so named), read through <see cref="TableFile"/>.
    /// </summary>
    public static Content Read(string path, ProgrammeSheet sheet)
    {
        if (TableFile.IsXlsx(path)) return ReadWorksheet(path, sheet, TableFile.Read(path, sheet.Name)!.Value);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path), sheet);
    }

    /// <summary>
    /// The sheets of <paramref name="register"/> an XLSX workbook holds, one worksheet each named after its sheet
    /// (streams, instalments, allocations), in the register's order so a sheet is read before those that refer to it.
    /// A register of one sheet is read from the workbook's first worksheet when none is named after it.
    /// </summary>
    public static IReadOnlyList<Content> ReadWorkbook(string path, string register)
    {
        var sheets = ProgrammeRegisters.Of(register);
        var names = MiniExcelLibs.MiniExcel.GetSheetNames(path);
        var present = sheets.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (present.Count == 0 && sheets.Count == 1) present = [sheets[0]];
        if (present.Count == 0)
            throw new InvalidDataException($"{Path.GetFileName(path)}: the workbook has no worksheet named after a sheet of the {register} register " +
                $"({string.Join(", ", sheets.Select(s => s.Name))}); its worksheets are {string.Join(", ", names)}");
        return [.. present.Select(s => Read(path, s))];
    }

    private static Content ReadWorksheet(string path, ProgrammeSheet sheet,
        (List<string> Header, IEnumerable<(long Row, Dictionary<string, string> Cells)> Rows) table)
    {
        var header = table.Header;
        var rows = table.Rows.Select(r => (r.Row, Cells: header.Select(h => r.Cells.TryGetValue(h, out var v) ? v : "").ToArray(), (RowIssue?)null));
        var content = Check(sheet, header, rows);
        // Every problem says which worksheet it is on, as a workbook holds several.
        return content with { Issues = [.. content.Issues.Select(i => i with { Reason = $"sheet {sheet.Name}: {i.Reason}" })] };
    }

    public static Content Read(TextReader text, string file, ProgrammeSheet sheet)
    {
        using var csv = CsvText.Open(text, file);
        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToList();
        return Check(sheet, header, CsvRows(csv, file, header.Count));
    }

    private static IEnumerable<(long Row, string[] Cells, RowIssue? Problem)> CsvRows(Sylvan.Data.Csv.CsvDataReader csv, string file, int width)
    {
        for (long row = 2; CsvText.Read(csv, file, row); row++)
        {
            if (CsvText.Ragged(csv, row) is { } ragged) { yield return (row, [], ragged); continue; }
            yield return (row, [.. Enumerable.Range(0, width).Select(csv.GetString)], null);
        }
    }

    /// <summary>Checks a sheet's header and every cell of its rows, whichever file they came from.</summary>
    private static Content Check(ProgrammeSheet sheet, List<string> header, IEnumerable<(long Row, string[] Cells, RowIssue? Problem)> lines)
    {
        var issues = new List<RowIssue>();
        var rows = new List<(long, string, IReadOnlyDictionary<string, string>)>();
        var columns = new ProgrammeColumn?[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            columns[i] = sheet.Column(header[i]);
            if (columns[i] is null)
                issues.Add(new RowIssue(1, header[i], null,
                    $"{sheet.Key} has no column '{header[i]}'; its columns are {string.Join(", ", sheet.Columns.Select(c => c.Name))}"));
        }
        foreach (var missing in sheet.Columns.Where(c => c.Required && !columns.Contains(c)))
            issues.Add(new RowIssue(1, missing.Name, null, $"the required column {missing.Name} is missing"));
        if (issues.Count > 0) return new Content(sheet, rows, issues);
        var seen = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, cells, problem) in lines)
        {
            if (problem is not null) { issues.Add(problem); continue; }
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                var column = columns[i]!;
                var raw = cells[i].Trim();
                if (raw.Contains(CsvText.Undecodable, StringComparison.Ordinal)) { issues.Add(new RowIssue(row, column.Name, raw, CsvText.NotUtf8)); continue; }
                if (raw.Length == 0)
                {
                    if (column.Required) issues.Add(new RowIssue(row, column.Name, raw, $"{column.Name} is required"));
                    continue;
                }
                if (Canonical(column, raw, out var value) is { } bad) issues.Add(new RowIssue(row, column.Name, raw, bad));
                else fields[column.Name] = value;
            }
            if (!fields.TryGetValue("Id", out var id)) continue;
            if (seen.TryGetValue(id, out var first)) { issues.Add(new RowIssue(row, "Id", id, $"id {id} is also on row {first}")); continue; }
            seen[id] = row;
            rows.Add((row, id, fields));
        }
        return new Content(sheet, rows, issues);
    }

    /// <summary>Why <paramref name="raw"/> cannot go in <paramref name="column"/>, or null with its canonical form.</summary>
    public static string? Canonical(ProgrammeColumn column, string raw, out string value)
    {
        value = raw;
        switch (column.Kind)
        {
            case ProgrammeValueKind.Date:
                if (!DateOnly.TryParseExact(raw, DateFormats, Inv, DateTimeStyles.None, out var date)) return "not a date: write it as yyyy-mm-dd";
                value = date.ToString("yyyy-MM-dd", Inv);
                return null;
            case ProgrammeValueKind.Money or ProgrammeValueKind.Number:
                var number = raw.Replace("£", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim();
                if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, Inv, out var d))
                    return column.Kind == ProgrammeValueKind.Money ? "not an amount in pounds, e.g. 150000 or £150,000" : "not a number of zero or more, e.g. 0.2";
                value = d.ToString("0.##########", Inv);
                return null;
            case ProgrammeValueKind.Whole:
                if (!long.TryParse(raw.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, Inv, out var w)) return "not a whole number of zero or more";
                value = w.ToString(Inv);
                return null;
            case ProgrammeValueKind.FinancialYear:
                if (!FinancialQuarter.TryParseFinancialYear(raw, out var year)) return "not a financial year like 2022-23";
                value = FinancialQuarter.FinancialYearText(year);
                return null;
            case ProgrammeValueKind.Choice:
                var choice = column.Choices.FirstOrDefault(c => string.Equals(c, raw, StringComparison.OrdinalIgnoreCase));
                if (choice is null) return $"not one of {string.Join(", ", column.Choices)}";
                value = choice;
                return null;
            case ProgrammeValueKind.List or ProgrammeValueKind.Actions:
                value = string.Join("; ", raw.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Writes sheets of a register as the XLSX workbook they are imported from: one worksheet each, named after the sheet,
    /// with the same columns as the CSV (through <see cref="TableFile.Write"/>). Returns the rows of the first sheet.
    /// </summary>
    public static long WriteWorkbook(string path, IEnumerable<(ProgrammeSheet Sheet, IEnumerable<ProgrammeEntry> Entries)> sheets) =>
        TableFile.Write(path, [.. sheets.Select(s => new TableFile.SheetData(s.Sheet.Name, [.. s.Sheet.Columns.Select(c => c.Name)],
            s.Entries.Select(e => (IReadOnlyList<string>)[.. s.Sheet.Columns.Select(c => e.Text(c.Name) ?? "")])))]);

    /// <summary>Writes the rows of a sheet as the CSV it is imported from; returns the number of rows.</summary>
    public static int Write(ProgrammeSheet sheet, IEnumerable<ProgrammeEntry> entries, TextWriter writer)
    {
        writer.Write(string.Join(',', sheet.Columns.Select(c => c.Name)));
        writer.Write('\n');
        var count = 0;
        foreach (var e in entries)
        {
            writer.Write(string.Join(',', sheet.Columns.Select(c => QuarantineReport.Csv(e.Text(c.Name)))));
            writer.Write('\n');
            count++;
        }
        return count;
    }
}
