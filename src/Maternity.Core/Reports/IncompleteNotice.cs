using System.Globalization;
using Maternity.Indicators;

namespace Maternity.Reports;

/// <summary>
/// What a window with incomplete months tells its reader, in parts a lay reader can scan: one short sentence with the
/// window and how many of its months are incomplete (<see cref="Summary"/>), then each source short of complete months
/// ("bookings: 6 of 12 months complete") and the months kept out of the SPC chart's limits and signals
/// (<see cref="LeftOut"/>). The months are those of <see cref="EquityDetail.IncompleteMonths"/>, the ones the chart excludes.
/// </summary>
/// <param name="Months">Months in the window (12 for the pages and the pack).</param>
/// <param name="Incomplete">The window's months that some source does not hold completely, in order.</param>
/// <param name="Sources">The sources with fewer complete months than the window has, each with its count.</param>
public sealed record IncompleteNotice(DateOnly From, DateOnly To, int Months, IReadOnlyList<DateOnly> Incomplete,
    IReadOnlyList<IncompleteNotice.SourceLine> Sources)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One source's complete months in the window: "bookings: 6 of 12 months complete".</summary>
    public sealed record SourceLine(string Name, int Complete, int Months)
    {
        public string Text => string.Create(Inv, $"{Name}: {Complete} of {Months} months complete");
    }

    /// <summary>The notice for the window <paramref name="from"/> to <paramref name="to"/>; null when every month is complete.</summary>
    public static IncompleteNotice? Build(IReadOnlyList<DataCoverage.Source> sources, DateOnly from, DateOnly to)
    {
        var incomplete = EquityDetail.IncompleteMonths(sources, from, to).Select(m => m.Month).ToList();
        if (incomplete.Count == 0) return null;
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
        return new IncompleteNotice(from, to, months, incomplete,
            [.. sources.Where(s => s.CompleteIn(from, to) < months).Select(s => new SourceLine(s.Name, s.CompleteIn(from, to), months))]);
    }

    /// <summary>"October 2024 to September 2025: 9 of these 12 months do not yet hold all their data."</summary>
    public string Summary => string.Create(Inv,
        $"{From.ToString("MMMM yyyy", Inv)} to {To.ToString("MMMM yyyy", Inv)}: {Incomplete.Count} of these {Months} months " +
        $"{(Incomplete.Count == 1 ? "does" : "do")} not yet hold all their data.");

    /// <summary>The incomplete months as runs: "October 2024 to January 2025, March 2025 and May to September 2025".</summary>
    public string LeftOut => Runs(Incomplete);

    /// <summary>Consecutive months joined into runs, a run within one year naming the year once.</summary>
    public static string Runs(IReadOnlyList<DateOnly> months)
    {
        var runs = new List<(DateOnly First, DateOnly Last)>();
        foreach (var m in months.Order())
            if (runs.Count > 0 && runs[^1].Last.AddMonths(1) == m) runs[^1] = (runs[^1].First, m);
            else runs.Add((m, m));
        var text = runs.Select(r => r.First == r.Last ? r.First.ToString("MMMM yyyy", Inv)
            : r.First.Year == r.Last.Year ? $"{r.First.ToString("MMMM", Inv)} to {r.Last.ToString("MMMM yyyy", Inv)}"
            : $"{r.First.ToString("MMMM yyyy", Inv)} to {r.Last.ToString("MMMM yyyy", Inv)}").ToList();
        return text.Count <= 1 ? string.Concat(text) : $"{string.Join(", ", text[..^1])} and {text[^1]}";
    }
}
