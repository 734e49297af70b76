using System.CommandLine;
using System.Globalization;
using Maternity.Reports;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity report</c>: the LMNS Board pack (HTML, PDF, XLSX), kept so each can be re-opened as the board saw it.</summary>
internal static class ReportCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var lmnsOption = new Option<string?>("--lmns") { Description = "The LMNS code (default: the only LMNS loaded)" };
        var periodOption = new Option<string?>("--period") { Description = "Reporting month, yyyy-MM (default: the latest month with counts); indicators cover the 12 months to it" };
        var asAtOption = new Option<string?>("--as-at") { Description = "Date the action plan is reported as at, yyyy-MM-dd (default: today)" };
        var outOption = new Option<DirectoryInfo?>("--out") { Description = "Folder to write the files to (default: the current folder)" };

        var board = new Command("board", "Generate the LMNS Board's exception report as self-contained HTML, PDF (with Chromium) and XLSX, and keep it.")
        {
            lmnsOption, periodOption, asAtOption, outOption,
        };
        board.SetAction(r => guard(() =>
        {
            var database = open(r);
            var (lmns, period) = BoardPack.Resolve(database, r.GetValue(lmnsOption), r.GetValue(periodOption), "--period");
            var asAt = r.GetValue(asAtOption) is { } a
                ? DateOnly.TryParseExact(a, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) ? d : throw new InvalidDataException($"--as-at '{a}' is not a date in the form yyyy-MM-dd")
                : (DateOnly?)null;
            var (stored, pack) = AnsiConsole.Status().Start("Building the board pack", context =>
                BoardPackStore.Generate(database, Commands.Operator, lmns, period, Maternity.Web.Reports.BoardPackRenderer.Render, asAt, new SynchronousProgress<string>(step => context.Status($"Board pack: {step}"))));
            var written = Write(database, stored.Id, r.GetValue(outOption));
            AnsiConsole.MarkupLine(Inv, $"Board pack [bold]{stored.Id}[/]: {Markup.Escape(pack.LmnsName)}, {pack.Period:MMMM yyyy} (12 months from {pack.From:MMMM yyyy})");
            AnsiConsole.WriteLine(string.Create(Inv, $"  {pack.Attention.Count} of {pack.Indicators.Count} indicators need attention, {pack.Improved.Count} improved; {pack.QualityExceptions.Count} data-quality exceptions; {pack.Actions.Count} actions reported; {pack.Changes.Count} change{(pack.Changes.Count == 1 ? "" : "s")} since the previous pack"));
            foreach (var file in written) AnsiConsole.WriteLine($"  wrote {file}");
            if (!stored.HasPdf) AnsiConsole.MarkupLine($"[yellow]No PDF: {Markup.Escape(stored.PdfNote ?? "")}[/]");
            return ExitCodes.Ok;
        }));

        var list = new Command("list", "The board packs kept, newest first, and whether the data they used have changed since.") { lmnsOption };
        list.SetAction(r => guard(() =>
        {
            var table = new Table().AddColumns("Pack", "LMNS", "Month", "Generated (UTC)", "By", "PDF", "Data changed since");
            var packs = BoardPackStore.List(open(r), Commands.Operator, r.GetValue(lmnsOption));
            foreach (var (s, changed) in packs)
                table.AddRow(s.Id, s.Lmns, s.Period.ToString("yyyy-MM", Inv), s.GeneratedAt.ToString("yyyy-MM-dd HH:mm", Inv), Markup.Escape(s.GeneratedBy),
                    s.HasPdf ? "yes" : "[yellow]no[/]", changed ? "[yellow]yes[/]" : "no");
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{packs.Count} packs");
            return ExitCodes.Ok;
        }));

        var idArgument = new Argument<string>("id") { Description = "The pack, as maternity report list shows it (e.g. LMNSX1-2025-03-1)" };
        var reopen = new Command("open", "Write a kept pack's files exactly as they were generated.") { idArgument, outOption };
        reopen.SetAction(r => guard(() =>
        {
            var written = Write(open(r), r.GetValue(idArgument)!, r.GetValue(outOption));
            if (written.Count == 0) throw new InvalidDataException($"no board pack '{r.GetValue(idArgument)}' is kept: maternity report list shows those that are");
            foreach (var file in written) AnsiConsole.WriteLine($"wrote {file}");
            return ExitCodes.Ok;
        }));

        return new Command("report", "The LMNS Board pack: generate it (HTML, PDF and XLSX), list the packs kept, re-open one.") { board, list, reopen };
    }

    private static List<string> Write(Database database, string id, DirectoryInfo? folder)
    {
        var dir = folder?.FullName ?? Directory.GetCurrentDirectory();
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        foreach (var format in BoardPackStore.Formats)
        {
            if (BoardPackStore.Open(database, Commands.Operator, id, format) is not { } file) continue;
            var path = Path.Combine(dir, file.FileName);
            File.WriteAllBytes(path, file.Content);
            written.Add(path);
        }
        return written;
    }
}
