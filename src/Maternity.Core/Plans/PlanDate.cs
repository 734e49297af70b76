using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Maternity.Plans;

/// <summary>
/// A date as a plan states it: a day, or a month ("March 2023", meaning by the end of that month). Month dates keep
/// their precision so that they are written back as they were given, and fall due at the month's last day.
/// </summary>
[JsonConverter(typeof(PlanDateJson))]
public readonly partial record struct PlanDate(DateOnly Date, bool MonthOnly)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] DayFormats = ["yyyy-MM-dd", "d/M/yyyy", "d/M/yy", "d MMMM yyyy", "d MMM yyyy", "d-MMM-yyyy", "d-MMM-yy", "MMMM d yyyy", "d.M.yyyy"];

    private static readonly string[] MonthFormats = ["MMMM yyyy", "MMM yyyy", "MMM-yy", "MMM-yyyy", "MMMM-yy", "yyyy-MM", "M/yyyy", "MM/yyyy"];

    public static PlanDate Day(DateOnly date) => new(date, false);

    public static PlanDate Month(int year, int month) => new(new DateOnly(year, month, DateTime.DaysInMonth(year, month)), true);

    /// <summary>
    /// Reads "2024-03-31", "31/03/2024", "30th November 2021", "30 Nov 2021", "March 2023", "Mar-23" or "2023-03";
    /// day-first, as the NHS writes dates. False for anything else.
    /// </summary>
    public static bool TryParse(string? text, out PlanDate value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = Ordinal().Replace(Spaces().Replace(text.Trim().TrimEnd('.'), " "), "$1");
        if (DateOnly.TryParseExact(t, DayFormats, Inv, DateTimeStyles.AllowWhiteSpaces, out var day))
        {
            value = Day(day);
            return true;
        }
        if (DateOnly.TryParseExact(t, MonthFormats, Inv, DateTimeStyles.AllowWhiteSpaces, out var month))
        {
            value = Month(month.Year, month.Month);
            return true;
        }
        // "Sept 2023": the one month abbreviation .NET does not know.
        if (t.StartsWith("Sept", StringComparison.OrdinalIgnoreCase) && TryParse("Sep" + t[4..], out value)) return true;
        return false;
    }

    public static PlanDate Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a date (e.g. 2024-03-31, 31/03/2024 or March 2024)");

    /// <summary>yyyy-MM-dd for a day, "MMMM yyyy" for a month: the text <see cref="TryParse"/> reads back to the same value.</summary>
    public override string ToString() => MonthOnly ? Date.ToString("MMMM yyyy", Inv) : Date.ToString("yyyy-MM-dd", Inv);

    [GeneratedRegex(@"(\d)(st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private sealed class PlanDateJson : JsonConverter<PlanDate>
    {
        public override PlanDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryParse(reader.GetString(), out var value) ? value : throw new JsonException($"'{reader.GetString()}' is not a date (yyyy-MM-dd or 'March 2024')");

        public override void Write(Utf8JsonWriter writer, PlanDate value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
