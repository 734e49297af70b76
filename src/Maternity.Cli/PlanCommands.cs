using System.CommandLine;
using System.Globalization;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity plan</c>: the LMNS equity and equality action plan.</summary>
internal static class PlanCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var lmns = new Option<string?>("--lmns") { Description = "The LMNS whose plan this is (default: the only LMNS among the organisations loaded)" };
        var today = new Option<string?>("--today") { Description = "Judge overdue and stale actions as at this date, yyyy-MM-dd (default: today)" };
        var by = new Option<string>("--by") { Description = "Who is making the change, for the plan's history", DefaultValueFactory = _ => Environment.UserName };
        string Lmns(ParseResult r, Database d) => r.GetValue(lmns) ?? PlanStore.DefaultLmns(d);
        var planName = new Option<string>("--plan")
        {
            Description = "Which of the LMNS's plans: its equity and equality plan (equity, the default) or another it keeps, e.g. wres",
            DefaultValueFactory = _ => PlanStore.MainPlan,
        };
        string Name(ParseResult r) => r.GetValue(planName)!;
        DateOnly Today(ParseResult r) => r.GetValue(today) is { } t ? Day(t, "--today") : DateOnly.FromDateTime(DateTime.Today);

        var file = new Argument<FileInfo>("file") { Description = "The plan table: CSV or XLSX" };
        var framework = new Option<string>("--framework") { Description = "Framework of rows that name none", DefaultValueFactory = _ => PlanTemplate.Framework };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show how each row is read and every cell not read, and store nothing" };
        var columns = new Option<FileInfo?>("--columns")
        {
            Description = "A column mapping (CSV: Header, Column) that remembers how this plan's own headers are read; headers not yet in it are added with the nearest column beside them, to fill in",
        };
        var import = new Command("import", """
            Import a plan table (CSV, or XLSX with sheets Actions and Data gaps): the stored plan becomes what the file says, every change
            kept in the plan's history. Reads published layouts too: headings like "Priority One: ...", "4a ...", "Intervention 3:" in any
            tree column or the actions column, continuation rows, a Gantt chart's quarter columns (one header row, or financial years over
            quarters), status words in date cells, dates as plans write them ("by the end of 2023/24"). A file with any bad row changes
            nothing. Exit 3: stored, but some cells were kept only as text or not read (listed).
            Several plans per LMNS: --plan names the one the file replaces (default: equity); the others are not touched.
            A header the table does not know is listed with the nearest column; --columns FILE remembers the choice for next time.
            """) { file, lmns, framework, by, dryRun, planName, columns };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var path = r.GetValue(file)!;
            if (!path.Exists) throw new FileNotFoundException("no such file", path.FullName);
            var code = Lmns(r, database);
            var preview = r.GetValue(dryRun);
            var mapFile = r.GetValue(columns);
            var map = mapFile is { Exists: true } ? PlanTable.ReadColumnMap(mapFile.FullName) : null;
            var (read, saved) = preview
                ? (PlanTable.Read(path.FullName, code, r.GetValue(framework)!, PlanStore.MeasureIds(database, code), map), null)
                : PlanTable.Import(database, Access.System(r.GetValue(by)!), path.FullName, code, r.GetValue(framework)!, Name(r), map);
            if (mapFile is not null && read.UnknownColumns.Any(u => map?.ContainsKey(u.Header) != true))
            {
                var added = PlanTable.WriteColumnMap(mapFile.FullName, read.UnknownColumns, map);
                AnsiConsole.WriteLine($"{added} header(s) added to {mapFile.Name} with the nearest column beside them: fill in Column to read them so next time, or leave it blank to keep them as text.");
            }
            if (preview)
            {
                AnsiConsole.WriteLine($"{path.Name}: how each row was read (nothing is stored)");
                foreach (var reading in read.Readings) AnsiConsole.WriteLine($"  row {reading.Row}: {reading.Reading}");
            }
            foreach (var unknown in read.UnknownColumns)
                AnsiConsole.WriteLine($"Column not in the plan table: '{unknown.Header}' (nearest: {unknown.Nearest}); its cells are kept as text on each action");
            foreach (var kept in read.KeptAsText)
                AnsiConsole.WriteLine($"  kept as text: row {kept.Row}, {kept.Column} '{kept.Value}': {kept.Reason}");
            foreach (var notRead in read.NotRead)
                AnsiConsole.WriteLine($"  not read: row {notRead.Row}, {notRead.Column} '{notRead.Value}': {notRead.Reason}");
            if (read.Plan is null)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(path.Name)}: refused, nothing changed[/] ({read.Issues.Count} problems)");
                foreach (var issue in read.Issues)
                    AnsiConsole.WriteLine($"  {(issue.Row > 0 ? $"row {issue.Row}, " : "")}{issue.Column}{(issue.Value is null ? "" : $" '{issue.Value}'")}: {issue.Reason}");
                return ExitCodes.BadInput;
            }
            var plan = read.Plan;
            AnsiConsole.WriteLine($"{path.Name}: {read.Rows:N0} rows read; {plan.Nodes.Count} headings, {plan.Actions.Count} actions, {plan.Gaps.Count} data gaps" +
                (saved is null ? " (dry run: nothing stored)." : $". Added {saved.Added}, changed {saved.Changed}, removed {saved.Removed}, unchanged {saved.Unchanged}."));
            if (!read.FullyRead)
                AnsiConsole.WriteLine($"{read.KeptAsText.Count} cells kept only as text, {read.NotRead.Count} cells not read (listed above).");
            return read.FullyRead ? ExitCodes.Ok : ExitCodes.RowsQuarantined;
        }));

        var output = new Option<FileInfo>("--out") { Description = "File to write: .xlsx for a workbook, else CSV (data gaps in NAME-data-gaps.csv beside it)", Required = true };
        var asAt = new Option<string?>("--as-at") { Description = "The plan as it stood at the end of this date, yyyy-MM-dd" };
        var export = new Command("export", "Write the plan as the table it can be imported from again, unchanged (CSV or XLSX).") { output, lmns, asAt, planName };
        export.SetAction(r => guard(() =>
        {
            var database = open(r);
            var plan = PlanStore.Load(database, Commands.Operator, Lmns(r, database), r.GetValue(asAt) is { } d ? Day(d, "--as-at") : null, Name(r));
            var rows = PlanTable.Write(plan, r.GetValue(output)!.FullName);
            AnsiConsole.WriteLine($"{plan.Actions.Count} actions ({rows} rows) and {plan.Gaps.Count} data gaps written to {r.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }));

        var template = new Command("template", "Write the NHS England 2021 equity and equality guidance tree (5 priorities, 4a-4e, 22 standard interventions) as a plan table to fill in and import.") { output };
        template.SetAction(r => guard(() =>
        {
            var rows = PlanTable.Write(new Plan("", PlanTemplate.Nodes, [], [], new Dictionary<string, Plan.Stamp>()), r.GetValue(output)!.FullName);
            AnsiConsole.WriteLine($"{rows} headings written to {r.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }));

        var priority = new Option<string?>("--priority") { Description = "Only actions under this node: its path or ref (e.g. \"Priority 3\", \"4b\")" };
        var lead = new Option<string?>("--lead") { Description = "Only actions led by this role or team" };
        var org = new Option<string?>("--org") { Description = "Only actions owned by this trust (or LMNS)" };
        var status = new Option<string?>("--status") { Description = "Only actions with this status (Not started, On track, At risk, Delayed, On hold, Complete, Complete and embedded)" };
        var overdue = new Option<bool>("--overdue") { Description = "Only overdue actions" };
        var due = new Option<int?>("--due-within") { Description = "Only open actions due within this many days" };
        var statusCommand = new Command("status", "Progress per priority, then the actions (filtered) with status, RAG and target date.") { lmns, today, asAt, priority, lead, org, status, overdue, due, planName };
        statusCommand.SetAction(r => guard(() =>
        {
            var database = open(r);
            var plan = PlanStore.Load(database, Commands.Operator, Lmns(r, database), r.GetValue(asAt) is { } d ? Day(d, "--as-at") : null, Name(r));
            var day = Today(r);
            var progress = new Table().Title($"{Markup.Escape(plan.Lmns)} {Markup.Escape(plan.Name)} plan, {day:d MMMM yyyy}").AddColumns("Priority or objective", "Actions", "Complete", "% complete", "Overdue", "At risk", "Delayed");
            foreach (var p in PlanViews.ProgressByPriority(plan, day))
                progress.AddRow(Markup.Escape(PlanText.RefTitle(p.Priority)), p.Actions.ToString(Inv), p.Complete.ToString(Inv),
                    double.IsNaN(p.PercentComplete) ? "-" : p.PercentComplete.ToString("F0", Inv), p.Overdue.ToString(Inv),
                    p.ByStatus[ActionStatus.AtRisk].ToString(Inv), p.ByStatus[ActionStatus.Delayed].ToString(Inv));
            AnsiConsole.Write(progress);
            var filter = Filter(plan, r.GetValue(priority), r.GetValue(lead), r.GetValue(org), r.GetValue(status), r.GetValue(overdue), r.GetValue(due));
            var actions = PlanViews.Select(plan, filter, day);
            var table = new Table().AddColumns("ID", "Action", "Leads", "Target", "Status", "RAG");
            foreach (var a in actions)
                table.AddRow(Markup.Escape(a.Id), Markup.Escape(a.Descriptor), Markup.Escape(string.Join(", ", a.Leads)), a.TargetDate?.ToString() ?? "-",
                    PlanText.StatusLabel(a.Status), Colour(PlanViews.Rag(a, day)));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{actions.Count} of {plan.Actions.Count} actions; {PlanViews.Exceptions(plan, day).Count} exceptions (maternity plan exceptions)");
            return ExitCodes.Ok;
        }));

        var stale = new Option<int>("--stale-days") { Description = "An action in progress with no update for longer than this is an exception", DefaultValueFactory = _ => 90 };
        var exceptions = new Command("exceptions", "The exception list for the board: actions overdue, at risk or delayed, or in progress with no update for 90 days.") { lmns, today, stale, planName };
        exceptions.SetAction(r => guard(() =>
        {
            var database = open(r);
            var plan = PlanStore.Load(database, Commands.Operator, Lmns(r, database), plan: Name(r));
            var list = PlanViews.Exceptions(plan, Today(r), r.GetValue(stale));
            var table = new Table().AddColumns("ID", "Action", "RAG", "Why", "Latest update");
            foreach (var e in list)
                table.AddRow(Markup.Escape(e.Action.Id), Markup.Escape(e.Action.Descriptor), Colour(e.Rag), Markup.Escape(string.Join("; ", e.Reasons)),
                    e.LatestUpdate is { } u ? Markup.Escape($"{u.Date:yyyy-MM-dd}: {u.Text}") : "-");
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{list.Count} exceptions");
            return ExitCodes.Ok;
        }));

        var timeline = new Command("timeline", "The quarter timeline (Gantt) of the actions, coloured by RAG; * marks a milestone's quarter.") { lmns, today, priority, lead, org, status, overdue, due, planName };
        timeline.SetAction(r => guard(() =>
        {
            var database = open(r);
            var plan = PlanStore.Load(database, Commands.Operator, Lmns(r, database), plan: Name(r));
            var day = Today(r);
            var actions = PlanViews.Select(plan, Filter(plan, r.GetValue(priority), r.GetValue(lead), r.GetValue(org), r.GetValue(status), r.GetValue(overdue), r.GetValue(due)), day);
            var gantt = PlanViews.BuildTimeline(actions, day);
            var table = new Table().AddColumn("Action");
            foreach (var q in gantt.Quarters) table.AddColumn(new TableColumn($"{q.FinancialYear[2..]}\nQ{q.Quarter}").Centered());
            foreach (var row in gantt.Rows)
                table.AddRow([Markup.Escape(row.Action.Id), .. row.Cells.Select((c, i) => (c.Length == 0 ? "" : Colour(c, "██")) + (row.Milestones[i] ? "*" : ""))]);
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(string.Join("  ", PlanViews.Legend.Skip(1).Select(l => Colour(l, "██") + " " + l)) + "  * Milestone");
            return ExitCodes.Ok;
        }));

        var action = new Option<string?>("--action") { Description = "Only the history of this action" };
        var since = new Option<string?>("--since") { Description = "Only changes after this date, yyyy-MM-dd" };
        var history = new Command("history", "Every change to the plan: who, when, and each field before and after.") { lmns, action, since, planName };
        history.SetAction(r => guard(() =>
        {
            var database = open(r);
            var a = r.GetValue(action);
            var changes = PlanStore.History(database, Commands.Operator, Lmns(r, database), a is null ? null : PlanStore.ActionKind, a,
                r.GetValue(since) is { } s ? Day(s, "--since").AddDays(1).ToDateTime(TimeOnly.MinValue) : null, Name(r));
            foreach (var c in changes)
            {
                AnsiConsole.MarkupLine(Inv, $"[bold]{c.At:yyyy-MM-dd HH:mm}[/] {Markup.Escape(c.By)}: {c.Kind} {Markup.Escape(c.Id)} v{c.Version}{(c.Deleted ? " [red]removed[/]" : c.Version == 1 ? " added" : "")}");
                if (c.Version > 1 && !c.Deleted)
                    foreach (var f in c.Fields) AnsiConsole.WriteLine($"    {f.Field}: {f.Before ?? "(none)"} -> {f.After ?? "(none)"}");
            }
            AnsiConsole.WriteLine($"{changes.Count} changes");
            return ExitCodes.Ok;
        }));

        var id = new Option<string>("--action") { Description = "The action's ID", Required = true };
        var text = new Option<string>("--text") { Description = "What has happened", Required = true };
        var evidence = new Option<string?>("--evidence") { Description = "Evidence of it, as text" };
        var files = new Option<FileInfo[]>("--file") { Description = "A file kept as evidence (repeatable); stored once by its SHA-256", AllowMultipleArgumentsPerToken = false };
        var newStatus = new Option<string?>("--status") { Description = "The action's new status, if it changes" };
        var update = new Command("update", "Add a dated progress update to an action, with evidence text and files.") { lmns, id, text, evidence, files, newStatus, today, by, planName };
        update.SetAction(r => guard(() =>
        {
            var database = open(r);
            var code = Lmns(r, database);
            var plan = PlanStore.Load(database, Commands.Operator, code, plan: Name(r));
            var target = plan.Action(r.GetValue(id)!) ?? throw new InvalidDataException($"no action '{r.GetValue(id)}' in the plan of {code}");
            var who = r.GetValue(by)!;
            var stored = (r.GetValue(files) ?? []).Select(f => f.Exists
                ? PlanStore.AddFile(database, Access.System(who), f.Name, "application/octet-stream", File.ReadAllBytes(f.FullName))
                : throw new FileNotFoundException("no such file", f.FullName)).ToList();
            var changed = target with { Updates = [.. target.Updates, new PlanAction.Update(Today(r), who, r.GetValue(text)!, r.GetValue(evidence), stored)] };
            if (r.GetValue(newStatus) is { } s)
                changed = changed with { Status = PlanText.TryParseStatus(s, out var st) ? st : throw new InvalidDataException($"--status '{s}' is not a status") };
            var stamp = PlanStore.SaveAction(database, Access.System(who), code, changed, plan.ActionStamps[target.Id].Version, planName: Name(r));
            AnsiConsole.WriteLine($"Action {target.Id} updated (version {stamp.Version}).");
            return ExitCodes.Ok;
        }));

        var init = new Command("init", "Start the LMNS's plan from the NHS England 2021 guidance tree (only when it has no plan yet).") { lmns, by };
        init.SetAction(r => guard(() =>
        {
            var database = open(r);
            var code = Lmns(r, database);
            if (PlanStore.Load(database, Commands.Operator, code).Nodes.Count > 0) throw new InvalidDataException($"{code} already has a plan; import a table to change it");
            var saved = PlanStore.Replace(database, Access.System(r.GetValue(by)!), new Plan(code, PlanTemplate.Nodes, [], [], new Dictionary<string, Plan.Stamp>()));
            AnsiConsole.WriteLine($"{code}: plan started from {PlanTemplate.Title} ({saved.Added} headings).");
            return ExitCodes.Ok;
        }));

        return new Command("plan", "The LMNS equity and equality action plan: import, export, status, exceptions, timeline, history and updates.")
        {
            import, export, template, init, statusCommand, exceptions, timeline, history, update, PlanMeasuresCommand.Build(guard, open),
        };
    }

    /// <summary>A filter from the command line; a node may be given by its path or, when unambiguous, its ref.</summary>
    private static PlanViews.Filter Filter(Plan plan, string? node, string? lead, string? org, string? status, bool overdue, int? due)
    {
        string? nodeId = null;
        if (node is not null)
        {
            var matches = plan.Nodes.Where(n => n.Id.Equals(node, StringComparison.OrdinalIgnoreCase) || n.Ref.Equals(node, StringComparison.OrdinalIgnoreCase)).ToList();
            nodeId = matches.Count switch
            {
                1 => matches[0].Id,
                0 => throw new InvalidDataException($"--priority '{node}': no such heading in the plan"),
                _ => throw new InvalidDataException($"--priority '{node}' could be {string.Join(" or ", matches.Select(m => m.Id))}: give the path"),
            };
        }
        ActionStatus? s = status is null ? null : PlanText.TryParseStatus(status, out var st) ? st : throw new InvalidDataException($"--status '{status}' is not a status");
        return new PlanViews.Filter(nodeId, lead, org, s, overdue, due);
    }

    private static string Colour(string rag, string? text = null) => rag switch
    {
        "Complete" => $"[blue]{text ?? rag}[/]",
        "Delayed" => $"[red]{text ?? rag}[/]",
        "At risk" => $"[yellow]{text ?? rag}[/]",
        "On track" => $"[green]{text ?? rag}[/]",
        _ => $"[grey]{text ?? rag}[/]",
    };

    private static DateOnly Day(string text, string what) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) ? d : throw new InvalidDataException($"{what} '{text}' is not a date in the form yyyy-MM-dd");
}
