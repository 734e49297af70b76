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

        var files = new Argument<FileInfo[]>("files")
        {
            Description = "WRES files, CSV or XLSX (sheet WRES); a file with a Person column is a staff extract",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var staff = new Option<FileInfo[]>("--staff")
        {
            Description = "Record-level staff extracts (one row a person, CSV or XLSX sheet Staff), aggregated here; the person reference is not stored",
            AllowMultipleArgumentsPerToken = true,
        };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "JSON mapping of a staff extract's local column names and codes (docs/wres.md)" };
        var import = new Command("import", "Load WRES files or staff extracts: each is checked in full and refused with every bad cell named, or replaces the trust's data for its years and staff groups; then the consistency checks are printed.")
            { files, staff, mapping };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var code = ExitCodes.Ok;
            var map = r.GetValue(mapping) is { } m ? ExtractMapping.Load(m.FullName) : null;
            var all = (r.GetValue(files) ?? []).Select(f => (File: f, Staff: (bool?)null)).Concat((r.GetValue(staff) ?? []).Select(f => (File: f, Staff: (bool?)true))).ToList();
            if (all.Count == 0) throw new InvalidDataException("give WRES files, or staff extracts with --staff");
            foreach (var (f, isStaff) in all)
            {
                if (!f.Exists) throw new FileNotFoundException("no such file", f.FullName);
                var result = WresStore.Import(database, Commands.Operator, f.FullName, staff: isStaff, mapping: map);
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

        var lmnsOption = new Option<string?>("--lmns") { Description = "The LMNS (default: the only one loaded)" };
        var define = new Option<bool>("--define") { Description = $"Define the measures ({WresModelEmployer.SeniorMeasure}, {WresModelEmployer.WorkforceMeasure} and one a band, {string.Join(", ", WresModelEmployer.BandGroups.Select(g => g.MeasureId))}) first if the LMNS has not" };
        var trajectory = new Command("trajectory",
            $"Write the Model Employer measures from the WRES data loaded (each trust's BME share at band 8a and above, at each band 8a to VSM whose measure is defined, and of its workforce, every WRES year) and set the trajectory to the workforce share by {WresModelEmployer.ByYear}; then print it.")
            { lmnsOption, define };
        trajectory.SetAction(r => guard(() =>
        {
            var database = open(r);
            var lmns = r.GetValue(lmnsOption) is { Length: > 0 } l ? l.ToUpperInvariant() : Maternity.Plans.PlanStore.DefaultLmns(database);
            if (r.GetValue(define))
                Maternity.Measures.MeasureStore.Import(database, Commands.Operator, lmns, new Maternity.Measures.MeasureFile.Content([.. WresModelEmployer.Definitions(lmns), .. WresModelEmployer.BandDefinitions(lmns)], [], []));
            var written = WresModelEmployer.Write(database, Commands.Operator, lmns);
            if (written.NotDefined.Count > 0)
            {
                AnsiConsole.WriteLine($"{lmns} has not defined the measure(s) {string.Join(", ", written.NotDefined)}: add them to its measures file (docs/wres.md) or run with --define.");
                return ExitCodes.BadInput;
            }
            if (written.Values is { Imported: false } refused)
            {
                foreach (var issue in refused.Issues.Take(20)) AnsiConsole.WriteLine($"  row {issue.Row}, {issue.Column}: {issue.Reason}");
                return ExitCodes.BadInput;
            }
            if (written.Values is { } v) AnsiConsole.WriteLine($"Values: {v.Added} added, {v.Replaced} replaced, {v.Unchanged} unchanged (how: {WresModelEmployer.How}).");
            foreach (var t in written.Targets) AnsiConsole.WriteLine($"Target {t.Org}: {t.Describe(x => x.ToString("0.0", Inv) + "%")}");
            var table = new Table().AddColumns("Org", "Year", "BME at 8a+", "Share 8a+", "Workforce share", "Trajectory", "On trajectory");
            foreach (var s in WresModelEmployer.Trajectory(database, Commands.Operator, lmns))
                table.AddRow(s.Org, Text(s.Year), Pair(s.SeniorBme, s.Senior), s.SeniorShare.ToString("0.0", Inv) + "%", s.WorkforceShare.ToString("0.0", Inv) + "%",
                    s.Due is { } d ? d.ToString("0.0", Inv) + "%" : "-", s.Meets is { } m ? (m ? "yes" : "no") : "-");
            AnsiConsole.Write(table);
            // Band by band, the Model Employer's own groups: each band's BME share against the workforce's (latest year).
            var bands = WresModelEmployer.Bands(database, Commands.Operator, lmns);
            if (bands.Count > 0)
            {
                var latest = bands.Max(b => b.Year);
                var byBand = new Table().AddColumns("Org", "Band", "BME", "Share", "Workforce share", "Trajectory", "On trajectory");
                foreach (var b in bands.Where(b => b.Year == latest))
                    byBand.AddRow(b.Org, WresModelEmployer.BandGroups.First(g => g.MeasureId == b.Measure).Name, Pair(b.SeniorBme, b.Senior), b.SeniorShare.ToString("0.0", Inv) + "%",
                        b.WorkforceShare.ToString("0.0", Inv) + "%", b.Due is { } d ? d.ToString("0.0", Inv) + "%" : "-", b.Meets is { } m ? (m ? "yes" : "no") : "-");
                AnsiConsole.WriteLine($"By band, WRES year {latest.ToString(Inv)}:");
                AnsiConsole.Write(byBand);
            }
            return ExitCodes.Ok;
        }));

        return new Command("wres", "The Workforce Race Equality Standard by trust, staff group (whole trust, maternity, neonatal) and year: template, import, show, export, trajectory. See docs/wres.md.")
            { template, import, show, export, trajectory };
    }

    private static readonly string[] ExportColumns =
        ["Org", "Year", "StaffGroup", "Indicator", "Measure", "WhiteNumerator", "WhiteDenominator", "BmeNumerator", "BmeDenominator", "Value", "Lower", "Upper", "Unit", "Statement", "Counts"];

    private static string Pair(long? numerator, long? denominator) => numerator is { } n && denominator is { } d ? $"{n:N0}/{d:N0}" : "";

    private static string Text(long? v) => v?.ToString(Inv) ?? "";

    private static string Text(int v) => v.ToString(Inv);

    private static string Text(double? v) => v is { } x ? x.ToString("0.######", Inv) : "";
}
