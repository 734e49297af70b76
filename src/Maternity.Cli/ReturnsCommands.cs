using System.CommandLine;
using System.Globalization;
using Maternity.Returns;
using Maternity.Statistics;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity returns</c>: the trust monthly return, exported by a trust's instance and imported by the LMNS's.</summary>
internal static class ReturnsCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var org = new Option<string>("--org") { Description = "The trust's ODS code", Required = true };
        var period = new Option<string>("--period") { Description = "Reporting month, yyyy-MM", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: the console)" };
        var suppress = new Option<bool>("--suppress") { Description = "Pass every count through the national suppression rule (0; 1-7 as 5; else nearest 5)" };

        var export = new Command("export", "Write a trust's return for one month from its record-level counts: exactly the file the LMNS instance imports (CSV, or XLSX when --out ends in .xlsx).") { org, period, output, suppress };
        export.SetAction(r => guard(() =>
        {
            var lines = TrustReturn.Export(open(r), Commands.Operator, r.GetValue(org)!, Month(r.GetValue(period)!), r.GetValue(suppress) ? SuppressionPolicy.Default : null);
            return Write(lines, r.GetValue(output));
        }));

        var template = new Command("template", "Write a blank return for a trust and month, every indicator and breakdown group listed, generated from the catalogue (CSV, or XLSX when --out ends in .xlsx).") { org, period, output };
        template.SetAction(r => guard(() => Write(TrustReturn.Template(r.GetValue(org)!, Month(r.GetValue(period)!)), r.GetValue(output))));

        var files = new Argument<FileInfo[]>("files") { Description = "Return files, CSV or XLSX", Arity = ArgumentArity.OneOrMore };
        var suppressed = new Option<bool>("--suppressed") { Description = "The returns were sent suppressed: label their counts so, and skip the adding-up check rounding breaks" };
        var import = new Command("import", "Import trust returns: every cell is checked, a file with any bad cell changes nothing, a good one replaces the trust's earlier return for that month.") { files, suppressed };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var failed = 0;
            foreach (var file in r.GetValue(files)!)
            {
                if (!file.Exists) throw new FileNotFoundException("no such file", file.FullName);
                var result = TrustReturn.Import(database, file.FullName, r.GetValue(suppressed) ? "suppressed" : "exact");
                if (result.Imported)
                {
                    AnsiConsole.WriteLine($"{result.File}: {result.Rows:N0} counts imported for {result.Org} {result.Period:yyyy-MM}");
                    continue;
                }
                failed++;
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(result.File)}: refused, nothing changed[/] ({result.Issues.Count} problems)");
                foreach (var issue in result.Issues.Take(50))
                    AnsiConsole.WriteLine($"  {(issue.Row > 0 ? $"row {issue.Row}, " : "")}{issue.Column} '{issue.Value}': {issue.Reason}");
            }
            return failed > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }));

        var nationalFiles = new Argument<FileInfo[]>("files") { Description = "NHS Maternity Statistics MSDS CSV (annual) or Maternity Services Monthly Statistics data files", Arity = ArgumentArity.OneOrMore };
        var report = new Option<FileInfo?>("--report") { Description = "Write every skipped row (file, row, dimension, reason) to this CSV file" };
        var national = new Command("import-national", "Import NHS England's published maternity statistics (annual MSDS CSV, 2019-20 layout included, or the monthly data file): every dimension stored as published for England, regions and providers; a period loaded again replaces the earlier load. Exit 3 when any row was skipped.") { nationalFiles, report };
        national.SetAction(r => guard(() =>
        {
            var database = open(r);
            var skipped = new List<(string File, NationalStatistics.Skip Skip)>();
            foreach (var file in r.GetValue(nationalFiles)!)
            {
                if (!file.Exists) throw new FileNotFoundException("no such file", file.FullName);
                var result = NationalStatistics.Import(database, file.FullName, Commands.Operator.Name);
                AnsiConsole.WriteLine($"{result.File}: {string.Join(", ", result.Periods)}: {result.RowsRead:N0} rows read, {result.RowsStored:N0} stored, "
                    + $"{result.Skipped.Count:N0} skipped, {result.MissingCells:N0} suppressed or blank cells (stored as missing, not 0); "
                    + $"{result.Counts:N0} indicator counts (published-rounded), {result.RatesWithheld:N0} rates not shown because a part is missing");
                foreach (var d in result.Dimensions)
                    AnsiConsole.WriteLine($"  {d.Published}{(d.Canonical is { } c && c != d.Published ? $" (as {c})" : "")}: {d.Read:N0} read, {d.Stored:N0} stored, {d.Skipped:N0} skipped, {d.Missing:N0} missing");
                foreach (var line in result.Replaced) AnsiConsole.WriteLine("  " + line);
                foreach (var problem in result.Problems.Take(20)) AnsiConsole.WriteLine("  " + problem);
                if (result.Skipped.Count > 20)
                    AnsiConsole.WriteLine($"  ... and {result.Skipped.Count - 20:N0} more{(r.GetValue(report) is null ? " (--report FILE writes them all)" : "")}");
                skipped.AddRange(result.Skipped.Select(s => (result.File, s)));
            }
            if (r.GetValue(report) is { } path)
            {
                using var writer = new StreamWriter(path.FullName);
                writer.WriteLine("file,row,dimension,reason");
                foreach (var (file, s) in skipped)
                    writer.WriteLine(string.Join(",", new[] { file, s.Row.ToString(Inv), s.Dimension, s.Reason }.Select(Quote)));
                AnsiConsole.WriteLine($"{skipped.Count:N0} skipped rows written to {path.FullName}");
            }
            return skipped.Count > 0 ? ExitCodes.RowsQuarantined : ExitCodes.Ok;
        }));

        return new Command("returns", "Aggregate counts: trust monthly returns instead of records, the national publications, and the returns of the LMNS's own measures.")
        {
            export, template, import, national, MeasureCommands.Returns(guard, open),
        };
    }

    private static int Write(IEnumerable<TrustReturn.Line> lines, FileInfo? output)
    {
        if (output is null)
        {
            TrustReturn.WriteCsv(lines, Console.Out);
            return ExitCodes.Ok;
        }
        var rows = TrustReturn.Write(lines, output.FullName);
        AnsiConsole.WriteLine($"{rows:N0} rows written to {output.FullName}");
        return ExitCodes.Ok;
    }

    private static DateOnly Month(string text) => MonthText.Parse(text, "--period");

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
