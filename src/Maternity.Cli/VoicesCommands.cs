using System.CommandLine;
using System.Globalization;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Storage;
using Maternity.Voices;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity voices</c>: what the MNVP heard, and whether it reflects the women booked.</summary>
internal static class VoicesCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var lmns = new Option<string?>("--lmns") { Description = "The LMNS whose MNVP this is (default: the only LMNS among the organisations loaded)" };
        var period = new Option<string?>("--period") { Description = "The last month of the 12 reported, yyyy-MM (default: the month of the latest event)" };
        string Lmns(ParseResult r, Database d) => r.GetValue(lmns) ?? PlanStore.DefaultLmns(d);
        DateOnly? Month(ParseResult r) => r.GetValue(period) is { } p
            ? DateOnly.TryParseExact(p + "-01", "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) ? d : throw new InvalidDataException($"--period '{p}' is not a month in the form yyyy-MM")
            : null;

        var file = new Argument<FileInfo>("file") { Description = "CSV or XLSX: an engagement log, a sign-up export, feedback (you said, we did) or a population profile" };
        var districts = new Option<FileInfo?>("--districts") { Description = "CSV District,IMD quintile: each postcode district's deprivation, for sign-ups with a postcode but no quintile" };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "JSON mapping of another sign-up layout: local column names, codes and date formats to the importer's (docs/voices.md)" };
        var by = new Option<string>("--by") { Description = "Who is loading, for the audit trail", DefaultValueFactory = _ => Environment.UserName };
        var import = new Command("import", """
            Load an MNVP file, told apart by its columns: an engagement log (Date, Event, Kind, Place, Languages, Partners, People heard and a
            column per group such as 'Ethnic group: Asian'); a sign-up export (Event Name, Event Date and one row a person: names, emails,
            phone numbers are dropped and counted, full postcodes cut to their district); feedback (Date, Source, Theme, You said, We did,
            Action, Status); or a population profile (Characteristic, Group, People, Source). A file with any bad cell changes nothing.
            """) { file, lmns, districts, mapping, by };
        import.SetAction(r => guard(() =>
        {
            var database = open(r);
            var path = r.GetValue(file)!;
            if (!path.Exists) throw new FileNotFoundException("no such file", path.FullName);
            var lookup = r.GetValue(districts) is { } d ? ReadDistricts(d) : null;
            var map = r.GetValue(mapping) is { } m ? ExtractMapping.Load(m.FullName) : null;
            var result = VoicesStore.Import(database, Security.Access.System(r.GetValue(by)!), Lmns(r, database), path.FullName, lookup, map);
            if (result.Dropped.Total > 0) AnsiConsole.WriteLine($"{path.Name}: {result.Dropped.Describe()}");
            if (!result.Stored)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(path.Name)}: refused, nothing changed[/] ({result.Issues.Count} problems)");
                foreach (var issue in result.Issues)
                    AnsiConsole.WriteLine($"  {(issue.Row > 0 ? $"row {issue.Row}, " : "")}{issue.Column}{(issue.Value is null ? "" : $" '{issue.Value}'")}: {issue.Reason}");
                return ExitCodes.BadInput;
            }
            AnsiConsole.WriteLine($"{path.Name} ({result.Kind}): {result.Added} added, {result.Replaced} replaced");
            if (result.Kind is VoicesFile.FileKind.Events or VoicesFile.FileKind.SignUps) AnsiConsole.WriteLine(result.Measures.Describe());
            return ExitCodes.Ok;
        }));

        var postcodes = new Command("postcodes", """
            Load the postcode district and sector to LSOA lookup from the ONS National Statistics Postcode Lookup (or ONS Postcode
            Directory), replacing the one stored; sign-ups with a partial postcode then get the IMD quintile of their sector or
            district through the IMD table already loaded (the quintile holding most of its residential postcodes).
            Without the file, lists the districts and sectors with their quintile.
            """) { by };
        var directoryOptional = new Argument<FileInfo?>("file")
        {
            Description = "The ONS postcode directory's data CSV (NSPL or ONSPD): pcds and lsoa11 (or lsoa21) columns", Arity = ArgumentArity.ZeroOrOne,
        };
        postcodes.Arguments.Add(directoryOptional);
        postcodes.SetAction(r => guard(() =>
        {
            var database = open(r);
            if (r.GetValue(directoryOptional) is not { } lookupFile)
            {
                var areas = DistrictLookup.Areas(database);
                var table = new Table().AddColumns("District or sector", "IMD quintile", "Share of its postcodes", "Postcodes");
                foreach (var a in areas) table.AddRow(a.Code, a.Quintile, Pct(a.Share), a.Postcodes.ToString(Inv));
                AnsiConsole.Write(table);
                if (areas.Count == 0) AnsiConsole.WriteLine("No district or sector to show: no postcode lookup stored, or none of its LSOAs is in the IMD loaded (see docs/voices.md).");
                return ExitCodes.Ok;
            }
            if (!lookupFile.Exists) throw new FileNotFoundException("no such file", lookupFile.FullName);
            var loaded = DistrictLookup.Import(database, Security.Access.System(r.GetValue(by)!), lookupFile.FullName);
            if (!loaded.Stored)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(lookupFile.Name)}: refused, nothing changed[/] ({loaded.Issues.Count} problems)");
                foreach (var issue in loaded.Issues)
                    AnsiConsole.WriteLine($"  {(issue.Row > 0 ? $"row {issue.Row}, " : "")}{issue.Column}{(issue.Value is null ? "" : $" '{issue.Value}'")}: {issue.Reason}");
                return ExitCodes.BadInput;
            }
            AnsiConsole.WriteLine(loaded.Describe());
            return ExitCodes.Ok;
        }));

        var show = new Command("show", "Representativeness by characteristic: the share of people heard against the share of women booked, the representation ratio with its 95% interval, and the chi-squared test.")
        {
            lmns, period,
        };
        show.SetAction(r => guard(() =>
        {
            var database = open(r);
            var report = VoicesReport.Build(database, Commands.Operator, Lmns(r, database), Month(r));
            Header(report);
            Representation(report);
            return ExitCodes.Ok;
        }));

        var reportCommand = new Command("report", "The MNVP annual report to the LMNS Board: reach, representativeness, the trend by quarter and 'you said, we did'. The board pack (maternity report board) carries the same section.")
        {
            lmns, period,
        };
        reportCommand.SetAction(r => guard(() =>
        {
            var database = open(r);
            var report = VoicesReport.Build(database, Commands.Operator, Lmns(r, database), Month(r));
            Header(report);
            foreach (var k in report.ByKind) AnsiConsole.WriteLine(string.Create(Inv, $"  {k.Kind}: {k.Events} events, {k.People} people"));
            Representation(report);
            var quarters = new Table().AddColumns("Quarter", "Events", "People heard", "Ethnic group fit p", "Under-represented");
            foreach (var q in report.Quarters)
                quarters.AddRow(q.Quarter, q.Events.ToString(Inv), q.People.ToString(Inv), P(q.PValue), Markup.Escape(string.Join(", ", q.UnderRepresented)));
            AnsiConsole.Write(quarters);
            var said = new Table().AddColumns("Heard", "Source", "Theme", "You said", "We did", "Action", "Status");
            foreach (var f in report.Feedback)
                said.AddRow(f.HeardOn.ToString("yyyy-MM-dd", Inv), Markup.Escape(f.Source), Markup.Escape(f.Theme), Markup.Escape(f.YouSaid), Markup.Escape(f.WeDid), f.ActionId ?? "", f.Status);
            AnsiConsole.Write(said);
            return ExitCodes.Ok;
        }));

        return new Command("voices", "MNVP engagement: whose voices are heard, against the women booked, and what changed because of them.") { import, show, reportCommand, postcodes };
    }

    private static void Header(VoicesReport report) =>
        AnsiConsole.WriteLine(string.Create(Inv,
            $"{report.Lmns} MNVP, {report.From:MMMM yyyy} to {report.To:MMMM yyyy}: {report.Events} events ({report.Forums} forums), {report.PeopleHeard} people heard"));

    private static void Representation(VoicesReport report)
    {
        foreach (var r in report.Representation)
        {
            var table = new Table { Title = new TableTitle(Markup.Escape($"{r.Title} against {r.ReferenceSource}")) }
                .AddColumns("Group", "Heard", "Share heard %", "Share booked %", "Ratio (95% CI)", "Verdict");
            foreach (var x in r.Rows)
                table.AddRow(Markup.Escape(x.Group), x.Heard.ToString(Inv), Pct(x.HeardShare), Pct(x.ReferenceShare),
                    double.IsNaN(x.Ratio.Value) ? "-" : string.Create(Inv, $"{x.Ratio.Value:0.00} ({x.Ratio.Lower:0.00} to {x.Ratio.Upper:0.00})"), x.Verdict);
            AnsiConsole.Write(table);
            var doubt = r.Test.MinExpected < 5 ? " (some expected counts under 5: the approximation is doubtful)" : "";
            AnsiConsole.WriteLine(string.Create(Inv, $"  chi-squared goodness of fit: X² = {r.Test.Statistic:0.000}, df = {r.Test.DegreesOfFreedom}, p = {P(r.Test.PValue)}{doubt}"));
        }
        foreach (var n in report.NotCompared) AnsiConsole.WriteLine($"  not compared: {n}");
    }

    private static string Pct(double share) => double.IsNaN(share) ? "-" : (share * 100).ToString("0.0", Inv);

    private static string P(double p) => double.IsNaN(p) ? "-" : p < 0.0001 ? "< 0.0001" : p.ToString("0.0000", Inv);

    private static Dictionary<string, string> ReadDistricts(FileInfo file)
    {
        if (!file.Exists) throw new FileNotFoundException("no such file", file.FullName);
        var (header, rows) = TableFile.Read(file.FullName)!.Value;
        if (header.Count < 2) throw new InvalidDataException($"{file.Name}: a district lookup has the columns District, IMD quintile");
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, cells) in rows)
        {
            var district = cells[header[0]].Trim().ToUpperInvariant();
            var quintile = cells[header[1]].Trim();
            if (quintile is not ("1" or "2" or "3" or "4" or "5"))
                throw new InvalidDataException($"{file.Name} row {row}, {header[1]}: an IMD quintile is 1 to 5, not '{quintile}'");
            map[district] = quintile;
        }
        return map;
    }
}
