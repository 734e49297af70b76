using System.CommandLine;
using System.Globalization;
using Maternity.Ingest;
using Maternity.Storage;
using Maternity.Wres;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity wres</c>: the Workforce Race Equality Standard by trust, staff group and year. See docs/wres.md.</summary>
internal static class WresCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var output = new Option<FileInfo?>("--out") { Description = "File to write: CSV, or XLSX when it ends in .xlsx (default: the console, CSV)" };
        var templateOrg = new Option<string>("--org") { Description = "The trust's code to put in each row", DefaultValueFactory = _ => "RXX" };
        var templateYear = new Option<int>("--year") { Description = "The WRES year (staff as at 31 March)", DefaultValueFactory = _ => DateTime.UtcNow.Year };
        var template = new Command("template", "Write a blank WRES file: a row per count for the whole trust, maternity and neonatal staff, and the board.")
            { output, templateOrg, templateYear };
        template.SetAction(r => guard(() =>
        {
            var rows = WresFile.Template(r.GetValue(output)?.FullName, r.GetValue(templateOrg)!.ToUpperInvariant(), r.GetValue(templateYear));
            if (r.GetValue(output) is { } o) AnsiConsole.WriteLine($"{rows:N0} rows written to {o.FullName}");
            return ExitCodes.Ok;
        }));

        var files = new Argument<FileInfo[]>("files") { Description = "WRES files, CSV or XLSX (sheet WRES)", Arity = ArgumentArity.OneOrMore };
        var import = new Command("import", "Load WRES files: each is checked in full and refused with every bad cell named, or replaces the trust's data for its years and staff groups; then the consistency checks are printed.")
            { files };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var code = ExitCodes.Ok;
            foreach (var f in r.GetValue(files)!)
            {
                if (!f.Exists) throw new FileNotFoundException("no such file", f.FullName);
                var result = WresStore.Import(database, Commands.Operator, f.FullName);
                if (!result.Imported)
                {
                    AnsiConsole.MarkupLine($"[red]{Markup.Escape(result.File)}: refused, nothing changed[/] ({result.Issues.Count} problems)");
                    foreach (var issue in result.Issues.Take(50)) AnsiConsole.WriteLine($"  {issue.Reason}");
                    code = ExitCodes.BadInput;
                    continue;
                }
                AnsiConsole.WriteLine($"{result.File}: {result.Rows} rows loaded for {result.Groups} trust, year and staff group(s)");
                foreach (var check in result.Checks) AnsiConsole.WriteLine($"  check: {check.Org} {check.Year} {check.StaffGroup}, {check.Cell}: {check.Message}");
            }
            return code;
        }));

        var org = new Option<string?>("--org") { Description = "A trust or LMNS code (default: the only LMNS loaded, its trusts' counts pooled)" };
        var year = new Option<int?>("--year") { Description = "The WRES year (default: the latest loaded)" };
        var group = new Option<string?>("--group") { Description = "Trust (default), Maternity or Neonatal" };
        var show = new Command("show", "Print the nine WRES indicators for a trust or LMNS, year and staff group, with intervals, what they say and the checks of the data.")
            { org, year, group };
        show.SetAction(r => guard(() =>
        {
            var view = WresView.Build(open(r), Commands.Operator, r.GetValue(org), r.GetValue(year), r.GetValue(group));
            if (view.Report is null)
            {
                AnsiConsole.WriteLine($"No WRES data loaded for {view.Org} ({view.StaffGroup}); see 'maternity wres template' and 'maternity wres import'.");
                return ExitCodes.Ok;
            }
            AnsiConsole.MarkupLine($"[bold]WRES {view.Year}: {Markup.Escape(view.OrgName)} ({view.Org}), {(view.StaffGroup == "Trust" ? "whole trust" : view.StaffGroup.ToLowerInvariant())} staff[/]"
                + (view.IsLmns ? $" (pooled from {string.Join(", ", view.Report.Trusts)})" : ""));
            var table = new Table().AddColumns("Ind", "Measure", "White", "BME", "Value", "95% interval", "What it says");
            foreach (var l in WresView.Lines(view.Report))
                table.AddRow(l.Indicator, Markup.Escape(l.Measure), Pair(l.WhiteNumerator, l.WhiteDenominator), Pair(l.BmeNumerator, l.BmeDenominator),
                    l.Value is { } v ? v.ToString(l.Unit == "ratio" ? "0.00" : "0.0", Inv) + (l.Unit == "%" ? "%" : "") : "-",
                    l.Lower is { } lo && l.Upper is { } up ? $"{lo.ToString("0.00", Inv)} to {up.ToString("0.00", Inv)}" : "", Markup.Escape(l.Statement));
            AnsiConsole.Write(table);
            if (view.IsLmns && view.MeanLikelihoods.Count > 0)
                AnsiConsole.WriteLine("Unweighted mean of the trusts' relative likelihoods: "
                    + string.Join("; ", view.MeanLikelihoods.OrderBy(m => m.Key).Select(m => $"indicator {m.Key} {m.Value.ToString("0.00", Inv)}")));
            foreach (var check in view.Checks) AnsiConsole.WriteLine($"check: {check.Org} {check.Year} {check.StaffGroup}, {check.Cell}: {check.Message}");
            return ExitCodes.Ok;
        }));

        var exportOut = new Option<FileInfo?>("--out") { Description = "File to write: CSV, or XLSX when it ends in .xlsx (default: the console, CSV)" };
        var export = new Command("export", "Write the nine indicators of every trust (and the LMNS pooled), year and staff group loaded, in the national order with counts and intervals.")
            { org, exportOut };
        export.SetAction(r => guard(() =>
        {
            var database = open(r);
            var first = WresView.Build(database, Commands.Operator, r.GetValue(org));
            var lines = new List<IReadOnlyList<string>>();
            foreach (var who in first.IsLmns ? first.Orgs.Select(o => o.Code) : [first.Org])
                foreach (var y in first.Years)
                    foreach (var g in WresFile.StaffGroups)
                    {
                        var v = WresView.Build(database, Commands.Operator, who, y, g);
                        if (v.Report is null || v.Report.Year != y || v.Report.StaffGroup != g) continue;
                        lines.AddRange(WresView.Lines(v.Report).Select(l => (IReadOnlyList<string>)[l.Org, Text(l.Year), l.StaffGroup, l.Indicator, l.Measure,
                            Text(l.WhiteNumerator), Text(l.WhiteDenominator), Text(l.BmeNumerator), Text(l.BmeDenominator), Text(l.Value), Text(l.Lower), Text(l.Upper), l.Unit,
                            l.Statement, l.Exactness]));
                    }
            var sheet = new TableFile.SheetData("Indicators", ExportColumns, lines);
            var rows = r.GetValue(exportOut) is { } o ? TableFile.Write(o.FullName, sheet) : TableFile.WriteCsv(Console.Out, sheet);
            if (r.GetValue(exportOut) is { } written) AnsiConsole.WriteLine($"{rows:N0} rows written to {written.FullName}");
            return ExitCodes.Ok;
        }));

        return new Command("wres", "The Workforce Race Equality Standard by trust, staff group (whole trust, maternity, neonatal) and year: template, import, show, export. See docs/wres.md.")
            { template, import, show, export };
    }

    private static readonly string[] ExportColumns =
        ["Org", "Year", "StaffGroup", "Indicator", "Measure", "WhiteNumerator", "WhiteDenominator", "BmeNumerator", "BmeDenominator", "Value", "Lower", "Upper", "Unit", "Statement", "Counts"];

    private static string Pair(long? numerator, long? denominator) => numerator is { } n && denominator is { } d ? $"{n:N0}/{d:N0}" : "";

    private static string Text(long? v) => v?.ToString(Inv) ?? "";

    private static string Text(int v) => v.ToString(Inv);

    private static string Text(double? v) => v is { } x ? x.ToString("0.######", Inv) : "";
}
