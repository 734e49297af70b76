using System.Globalization;
using System.Text.RegularExpressions;

namespace Maternity.Measures;

/// <summary>
/// The periods of a measure's frequency, written as people write them: a month "2025-04"; a financial quarter
/// "2025/26 Q1" (April to June 2025); a financial year "2025/26"; a calendar year "2025". Each is stored as its first day.
/// </summary>
public static partial class MeasurePeriod
{
    public static DateOnly? Parse(string text, Frequency frequency)
    {
        text = text.Trim();
        switch (frequency)
        {
            case Frequency.Month:
                return DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;
            case Frequency.Quarter:
                if (QuarterText().Match(text) is { Success: true } q && FinancialYearStart(q.Groups[1].Value, q.Groups[2].Value) is { } fy)
                    return fy.AddMonths(3 * (int.Parse(q.Groups[3].Value, CultureInfo.InvariantCulture) - 1));
                return Parse(text, Frequency.Month) is { Month: 1 or 4 or 7 or 10 } start ? start : null;
            case Frequency.FinancialYear:
                return YearText().Match(text) is { Success: true } y ? FinancialYearStart(y.Groups[1].Value, y.Groups[2].Value) : null;
            default:
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1990 and <= 2100 ? new DateOnly(year, 1, 1) : null;
        }
    }

    public static string Format(DateOnly start, Frequency frequency) => frequency switch
    {
        Frequency.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        Frequency.Quarter => $"{FinancialYear(start)} Q{((start.Month + 8) % 12) / 3 + 1}",
        Frequency.FinancialYear => FinancialYear(start),
        _ => start.Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The frequency in words: "month", "quarter", "financial year", "year".</summary>
    public static string Name(Frequency frequency) => frequency == Frequency.FinancialYear ? "financial year" : frequency.ToString().ToLowerInvariant();

    /// <summary>How a period is written for <paramref name="frequency"/>, for an error message.</summary>
    public static string Form(Frequency frequency) => frequency switch
    {
        Frequency.Month => "a month such as 2025-04",
        Frequency.Quarter => "a financial quarter such as 2025/26 Q1 (April to June 2025)",
        Frequency.FinancialYear => "a financial year such as 2025/26",
        _ => "a year such as 2025",
    };

    /// <summary>The first day after the period.</summary>
    public static DateOnly End(DateOnly start, Frequency frequency) => start.AddMonths(frequency switch
    {
        Frequency.Month => 1,
        Frequency.Quarter => 3,
        _ => 12,
    });

    /// <summary>The period of <paramref name="frequency"/> that holds <paramref name="day"/>.</summary>
    public static DateOnly Containing(DateOnly day, Frequency frequency) => frequency switch
    {
        Frequency.Month => new DateOnly(day.Year, day.Month, 1),
        Frequency.Quarter => new DateOnly(day.Year, day.Month, 1).AddMonths(-((day.Month + 8) % 12 % 3)),
        Frequency.FinancialYear => new DateOnly(day.Month >= 4 ? day.Year : day.Year - 1, 4, 1),
        _ => new DateOnly(day.Year, 1, 1),
    };

    private static string FinancialYear(DateOnly start)
    {
        var first = start.Month >= 4 ? start.Year : start.Year - 1;
        return $"{first}/{(first + 1) % 100:00}";
    }

    private static DateOnly? FinancialYearStart(string first, string second)
    {
        var year = int.Parse(first, CultureInfo.InvariantCulture);
        return (year + 1) % 100 == int.Parse(second, CultureInfo.InvariantCulture) % 100 ? new DateOnly(year, 4, 1) : null;
    }

    [GeneratedRegex(@"^(\d{4})/(\d{2}|\d{4})\s*Q([1-4])$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex QuarterText();

    [GeneratedRegex(@"^(\d{4})/(\d{2}|\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex YearText();
}
