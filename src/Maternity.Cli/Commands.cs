using System.CommandLine;
using System.Globalization;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Storage;
using Maternity.Synthetic;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary>The <c>maternity</c> command tree. Each action is a thin call into Core.</summary>
internal static class Commands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly Option<DirectoryInfo> DataOption = new("--data")
    {
        Description = "Data directory holding the store (maternity.duckdb). Default: $MATERNITY_DATA or ./data",
        Recursive = true,
        DefaultValueFactory = _ => new DirectoryInfo(Environment.GetEnvironmentVariable("MATERNITY_DATA") is { Length: > 0 } d ? d : "data"),
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("""
            Maternity Equity: load maternity data, measure outcomes and data quality by ethnicity, deprivation and trust,
            and report to the LMNS Board. Exit codes: 0 ok, 1 failure, 2 bad input (nothing changed), 3 loaded with quarantined rows.
            """);
        root.Options.Add(DataOption);
        root.Subcommands.Add(Demo());
        root.Subcommands.Add(Generate());
        root.Subcommands.Add(IngestCommand());
        root.Subcommands.Add(IndicatorsCommand());
        root.Subcommands.Add(ReferenceCommand());
        root.Subcommands.Add(DbCommand());
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(DocsCommand());
        root.Subcommands.Add(StatsCommands.Build(Guard));
        return root;
    }

    private static Database Open(ParseResult result)
    {
        var database = Database.DuckDbFile(Path.Combine(result.GetValue(DataOption)!.FullName, "maternity.duckdb"));
        Migrator.Migrate(database);
        return database;
    }

    /// <summary>Runs an action, turning bad input into exit code 2 with the message, and anything else into 1.</summary>
    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (InvalidDataException e)
        {
            AnsiConsole.MarkupLine($"[red]Bad input:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (FileNotFoundException e)
        {
            AnsiConsole.MarkupLine($"[red]Not found:[/] {Markup.Escape(e.FileName ?? e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            AnsiConsole.MarkupLine($"[red]Failed:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Failed;
        }
    }

    private static Command Demo()
    {
        var births = new Option<int>("--births") { Description = "Births a year in the demo LMNS", DefaultValueFactory = _ => 30_000 };
        var months = new Option<int>("--months") { Description = "Months of data", DefaultValueFactory = _ => 12 };
        var port = new Option<int>("--port") { Description = "Port for the dashboard on 127.0.0.1", DefaultValueFactory = _ => 5080 };
        var noServe = new Option<bool>("--no-serve") { Description = "Stop after the summary instead of serving the dashboard" };
        var command = new Command("demo", "Generate a synthetic LMNS, load it, compute the indicators, print a summary and serve the dashboard at http://127.0.0.1:5080.")
        {
            births, months, port, noServe,
        };
        command.SetAction(result => Guard(() =>
        {
            var data = result.GetValue(DataOption)!.FullName;
            var demoDir = Path.Combine(data, "demo-input");
            var store = Path.Combine(data, "maternity.duckdb");
            foreach (var file in new[] { store, store + ".wal" }.Where(File.Exists)) File.Delete(file);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var manifest = RunGenerate(new GeneratorOptions(demoDir, result.GetValue(births), result.GetValue(months)));
            var database = Open(result);
            OrgHierarchy.Demo.Store(database);
            var imd = ImdImporter.Import(database, Path.Combine(demoDir, manifest.ImdFile));
            if (!imd.Succeeded) throw new InvalidDataException(string.Join(Environment.NewLine, imd.Problems));
            var reports = RunIngest(database, manifest.Files.Select(f => Path.Combine(demoDir, f)), null);
            var summary = IndicatorEngine.Compute(database);
            clock.Stop();
            var rows = reports.Sum(r => r.RowsRead);
            var ingestSeconds = reports.Sum(r => r.Elapsed.TotalSeconds);
            AnsiConsole.MarkupLine(Inv, $"Demo ready in {clock.Elapsed.TotalSeconds:F1} s: {manifest.Births:N0} births, {rows:N0} rows ingested at {rows / ingestSeconds:N0} rows/s, {summary.CountRows:N0} counts for {summary.Indicators} indicators.");
            PrintSummary(database, "LMNSX1");
            if (result.GetValue(noServe)) return ExitCodes.Ok;
            return RunServe(database, result.GetValue(port));
        }));
        return command;
    }

    private static Command Generate()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the MSDS-shaped files", DefaultValueFactory = _ => new DirectoryInfo("synthetic") };
        var births = new Option<int>("--births") { Description = "Births a year", DefaultValueFactory = _ => 30_000 };
        var months = new Option<int>("--months") { Description = "Months of births", DefaultValueFactory = _ => 12 };
        var start = new Option<string>("--start") { Description = "First month, yyyy-MM", DefaultValueFactory = _ => "2025-04" };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same files", DefaultValueFactory = _ => 20_240_401 };
        var invalid = new Option<double>("--invalid-rate") { Description = "Share of babies written with a defect ingest must reject", DefaultValueFactory = _ => 0.001 };
        var command = new Command("generate", "Write a synthetic LMNS (MSDS-shaped CSV files, a synthetic IMD file and manifest.json) with known ethnic and deprivation effects and data-quality defects.")
        {
            output, births, months, start, seed, invalid,
        };
        command.SetAction(result => Guard(() =>
        {
            if (!DateOnly.TryParseExact(result.GetValue(start) + "-01", "yyyy-MM-dd", Inv, DateTimeStyles.None, out var first))
                throw new InvalidDataException($"--start '{result.GetValue(start)}' is not a month in the form yyyy-MM");
            var manifest = RunGenerate(new GeneratorOptions(result.GetValue(output)!.FullName, result.GetValue(births), result.GetValue(months), first, result.GetValue(seed), result.GetValue(invalid)));
            var table = new Table().AddColumns("File", "Rows", "Defective rows", "Rows ingest will reject");
            foreach (var (name, rows) in manifest.RowsWritten)
                table.AddRow(name + ".csv", rows.ToString("N0", Inv), manifest.DefectsInjected[name].ToString("N0", Inv), manifest.ExpectedQuarantined[name].ToString("N0", Inv));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{manifest.Births:N0} births written to {result.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static GeneratorManifest RunGenerate(GeneratorOptions options)
    {
        GeneratorManifest? manifest = null;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"Generating {options.TotalBirths:N0} births", maxValue: 1);
                manifest = LmnsGenerator.Generate(options, new Progress<double>(p => task.Value = p));
                task.Value = 1;
            });
        return manifest!;
    }

    private static Command IngestCommand()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "MSDS-shaped CSV files, or directories of them; loaded parents first", Arity = ArgumentArity.OneOrMore };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "JSON mapping from a local extract's columns and codes to the MSDS shape" };
        var report = new Option<FileInfo?>("--report") { Description = "Write every quarantined row (file, row, column, value, reason) to this CSV" };
        var command = new Command("ingest", "Validate and load MSDS-shaped files. Each (provider, month, table) submission replaces the earlier one; rejected rows go to quarantine with row, column and reason.")
        {
            files, mapping, report,
        };
        command.SetAction(result => Guard(() =>
        {
            var database = Open(result);
            var paths = result.GetValue(files)!.SelectMany(f => Directory.Exists(f.FullName)
                ? Directory.GetFiles(f.FullName, "MSD*.csv")
                : File.Exists(f.FullName) ? [f.FullName] : throw new FileNotFoundException("no such file", f.FullName)).ToList();
            var map = result.GetValue(mapping) is { } m ? ExtractMapping.Load(m.FullName) : null;
            var reports = RunIngest(database, paths, map);
            if (result.GetValue(report) is { } reportFile)
            {
                var written = QuarantineReport.Write(database, reports.Select(r => r.RunId), reportFile.FullName);
                AnsiConsole.WriteLine($"{written:N0} quarantine entries written to {reportFile.FullName}");
            }
            return reports.Any(r => r.RowsQuarantined > 0) ? ExitCodes.RowsQuarantined : ExitCodes.Ok;
        }));
        return command;
    }

    private static List<IngestReport> RunIngest(Database database, IEnumerable<string> paths, ExtractMapping? mapping)
    {
        var reports = new List<IngestReport>();
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new SynchronousProgress<IngestProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.File, out var task)) tasks[p.File] = task = ctx.AddTask($"Loading {p.File}", maxValue: Math.Max(1, p.BytesTotal));
                    task.Value = p.BytesRead;
                    task.Description = $"Loading {p.File} ({p.Rows:N0} rows)";
                });
                reports.AddRange(Ingester.IngestAll(database, paths, mapping, progress));
            });
        var table = new Table().AddColumns("File", "Table", "Rows read", "Loaded", "Quarantined", "Loaded as not valid", "Submissions", "Seconds");
        foreach (var r in reports)
        {
            table.AddRow(r.File, r.Table, r.RowsRead.ToString("N0", Inv), r.RowsLoaded.ToString("N0", Inv),
                r.RowsQuarantined > 0 ? $"[yellow]{r.RowsQuarantined:N0}[/]" : "0",
                string.Join(", ", r.Warnings.Select(w => $"{w.Key} {w.Value:N0}")), r.Submissions.Count.ToString(Inv), r.Elapsed.TotalSeconds.ToString("F2", Inv));
        }
        AnsiConsole.Write(table);
        foreach (var r in reports.Where(r => r.Issues.Count > 0))
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(r.File)}[/]: {r.RowsQuarantined:N0} rows quarantined (run {r.RunId}); the first of them:");
            foreach (var issue in r.Issues.Take(10))
                AnsiConsole.MarkupLine(Markup.Escape($"  row {issue.Row}, {issue.Column} '{issue.Value}': {issue.Reason}"));
        }
        if (reports.Any(r => r.IgnoredColumns.Count > 0))
            foreach (var r in reports.Where(r => r.IgnoredColumns.Count > 0))
                AnsiConsole.MarkupLine(Markup.Escape($"{r.File}: columns not in {r.Table}, ignored: {string.Join(", ", r.IgnoredColumns)}"));
        return reports;
    }

    private static Command IndicatorsCommand()
    {
        var org = new Option<string>("--org") { Description = "Org code (a trust or the LMNS)", DefaultValueFactory = _ => "LMNSX1" };
        var noCompute = new Option<bool>("--no-compute") { Description = "Show the stored counts without recomputing them" };
        var command = new Command("indicators", "Recompute every indicator's counts from the loaded records and print the last 12 months by ethnic group and IMD quintile.")
        {
            org, noCompute,
        };
        command.SetAction(result => Guard(() =>
        {
            var database = Open(result);
            if (!result.GetValue(noCompute))
            {
                var summary = IndicatorEngine.Compute(database);
                AnsiConsole.WriteLine($"{summary.CountRows:N0} counts for {summary.Indicators} indicators in {summary.Elapsed.TotalSeconds:F2} s");
            }
            PrintSummary(database, result.GetValue(org)!);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void PrintSummary(Database database, string org)
    {
        var periods = IndicatorSummary.Periods(database);
        if (periods.Count == 0)
        {
            AnsiConsole.WriteLine("No counts yet: load data with 'maternity ingest' first.");
            return;
        }
        var to = periods[^1];
        var from = periods.Count > 12 ? periods[^12] : periods[0];
        var table = new Table().Title($"{org}, {from:MMM yyyy} to {to:MMM yyyy} (95% CI)")
            .AddColumns("Indicator", "Group", "Numerator", "Denominator", "Value", "95% CI", "Target");
        foreach (var definition in Catalogue.Definitions)
        {
            foreach (var row in IndicatorSummary.For(database, definition, org, from, to))
            {
                var v = row.Value;
                var value = v.MeetsTarget == false ? $"[red]{v.Interval.Value:F1}[/]" : v.Interval.Value.ToString("F1", Inv);
                table.AddRow(row.Breakdown == "Total" ? definition.Id : "", row.Breakdown switch { "Total" => "All", "ImdQuintile" => $"IMD quintile {row.Group}", _ => row.Group },
                    v.Numerator.ToString("N0", Inv), v.Denominator.ToString("N0", Inv), value,
                    $"{v.Interval.Lower:F1}-{v.Interval.Upper:F1}", row.Breakdown == "Total" && definition.Target is { } t ? $"{(definition.HigherIsBetter ? ">=" : "<=")}{t}" : "");
            }
        }
        AnsiConsole.Write(table);
    }

    private static Command ReferenceCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "IMD 2019 File 1 as CSV (official layout)" };
        var edition = new Option<string>("--edition") { Description = "Edition label stored with the deciles", DefaultValueFactory = _ => "IMD2019" };
        var imd = new Command("import-imd", "Import the English Indices of Deprivation (IMD) by LSOA from the official File 1 CSV. Replaces the edition; changes nothing if any row is bad.")
        {
            file, edition,
        };
        imd.SetAction(result => Guard(() =>
        {
            var database = Open(result);
            var path = result.GetValue(file)!.FullName;
            if (!File.Exists(path)) throw new FileNotFoundException("no such file", path);
            var outcome = ImdImporter.Import(database, path, result.GetValue(edition)!);
            if (!outcome.Succeeded)
            {
                foreach (var problem in outcome.Problems) AnsiConsole.WriteLine(problem);
                AnsiConsole.MarkupLine("[red]Nothing imported.[/]");
                return ExitCodes.BadInput;
            }
            AnsiConsole.WriteLine($"{outcome.Rows:N0} LSOAs imported as {outcome.Edition}.");
            return ExitCodes.Ok;
        }));
        var orgFile = new Argument<FileInfo>("file") { Description = "JSON file: {\"orgs\":[{\"code\",\"name\",\"type\",\"parent\"}]}" };
        var orgs = new Command("import-orgs", "Replace the organisation hierarchy (regions, ICBs, LMNSs, trusts, sites) with the one in a JSON file.") { orgFile };
        orgs.SetAction(result => Guard(() =>
        {
            var database = Open(result);
            var hierarchy = OrgHierarchy.Load(result.GetValue(orgFile)!.FullName);
            hierarchy.Store(database);
            AnsiConsole.WriteLine($"{hierarchy.Orgs.Count} organisations stored.");
            return ExitCodes.Ok;
        }));
        return new Command("reference", "Reference data: deprivation by LSOA and the organisation hierarchy.") { imd, orgs };
    }

    private static Command DbCommand()
    {
        var migrate = new Command("migrate", "Create or upgrade the store's schema to this version.");
        migrate.SetAction(result => Guard(() =>
        {
            var database = Database.DuckDbFile(Path.Combine(result.GetValue(DataOption)!.FullName, "maternity.duckdb"));
            var applied = Migrator.Migrate(database);
            AnsiConsole.WriteLine(applied.Count == 0 ? $"{database.Description} is up to date." : $"Applied migrations {string.Join(", ", applied)} to {database.Description}.");
            return ExitCodes.Ok;
        }));
        return new Command("db", "Manage the store.") { migrate };
    }

    private static Command DocsCommand()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write data-model.md and indicators.md into", DefaultValueFactory = _ => new DirectoryInfo("docs") };
        var command = new Command("docs", "Write the generated reference documents (data model and indicator definitions) from the code that defines them.") { output };
        command.SetAction(result => Guard(() =>
        {
            var dir = result.GetValue(output)!.FullName;
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "data-model.md"), DataModelDocument.Markdown());
            File.WriteAllText(Path.Combine(dir, "indicators.md"), IndicatorDocument.Markdown());
            AnsiConsole.WriteLine($"Wrote data-model.md and indicators.md to {dir}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Serve()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 5080 };
        var command = new Command("serve", "Serve the web dashboard and JSON API on http://127.0.0.1:PORT.") { port };
        command.SetAction(result => Guard(() => RunServe(Open(result), result.GetValue(port))));
        return command;
    }

    private static int RunServe(Database database, int port)
    {
        var app = Maternity.Web.WebApp.Create(database, urls: $"http://127.0.0.1:{port}");
        AnsiConsole.WriteLine($"Serving http://127.0.0.1:{port}  (Ctrl+C to stop)");
        app.Run();
        return ExitCodes.Ok;
    }
}
