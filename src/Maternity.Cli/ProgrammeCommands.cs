using System.CommandLine;
using System.Globalization;
using System.Text;
using Maternity.Plans;
using Maternity.Programme;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary>
/// <c>maternity programme funding|posts|training|eia|approvals|assets</c>, each with <c>import</c>, <c>export</c>,
/// <c>show</c>, <c>edit</c> and <c>history</c>, built once from the register definitions; <c>assets boundaries</c> loads
/// the LSOA boundary file for the map.
/// </summary>
internal static class ProgrammeCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var root = new Command("programme", "The programme's resources: funding, named posts, training, equality impact assessments, approvals of the plan and community assets.");
        foreach (var register in ProgrammeRegisters.Names) root.Subcommands.Add(Register(register, guard, open));
        return root;
    }

    private static Command Register(string register, Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var sheets = ProgrammeRegisters.Of(register);
        var many = sheets.Count > 1;
        var names = string.Join("|", sheets.Select(s => s.Name));
        // Every subcommand takes --lmns, and --sheet when the register has several sheets; its action gets the store, the
        // LMNS and the sheet named (null when none was, or the subcommand takes none: sheetHelp null).
        Command Sub(string name, string description, string? sheetHelp, Symbol[] symbols, Func<ParseResult, Database, string, string?, int> run)
        {
            var lmns = new Option<string?>("--lmns") { Description = "The LMNS (default: the only one loaded)" };
            var sheet = new Option<string?>("--sheet") { Description = $"Which sheet {sheetHelp}: {names}" };
            var command = new Command(name, description);
            foreach (var symbol in symbols)
                if (symbol is Argument argument) command.Arguments.Add(argument);
                else command.Options.Add((Option)symbol);
            if (many && sheetHelp is not null) command.Options.Add(sheet);
            command.Options.Add(lmns);
            command.SetAction(r => guard(() =>
            {
                var database = open(r);
                return run(r, database, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database), many && sheetHelp is not null ? r.GetValue(sheet) : null);
            }));
            return command;
        }
        ProgrammeSheet Named(string? sheet) => sheet is null ? sheets[0] : ProgrammeRegisters.For(register, sheet, "");

        var file = new Argument<FileInfo>("file") { Description = $"The CSV file, with the sheet's columns, or an XLSX workbook with a worksheet per sheet (see 'maternity programme {register} export')" };
        var import = Sub("import", "Make the stored sheet equal the file: a changed row becomes a new version, a row the file no longer has is removed (its history kept). Any bad cell, unknown reference or unknown plan action changes nothing.",
            "the file holds (default: the one the file is named after)", [file], (r, database, code, named) =>
            {
                var info = r.GetValue(file)!;
                if (!info.Exists) throw new FileNotFoundException("no such file", info.FullName);
                // A workbook without --sheet holds the register's sheets as worksheets named after them, loaded together.
                var contents = Ingest.TableFile.IsXlsx(info.Name) && named is null ? ProgrammeFile.ReadWorkbook(info.FullName, register)
                    : [ProgrammeFile.Read(info.FullName, ProgrammeRegisters.For(register, named, info.Name))];
                var result = ProgrammeStore.Import(database, Commands.Operator, code, contents);
                if (Refused(info.Name, result.Issues)) return ExitCodes.BadInput;
                AnsiConsole.WriteLine($"{info.Name} ({string.Join(", ", contents.Select(c => c.Sheet.Key))}): {result.Added} added, {result.Changed} changed, {result.Removed} removed, {result.Unchanged} unchanged{Measured(result)}");
                return ExitCodes.Ok;
            });

        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: the console)" };
        var export = Sub("export", "Write a sheet as the CSV it is imported from (with no rows stored: a blank file with its columns); "
            + "to a .xlsx file, a workbook with a worksheet for each sheet of the register (or the one named).",
            "to write (default: the first; for .xlsx, all)", [output], (r, database, code, named) =>
            {
                var sheet = Named(named);
                var stored = ProgrammeStore.Load(database, Commands.Operator, code);
                var rows = stored.Rows(sheet.Key);
                if (r.GetValue(output) is { } xlsx && Ingest.TableFile.IsXlsx(xlsx.Name))
                {
                    var written = named is null ? sheets : [sheet];
                    ProgrammeFile.WriteWorkbook(xlsx.FullName, written.Select(s => (s, (IEnumerable<ProgrammeEntry>)stored.Rows(s.Key))));
                    AnsiConsole.WriteLine($"{string.Join(", ", written.Select(s => $"{stored.Rows(s.Key).Count} rows of {s.Key}"))} written to {xlsx.FullName}");
                }
                else if (r.GetValue(output) is { } path)
                {
                    using var writer = new StreamWriter(path.FullName, false, new UTF8Encoding(false));
                    AnsiConsole.WriteLine($"{ProgrammeFile.Write(sheet, rows, writer)} rows of {sheet.Key} written to {path.FullName}");
                }
                else ProgrammeFile.Write(sheet, rows, Console.Out);
                return ExitCodes.Ok;
            });

        var today = new Option<string?>("--today") { Description = "Judge due and overdue as at this date, yyyy-MM-dd (default: today)" };
        var show = Sub("show", "The register as it stands: " + register switch
        {
            ProgrammeRegisters.Funding => "streams against their profile, each instalment's state (received, due, overdue, at risk) and the money by month.",
            ProgrammeRegisters.Training => "% trained by trust and staff group with 95% Wilson intervals.",
            ProgrammeRegisters.Eia => "assessments, with reviews overdue.",
            ProgrammeRegisters.Assets => "assets and whether the map can place them.",
            _ => "its rows.",
        }, null, [today], (r, database, code, _) =>
        {
            var day = r.GetValue(today) is { } t ? DateOnly.ParseExact(t, "yyyy-MM-dd", Inv) : DateOnly.FromDateTime(DateTime.Today);
            Show(register, ProgrammeView.Build(database, Commands.Operator, code, day), day);
            return ExitCodes.Ok;
        });

        var id = new Argument<string>("id") { Description = "The row's Id (a new Id adds a row)" };
        var set = new Option<string[]>("--set") { Description = "Column=value to change (blank value clears it); repeat for more", Required = true, AllowMultipleArgumentsPerToken = true };
        var version = new Option<int>("--version") { Description = "The version you are changing (0 for a new row); see 'history'", Required = true };
        var edit = Sub("edit", "Change fields of one row, keeping the earlier version; refused if someone changed it since the version given.",
            "the row is in (default: the first)", [id, set, version], (r, database, code, named) =>
            {
                var sheet = Named(named);
                var changes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var pair in r.GetValue(set)!)
                    changes[pair.Split('=', 2)[0].Trim()] = pair.Contains('=', StringComparison.Ordinal) ? pair.Split('=', 2)[1]
                        : throw new InvalidDataException($"--set {pair}: write Column=value");
                var result = ProgrammeStore.Edit(database, Commands.Operator, code, sheet, r.GetValue(id)!, changes, r.GetValue(version));
                if (Refused(sheet.Key, result.Issues)) return ExitCodes.BadInput;
                AnsiConsole.WriteLine($"{sheet.Key} {r.GetValue(id)}: saved as version {r.GetValue(version) + 1}{Measured(result)}");
                return ExitCodes.Ok;
            });

        var removeId = new Argument<string>("id") { Description = "The row's Id" };
        var removeVersion = new Option<int>("--version") { Description = "The version you are removing; see 'history'", Required = true };
        var remove = Sub("remove", "Remove one row, keeping its history; refused if someone changed it since the version given, or while a row of another sheet names it.",
            "the row is in (default: the first)", [removeId, removeVersion], (r, database, code, named) =>
            {
                var sheet = Named(named);
                var result = ProgrammeStore.Remove(database, Commands.Operator, code, sheet, r.GetValue(removeId)!, r.GetValue(removeVersion));
                if (Refused(sheet.Key, result.Issues)) return ExitCodes.BadInput;
                AnsiConsole.WriteLine($"{sheet.Key} {r.GetValue(removeId)}: removed (its history kept){Measured(result)}");
                return ExitCodes.Ok;
            });

        var historyId = new Option<string?>("--id") { Description = "Only this row" };
        var history = Sub("history", "Every change to a sheet, oldest first, field by field, with who and when.", "(default: the first)", [historyId],
            (r, database, code, named) =>
            {
                var table = new Table().AddColumns("When (UTC)", "By", "Id", "Version", "Change");
                foreach (var c in ProgrammeStore.History(database, Commands.Operator, code, Named(named), r.GetValue(historyId)))
                    table.AddRow(c.At.ToString("yyyy-MM-dd HH:mm", Inv), Markup.Escape(c.By), Markup.Escape(c.Id), c.Version.ToString(Inv),
                        Markup.Escape(c.Deleted ? "removed" : string.Join("; ", c.Fields.Select(f => $"{f.Field}: {f.Before ?? "-"} -> {f.After ?? "-"}"))));
                AnsiConsole.Write(table);
                return ExitCodes.Ok;
            });

        var command = new Command(register, Describe(register)) { import, export, show, edit, remove, history };
        if (register == ProgrammeRegisters.Assets)
        {
            command.Subcommands.Add(Boundaries(guard, open));
            command.Subcommands.Add(Postcodes(guard, open));
        }
        return command;
    }

    private static Command Boundaries(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var lmns = new Option<string?>("--lmns") { Description = "The LMNS (default: the only one loaded)" };
        var file = new Argument<FileInfo>("file") { Description = "GeoJSON of LSOA (2011) boundaries, e.g. ONS 'LSOA (Dec 2011) Boundaries EW BSC'" };
        var districts = new Option<string[]>("--district") { Description = "Keep only the LSOAs of these local authority district codes (from the IMD file); repeat for more", AllowMultipleArgumentsPerToken = true };
        var command = new Command("boundaries", "Load the LSOA boundaries the map of community assets is drawn from (replacing those loaded before).") { file, districts, lmns };
        command.SetAction(r => guard(() =>
        {
            var database = open(r);
            var info = r.GetValue(file)!;
            if (!info.Exists) throw new FileNotFoundException("no such file", info.FullName);
            var result = LsoaBoundaries.Import(database, Commands.Operator, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database), info.FullName, r.GetValue(districts));
            AnsiConsole.WriteLine($"{info.Name}: {result.Kept} LSOAs loaded{(result.Skipped > 0 ? $", {result.Skipped} outside the districts named" : "")}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Postcodes(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var lmns = new Option<string?>("--lmns") { Description = "The LMNS (default: the only one loaded)" };
        var file = new Argument<FileInfo>("file") { Description = "Postcode-to-LSOA lookup with columns pcds and lsoa11 or lsoa21, e.g. the ONS Postcode Directory's CSV" };
        var command = new Command("postcodes", "Load the postcode-to-LSOA lookup that places assets known only by postcode on the map (postcodes in the loaded LSOAs only; replaces the earlier lookup).") { file, lmns };
        command.SetAction(r => guard(() =>
        {
            var database = open(r);
            var info = r.GetValue(file)!;
            if (!info.Exists) throw new FileNotFoundException("no such file", info.FullName);
            var result = PostcodeLookup.Import(database, Commands.Operator, r.GetValue(lmns) ?? PlanStore.DefaultLmns(database), info.FullName);
            AnsiConsole.WriteLine($"{info.Name}: {result.Kept} postcodes in the loaded LSOAs kept, {result.Skipped} elsewhere skipped");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Describe(string register) => register switch
    {
        ProgrammeRegisters.Funding => "Funding streams, their instalments (H1/H2 or month), allocations, grants and spend.",
        ProgrammeRegisters.Posts => "Named posts: role, organisation, WTE, funding stream and status with dates.",
        ProgrammeRegisters.Training => "Training courses, sessions with attendance by trust and staff group, and staff in post.",
        ProgrammeRegisters.Eia => "Equality impact assessments: groups considered, findings, mitigations, review dates, linked actions.",
        ProgrammeRegisters.Approvals => "Approvals and circulation of the plan: version, approved, submitted, accepted, published, shared.",
        ProgrammeRegisters.Learning => "Positive reports (GREATix) and quality improvement projects (aim, measures, status), linked to plan actions; shown on the safety page.",
        _ => "Community assets with their LSOA, drawn on the offline map of IMD deciles.",
    };

    private static void Show(string register, ProgrammeView view, DateOnly day)
    {
        static string Money(decimal m) => FundingStatus.Pounds(m);
        var r = view.Registers;
        switch (register)
        {
            case ProgrammeRegisters.Funding:
                var f = view.Summary.Funding;
                var streams = new Table().AddColumns("Stream", "Source", "Purpose", "Year", "Amount", "Received", "Allocated", "Spent", "Conditions");
                foreach (var s in f.Streams)
                    streams.AddRow(s.Id, Markup.Escape(s.Source), Markup.Escape(s.Purpose), s.Year, Money(s.Amount), Money(s.Received), Money(s.Allocated), Money(s.Spent), Markup.Escape(s.Conditions ?? ""));
                AnsiConsole.Write(streams);
                var instalments = new Table().AddColumns("Instalment", "Stream", "When", "Amount", "Due", "Received", "State");
                foreach (var i in f.Instalments)
                    instalments.AddRow(i.Id, i.Stream, i.When, Money(i.Amount), i.Due.ToString("yyyy-MM-dd", Inv), i.Received?.ToString("yyyy-MM-dd", Inv) ?? "", i.State.ToString());
                AnsiConsole.Write(instalments);
                var months = new Table().AddColumns("Month", "Due", "Received", "Due to date", "Received to date");
                foreach (var m in f.Months) months.AddRow(m.Start.ToString("MMM yyyy", Inv), Money(m.Due), Money(m.Received), Money(m.CumulativeDue), Money(m.CumulativeReceived));
                AnsiConsole.Write(months);
                AnsiConsole.WriteLine($"As at {day:yyyy-MM-dd}: {f.Overdue.Count} instalments overdue ({Money(f.Overdue.Sum(i => i.Amount))}).");
                break;
            case ProgrammeRegisters.Training:
                var t = new Table().AddColumns("Organisation", "Staff group", "Trained", "In post", "% trained", "95% interval", "Note");
                foreach (var row in view.Training.Rows)
                    t.AddRow(row.Org, Markup.Escape(row.StaffGroup), row.Trained?.ToString(Inv) ?? "", row.InPost?.ToString(Inv) ?? "",
                        row.Percent is { } p ? p.Value.ToString("0.0", Inv) : "", row.Percent is { } q ? $"{q.Lower.ToString("0.0", Inv)} to {q.Upper.ToString("0.0", Inv)}" : "",
                        Markup.Escape(row.Problem ?? (row.Suppressed ? "counts rounded" : "")));
                AnsiConsole.Write(t);
                break;
            case ProgrammeRegisters.Eia:
                Rows(r.Rows("eia.assessments"), ProgrammeRegisters.Find("eia"));
                AnsiConsole.WriteLine($"Reviews overdue at {day:yyyy-MM-dd}: {(view.Summary.OverdueReviews.Count == 0 ? "none" : string.Join(", ", view.Summary.OverdueReviews.Select(o => $"{o.Id} ({o.DaysOverdue} days)")))}");
                break;
            case ProgrammeRegisters.Assets:
                Rows(r.Rows("assets.assets"), ProgrammeRegisters.Find("assets"));
                AnsiConsole.WriteLine($"Map: {view.Map.Shapes.Count} LSOAs loaded; {view.Map.Markers.Count} assets placed, {view.Map.Unplaced.Count} without a loaded LSOA.");
                break;
            default:
                foreach (var sheet in ProgrammeRegisters.Of(register)) Rows(r.Rows(sheet.Key), sheet);
                break;
        }
    }

    private static void Rows(IReadOnlyList<ProgrammeEntry> rows, ProgrammeSheet sheet)
    {
        var table = new Table().AddColumns([.. sheet.Columns.Select(c => c.Name), "Version"]);
        foreach (var e in rows) table.AddRow([.. sheet.Columns.Select(c => Markup.Escape(e.Text(c.Name) ?? "")), e.Version.ToString(Inv)]);
        AnsiConsole.Write(table);
    }

    private static string Measured(ProgrammeStore.ImportResult result) =>
        result.MeasureValues > 0 ? $"; {result.MeasureValues} values of the measures the posts count towards" : "";

    private static bool Refused(string file, IReadOnlyList<Ingest.RowIssue> issues)
    {
        if (issues.Count == 0) return false;
        AnsiConsole.MarkupLine($"[red]{Markup.Escape(file)}: refused, nothing changed[/] ({issues.Count} problems)");
        foreach (var issue in issues.Take(50))
            AnsiConsole.WriteLine($"  {(issue.Row > 0 ? $"row {issue.Row}, " : "")}column {issue.Column} '{issue.Value}': {issue.Reason}");
        return true;
    }
}
