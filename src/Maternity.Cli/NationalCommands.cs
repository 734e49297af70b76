using System.CommandLine;
using System.Globalization;
using Maternity.National;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary>
/// <c>maternity national</c>: the published national statistics loaded with <c>returns import-national</c>, as the
/// /national pages show them (see docs/national.md).
/// </summary>
internal static class NationalCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var list = new Command("list", "The publications loaded, one per period, with their files, rows and suppressed or blank cells.");
        list.SetAction(r => guard(() =>
        {
            var publications = NationalView.Publications(open(r));
            if (publications.Count == 0) AnsiConsole.WriteLine("No national publication loaded: maternity returns import-national FILE...");
            foreach (var p in publications)
                AnsiConsole.WriteLine(string.Create(Inv, $"{p.Label} ({p.Name}): {p.File}, {p.Rows:N0} rows, {p.Missing:N0} suppressed or blank cells, loaded {p.LoadedAt:yyyy-MM-dd HH:mm}"));
            return ExitCodes.Ok;
        }));

        var rate = new Argument<string?>("rate") { Description = "A published rate (SMOKING_BOOKING, NAT_CAESAREAN ...); none for every rate", Arity = ArgumentArity.ZeroOrOne };
        var org = new Option<string?>("--org") { Description = "A trust's code, or an LMNS code (the sum of its trusts, where the hierarchy is loaded)" };
        var year = new Option<string?>("--year") { Description = "Financial year, e.g. 2022-23 (default: the latest)" };
        var min = new Option<double>("--min-coverage") { Description = "Least coverage (% of the organisation's deliveries recorded) for a rate to be compared", DefaultValueFactory = _ => NationalView.DefaultMinCoverage };
        var show = new Command("show", "Published rates for an organisation beside England: value with its approximate interval (counts published rounded to 5), coverage, and the verdict against England where the rounding cannot change it.") { rate, org, year, min };
        show.SetAction(r => guard(() =>
        {
            var database = open(r);
            var chosen = NationalView.Choose(database, r.GetValue(org));
            if (r.GetValue(org) is { } wanted && chosen is null) throw new ArgumentException($"'{wanted}' is not a trust or LMNS of the loaded publications");
            var start = NationalOverview.Start(r.GetValue(year));
            var published = NationalView.Publications(database).Where(p => p.PeriodType == "FinancialYear").ToList();
            if (r.GetValue(year) is { } asked && (start is null || published.All(p => p.Start != start)))
                throw new InvalidDataException($"'{asked}' is not a financial year of the loaded publications: {string.Join(", ", published.Select(p => p.Label))}");
            var minCoverage = r.GetValue(min);
            if (r.GetValue(rate) is { } id)
            {
                var definition = NationalMapping.FindRate(id) ?? throw new ArgumentException($"'{id}' is not a published rate: {string.Join(", ", NationalMapping.Rates.Select(x => x.Id))}");
                var figures = NationalView.Figures(database, definition, minCoverage);
                AnsiConsole.WriteLine($"{definition.Title}: {definition.Note}");
                foreach (var f in figures.Where(f => f.Level == "National" || (chosen is not null && f.Org.Equals(chosen.Code, StringComparison.OrdinalIgnoreCase)))
                    .Where(f => start is null || f.Start == start))
                    AnsiConsole.WriteLine($"  {f.Period} {f.OrgName}: {Line(f)}");
                return ExitCodes.Ok;
            }
            var rows = NationalView.Overview(database, chosen?.Code, start, minCoverage);
            if (rows.Count == 0) AnsiConsole.WriteLine("No national publication loaded: maternity returns import-national FILE...");
            var table = new Table().AddColumns("Rate", "England", chosen?.Name ?? "Organisation", "Against England");
            foreach (var row in rows)
                table.AddRow(Markup.Escape(row.Rate.Id), Markup.Escape(Line(row.England)), Markup.Escape(chosen is null ? "-" : Line(row.Org)), Markup.Escape(row.Verdict));
            if (rows.Count > 0)
            {
                AnsiConsole.WriteLine($"{rows[0].England?.Period ?? rows[0].Org?.Period}, published rounded to 5: intervals approximate; low coverage below {minCoverage.ToString("0.#", Inv)}%");
                AnsiConsole.Write(table);
            }
            return ExitCodes.Ok;
        }));

        var historyYear = new Option<string?>("--year") { Description = "Only the replaced loads of this period, e.g. 2022-23" };
        var changes = new Option<int>("--changes") { Description = "How many changed, added or removed cells to print per replaced load", DefaultValueFactory = _ => 20 };
        var history = new Command("history", "The publications replaced by a later load of the same period, with their rows kept, each compared with the load that replaced it: cells changed, added and removed.") { historyYear, changes };
        history.SetAction(r => guard(() =>
        {
            var database = open(r);
            var loads = NationalHistory.Loads(database).Where(l => r.GetValue(historyYear) is not { } y || l.Label == y).ToList();
            if (loads.Count == 0) AnsiConsole.WriteLine("No publication has been replaced: loading a period again keeps the earlier load here.");
            var most = Math.Max(0, r.GetValue(changes));
            foreach (var load in loads)
            {
                var c = NationalHistory.Compare(database, load);
                AnsiConsole.WriteLine(string.Create(Inv, $"{load.Label} ({load.Publication}): {load.File}, loaded {load.LoadedAt:yyyy-MM-dd HH:mm}, {load.RowsKept:N0} of {load.Rows:N0} rows kept; replaced {load.ReplacedAt:yyyy-MM-dd HH:mm} by {load.ReplacedBy}"));
                AnsiConsole.WriteLine(string.Create(Inv, $"  against {c.Against}: {c.Unchanged:N0} cells unchanged, {c.Changed.Count:N0} changed, {c.Added.Count:N0} added, {c.Removed.Count:N0} removed"));
                var all = c.Changed.Select(x => ("changed", x)).Concat(c.Added.Select(x => ("added", x))).Concat(c.Removed.Select(x => ("removed", x))).ToList();
                foreach (var (kind, x) in all.Take(most))
                    AnsiConsole.WriteLine(Markup.Escape($"  {kind}: {x.Dimension} / {x.Category}, {x.Org} {NationalView.Title(x.OrgName)} ({x.CountOf}): {Cell(x.BeforePresent, x.Before, x.BeforeMarker)} -> {Cell(x.AfterPresent, x.After, x.AfterMarker)}"));
                if (all.Count > most) AnsiConsole.WriteLine(string.Create(Inv, $"  and {all.Count - most:N0} more (--changes N to see more)"));
            }
            return ExitCodes.Ok;
        }));

        return new Command("national", "The published national maternity statistics: publications loaded, rates beside England with coverage, replaced loads.") { list, show, history };
    }

    private static string Cell(bool present, long? value, string? marker) =>
        !present ? "none" : value is { } v ? v.ToString("N0", Inv) : $"missing ('{marker}')";

    private static string Line(NationalView.Figure? f) => f is null ? "-"
        : f.Value is null ? $"not shown ({f.Withheld})"
        : NationalView.Format(f) + (f.Coverage is { } c ? string.Create(Inv, $", coverage {c:0}%{(f.LowCoverage ? " LOW" : "")}") : ", coverage unknown");
}
