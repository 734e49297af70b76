using System.Globalization;

namespace Maternity.Ingest;

/// <summary>
/// The words of every reason a row of an MSDS file is quarantined for, in one place: the row-by-row reader
/// (<see cref="Ingester"/>) and the set-wise checks DuckDB runs (<see cref="EngineChecks"/>) both take their messages
/// from here, so a row is refused in the same words whichever way the file was read. A reason with a value in it
/// (a date, a month) is a function of that value; the SQL side calls it with a marker and splices its expression in.
/// </summary>
internal static class RowRules
{
    /// <summary>The earliest date any column may hold.</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    public const string Required = "a value is required";
    public const string NotAWholeNumber = "not a whole number";
    public const string NotANumber = "not a number";
    public const string PeriodNotFirstOfMonth = "the reporting period must start on the first day of a month";

    public static string NotADate(IEnumerable<string> formats) => $"not a date in the form {string.Join(" or ", formats)}";

    public static string OutOfRange(ColumnSpec column) => column.Kind == ColumnKind.WholeNumber
        ? $"outside the range {column.Min}-{column.Max}{(column.Unit is null ? "" : " " + column.Unit)}"
        : $"outside the range {column.Min}-{column.Max}";

    public static string NotValid(ColumnSpec column) =>
        column.Kind == ColumnKind.Code ? $"not a valid code ({column.Rule})" : $"not a valid value ({column.Rule})";

    public static string IsBefore(string earlier, string earlierDate) => $"is before {earlier} ({earlierDate})";

    public static string PeriodAfterCurrentMonth(DateOnly thisMonth) => $"a reporting period after the current month ({Month(thisMonth)})";

    public static string BeforeEarliest => $"before {Day(Earliest)}";

    public static string MoreThanAYearFromPeriod(string periodMonth) => $"more than a year from the reporting period ({periodMonth})";

    public static string AfterToday(DateOnly today) => $"after today ({Day(today)})";

    public static string MonthsAfterPeriod(string periodMonth) =>
        $"more than {Ingester.MonthsAfterPeriod} months after the reporting period ({periodMonth}) ends";

    public static string MayNotLoad(string who, string org) => $"{who} may not load records of {org}";

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
