using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Maternity.Plans;

/// <summary>A quarter of an NHS financial year (Q1 = April to June), written "2022-23 Q3" as the plans' Gantt charts head their columns.</summary>
[JsonConverter(typeof(FinancialQuarterJson))]
public readonly partial record struct FinancialQuarter(int Year, int Quarter) : IComparable<FinancialQuarter>
{
    /// <summary>The quarter holding <paramref name="date"/>.</summary>
    public static FinancialQuarter Of(DateOnly date) =>
        date.Month >= 4 ? new(date.Year, (date.Month - 4) / 3 + 1) : new(date.Year - 1, 4);

    public DateOnly Start => new DateOnly(Year, 4, 1).AddMonths((Quarter - 1) * 3);

    public DateOnly End => Start.AddMonths(3).AddDays(-1);

    public FinancialQuarter Next => Quarter == 4 ? new(Year + 1, 1) : new(Year, Quarter + 1);

    /// <summary>The financial year, "2022-23".</summary>
    public string FinancialYear => FinancialYearText(Year);

    public static string FinancialYearText(int startYear) => string.Create(CultureInfo.InvariantCulture, $"{startYear}-{(startYear + 1) % 100:00}");

    /// <summary>Reads "2022-23 Q3", "Q3 2022-23", "2022/23 Q3" or "Q3 22/23".</summary>
    public static bool TryParse(string? text, out FinancialQuarter value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return false;
        var q = int.Parse(m.Groups["q1"].Success ? m.Groups["q1"].Value : m.Groups["q2"].Value, CultureInfo.InvariantCulture);
        var fy = m.Groups["fy1"].Success ? m.Groups["fy1"].Value : m.Groups["fy2"].Value;
        if (!TryParseFinancialYear(fy, out var year)) return false;
        value = new(year, q);
        return true;
    }

    /// <summary>Reads a financial year, "2024-25", "2024/25", "24/25", "FY24/25" or "2024-2025", as its starting calendar year.</summary>
    public static bool TryParseFinancialYear(string? text, out int startYear)
    {
        startYear = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = YearPattern().Match(text.Trim());
        if (!m.Success) return false;
        var a = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
        var b = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
        if (a < 100) a += 2000;
        if (b % 100 != (a + 1) % 100) return false;
        startYear = a;
        return true;
    }

    public int CompareTo(FinancialQuarter other) => (Year, Quarter).CompareTo((other.Year, other.Quarter));

    public static bool operator <(FinancialQuarter a, FinancialQuarter b) => a.CompareTo(b) < 0;

    public static bool operator >(FinancialQuarter a, FinancialQuarter b) => a.CompareTo(b) > 0;

    public static bool operator <=(FinancialQuarter a, FinancialQuarter b) => a.CompareTo(b) <= 0;

    public static bool operator >=(FinancialQuarter a, FinancialQuarter b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FinancialYear} Q{Quarter}");

    [GeneratedRegex(@"^(?:(?<fy1>(?:FY\s*)?\d{2,4}\s*[-/]\s*\d{2,4})\s+Q(?<q1>[1-4])|Q(?<q2>[1-4])\s+(?<fy2>(?:FY\s*)?\d{2,4}\s*[-/]\s*\d{2,4}))$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(?:FY\s*)?(?<a>\d{2}|\d{4})\s*[-/]\s*(?<b>\d{2}|\d{4})$", RegexOptions.IgnoreCase)]
    private static partial Regex YearPattern();

    private sealed class FinancialQuarterJson : JsonConverter<FinancialQuarter>
    {
        public override FinancialQuarter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryParse(reader.GetString(), out var value) ? value : throw new JsonException($"'{reader.GetString()}' is not a quarter (e.g. 2022-23 Q3)");

        public override void Write(Utf8JsonWriter writer, FinancialQuarter value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
