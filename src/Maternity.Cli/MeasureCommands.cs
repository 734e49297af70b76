using System.CommandLine;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary>
/// <c>maternity measures</c>: what the LMNS tracks beyond the built-in indicators, its dimensions and targets; and
/// <c>maternity returns measures</c>: the returns that fill them.
/// </summary>
internal static class MeasureCommands
{
    private static Option<string?> LmnsOption() => new("--lmns") { Description = "The LMNS (default: the only one loaded)" };

    public static Command Measures(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var lmns = LmnsOption();
        var list = new Command("list", "Every measure of the LMNS: the built-in indicators and its own, with unit, frequency, who supplies it and its target.") { lmns };
        list.SetAction(r => guard(() =>
        {
            var database = open(r);
            var set = MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database));
            var table = new Table().AddColumns("Id", "Title", "Unit", "Frequency", "Supplied by", "Priority", "Target", "Version");
            foreach (var m in set.Measures)
                table.AddRow(Markup.Escape(m.Id), Markup.Escape(m.Title), Markup.Escape(m.UnitText), m.Frequency.ToString(), m.Supplier.ToString(), Markup.Escape(m.Priority ?? ""),
                    Markup.Escape(set.TargetFor(m.Id, set.Lmns)?.Describe(v => MeasureView.Format(m, v)) ?? ""), m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var id = new Argument<string>("id") { Description = "The measure's id" };
        var show = new Command("show", "One measure: its definition, target and trajectory, and its values for the LMNS and each trust.") { id, lmns };
        show.SetAction(r => guard(() =>
        {
            var database = open(r);
            var set = MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database));
            var m = set.Find(r.GetValue(id)!) ?? throw new InvalidDataException($"no measure '{r.GetValue(id)}'; see 'maternity measures list'");
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(m.Id)}[/] {Markup.Escape(m.Title)} (version {m.Version})");
            AnsiConsole.WriteLine($"{m.Description}");
            AnsiConsole.WriteLine($"Unit: {m.UnitText}; {m.Frequency}; supplied by {m.Supplier}; breakdowns: {(m.Dimensions.Count == 0 ? "none" : string.Join(", ", m.Dimensions))}");
            if (m.NumeratorLabel is not null) AnsiConsole.WriteLine($"Numerator: {m.NumeratorLabel}; denominator: {m.DenominatorLabel}");
            if (set.TargetFor(m.Id, set.Lmns) is { } t) AnsiConsole.WriteLine($"Target: {t.Describe(v => MeasureView.Format(m, v))}. Source: {t.Source}");
            if (m.BuiltIn) { AnsiConsole.WriteLine("Built-in: computed from records; see 'maternity indicators show'."); return ExitCodes.Ok; }
            var view = MeasureView.Build(database, Commands.Operator, set, m, set.Lmns);
            var table = new Table().AddColumns("Period", "Org", "Value", "Interval", "Due", "RAG");
            foreach (var p in view.Series.Concat(view.Trusts))
                table.AddRow(MeasurePeriod.Format(p.Period, m.Frequency), p.Org, Markup.Escape(p.Shown(m) + (p.Partial ? $" ({p.Sent} of {p.Expected} trusts)" : "")),
                    p.Value is { } v && !double.IsNaN(v.Lower) ? $"{MeasureView.Format(m, v.Lower)} to {MeasureView.Format(m, v.Upper)}" : "",
                    p.Due is { } d ? MeasureView.Format(m, d) : "", p.Rag);
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var output = new Option<FileInfo?>("--out") { Description = "File to write: CSV, or XLSX when it ends in .xlsx (default: the console, CSV)" };
        var template = new Command("template", "Write a blank measures file to fill in and import: the columns, two example rows and an example dimension (XLSX: sheets Measures and Dimensions).") { output };
        template.SetAction(r => guard(() => Wrote(MeasureFile.Write(null, r.GetValue(output)?.FullName), r.GetValue(output))));

        var export = new Command("export", "Write the LMNS's own measures and dimensions as the file they are imported from.") { output, lmns };
        export.SetAction(r => guard(() =>
        {
            var database = open(r);
            return Wrote(MeasureFile.Write(MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database)), r.GetValue(output)?.FullName), r.GetValue(output));
        }));

        var file = new Argument<FileInfo>("file") { Description = "The measures file: CSV, or XLSX with sheets Measures and Dimensions" };
        var dimensionsFile = new Option<FileInfo?>("--dimensions") { Description = "The LMNS's own dimensions as CSV (Dimension, Code, Description), when the measures file is CSV" };
        var import = new Command("import", "Add or change the LMNS's measures and dimensions: every cell is checked and any bad cell changes nothing; a change that would read stored values differently makes a new version.") { file, dimensionsFile, lmns };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var code = r.GetValue(lmns) ?? PlanStore.DefaultLmns(database);
            var path = Existing(r.GetValue(file)!);
            var content = MeasureFile.Read(path, code, r.GetValue(dimensionsFile) is { } d ? Existing(d) : null);
            if (Refused(Path.GetFileName(path), content.Issues)) return ExitCodes.BadInput;
            var result = MeasureStore.Import(database, Commands.Operator, code, content);
            AnsiConsole.WriteLine($"{Path.GetFileName(path)}: {result.Added} added, {result.Changed} changed, {result.NewVersions} new versions, {result.Unchanged} unchanged; {content.Dimensions.Count} dimensions");
            return ExitCodes.Ok;
        }));

        var targetsFile = new Argument<FileInfo>("file") { Description = "The targets file: CSV, or XLSX with a sheet Targets" };
        var targetsImport = new Command("import", "Make the LMNS's own targets, baselines, trajectories and milestones these (the national defaults stay where it sets none).") { targetsFile, lmns };
        targetsImport.SetAction(r => guard(() =>
        {
            var database = open(r);
            var code = r.GetValue(lmns) ?? PlanStore.DefaultLmns(database);
            var set = MeasureStore.Load(database, code);
            var path = Existing(r.GetValue(targetsFile)!);
            var (targets, issues) = MeasureTarget.Read(path, code, m => set.Find(m) is { } x ? (x.Unit, x.Levels) : null);
            if (Refused(Path.GetFileName(path), issues)) return ExitCodes.BadInput;
            var result = MeasureStore.ImportTargets(database, Commands.Operator, code, targets);
            AnsiConsole.WriteLine($"{Path.GetFileName(path)}: {result.Added} added, {result.Changed} changed, {result.Removed} removed, {result.Unchanged} unchanged");
            return ExitCodes.Ok;
        }));
        var targetsExport = new Command("export", "Write the targets in force (the LMNS's own and the national defaults) as a targets file.") { output, lmns };
        targetsExport.SetAction(r => guard(() =>
        {
            var database = open(r);
            return Wrote(MeasureTarget.Write(MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database)).Targets, r.GetValue(output)?.FullName), r.GetValue(output));
        }));

        var cohortShow = new Command("show", "The LMNS's priority cohort: who counts in it, who set it and when, and the groups it names that the records cannot identify.") { lmns };
        cohortShow.SetAction(r => guard(() =>
        {
            var database = open(r);
            var set = MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database));
            AnsiConsole.WriteLine($"{set.Lmns}: {set.Cohort.Describe()}");
            AnsiConsole.WriteLine($"Counted with it: {string.Join(", ", PriorityIndicators())}");
            return ExitCodes.Ok;
        }));
        var groups = new Option<string?>("--ethnic-groups") { Description = "Ethnic groups, separated by ; or , (White, Mixed, Asian, Black, Other)" };
        var categories = new Option<string?>("--ethnic-categories") { Description = "Ethnic category codes A-S for groups narrower than the five, e.g. C" };
        var deciles = new Option<string?>("--imd-deciles") { Description = "IMD deciles of residence, e.g. 1-3 or 1;2" };
        var complex = new Option<bool>("--complex-social-factors") { Description = "Women with complex social factors recorded at booking" };
        var also = new Option<string?>("--also") { Description = "Groups the LMNS also prioritises that the records cannot identify, e.g. \"Gypsy, Roma and Traveller women; armed-forces families\" (separate with ;)" };
        var source = new Option<string?>("--source") { Description = "Where the definition comes from, e.g. the plan and its page" };
        var cohortSet = new Command("set", "Define the LMNS's priority cohort: a woman counts when any criterion holds. The indicators of the priority cohort follow at the next 'maternity indicators compute'.")
            { groups, categories, deciles, complex, also, source, lmns };
        cohortSet.SetAction(r => guard(() =>
        {
            var database = open(r);
            var code = r.GetValue(lmns) ?? PlanStore.DefaultLmns(database);
            var (cohort, problems) = PriorityCohort.Parse(r.GetValue(groups), r.GetValue(categories), r.GetValue(deciles), r.GetValue(complex), r.GetValue(also), r.GetValue(source));
            if (problems.Count > 0)
            {
                foreach (var problem in problems) AnsiConsole.WriteLine($"refused: {problem}");
                return ExitCodes.BadInput;
            }
            var changed = MeasureStore.SetCohort(database, Commands.Operator, code, cohort!);
            AnsiConsole.WriteLine(changed ? $"{code}: priority cohort set: {cohort!.Describe()}. Run 'maternity indicators compute' to count with it." : $"{code}: unchanged");
            return ExitCodes.Ok;
        }));

        return new Command("measures", "What the LMNS tracks: the built-in indicators and its own measures (definitions as data), dimensions, targets and trajectories. See docs/measures.md.")
        {
            list, show, template, import, export, new Command("targets", "Targets, baselines, trajectories and milestones per measure, as data with their source.") { targetsImport, targetsExport },
            new Command("cohort", "The LMNS's priority cohort, as data: the groups the indicators of the priority cohort count.") { cohortShow, cohortSet },
        };
    }

    private static IEnumerable<string> PriorityIndicators() =>
        Indicators.Catalogue.Definitions.Where(d => d.UsesPriorityCohort).Select(d => d.Id);

    /// <summary><c>maternity returns measures</c>: the returns of the LMNS's own measures.</summary>
    public static Command Returns(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var lmns = LmnsOption();
        var org = new Option<string>("--org") { Description = "The trust (or the LMNS, for its own entries)", Required = true };
        var period = new Option<string>("--period") { Description = "A day in the period, yyyy-MM or yyyy-MM-dd (each measure's period holding it)", Required = true };
        var duePeriod = new Option<string?>("--period") { Description = "A day in the period, yyyy-MM or yyyy-MM-dd (default: each measure's latest period that has ended)" };
        var output = new Option<FileInfo?>("--out") { Description = "File to write: CSV, or XLSX when it ends in .xlsx (default: the console)" };
        var template = new Command("template", "Write a blank return for an organisation: every measure it supplies, its total and each breakdown group, for the period holding --period.") { org, period, output, lmns };
        template.SetAction(r => guard(() =>
        {
            var database = open(r);
            var set = MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database));
            var day = Day(r.GetValue(period)!);
            return Wrote(MeasureReturns.Write(MeasureReturns.Template(set, OrgHierarchy.Read(database), r.GetValue(org)!, day), r.GetValue(output)?.FullName), r.GetValue(output));
        }));

        var files = new Argument<FileInfo[]>("files") { Description = "Return files, CSV or XLSX (sheet Return)", Arity = ArgumentArity.OneOrMore };
        var import = new Command("import", "Submit returns: every cell is checked against its measure, period and organisation; a file with any bad cell changes nothing; a changed value needs a Reason.") { files, lmns };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var set = MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database));
            var failed = 0;
            // Held open across the files: the embedded store is then not closed and reopened (and written out) per file.
            using var held = database.Open();
            foreach (var f in r.GetValue(files)!)
            {
                var result = MeasureReturns.Import(database, Commands.Operator, set, Existing(f));
                if (result.Imported) AnsiConsole.WriteLine($"{result.File}: {result.Added} values added, {result.Replaced} replaced, {result.Unchanged} unchanged");
                else if (Refused(result.File, result.Issues)) failed++;
            }
            return failed > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }));

        var orgFilter = new Option<string?>("--org") { Description = "Only this organisation" };
        var export = new Command("export", "Write the submitted values in force as a return file (the layout imported).") { orgFilter, output, lmns };
        export.SetAction(r => guard(() =>
        {
            var database = open(r);
            var set = MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database));
            return Wrote(MeasureReturns.Write(MeasureReturns.Export(database, Commands.Operator, set, r.GetValue(orgFilter)), r.GetValue(output)?.FullName), r.GetValue(output));
        }));

        var completeness = new Command("completeness", "Which trusts have sent which measures: for each measure, the latest period that has ended, or the one holding --period.") { duePeriod, lmns };
        completeness.SetAction(r => guard(() =>
        {
            var database = open(r);
            var set = MeasureStore.Load(database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database));
            var table = new Table().AddColumns("Measure", "Period", "Sent", "Not sent", "");
            foreach (var c in MeasureReturns.Grid(database, Commands.Operator, set, r.GetValue(duePeriod) is { } p ? Day(p) : null))
                table.AddRow(Markup.Escape(c.Measure), c.Period, string.Join(", ", c.Sent), string.Join(", ", c.Missing), Markup.Escape(c.Summary));
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        return new Command("measures", "Returns of the LMNS's own measures (see 'maternity measures'): template, import, export, completeness.") { template, import, export, completeness };
    }

    private static DateOnly Day(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : MonthText.Parse(text, "--period");

    private static string Existing(FileInfo file) => file.Exists ? file.FullName : throw new FileNotFoundException("no such file", file.FullName);

    private static int Wrote(long rows, FileInfo? output)
    {
        if (output is not null) AnsiConsole.WriteLine($"{rows:N0} rows written to {output.FullName}");
        return ExitCodes.Ok;
    }

    /// <summary>Prints a refused file's problems (row, column, value, reason); true when there were any.</summary>
    private static bool Refused(string file, IReadOnlyList<Ingest.RowIssue> issues)
    {
        if (issues.Count == 0) return false;
        AnsiConsole.MarkupLine($"[red]{Markup.Escape(file)}: refused, nothing changed[/] ({issues.Count} problems)");
        foreach (var issue in issues.Take(50))
            AnsiConsole.WriteLine($"  {(issue.Row > 0 ? $"row {issue.Row}, " : "")}{issue.Column} '{issue.Value}': {issue.Reason}");
        return true;
    }
}
