using System.Globalization;
using System.Text.Json;
using Sylvan.Data.Csv;

namespace Maternity.Statistics;

/// <summary>
/// Rows of named values for the statistics commands, read from a CSV file (header row) or a JSON file (an array
/// of objects). Column names are matched without regard to case. Bad values raise an
/// <see cref="InvalidDataException"/> naming the file, row and column.
/// </summary>
public sealed class StatsInput
{
    private readonly Dictionary<string, string> _values;

    private StatsInput(string file, long row, Dictionary<string, string> values)
    {
        File = file;
        Row = row;
        _values = values;
    }

    public string File { get; }

    /// <summary>Row number as a spreadsheet shows it (CSV header = 1) or the 1-based position in a JSON array.</summary>
    public long Row { get; }

    public static IEnumerable<StatsInput> Read(string path)
    {
        var file = Path.GetFileName(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{file}: expected a JSON array of objects");
            var i = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                i++;
                if (element.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{file} item {i}: expected an object");
                yield return new StatsInput(file, i, element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.OrdinalIgnoreCase));
            }
            yield break;
        }
        using var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = Ingest.CsvText.Open(text, file);
        var row = 1L;
        while (Ingest.CsvText.Read(csv, file, row + 1))
        {
            row++;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < csv.FieldCount && c < csv.RowFieldCount; c++) values[csv.GetName(c).Trim()] = csv.GetString(c).Trim();
            yield return new StatsInput(file, row, values);
        }
    }

    public string? Text(string column) => _values.TryGetValue(column, out var v) && v.Length > 0 ? v : null;

    public double Number(string column) =>
        OptionalNumber(column) ?? throw new InvalidDataException($"{File} row {Row}, column '{column}': a number is required");

    public double? OptionalNumber(string column)
    {
        var text = Text(column);
        if (text is null) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new InvalidDataException($"{File} row {Row}, column '{column}': '{text}' is not a number");
    }
}
