using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Maternity.Ingest;

namespace Maternity.Web;

/// <summary>
/// Any JSON table of the API as a CSV download (<c>?format=csv</c>): one column per property, nested lists joined
/// with "; ", text cells neutralised against spreadsheet formulas, numbers and dates invariant.
/// </summary>
public static class CsvResult
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The rows as JSON, or as a CSV file named <paramref name="name"/> when <paramref name="format"/> is "csv".</summary>
    public static IResult Table<T>(IEnumerable<T> rows, string? format, string name)
    {
        if (!string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)) return Results.Ok(rows);
        var list = rows.ToList();
        var properties = (list.FirstOrDefault()?.GetType() ?? typeof(T)).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        var csv = new StringBuilder();
        csv.Append(string.Join(',', properties.Select(p => p.Name))).Append('\n');
        foreach (var row in list)
            csv.Append(string.Join(',', properties.Select(p => Cell(p.GetValue(row))))).Append('\n');
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", name + ".csv");
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => QuarantineReport.Csv(s),
        DateOnly d => d.ToString("yyyy-MM-dd", Inv),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", Inv),
        double v => double.IsFinite(v) ? v.ToString("R", Inv) : "",
        float v => float.IsFinite(v) ? v.ToString("R", Inv) : "",
        IFormattable f when value.GetType().IsPrimitive || value is decimal => f.ToString(null, Inv),
        IEnumerable items => QuarantineReport.Csv(string.Join("; ", items.Cast<object?>().Select(i => i is null ? "" : Convert.ToString(i, Inv)))),
        _ => QuarantineReport.Csv(Convert.ToString(value, Inv)),
    };
}
