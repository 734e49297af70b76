using System.CommandLine;
using System.Globalization;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Reports;
using Maternity.Safety;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity safety</c>: the safety and learning log: import cases and lessons, show the rates by group, write the thematic analysis.</summary>
internal static class SafetyCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Incident or review exports, CSV or XLSX", Arity = ArgumentArity.OneOrMore };
        var mappingOption = new Option<FileInfo?>("--mapping") { Description = "JSON mapping of local column names, codes and date formats to the log's (docs/safety-learning.md)" };
        var import = new Command("import", "Load cases from incident-system exports: every cell checked, a file with any bad cell (or a column of names or NHS numbers) changes nothing; a good one adds its cases or replaces those with the same trust and reference.")
        {
            files, mappingOption,
        };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var mapping = r.GetValue(mappingOption) is { } m ? ExtractMapping.Load(m.FullName) : null;
            var failed = 0;
            foreach (var file in r.GetValue(files)!)
            {
                if (!file.Exists) throw new FileNotFoundException("no such file", file.FullName);
                var result = SafetyImport.Import(database, Commands.Operator, file.FullName, mapping);
                if (result.Imported)
                {
                    AnsiConsole.WriteLine($"{result.File}: {result.Cases:N0} cases loaded{(result.Ignored.Count > 0 ? $"; columns ignored: {string.Join(", ", result.Ignored)}" : "")}");
                    if (result.Coding.Describe() is { Length: > 0 } coding) AnsiConsole.WriteLine(coding);
                    continue;
                }
                failed++;
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(result.File)}: refused, nothing changed[/] ({result.Issues.Count} problems)");
                foreach (var issue in result.Issues.Take(50))
                    AnsiConsole.WriteLine($"  {result.File} row {issue.Row}, column {issue.Column}{(string.IsNullOrEmpty(issue.Value) ? "" : $" '{issue.Value}'")}: {issue.Reason}");
            }
            return failed > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }));

        var orgOption = new Option<string?>("--org") { Description = "A trust or the LMNS (default: the only LMNS loaded)" };
        var toOption = new Option<string?>("--to") { Description = "The last month, yyyy-MM (default: the latest month with births)" };
        var monthsOption = new Option<int>("--months") { Description = "Months counted, ending with --to", DefaultValueFactory = _ => 12 };
        var kindsOption = new Option<string?>("--kinds") { Description = $"Kinds counted in the rates, comma-separated (default: {string.Join(",", SafetyCodes.Investigations)}; all: {string.Join(",", SafetyCodes.Kinds.Select(k => k.Code))})" };

        var show = new Command("show", "Print cases per 1,000 births by ethnic group and IMD quintile with 95% intervals and rate ratios against the reference group, ethnicity coding of the cases and the themes.")
        {
            orgOption, toOption, monthsOption, kindsOption,
        };
        show.SetAction(r => guard(() =>
        {
            var a = Analyse(open(r), r, orgOption, toOption, monthsOption, kindsOption);
            AnsiConsole.MarkupLine(Inv, $"[bold]{Markup.Escape(a.OrgName)}[/] ({a.Org}), {a.From:MMMM yyyy} to {a.To:MMMM yyyy}: {string.Join(", ", a.Kinds)} per 1,000 births");
            foreach (var (title, rows) in new[] { ("Ethnic group", a.Ethnic), ("IMD quintile (1 = most deprived)", a.Deprivation) })
            {
                var table = new Table().AddColumns(title, "Cases", "Births", "Per 1,000", "95% CI", "Rate ratio", "95% CI", "");
                foreach (var g in rows)
                    table.AddRow(Markup.Escape(g.Group + (g.Reference ? " (reference)" : "")), Display.Count(g.Cases), Display.Count(g.Births),
                        g.Rate is { } x ? Display.Number(x.Value) : "-", g.Rate is { } y ? Display.Interval(y.Lower, y.Upper) : "-",
                        g.Ratio is { } q ? Display.Ratio(q.Value) : "-", g.Ratio is { } z ? $"{Display.Ratio(z.Lower)} to {Display.Ratio(z.Upper)}" : "-",
                        SafetyAnalysis.Verdict(g.Ratio));
                AnsiConsole.Write(table);
            }
            var c = a.EthnicityCoding;
            AnsiConsole.WriteLine(c.Percent is { } p
                ? $"Ethnicity coded on {c.Valid:N0} of {c.Cases:N0} cases: {Display.Number(p.Value)}% (95% CI {Display.Interval(p.Lower, p.Upper)}), target {Display.Number(c.Target)}%: {(c.Met == true ? "met" : "missed")}"
                : "No cases in the period.");
            foreach (var t in a.Themes.Take(5))
                AnsiConsole.WriteLine($"Theme {t.Title}: {t.Cases:N0} cases; " + string.Join(", ", t.Cells.Where(x => x.Percent is not null).Select(x => $"{x.Group} {Display.Number(x.Percent!.Value)}%")));
            if (a.Trend.Charted)
                AnsiConsole.WriteLine($"Cases by month, {a.Trend.Months[0].Month:MMM yyyy} to {a.Trend.Months[^1].Month:MMM yyyy} (XmR): {Display.Describe(a.Trend.Spc.Variation)}");
            foreach (var rare in a.Rare ?? [])
                AnsiConsole.WriteLine($"{rare.Title}: {rare.Dates.Count:N0} cases" + (rare.DaysSinceLast is { } since ? $", {since:N0} days since the last" : "")
                    + (rare.Spc is { } t ? $"; days between cases (t chart): {Display.Describe(t.Variation)}" : ""));
            return ExitCodes.Ok;
        }));

        var outOption = new Option<FileInfo?>("--out") { Description = "HTML file to write (default: safety-ORG-yyyy-MM.html)" };
        var report = new Command("report", "Write the annual thematic analysis (the 12 months to --to) as one self-contained HTML file: the same tables as the /safety page, with the lessons-learnt log.")
        {
            orgOption, toOption, monthsOption, kindsOption, outOption,
        };
        report.SetAction(r => guard(() =>
        {
            var database = open(r);
            var a = Analyse(database, r, orgOption, toOption, monthsOption, kindsOption);
            var lmns = Reference.OrgHierarchy.Read(database).LmnsOf(a.Org) ?? a.Org;
            var html = Web.Safety.SafetyReportRenderer.Render(a, SafetyLessons.List(database, Commands.Operator, lmns), Commands.Operator.Name, DateTime.UtcNow);
            var path = r.GetValue(outOption)?.FullName ?? Path.GetFullPath($"safety-{a.Org}-{a.To:yyyy-MM}.html");
            File.WriteAllText(path, html);
            AnsiConsole.WriteLine($"wrote {path}");
            return ExitCodes.Ok;
        }));

        var lmnsOption = new Option<string?>("--lmns") { Description = "The LMNS (default: the only LMNS loaded)" };
        var lessonFile = new Argument<FileInfo>("file") { Description = "The lessons-learnt log, CSV or XLSX: Id, Lesson, SourceCases, Actions, SharedWhere, SharedOn" };
        var lessonsImport = new Command("import", "Replace the LMNS's lessons-learnt log with the file's (refused whole, naming row and column, if an action is not in the plan or a cell is bad).") { lessonFile, lmnsOption };
        lessonsImport.SetAction(r => guard(() =>
        {
            var database = open(r);
            var file = r.GetValue(lessonFile)!;
            if (!file.Exists) throw new FileNotFoundException("no such file", file.FullName);
            var result = SafetyLessons.Import(database, Commands.Operator, r.GetValue(lmnsOption) ?? PlanStore.DefaultLmns(database), file.FullName);
            if (result.Imported)
            {
                AnsiConsole.WriteLine($"{result.File}: {result.Lessons} lessons");
                return ExitCodes.Ok;
            }
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(result.File)}: refused, nothing changed[/]");
            foreach (var issue in result.Issues) AnsiConsole.WriteLine($"  {result.File} row {issue.Row}, column {issue.Column} '{issue.Value}': {issue.Reason}");
            return ExitCodes.BadInput;
        }));
        var lessons = new Command("lessons", "The lessons-learnt log, linked to the plan's actions.") { lessonsImport };

        var codeArgument = new Argument<string>("code") { Description = "Theme code (letters, digits, _)" };
        var titleArgument = new Argument<string>("title") { Description = "Theme title" };
        var themeAdd = new Command("add", "Add a theme to the LMNS's list (the built-in themes stay).") { codeArgument, titleArgument, lmnsOption };
        themeAdd.SetAction(r => guard(() =>
        {
            var database = open(r);
            SafetyStore.AddTheme(database, Commands.Operator, r.GetValue(lmnsOption) ?? PlanStore.DefaultLmns(database), r.GetValue(codeArgument)!, r.GetValue(titleArgument)!);
            AnsiConsole.WriteLine($"theme {r.GetValue(codeArgument)!.ToUpperInvariant()} added");
            return ExitCodes.Ok;
        }));
        var themes = new Command("themes", "The coded themes cases carry: built in, and the LMNS's own.") { themeAdd };

        return new Command("safety", "The safety and learning log: incidents, perinatal reviews, investigations and complaints coded by ethnicity, language and deprivation.")
        {
            import, show, report, lessons, themes,
        };
    }

    private static SafetyAnalysis Analyse(Database database, ParseResult r, Option<string?> org, Option<string?> to, Option<int> months, Option<string?> kinds)
    {
        DateOnly? month = r.GetValue(to) is { } t ? MonthText.Parse(t, "--to") : null;
        var list = r.GetValue(kinds) is { } k ? k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToUpperInvariant()).ToList() : null;
        return SafetyAnalysis.Build(database, Commands.Operator, r.GetValue(org) ?? PlanStore.DefaultLmns(database), month, r.GetValue(months), list);
    }
}
