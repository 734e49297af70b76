using System.Globalization;

namespace Maternity.Cli;

/// <summary>Reads a reporting month given as <c>yyyy-MM</c> on the command line.</summary>
internal static class MonthText
{
    public static DateOnly Parse(string text, string what = "month") =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month
            : throw new InvalidDataException($"{what} '{text}' is not a month in the form yyyy-MM");
}
