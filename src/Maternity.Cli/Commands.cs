using System.CommandLine;
using System.Globalization;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Security;
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

    private static readonly Option<string?> DatabaseOption = new("--database")
    {
        Description = "PostgreSQL connection string (e.g. \"Host=127.0.0.1;Database=maternity;Username=maternity;Password=...\"); default: $MATERNITY_DATABASE, else the DuckDB file in the data directory",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MATERNITY_DATABASE") is { Length: > 0 } d ? d : null,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("""
            Maternity Equity: load maternity data, measure outcomes and data quality by ethnicity, deprivation and trust,
            and report to the LMNS Board. Exit codes: 0 ok, 1 failure, 2 bad input (nothing changed), 3 loaded with quarantined rows.
            """);
        root.Options.Add(DataOption);
        root.Options.Add(DatabaseOption);
        root.Subcommands.Add(Demo());
        root.Subcommands.Add(Generate());
        root.Subcommands.Add(IngestCommand());
        root.Subcommands.Add(IndicatorsCommand());
        root.Subcommands.Add(ReferenceCommand());
        root.Subcommands.Add(DbCommand());
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(DocsCommand());
        root.Subcommands.Add(StatsCommands.Build(Guard));
        root.Subcommands.Add(QualityCommands.Build(Guard, Open));
        root.Subcommands.Add(ReturnsCommands.Build(Guard, Open));
        root.Subcommands.Add(MeasureCommands.Measures(Guard, Open));
        root.Subcommands.Add(PlanCommands.Build(Guard, Open));
        root.Subcommands.Add(WresCommands.Build(Guard, Open));
        root.Subcommands.Add(AssuranceCommands.Build(Guard, Open));
        root.Subcommands.Add(ProgrammeCommands.Build(Guard, Open));
        root.Subcommands.Add(ReportCommands.Build(Guard, Open));
        root.Subcommands.Add(SafetyCommands.Build(Guard, Open));
        root.Subcommands.Add(VoicesCommands.Build(Guard, Open));
        root.Subcommands.Add(EquityCommands.Build(Guard, Open));
        root.Subcommands.Add(NationalCommands.Build(Guard, Open));
        root.Subcommands.Add(SecurityCommands.Users(Guard, Open));
        root.Subcommands.Add(SecurityCommands.Audit(Guard, Open));
        return root;
    }

    /// <summary>
    /// The command line works on the store directly, as whoever runs it: someone who already holds the store's files or
    /// database credentials. Record-level commands are written to the audit trail under their name.
    /// </summary>
    internal static Access Operator => Access.System(Environment.UserName);

    private static Database Store(ParseResult result) =>
        Database.Open(result.GetValue(DatabaseOption), result.GetValue(DataOption)!.FullName);

    private static Database Open(ParseResult result)
    {
        var database = Store(result);
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
        var command = new Command("demo", "Generate a synthetic LMNS into its own store (DATA/demo, rebuilt each time; never your own data), load it, compute the indicators, print a summary and serve the dashboard at http://127.0.0.1:5080.")
        {
            births, months, port, noServe,
        };
        command.SetAction(result => Guard(() =>
        {
            // The demo has a store of its own, so that synthetic records never mix with a user's data.
            if (result.GetValue(DatabaseOption) is not null)
                throw new InvalidDataException("the demo runs on its own embedded store under the data directory; run it without --database (or MATERNITY_DATABASE)");
            var demo = Path.Combine(result.GetValue(DataOption)!.FullName, "demo");
            var demoDir = Path.Combine(demo, "input");
            var store = Path.Combine(demo, "maternity.duckdb");
            foreach (var file in new[] { store, store + ".wal" }.Where(File.Exists)) File.Delete(file);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var manifest = RunGenerate(new GeneratorOptions(demoDir, result.GetValue(births), result.GetValue(months)));
            var database = Database.DuckDbFile(store);
            Migrator.Migrate(database);
            OrgHierarchy.Demo.Store(database);
            var imd = ImdImporter.Import(database, Path.Combine(demoDir, manifest.ImdFile));
            if (!imd.Succeeded) throw new InvalidDataException(string.Join(Environment.NewLine, imd.Problems));
            var reports = RunIngest(database, manifest.Files.Select(f => Path.Combine(demoDir, f)), null);
            var summary = IndicatorEngine.Compute(database);
            PlanStore.Replace(database, Access.System("demo"), PlanGenerator.Generate("LMNSX1", 60, today: DateOnly.FromDateTime(DateTime.Today)));
            // The LMNS's own measures with targets and two years of returns.
            MeasureGenerator.Generate(database, "LMNSX1", DateOnly.FromDateTime(DateTime.Today));
            WresGenerator.Generate(database, DateTime.Today.Month >= 4 ? DateTime.Today.Year : DateTime.Today.Year - 1, modelEmployer: true);
            AssuranceGenerator.Generate(database, "LMNSX1", DateOnly.FromDateTime(DateTime.Today));
            Maternity.Synthetic.ProgrammeGenerator.Generate(database, "LMNSX1", DateOnly.FromDateTime(DateTime.Today));
            SafetyGenerator.Generate(database, "LMNSX1");
            Maternity.Synthetic.VoicesGenerator.Generate(database, "LMNSX1");
            // Synthetic HES deliveries (each trust's share of the births a year), so the CQIM coverage measures can be evaluated.
            Quality.CqimGates.StoreExpectedDeliveries(database, Access.System("demo"),
                KnownEffects.TrustShare.ToDictionary(t => t.Trust, t => Math.Round(result.GetValue(births) * t.Share)));
            var password = DemoUsers(database);
            clock.Stop();
            var rows = reports.Sum(r => r.RowsRead);
            var ingestSeconds = reports.Sum(r => r.Elapsed.TotalSeconds);
            AnsiConsole.MarkupLine(Inv, $"Demo ready in {clock.Elapsed.TotalSeconds:F1} s: {manifest.Births:N0} births, {rows:N0} rows ingested at {rows / ingestSeconds:N0} rows/s, {summary.CountRows:N0} counts for {summary.Indicators} indicators.");
            PrintSummary(database, "LMNSX1");
            AnsiConsole.MarkupLine($"Demo sign-in (synthetic data only): [bold]demo-admin[/], [bold]demo-analyst[/] (LMNSX1), [bold]demo-trust[/] (X1A) or [bold]demo-viewer[/], password [bold]{Markup.Escape(password)}[/]");
            if (result.GetValue(noServe)) return ExitCodes.Ok;
            return RunServe(database, result.GetValue(port));
        }));
        return command;
    }

    /// <summary>One demo user per role, sharing a password made for this run (the demo store holds synthetic data only).</summary>
    private static string DemoUsers(Database database)
    {
        var password = "demo-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var admin = Access.System("demo");
        Users.Add(database, admin, "demo-admin", Role.Admin, [], password);
        Users.Add(database, admin, "demo-analyst", Role.Analyst, ["LMNSX1"], password);
        Users.Add(database, admin, "demo-trust", Role.TrustUser, ["X1A"], password);
        Users.Add(database, admin, "demo-viewer", Role.Viewer, [], password);
        return password;
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
            var first = MonthText.Parse(result.GetValue(start)!, "--start");
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
            var paths = new List<string>();
            foreach (var f in result.GetValue(files)!)
            {
                if (!Directory.Exists(f.FullName))
                {
                    paths.Add(File.Exists(f.FullName) ? f.FullName : throw new FileNotFoundException("no such file", f.FullName));
                    continue;
                }
                var (found, skipped) = Ingester.FilesIn(f.FullName);
                if (skipped.Count > 0) AnsiConsole.MarkupLine(Markup.Escape($"{f.FullName}: skipped, not named after an MSDS table: {string.Join(", ", skipped)}"));
                if (found.Count == 0)
                    throw new InvalidDataException($"{f.FullName}: no MSDS-shaped CSV files (named after their table, e.g. MSD001MotherDemog.csv); nothing was loaded.");
                paths.AddRange(found);
            }
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
                reports.AddRange(Ingester.IngestAll(database, paths, mapping, progress, Operator));
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
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(r.File)}[/]: {r.RowsQuarantined:N0} rows quarantined (run {r.RunId}); the first of them (every one with --report FILE):");
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
        var list = new Command("list", "List the indicator catalogue: id, title, domain, unit, polarity, target.");
        list.SetAction(_ => Guard(() =>
        {
            var table = new Table().AddColumns("Id", "Title", "Domain", "Cohort", "Unit", "Better", "Target", "CQIM");
            foreach (var d in Catalogue.Definitions)
                table.AddRow(Markup.Escape(d.Id), Markup.Escape(d.Title), d.Domain, d.Cohort.ToString(), Markup.Escape(d.Unit), d.Polarity.ToString(),
                    d.Target?.ToString(Inv) ?? "", Markup.Escape(d.Cqim?.Split(' ')[0] ?? ""));
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var id = new Argument<string>("id") { Description = "Indicator id, e.g. SATOD (see 'indicators list')" };
        var showOrg = new Option<string>("--org") { Description = "Org code (a trust, site or the LMNS)", DefaultValueFactory = _ => "LMNSX1" };
        var show = new Command("show", "Show one indicator's definition and its latest rolling 12 months by ethnic group and deprivation, with gaps and the slope index of inequality.") { id, showOrg };
        show.SetAction(r => Guard(() =>
        {
            var definition = Catalogue.Find(r.GetValue(id)!) ?? throw new InvalidDataException($"no indicator '{r.GetValue(id)}'; see 'maternity indicators list'");
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(definition.Id)}[/]: {Markup.Escape(definition.Title)} (version {definition.Version})");
            AnsiConsole.WriteLine($"Numerator: {definition.NumeratorText}");
            AnsiConsole.WriteLine($"Denominator: {definition.DenominatorText}");
            AnsiConsole.WriteLine($"Exclusions: {definition.Exclusions}");
            AnsiConsole.WriteLine($"Unit: {definition.Unit}; {definition.Polarity}; target: {(definition.Target is { } t ? $"{t} ({definition.TargetSource})" : "none")}");
            var database = Open(r);
            if (definition.UsesPriorityCohort)
            {
                var lmns = Reference.OrgHierarchy.Read(database).LmnsOf(r.GetValue(showOrg)!) ?? Plans.PlanStore.DefaultLmns(database);
                AnsiConsole.WriteLine(Measures.MeasureStore.Load(database, lmns).Cohort.Note(lmns, IndicatorSummary.ComputedAt(database)));
            }
            var results = IndicatorEngine.Results(database, Operator, definition, PeriodType.Rolling12Months, r.GetValue(showOrg));
            if (results.Count == 0)
            {
                AnsiConsole.WriteLine("No counts for this organisation: load data and run 'maternity indicators compute'.");
                return ExitCodes.Ok;
            }
            var latest = results.Max(x => x.PeriodStart);
            var current = results.Where(x => x.PeriodStart == latest).ToList();
            PrintResults($"{r.GetValue(showOrg)}, 12 months {latest:MMM yyyy} to {latest.AddMonths(11):MMM yyyy}",
                current.Where(x => x.Breakdown is "Total" or "EthnicGroup" or "ImdQuintile" or "AgeBand"));
            foreach (var (org, _, gradient) in IndicatorAnalysis.DecileGradient(current))
                AnsiConsole.WriteLine($"Across IMD deciles ({org}): slope index of inequality {gradient.Sii.Value:F2} ({gradient.Sii.Lower:F2} to {gradient.Sii.Upper:F2}); relative index {gradient.Rii.Value:F2} ({gradient.Rii.Lower:F2} to {gradient.Rii.Upper:F2}). Negative: higher in deprived areas.");
            return ExitCodes.Ok;
        }));

        var org = new Option<string?>("--org") { Description = "Only this org code (default: all)" };
        var indicator = new Option<string?>("--indicator") { Description = "Only this indicator id (default: all)" };
        var breakdown = new Option<string?>("--breakdown") { Description = "Only this breakdown: Total, EthnicGroup, EthnicCategory, ImdDecile, ImdQuintile, EthnicGroupByImdQuintile, AgeBand" };
        var periodType = new Option<PeriodType>("--period-type") { Description = "Month, Quarter, FinancialYear or Rolling12Months", DefaultValueFactory = _ => PeriodType.Month };
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var noRecompute = new Option<bool>("--no-recompute") { Description = "Use the stored counts without recomputing them from the records" };
        var fullRecompute = new Option<bool>("--full") { Description = "Recompute every month, not only those the records changed since the last compute" };
        var compute = new Command("compute", "Recompute every indicator's counts from the loaded records (one grouped query per cohort), then write the results: value, 95% CI, comparison with the reference group and RAG.")
        {
            org, indicator, breakdown, periodType, format, output, noRecompute, fullRecompute,
        };
        compute.SetAction(r => Guard(() =>
        {
            var database = Open(r);
            if (!r.GetValue(noRecompute))
            {
                var summary = IndicatorEngine.Compute(database, full: r.GetValue(fullRecompute));
                AnsiConsole.WriteLine(summary.Incremental
                    ? $"{summary.CountRows:N0} counts in {summary.Months.Count} changed months for {summary.Indicators} indicators in {summary.Elapsed.TotalSeconds:F2} s"
                    : $"{summary.CountRows:N0} counts for {summary.Indicators} indicators in {summary.Elapsed.TotalSeconds:F2} s");
            }
            var definitions = r.GetValue(indicator) is { } only
                ? [Catalogue.Find(only) ?? throw new InvalidDataException($"no indicator '{only}'; see 'maternity indicators list'")]
                : Catalogue.Definitions;
            var results = definitions.SelectMany(d => IndicatorEngine.Results(database, Operator, d, r.GetValue(periodType), r.GetValue(org), r.GetValue(breakdown))).ToList();
            using var writer = r.GetValue(output) is { } file ? new StreamWriter(file.FullName) : null;
            switch (r.GetValue(format))
            {
                case "csv":
                    IndicatorExport.WriteCsv(results, writer ?? Console.Out);
                    break;
                case "json":
                    (writer ?? Console.Out).WriteLine(System.Text.Json.JsonSerializer.Serialize(results, JsonOut));
                    break;
                case "table":
                    PrintResults($"{results.Count:N0} results", results.Take(200));
                    if (results.Count > 200) AnsiConsole.WriteLine("(first 200 shown; use --format csv --out FILE for all)");
                    break;
                default:
                    throw new InvalidDataException($"--format '{r.GetValue(format)}' is not table, csv or json");
            }
            if (writer is not null) AnsiConsole.WriteLine($"{results.Count:N0} results written to {r.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }));

        var month = new Option<string>("--month") { Description = "Reporting month, yyyy-MM", Required = true };
        var nationalOut = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var noSuppression = new Option<bool>("--no-suppression") { Description = "Exact counts (analyst use only; never for publication)" };
        var national = new Command("export-national", "Write a month's counts in the layout of the national Maternity Services Monthly Statistics data file, suppressed by the national rule.")
        {
            month, nationalOut, noSuppression,
        };
        national.SetAction(r => Guard(() =>
        {
            var first = MonthText.Parse(r.GetValue(month)!, "--month");
            var database = Open(r);
            using var writer = r.GetValue(nationalOut) is { } file ? new StreamWriter(file.FullName) : null;
            var rows = IndicatorExport.WriteNational(database, first, writer ?? Console.Out, r.GetValue(noSuppression) ? Statistics.SuppressionPolicy.Off : null);
            if (writer is not null) AnsiConsole.WriteLine($"{rows:N0} rows written to {r.GetValue(nationalOut)!.FullName}");
            return ExitCodes.Ok;
        }));

        return new Command("indicators", "The indicator catalogue: list, show, compute (CSV and JSON out) and the national data-file export.") { list, show, compute, national };
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOut = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static void PrintResults(string title, IEnumerable<IndicatorResult> results)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("Indicator", "Org", "Period", "Group", "Numerator", "Denominator", "Value (95% CI)", "vs reference", "RAG", "Counts from");
        foreach (var r in results)
        {
            var rag = r.Rag switch { "Red" => "[red]Red[/]", "Amber" => "[yellow]Amber[/]", "Green" => "[green]Green[/]", _ => "" };
            table.AddRow(Markup.Escape(r.IndicatorId), Markup.Escape(r.OrgCode), PeriodLabel.Of(r.PeriodType, r.PeriodStart),
                Markup.Escape(r.Breakdown == "Total" ? "All" : $"{r.Breakdown}: {r.Group}"), r.Numerator.ToString("N0", Inv), r.Denominator.ToString("N0", Inv),
                $"{r.Value.Value:F1} ({r.Value.Lower:F1}-{r.Value.Upper:F1})",
                r.Ratio is { } ratio ? Markup.Escape($"x{ratio.Value:F2} ({ratio.Lower:F2}-{ratio.Upper:F2}) vs {r.ReferenceGroup}") : "", rag,
                Markup.Escape(r.Exactness == "exact" ? r.Source : $"{r.Source}, {r.Exactness}"));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>The demo's and compute's one-screen summary: each indicator for the org over the latest 12 months, with the gaps.</summary>
    private static void PrintSummary(Database database, string org)
    {
        var rows = Catalogue.Definitions.SelectMany(d => IndicatorEngine.Results(database, Operator, d, PeriodType.Rolling12Months, org)).ToList();
        if (rows.Count == 0)
        {
            var months = IndicatorSummary.Periods(database).Count;
            AnsiConsole.WriteLine(months == 0
                ? "No counts yet: load data with 'maternity ingest' first."
                : $"Only {months} month(s) of counts: the 12-month summary needs 12. See 'maternity indicators compute --period-type Month'.");
            return;
        }
        // Each indicator over its latest complete 12 months: booking cohorts run ahead of birth cohorts.
        var current = rows.GroupBy(r => r.IndicatorId)
            .SelectMany(g => g.Where(r => r.PeriodStart == g.Where(x => x.MonthsCovered == 12).Select(x => x.PeriodStart).DefaultIfEmpty(g.Max(x => x.PeriodStart)).Max()))
            .ToList();
        var table = new Table().Title($"{org}, latest 12 months of each indicator (95% CI)")
            .AddColumns("Indicator", "12 months to", "Value (95% CI)", "Target", "RAG", "Black vs White", "IMD Q1 vs Q5");
        foreach (var definition in Catalogue.Definitions)
        {
            var total = current.FirstOrDefault(r => r.IndicatorId == definition.Id && r.Breakdown == "Total");
            if (total is null) continue;
            string Gap(string breakdown, string group) =>
                current.FirstOrDefault(r => r.IndicatorId == definition.Id && r.Breakdown == breakdown && r.Group == group)?.Ratio is { } ratio && !double.IsNaN(ratio.Lower)
                    ? $"x{ratio.Value:F2} ({ratio.Lower:F2}-{ratio.Upper:F2})" : "";
            var rag = total.Rag switch { "Red" => "[red]Red[/]", "Amber" => "[yellow]Amber[/]", "Green" => "[green]Green[/]", _ => "" };
            table.AddRow(Markup.Escape(definition.Id), total.PeriodEnd.ToString("MMM yyyy", Inv), $"{total.Value.Value:F1} ({total.Value.Lower:F1}-{total.Value.Upper:F1}) {Markup.Escape(definition.Unit)}",
                definition.Target is { } t ? $"{(definition.Polarity == Polarity.HigherIsBetter ? ">=" : "<=")}{t}" : "", rag,
                Gap("EthnicGroup", "Black"), Gap("ImdQuintile", "1"));
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
        var hesFile = new Argument<FileInfo>("file") { Description = "CSV with columns OrgCode, AnnualDeliveries: each trust's deliveries in a year from Hospital Episode Statistics" };
        var hes = new Command("import-hes", "Replace the trusts' HES deliveries in a year, the denominator of the CQIM coverage measures (maternity quality cqim).") { hesFile };
        hes.SetAction(result => Guard(() =>
        {
            var database = Open(result);
            var path = result.GetValue(hesFile)!.FullName;
            if (!File.Exists(path)) throw new FileNotFoundException("no such file", path);
            var count = Quality.CqimGates.StoreExpectedDeliveries(database, Operator, Quality.CqimGates.ReadExpectedDeliveries(path));
            AnsiConsole.WriteLine($"HES deliveries stored for {count} trusts.");
            return ExitCodes.Ok;
        }));
        return new Command("reference", "Reference data: deprivation by LSOA, the organisation hierarchy and HES deliveries.") { imd, orgs, hes };
    }

    private static Command DbCommand()
    {
        var migrate = new Command("migrate", "Create or upgrade the store's schema to this version.");
        migrate.SetAction(result => Guard(() =>
        {
            var database = Store(result);
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
        if (!Users.Any(database))
            AnsiConsole.MarkupLine("[yellow]No users yet:[/] create the first admin with 'maternity users add NAME --role admin', then sign in.");
        AnsiConsole.WriteLine($"Serving http://127.0.0.1:{port}  (Ctrl+C to stop)");
        app.Run();
        return ExitCodes.Ok;
    }
}
