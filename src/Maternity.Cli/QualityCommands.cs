using System.CommandLine;
using System.Globalization;
using Maternity.Quality;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity quality</c>: the data-quality scorecard, its exceptions, the field profile, the records to fix and timeliness.</summary>
internal static class QualityCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var rulesOption = new Option<FileInfo?>("--rules") { Description = "Rules file (JSON: scheme and rules with indicator and threshold); default: safety action 2 as LMNS plans quote it" };
        var orgOption = new Option<string?>("--org") { Description = "Only this trust (or the LMNS)" };
        QualityRules Rules(ParseResult r) => r.GetValue(rulesOption) is { } f ? QualityRules.Load(f.FullName) : QualityRules.Default;

        var scorecard = new Command("scorecard", "Each trust's and the LMNS's score per month: every rule's value against its threshold, pass or fail.") { rulesOption, orgOption };
        scorecard.SetAction(r => guard(() =>
        {
            var rules = Rules(r);
            var rows = Scorecard.Build(open(r), Commands.Operator, rules, r.GetValue(orgOption));
            var table = new Table().Title(Markup.Escape(rules.Scheme)).AddColumn("Org").AddColumn("Month");
            foreach (var rule in rules.Rules) table.AddColumn(new TableColumn(Markup.Escape($"{rule.Id} >={rule.Threshold}")));
            table.AddColumn("Score");
            foreach (var row in rows)
            {
                var cells = new List<string> { row.OrgCode, row.Month.ToString("yyyy-MM", Inv) };
                cells.AddRange(rules.Rules.Select(rule => row.Criteria.FirstOrDefault(c => c.RuleId == rule.Id) is { } c
                    ? $"{(c.Passed ? "[green]" : "[red]")}{c.Value:F1}[/]" : "[grey]-[/]"));
                cells.Add(row.Score);
                table.AddRow(cells.ToArray());
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var consecutive = new Option<int>("--months") { Description = "Consecutive failing months that make an exception", DefaultValueFactory = _ => 2 };
        var exceptions = new Command("exceptions", "Each trust's most recent run of two or more consecutive months failing a rule, for the board pack.") { rulesOption, orgOption, consecutive };
        exceptions.SetAction(r => guard(() =>
        {
            var found = Scorecard.Exceptions(Scorecard.Build(open(r), Commands.Operator, Rules(r), r.GetValue(orgOption)), r.GetValue(consecutive));
            var table = new Table().AddColumns("Org", "Rule", "Failing months", "Months", "Value in the last", "Threshold", "Still failing");
            foreach (var e in found)
                table.AddRow(e.OrgCode, Markup.Escape(e.Title), $"{e.Months[0]:yyyy-MM} to {e.Months[^1]:yyyy-MM}", e.Months.Count.ToString(Inv),
                    e.LatestValue.ToString("F1", Inv), e.Threshold.ToString(Inv), e.Current ? "[red]yes[/]" : "no");
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{found.Count} exceptions");
            return ExitCodes.Ok;
        }));

        var monthOption = new Option<string?>("--month") { Description = "Reporting month, yyyy-MM" };
        var profile = new Command("profile", "The VODIM profile (valid, default, invalid, missing, denominator) of every data item per trust and reporting month.") { orgOption, monthOption };
        profile.SetAction(r => guard(() =>
        {
            var rows = FieldProfile.Compute(open(r), Commands.Operator, r.GetValue(orgOption), Month(r.GetValue(monthOption)));
            var table = new Table().AddColumns("Table", "Item", "Org", "Month", "Valid", "Default", "Invalid", "Missing", "Denominator", "Valid %");
            foreach (var p in rows)
                table.AddRow(p.Table, p.Item, p.OrgCode, p.Month.ToString("yyyy-MM", Inv), p.Valid.ToString("N0", Inv), p.Default.ToString("N0", Inv),
                    p.Invalid > 0 ? $"[red]{p.Invalid:N0}[/]" : "0", p.Missing.ToString("N0", Inv), p.Denominator.ToString("N0", Inv), p.ValidPercent.ToString("F1", Inv));
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var requiredOrg = new Option<string>("--org") { Description = "The trust", Required = true };
        var requiredMonth = new Option<string>("--month") { Description = "Reporting month, yyyy-MM", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "CSV file to write (default: the console)" };
        var records = new Command("records", "Every record failing each rule for a trust and month (pregnancy id, field, reason), as CSV. Record-level: for the trust's data-quality lead.")
        {
            requiredOrg, requiredMonth, output, rulesOption,
        };
        records.SetAction(r => guard(() =>
        {
            var month = Month(r.GetValue(requiredMonth)) ?? throw new InvalidDataException("--month is required");
            using var writer = r.GetValue(output) is { } file ? new StreamWriter(file.FullName) : null;
            var count = Scorecard.WriteRecordsToFix(open(r), Commands.Operator, r.GetValue(requiredOrg)!, month, writer ?? Console.Out, Rules(r));
            if (writer is not null) AnsiConsole.WriteLine($"{count:N0} records to fix written to {r.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }));

        var timeliness = new Command("timeliness", "When each submission arrived against the end of its reporting month.") { orgOption };
        timeliness.SetAction(r => guard(() =>
        {
            var table = new Table().AddColumns("Org", "Month", "Table", "Loaded", "Days after month end", "Within window");
            foreach (var t in Scorecard.SubmissionTimeliness(open(r), Commands.Operator).Where(t => r.GetValue(orgOption) is not { } o || t.OrgCode == o))
                table.AddRow(t.OrgCode, t.Month.ToString("yyyy-MM", Inv), t.Table, t.LoadedAt.ToString("yyyy-MM-dd HH:mm", Inv), t.DaysAfterPeriodEnd.ToString(Inv), t.WithinWindow ? "yes" : "[red]no[/]");
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var cqim = new Command("cqim", "The data-quality gates in front of each CQIM per trust and month: pass, fail, or not evaluated (with what is missing). Coverage measures need the trusts' HES deliveries: maternity reference import-hes.") { orgOption };
        cqim.SetAction(r => guard(() =>
        {
            var table = new Table().AddColumns("Org", "Month", "CQIM", "Status", "Measures", "Not evaluated");
            foreach (var g in CqimGates.Evaluate(open(r), Commands.Operator, orgCode: r.GetValue(orgOption)))
            {
                var status = g.Status switch { "Pass" => "[green]Pass[/]", "Fail" => "[red]Fail[/]", _ => "[grey]Not evaluated[/]" };
                table.AddRow(g.OrgCode, g.Month.ToString("yyyy-MM", Inv), g.Cqim, status, Markup.Escape(string.Join("; ", g.Measures.Select(CqimGates.Describe))), Markup.Escape(string.Join(", ", g.Missing)));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        return new Command("quality", "Data quality: the scorecard per trust and month, exceptions, the field profile, the records to fix, timeliness and the CQIM gates.")
        {
            scorecard, exceptions, profile, records, timeliness, cqim,
        };
    }

    private static DateOnly? Month(string? text) => text is null ? null : MonthText.Parse(text, "--month");
}
