using System.Globalization;
using System.Text.RegularExpressions;
using Maternity.Plans;

namespace Maternity.Programme;

/// <summary>
/// The funding register against its profile on a day: each instalment's due date and state, each stream's amount,
/// profile, receipts, allocations and spend, and the money due and received month by month.
/// Due dates: the Due column when given; else from When and the stream's financial year: H1 = 30 September,
/// H2 = 31 March, Mn = the last day of the nth month of the year (M1 = April, M4 = July, M10 = January), Year = 31 March.
/// An instalment is Received once a received date is recorded; else Overdue after its due date; else AtRisk when a risk
/// is recorded or its stream's conditions say "subject to"; else Due within 31 days; else Expected. Pure: the day is given.
/// </summary>
public sealed partial record FundingStatus(DateOnly Today, IReadOnlyList<FundingStatus.StreamStatus> Streams, IReadOnlyList<FundingStatus.Instalment> Instalments,
    IReadOnlyList<FundingStatus.Month> Months)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public sealed record StreamStatus(string Id, string Source, string Purpose, string Year, decimal Amount, string? Conditions, decimal Profiled,
        decimal Received, decimal Allocated, decimal Spent, IReadOnlyList<string> Actions)
    {
        /// <summary>The allocation not yet set out in instalments (a profile that does not add up shows here).</summary>
        public decimal Unprofiled => Amount - Profiled;
    }

    public sealed record Instalment(string Id, string Stream, string Purpose, string When, decimal Amount, DateOnly Due, DateOnly? Received,
        string? Risk, InstalmentState State);

    /// <summary>One calendar month: the money due in it, received in it, and both cumulative to its end.</summary>
    public sealed record Month(DateOnly Start, decimal Due, decimal Received, decimal CumulativeDue, decimal CumulativeReceived);

    /// <summary>An amount as the plans write it: £150,000 (pence only when there are any).</summary>
    public static string Pounds(decimal amount) => "£" + amount.ToString(amount % 1 == 0 ? "#,##0" : "#,##0.00", Inv);

    /// <summary>The state as a page or pack shows it.</summary>
    public static string Label(InstalmentState state) => state == InstalmentState.AtRisk ? "At risk" : state.ToString();

    public IReadOnlyList<Instalment> Overdue => [.. Instalments.Where(i => i.State == InstalmentState.Overdue)];

    public decimal Total => Streams.Sum(s => s.Amount);

    public decimal TotalReceived => Streams.Sum(s => s.Received);

    public static FundingStatus Build(ProgrammeStore.Registers registers, DateOnly today)
    {
        var streams = registers.Rows("funding.streams");
        var byId = streams.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var instalments = registers.Rows("funding.instalments").Select(i =>
        {
            var stream = byId.GetValueOrDefault(i.Text("Stream")!);
            var when = i.Text("When")!;
            var due = i.Date("Due") ?? DueDate(when, stream?.Text("Year"))
                ?? throw new InvalidDataException($"funding.instalments {i.Id}: When '{when}' is not H1, H2, M1-M12 or Year and no Due date is given");
            var received = i.Date("Received");
            var risk = i.Text("Risk") ?? (stream?.Text("Conditions") is { } c && c.Contains("subject to", StringComparison.OrdinalIgnoreCase) ? c : null);
            var state = received is not null ? InstalmentState.Received
                : due < today ? InstalmentState.Overdue
                : risk is not null ? InstalmentState.AtRisk
                : due <= today.AddDays(31) ? InstalmentState.Due
                : InstalmentState.Expected;
            return new Instalment(i.Id, i.Text("Stream")!, stream?.Text("Purpose") ?? "", when, i.Number("Amount") ?? 0, due, received, risk, state);
        }).OrderBy(i => i.Due).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var allocations = registers.Rows("funding.allocations");
        var rows = streams.Select(s => new StreamStatus(s.Id, s.Text("Source")!, s.Text("Purpose")!, s.Text("Year")!, s.Number("Amount") ?? 0, s.Text("Conditions"),
            instalments.Where(i => i.Stream == s.Id).Sum(i => i.Amount),
            instalments.Where(i => i.Stream == s.Id && i.Received is not null).Sum(i => i.Amount),
            allocations.Where(a => a.Text("Stream") == s.Id).Sum(a => a.Number("Amount") ?? 0),
            allocations.Where(a => a.Text("Stream") == s.Id).Sum(a => a.Number("Spent") ?? 0), s.List("Actions"))).ToList();
        return new FundingStatus(today, rows, instalments, Profile(instalments));
    }

    /// <summary>The due date When names in the financial year (e.g. 2022-23), or null when it names none.</summary>
    public static DateOnly? DueDate(string when, string? year)
    {
        if (!FinancialQuarter.TryParseFinancialYear(year, out var start)) return null;
        var april = new DateOnly(start, 4, 1);
        var text = when.Trim().ToUpperInvariant();
        if (text == "H1") return new DateOnly(start, 9, 30);
        if (text is "H2" or "YEAR" or "ANNUAL") return new DateOnly(start + 1, 3, 31);
        var m = MonthPattern().Match(text);
        if (!m.Success) return null;
        var n = int.Parse(m.Groups[1].Value, Inv);
        return n is < 1 or > 12 ? null : april.AddMonths(n).AddDays(-1);
    }

    private static List<Month> Profile(List<Instalment> instalments)
    {
        if (instalments.Count == 0) return [];
        static DateOnly First(DateOnly d) => new(d.Year, d.Month, 1);
        var dates = instalments.Select(i => i.Due).Concat(instalments.Where(i => i.Received is not null).Select(i => i.Received!.Value)).ToList();
        var months = new List<Month>();
        decimal dueSoFar = 0, receivedSoFar = 0;
        for (var m = First(dates.Min()); m <= First(dates.Max()); m = m.AddMonths(1))
        {
            var month = m;
            var due = instalments.Where(i => First(i.Due) == month).Sum(i => i.Amount);
            var received = instalments.Where(i => i.Received is { } r && First(r) == month).Sum(i => i.Amount);
            dueSoFar += due;
            receivedSoFar += received;
            months.Add(new Month(month, due, received, dueSoFar, receivedSoFar));
        }
        return months;
    }

    [GeneratedRegex(@"^M(\d{1,2})$")]
    private static partial Regex MonthPattern();
}
