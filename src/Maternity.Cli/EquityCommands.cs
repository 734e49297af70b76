using System.CommandLine;
using System.Globalization;
using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary>
/// <c>maternity equity gap</c>: an indicator's gap between each priority group and its reference, quarter by quarter;
/// <c>maternity equity spc</c>: its monthly values with the SPC chart's mean, limits and verdicts, as the page's CSV.
/// </summary>
internal static class EquityCommands
{
    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var id = new Argument<string>("indicator") { Description = "The indicator's id (see 'maternity indicators list')" };
        var org = new Option<string?>("--org") { Description = "The organisation (default: the only LMNS loaded)" };
        var to = new Option<string?>("--to") { Description = "The last month, yyyy-MM (default: the latest month complete for every source)" };
        var gap = new Command("gap", "The gap over time: each priority group's ratio to its reference group by quarter, with its 95% interval, "
            + "over the whole quarters of the 24 months to the last month; quarters with a month missing are marked.") { id, org, to };
        gap.SetAction(r => guard(() =>
        {
            var database = open(r);
            var definition = Catalogue.Find(r.GetValue(id)!) ?? throw new InvalidDataException($"no indicator '{r.GetValue(id)}'; see 'maternity indicators list'");
            var hierarchy = OrgHierarchy.Read(database);
            var code = r.GetValue(org) ?? hierarchy.OfType("LMNS").Select(o => o.Code).FirstOrDefault()
                ?? throw new InvalidDataException("no LMNS is loaded: name the organisation with --org");
            var lmns = hierarchy.OfType("LMNS").Any(o => o.Code == code) ? code : hierarchy.LmnsOf(code);
            var last = r.GetValue(to) is { } text ? MonthText.Parse(text, "--to")
                : DataCoverage.LatestComplete(DataCoverage.Read(database, lmns)) ?? IndicatorSummary.Periods(database).DefaultIfEmpty().Max();
            var cohort = MeasureStore.ForOrg(database, code)?.Cohort.Cohort ?? PriorityCohort.Default;
            var series = EquityDetail.GapOverTime(database, Commands.Operator, definition, code, last, cohort);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(definition.Title)}[/], {Markup.Escape(code)}, quarters to {last.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}");
            if (series.Count == 0) AnsiConsole.WriteLine("No whole quarter gives a priority group and its reference group to compare.");
            foreach (var s in series)
            {
                var table = new Table { Title = new TableTitle(Markup.Escape(s.Heading)) }.AddColumns("Quarter", Markup.Escape(s.Group), "Reference", "Ratio (95% interval)");
                foreach (var p in s.Points)
                    table.AddRow(p.Label + (p.Complete ? "" : $" ({p.Months} of 3 months)"),
                        p.Group is { } g ? Display.Value(g.Value.Value, definition.Unit) : "-",
                        p.Reference is { } x ? Display.Value(x.Value.Value, definition.Unit) : "-",
                        p.Group?.Ratio is { } ratio && double.IsFinite(ratio.Value)
                            ? $"{Display.Ratio(ratio.Value)} ({Display.Ratio(ratio.Lower)} to {Display.Ratio(ratio.Upper)})" : "-");
                AnsiConsole.Write(table);
            }
            return ExitCodes.Ok;
        }));
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var spc = new Command("spc", "An indicator's monthly values with its SPC chart, as CSV: the counts, the value, the p′ chart's mean, "
            + "lower and upper process limits and each month's verdict, incomplete months marked (the indicator page's monthly.csv).") { id, org, to, output };
        spc.SetAction(r => guard(() =>
        {
            var database = open(r);
            var definition = Catalogue.Find(r.GetValue(id)!) ?? throw new InvalidDataException($"no indicator '{r.GetValue(id)}'; see 'maternity indicators list'");
            var code = r.GetValue(org) ?? OrgHierarchy.Read(database).OfType("LMNS").Select(o => o.Code).FirstOrDefault()
                ?? throw new InvalidDataException("no LMNS is loaded: name the organisation with --org");
            var view = MonthlySpc.PageView(database, Commands.Operator, definition, code, r.GetValue(to) is { } text ? MonthText.Parse(text, "--to") : null);
            using var writer = r.GetValue(output) is { } file ? new StreamWriter(file.FullName) : null;
            var rows = MonthlySpc.WriteCsv(view, writer ?? Console.Out);
            if (writer is not null) AnsiConsole.WriteLine($"{rows:N0} months of {definition.Id} for {code} to {view.To:yyyy-MM} written to {r.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }));
        return new Command("equity", "Equity of outcomes between groups: the gap over time; an indicator's monthly SPC chart as CSV.") { gap, spc };
    }
}
