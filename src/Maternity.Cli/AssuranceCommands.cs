using System.CommandLine;
using System.Globalization;
using Maternity.Assurance;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary>
/// <c>maternity assurance</c>: the national assurance frameworks (MIS safety actions, Saving Babies' Lives v3, Ockenden,
/// PSIRF), trusts' declarations and the LMNS's assurance of them, the compliance grid and safety action 2's scorecard.
/// </summary>
internal static class AssuranceCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var frameworkOption = new Option<string?>("--framework") { Description = "Framework id (MIS6, MIS7, SBL3, OCK, PSIRF, 3YDP)" };
        var by = new Option<string>("--by") { Description = "Who is making the change, for the history and the audit trail", DefaultValueFactory = _ => Environment.UserName };

        var frameworks = new Command("frameworks", "The shipped frameworks with their source and what of them is verified; with --framework, its items, standards and deadlines.") { frameworkOption };
        frameworks.SetAction(r => guard(() =>
        {
            if (r.GetValue(frameworkOption) is { } id)
            {
                var f = Find(id);
                AnsiConsole.WriteLine($"{f.Name} ({f.Version}), {f.Owner}");
                AnsiConsole.WriteLine($"Source: {f.Source}");
                AnsiConsole.WriteLine($"Verification: {f.Verification}");
                var items = new Table().AddColumns("Item", "Title", "Deadline", "Verified", "Standard");
                foreach (var i in f.Items)
                    items.AddRow(Markup.Escape(i.Id), Markup.Escape(i.Title), $"{i.Deadline:yyyy-MM-dd}", i.Verified ? "yes" : "no", Markup.Escape(i.Standard ?? ""));
                AnsiConsole.Write(items);
                foreach (var i in f.Items.Where(i => i.Source is { Length: > 0 }))
                    AnsiConsole.WriteLine($"{i.Id} source: {i.Source}");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Id", "Framework", "Version", "Items", "Source");
            foreach (var f in Frameworks.Default)
                table.AddRow(f.Id, Markup.Escape(f.Name), Markup.Escape(f.Version), f.Items.Count.ToString(Inv), Markup.Escape(f.Source));
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var file = new Argument<FileInfo>("file") { Description = "Declarations (CSV: Framework, Item, Org, Period, Status, Evidence, Links, Reason) or, with --scorecard, a received safety action 2 scorecard (CSV: OrgCode, Month, Criterion, Met)" };
        var scorecardOption = new Option<string?>("--scorecard") { Description = "Load the file as the safety action 2 scorecard trusts receive for this scheme (MIS4 or MIS6), and compare it with the computed one" };
        var import = new Command("import", "Load declarations, or a received safety action 2 scorecard, from a CSV file: all rows or none (every problem listed with row and column). Exit 2: refused, nothing changed.")
        {
            file, scorecardOption, by,
        };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var path = r.GetValue(file)!;
            if (!path.Exists) throw new FileNotFoundException("no such file", path.FullName);
            var access = Access.System(r.GetValue(by)!);
            if (r.GetValue(scorecardOption) is { } scheme)
            {
                var scorecard = Sa2Scorecard.Find(scheme);
                var loaded = scorecard.Load(database, access, path.FullName);
                if (!loaded.Succeeded) return Refused(path.Name, loaded.Issues);
                AnsiConsole.WriteLine($"{path.Name}: {loaded.Rows} criteria stored.");
                var comparison = Sa2Scorecard.Compare(scorecard.Compute(database, access), scorecard.Received(database, access));
                PrintComparison(comparison);
                return ExitCodes.Ok;
            }
            var result = AssuranceStore.Import(database, access, path.FullName);
            if (!result.Succeeded) return Refused(path.Name, result.Issues);
            AnsiConsole.WriteLine($"{path.Name}: {result.Added} declarations added, {result.Revised} revised, {result.Unchanged} unchanged.");
            return ExitCodes.Ok;
        }));

        var item = new Option<string>("--item") { Description = "Item id, e.g. SA2", Required = true };
        var org = new Option<string>("--org") { Description = "The trust declaring", Required = true };
        var period = new Option<string>("--period") { Description = "The month declared for, yyyy-MM (default: this month)" };
        var status = new Option<string>("--status") { Description = "met, partly-met, not-met or not-applicable", Required = true };
        var evidence = new Option<string>("--evidence") { Description = "The evidence in words", DefaultValueFactory = _ => "" };
        var link = new Option<string[]>("--link") { Description = "A link to evidence (a measure's page, a plan action, a web address); repeat for more", AllowMultipleArgumentsPerToken = true };
        var reason = new Option<string?>("--reason") { Description = "Why a declaration in force is revised (required to revise one)" };
        var evidenceFile = new Option<FileInfo[]>("--evidence-file")
        {
            Description = "An evidence file to carry (PDF, DOCX, XLSX, PNG or JPEG, at most 10 MB; the type is read from its bytes); repeat for more. "
                + "Declaring the same again with files adds them to the declaration in force.",
            AllowMultipleArgumentsPerToken = true,
        };
        var declare = new Command("declare", "Declare one item's status for a trust, with evidence; revising a declaration in force needs --reason (the earlier revision is kept).")
        {
            frameworkOption, item, org, period, status, evidence, link, reason, evidenceFile, by,
        };
        declare.SetAction(r => guard(() =>
        {
            var month = r.GetValue(period) is { } p
                ? AssuranceStore.TryMonth(p, out var m) ? m : throw new InvalidDataException($"--period: '{p}' is not a month (yyyy-MM)")
                : AssuranceStore.Month(DateOnly.FromDateTime(DateTime.Today));
            var compliance = ComplianceText.Parse(r.GetValue(status))
                ?? throw new InvalidDataException($"--status: '{r.GetValue(status)}' is not met, partly-met, not-met or not-applicable");
            var framework = r.GetValue(frameworkOption) ?? throw new InvalidDataException("--framework is required");
            var files = (r.GetValue(evidenceFile) ?? []).Select(f => f.Exists
                ? new EvidenceFiles.Upload(f.Name, File.ReadAllBytes(f.FullName))
                : throw new FileNotFoundException($"--evidence-file: no such file {f.FullName}", f.FullName)).ToList();
            var database = open(r);
            var access = Access.System(r.GetValue(by)!);
            var d = AssuranceStore.Declare(database, access, new DeclarationInput(framework, r.GetValue(item)!, r.GetValue(org)!,
                month, compliance, r.GetValue(evidence)!, r.GetValue(link) ?? [], r.GetValue(reason)) { Files = files });
            AnsiConsole.WriteLine($"Declaration {d.Id}: {d.FrameworkId} {d.ItemId} {d.OrgCode} {d.Period:yyyy-MM} {ComplianceText.Label(d.Status)} (revision {d.Revision}).");
            foreach (var f in EvidenceFiles.Of(database, access, [d.Id]).GetValueOrDefault(d.Id) ?? [])
                AnsiConsole.WriteLine($"  Evidence file {f.FileName} ({f.Size}, SHA-256 {f.Sha256})");
            return ExitCodes.Ok;
        }));

        var id = new Option<long>("--id") { Description = "The declaration (its id, as show --history prints it)", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "accepted or queried", Required = true };
        var assure = new Command("assure", "The LMNS's assurance of a declaration in force: accepted, or queried with --reason.") { id, outcome, reason, by };
        assure.SetAction(r => guard(() =>
        {
            var review = AssuranceStore.Assure(open(r), Access.System(r.GetValue(by)!), r.GetValue(id), r.GetValue(outcome)!, r.GetValue(reason));
            AnsiConsole.WriteLine($"Declaration {review.DeclarationId}: {review.Outcome}{(review.Reason.Length > 0 ? $" ({review.Reason})" : "")}.");
            return ExitCodes.Ok;
        }));

        var lmns = new Option<string?>("--lmns") { Description = "The LMNS whose trusts to show (default: the only LMNS loaded)" };
        var asAt = new Option<string?>("--as-at") { Description = "Show the grid as at this date, yyyy-MM-dd (default: today)" };
        var history = new Option<string?>("--history") { Description = "Every revision of this item (with --framework), newest first" };
        var show = new Command("show", "The compliance grid (items x trusts, symbol and words) of one framework or all, with overdue and at-risk items; --scorecard SCHEME prints safety action 2's monthly scorecard instead.")
        {
            frameworkOption, lmns, asAt, history, scorecardOption,
        };
        show.SetAction(r => guard(() =>
        {
            var database = open(r);
            var access = Commands.Operator;
            if (r.GetValue(scorecardOption) is { } scheme)
            {
                var scorecard = Sa2Scorecard.Find(scheme);
                var scores = scorecard.Compute(database, access);
                var table = new Table().Title(Markup.Escape(scorecard.Title)).AddColumns("Org", "Month");
                foreach (var c in scorecard.Criteria) table.AddColumn(Markup.Escape($"{c.Id} {c.Title}"));
                table.AddColumn("Achieved");
                foreach (var s in scores)
                    table.AddRow([s.OrgCode, s.Month.ToString("yyyy-MM", Inv), .. s.Results.Select(x => Markup.Escape(x.Text + (x.Value is null ? "" : $" ({x.Value})"))), s.Score]);
                AnsiConsole.Write(table);
                PrintComparison(Sa2Scorecard.Compare(scores, scorecard.Received(database, access)));
                return ExitCodes.Ok;
            }
            if (r.GetValue(history) is { } itemId)
            {
                var f = Find(r.GetValue(frameworkOption) ?? throw new InvalidDataException("--history needs --framework"));
                var table = new Table().AddColumns("Id", "Org", "Period", "Rev.", "Status", "Declared", "Reason", "Evidence", "Assurance");
                foreach (var d in AssuranceStore.History(database, access, f.Id, itemId))
                    table.AddRow(d.Id.ToString(Inv), d.OrgCode, d.Period.ToString("yyyy-MM", Inv), d.Revision.ToString(Inv), ComplianceText.Label(d.Status),
                        Markup.Escape($"{d.DeclaredBy} {d.DeclaredAt:yyyy-MM-dd}{(d.IsCurrent ? "" : " (superseded)")}"), Markup.Escape(d.Reason ?? ""),
                        Markup.Escape(d.Evidence), Markup.Escape(d.Review is { } v ? $"{v.Outcome} by {v.ReviewedBy}{(v.Reason.Length > 0 ? $": {v.Reason}" : "")}" : "none"));
                AnsiConsole.Write(table);
                return ExitCodes.Ok;
            }
            var code = r.GetValue(lmns) ?? PlanStore.DefaultLmns(database);
            var day = r.GetValue(asAt) is { } a ? DateOnly.ParseExact(a, "yyyy-MM-dd", Inv) : DateOnly.FromDateTime(DateTime.Today);
            var chosen = r.GetValue(frameworkOption) is { } fid ? [Find(fid)] : Frameworks.Default;
            foreach (var f in chosen)
            {
                var grid = ComplianceGrid.Build(database, access, f, code, day);
                var table = new Table().Title(Markup.Escape($"{f.Name} as at {day:d MMMM yyyy}")).AddColumns("Item", "Deadline");
                foreach (var t in grid.Trusts) table.AddColumn(t);
                table.AddColumn("Met or n/a");
                foreach (var row in grid.Rows)
                    table.AddRow([Markup.Escape($"{row.Item.Id} {row.Item.Title}"), $"{row.Item.Deadline:yyyy-MM-dd}",
                        .. row.Cells.Select(c => Markup.Escape($"{c.Symbol} {c.Text}{(c.Overdue ? " OVERDUE" : c.AtRisk ? " AT RISK" : "")}")),
                        $"{row.Done} of {row.Cells.Count}"]);
                AnsiConsole.Write(table);
                AnsiConsole.WriteLine($"Key: ✓ met, ◐ partly met, ✗ not met, – not applicable, ? not declared. {grid.Concerns().Count} overdue or at risk.");
            }
            return ExitCodes.Ok;
        }));

        return new Command("assurance", "Assurance frameworks per trust: MIS safety actions, Saving Babies' Lives v3, Ockenden, PSIRF; declarations, LMNS assurance, the compliance grid and safety action 2's scorecard.")
        {
            frameworks, import, declare, assure, show,
        };
    }

    private static Framework Find(string id) => Frameworks.Find(id)
        ?? throw new InvalidDataException($"--framework: '{id}' is not a framework ({string.Join(", ", Frameworks.Default.Select(f => f.Id))})");

    private static int Refused(string file, IReadOnlyList<Ingest.RowIssue> issues)
    {
        AnsiConsole.MarkupLine($"[red]{Markup.Escape(file)}: refused, nothing changed[/] ({issues.Count} problems)");
        foreach (var issue in issues) AnsiConsole.WriteLine($"  {issue.Reason}");
        return ExitCodes.BadInput;
    }

    private static void PrintComparison(IReadOnlyList<Sa2Scorecard.Comparison> comparison)
    {
        if (comparison.Count == 0) return;
        var differ = comparison.Where(c => !c.Agrees).ToList();
        AnsiConsole.WriteLine($"Received scorecards against the computed ones: {comparison.Count - differ.Count} criteria agree, {differ.Count} differ.");
        if (differ.Count == 0) return;
        var table = new Table().AddColumns("Org", "Month", "Criterion", "Received", "Computed");
        foreach (var c in differ)
            table.AddRow(c.OrgCode, c.Month.ToString("yyyy-MM", Inv), Markup.Escape(c.Criterion), c.Received ? "Yes" : "No",
                c.Computed switch { true => "Yes", false => "No", null => "Not computed" });
        AnsiConsole.Write(table);
    }
}
