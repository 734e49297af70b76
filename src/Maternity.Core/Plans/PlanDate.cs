using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Maternity.Plans;

/// <summary>
/// A date as a plan states it: a day, or a month ("March 2023", meaning by the end of that month), or a phrase the
/// plans write ("by March 2024", "by the end of 2023/24", "2027/28", "Q3 2023/24", "Throughout 2023", "By 2025").
/// A phrase falls due at the end of what it names: a month at its last day, a financial year on 31 March, a quarter
/// of a financial year at the quarter's end, a calendar year on 31 December. Month dates and phrases keep their
/// wording (<see cref="Phrase"/>), so they are written back as they were given.
/// </summary>
[JsonConverter(typeof(PlanDateJson))]
public readonly partial record struct PlanDate(DateOnly Date, bool MonthOnly)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] DayFormats = ["yyyy-MM-dd", "d/M/yyyy", "d/M/yy", "d MMMM yyyy", "d MMM yyyy", "d-MMM-yyyy", "d-MMM-yy", "MMMM d yyyy", "d.M.yyyy"];

    private static readonly string[] MonthFormats = ["MMMM yyyy", "MMM yyyy", "MMM-yy", "MMM-yyyy", "MMMM-yy", "yyyy-MM", "M/yyyy", "MM/yyyy"];

    /// <summary>The plan's own words when they are more than a day or a month ("by the end of 2023/24"), else null.</summary>
    public string? Phrase { get; init; }

    public static PlanDate Day(DateOnly date) => new(date, false);

    public static PlanDate Month(int year, int month) => new(new DateOnly(year, month, DateTime.DaysInMonth(year, month)), true);

    /// <summary>
    /// Reads "2024-03-31", "31/03/2024", "30th November 2021", "30 Nov 2021", "March 2023", "Mar-23" or "2023-03";
    /// day-first, as the NHS writes dates. Also the phrases plans write: "by ..." / "by the end of ..." / "end of ..." /
    /// "throughout ..." before a date, a month, a financial year ("2023/24", "2023-24", "FY23/24"), a quarter of one
    /// ("Q3 2023/24") or a calendar year ("2025"). False for anything else.
    /// </summary>
    public static bool TryParse(string? text, out PlanDate value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var written = Spaces().Replace(text.Trim().TrimEnd('.'), " ");
        if (TryPlain(written, out value)) return true;
        var led = Lead().Match(written).Length;
        var rest = written[led..].Trim();
        if (rest.Length == 0) return false;
        DateOnly? due = null;
        var monthOnly = true;
        if (TryPlain(rest, out var plain))
        {
            if (led == 0) return false;
            (due, monthOnly) = (plain.Date, plain.MonthOnly);
        }
        else if (FinancialQuarter.TryParse(rest, out var q)) due = q.End;
        else if (FinancialQuarter.TryParseFinancialYear(rest, out var fy)) due = new DateOnly(fy + 1, 3, 31);
        else if (Year().IsMatch(rest)) due = new DateOnly(int.Parse(rest, Inv), 12, 31);
        if (due is null) return false;
        value = new PlanDate(due.Value, monthOnly) { Phrase = written };
        return true;
    }

    private static bool TryPlain(string written, out PlanDate value)
    {
        value = default;
        var t = Ordinal().Replace(written, "$1");
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
        return t.StartsWith("Sept", StringComparison.OrdinalIgnoreCase) && t.Length > 4 && TryPlain("Sep" + t[4..], out value);
    }

    public static PlanDate Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a date (e.g. 2024-03-31, 31/03/2024 or March 2024)");

    /// <summary>
    /// The plan's phrase when it had one; else yyyy-MM-dd for a day, "MMMM yyyy" for a month: the text
    /// <see cref="TryParse"/> reads back to the same value.
    /// </summary>
    public override string ToString() => Phrase ?? (MonthOnly ? Date.ToString("MMMM yyyy", Inv) : Date.ToString("yyyy-MM-dd", Inv));

    [GeneratedRegex(@"(\d)(st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?:(?:by|before|during|throughout|until|in)\s+)?(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex Lead();

    [GeneratedRegex(@"^(19|20)\d\d$")]
    private static partial Regex Year();

    private sealed class PlanDateJson : JsonConverter<PlanDate>
    {
        public override PlanDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryParse(reader.GetString(), out var value) ? value : throw new JsonException($"'{reader.GetString()}' is not a date (yyyy-MM-dd or 'March 2024')");

        public override void Write(Utf8JsonWriter writer, PlanDate value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
