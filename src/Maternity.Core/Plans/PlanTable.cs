using System.Globalization;
using System.Text.RegularExpressions;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Storage;

namespace Maternity.Plans;

/// <summary>
/// The plan as the table people keep it in: one row per action, the tree in the first columns, lists one item per
/// line in a cell; the data-gap register beside it (a second sheet of the workbook, or a "-data-gaps.csv" file next
/// to the CSV). Export then import gives back the same plan. The importer also reads plans laid out the way LMNS
/// plans are: headings such as "Priority 1: ..." or "4b Intervention 3: ..." in any tree column, continuation rows
/// that inherit the intervention above, status words where a date is expected, month dates ("March 2023"), and the
/// column names the published plans use ("Action required", "Responsible Leads", "Target date to complete", ...).
/// </summary>
public static partial class PlanTable
{
    public const string ActionsSheet = "Actions";
    public const string GapsSheet = "Data gaps";

    /// <summary>The columns of the actions table and what each holds (docs/data-model.md is generated from these).</summary>
    public static readonly (string Name, string Meaning)[] ColumnDefinitions =
    [
        ("Framework", "\"Ref: Title\" of the framework (default `NHSE 2021`, the NHS England 2021 guidance; or a local one, e.g. `Local objectives: ...`)"),
        ("Priority", "\"Priority 1: Restore NHS services inclusively\", \"Objective 3: ...\", or a title alone; under NHSE 2021 the ref alone takes the guidance's wording"),
        ("Sub-priority", "\"4a\" to \"4e\" under Priority 4 (optional; inferred from \"4b Intervention 3\")"),
        ("Intervention", "\"Intervention 1\", \"4b Intervention 3\", \"Additional intervention: ...\" (optional)"),
        ("Action ID", "Stable identifier of the action (given as A001, A002, ... when blank)"),
        ("Action descriptor", "What will be done (required; a blank descriptor takes the Detail)"),
        ("Detail", "The action required, in more detail"),
        ("Key milestones", "One per line: `Title`, `Title | due March 2025`, `Title | due 2025-03-31 | done 2025-03-20`"),
        ("Responsible leads", "Roles and teams, one per line (or separated by / ; ,), e.g. `Digital Midwives`, `LMNS Team`"),
        ("Owning organisations", "Trust codes or `LMNS`, one per line"),
        ("Financial year", "Planning period, e.g. `2024-25` (24/25 and FY24/25 are read too)"),
        ("Horizon", "`Short term`, `Intermediate term` or `Long term` (or the WRES plan's colours red, green, blue); with a deadline (`Red: short term, by September 2023`) the action falls due then when it has no target date"),
        ("Planned start", "First quarter of work, e.g. `2024-25 Q3` (Q1 is April to June)"),
        ("Planned end", "Last quarter of work"),
        ("Gantt", "The action's row of a Gantt chart, one quarter per line as the plan wrote its cell: `2022-23 Q3: Completed`, `2023-24 Q2: Milestone`, `2024-25 Q1: Green` (a chart's own quarter columns are read into it)"),
        ("Target date", "A day (`2025-03-31`, `31/03/2025`, `30th November 2025`), a month (`March 2025`, due at its end) or a phrase plans write, kept as written (`by March 2024`, `by the end of 2023/24` and `2027/28` due 31 March 2024 and 2028, `Q3 2023/24` due at the quarter's end, `Throughout 2023` and `By 2025` due 31 December); `October 2022 / April 2023` is a revision; a status word (`Complete`, `Ongoing`) or `TBC` is read as no date; other text is kept as text"),
        ("Status", "`Not started`, `On track`, `At risk`, `Delayed`, `On hold`, `Complete`, `Complete and embedded` (also Ongoing, In progress, Completed, Green, Amber, Red, Grey)"),
        ("Status note", "Free text beside the status"),
        ("Metrics for success", "How success will be measured, as text"),
        ("Indicators", "Catalogue indicator ids (docs/indicators.md) the action should move, one per line"),
        ("Groups that will benefit most", "Cohort tags, one per line or separated by ;"),
        ("Target groups", "The groups of the records the action targets, whose figures its page shows: one per line or separated by ;, by code or name (`EthnicGroup:Black` or `Black women`, `ImdQuintile:1` or `Most deprived fifth`, `AgeBand:Under 20`, `PriorityCohort`; docs/plans.md lists them). Blank: read from the words of Groups that will benefit most"),
        ("Also serves", "Other headings the action serves, as paths (`Local objectives/Objective 3`), one per line"),
        ("Target date changes", "One per line: `[2024-01-05 by LMNS Team] 2024-03-31 -> June 2024: reason`; `Date changed from X to Y` is read too"),
        ("Updates", "Dated updates, each opened by a line `[2024-06-01 by Role]`, then text, `Evidence: ...` and `File: name sha256:...` lines; text before any such line is an undated comment"),
        ("Evidence", "Evidence of an undated comment (the published plans' \"Evidence\" column); written empty"),
        ("Data gaps closed", "Gap IDs of the data-gap register that the action closes"),
    ];

    public static readonly string[] Columns = [.. ColumnDefinitions.Select(c => c.Name)];

    /// <summary>Column names the published plans use for the same thing, for the documentation.</summary>
    public static IEnumerable<(string Alias, string Column)> ColumnAliases => Aliases.Select(a => (a.Key, a.Value));

    public static readonly string[] GapColumns = ["Gap ID", "Data gap", "Owner", "Due", "Status", "Note"];

    /// <summary>Other names the published plans give these columns (compared without case, spaces or punctuation).</summary>
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["objective"] = "Priority", ["priorityobjective"] = "Priority", ["priorityaction"] = "Priority", ["subpriority"] = "Sub-priority",
        ["id"] = "Action ID", ["actionref"] = "Action ID", ["action"] = "Action descriptor", ["actions"] = "Action descriptor",
        ["actionrequired"] = "Detail", ["milestones"] = "Key milestones", ["leads"] = "Responsible leads", ["lead"] = "Responsible leads",
        ["owners"] = "Responsible leads", ["owner"] = "Responsible leads", ["responsibleleads"] = "Responsible leads",
        ["trust"] = "Owning organisations", ["trusts"] = "Owning organisations", ["nominatedtrustsite"] = "Owning organisations",
        ["organisation"] = "Owning organisations", ["planningperiod"] = "Financial year", ["targetdates"] = "Target date",
        ["targetdatetocomplete"] = "Target date", ["duedate"] = "Target date", ["deadline"] = "Target date",
        ["howwewillmeasuresuccess"] = "Metrics for success", ["measures"] = "Metrics for success", ["metrics"] = "Metrics for success",
        ["groups"] = "Groups that will benefit most", ["cohorts"] = "Groups that will benefit most", ["targetgroup"] = "Target groups",
        ["comments"] = "Updates", ["commentsupdates"] = "Updates", ["updates"] = "Updates", ["progressupdates"] = "Updates",
        ["actionsfor"] = "Financial year", ["overseenby"] = "Responsible leads", ["target"] = "Metrics for success",
        ["intendedoutcomes"] = "Metrics for success", ["intendedoutcomesin5yearstime"] = "Metrics for success",
        ["commentsevidence"] = "Updates", ["ganttchart"] = "Gantt",
        ["gapid"] = "Gap ID", ["datagap"] = "Data gap", ["gap"] = "Data gap", ["description"] = "Data gap", ["due"] = "Due", ["duedateofgap"] = "Due",
    };

    private static readonly string[] NoDate = ["tbc", "tba", "na", "n/a", "-", "none", "ongoingtbc"];

    /// <summary>
    /// What reading a plan table found: the plan when it is clean, else every problem with row and column; the headers
    /// that are none of the table's columns (<see cref="IgnoredColumns"/>, each with the nearest column in
    /// <see cref="UnknownColumns"/>); how each row was read; the cells kept only as text and the cells not read at all.
    /// </summary>
    public sealed record ReadResult(Plan? Plan, IReadOnlyList<RowIssue> Issues, IReadOnlyList<string> IgnoredColumns, int Rows)
    {
        /// <summary>How each row was read, in order: a heading, an action, more for the action above, or blank.</summary>
        public IReadOnlyList<RowReading> Readings { get; init; } = [];

        /// <summary>Cells stored only as the text they hold (a target date that is no date, a column the table does not define).</summary>
        public IReadOnlyList<RowIssue> KeptAsText { get; init; } = [];

        /// <summary>Cells not stored at all (above the header, or beside a heading in a column the table does not define).</summary>
        public IReadOnlyList<RowIssue> NotRead { get; init; } = [];

        public IReadOnlyList<UnknownColumn> UnknownColumns { get; init; } = [];

        /// <summary>Every cell was read into a field of the plan.</summary>
        public bool FullyRead => KeptAsText.Count == 0 && NotRead.Count == 0;
    }

    /// <summary>How one row of the table was read.</summary>
    public sealed record RowReading(long Row, string Reading);

    /// <summary>A header that is none of the table's columns, and the column it is nearest to by name.</summary>
    public sealed record UnknownColumn(string Header, string Nearest);

    /// <summary>The CSV file that holds the data-gap register of the plan CSV at <paramref name="path"/>.</summary>
    public static string GapsPath(string path) => Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + "-data-gaps.csv");

    /// <summary>
    /// The rows of the table, header first: structure rows for nodes with no children, then one row per action. Columns
    /// the table does not define but an imported plan had (<see cref="PlanAction.Other"/>) follow, under their own headers.
    /// </summary>
    public static IEnumerable<string[]> ActionRows(Plan plan)
    {
        var other = plan.Actions.SelectMany(a => a.Other?.Keys ?? []).Distinct(StringComparer.Ordinal).ToList();
        yield return [.. Columns, .. other];
        var parents = plan.Nodes.Where(n => n.ParentId is not null).Select(n => n.ParentId!).ToHashSet(StringComparer.Ordinal);
        foreach (var node in plan.Nodes.Where(n => !parents.Contains(n.Id)))
            yield return Row(plan, node.Id, null, other);
        foreach (var action in plan.Actions)
            yield return Row(plan, action.NodeIds[0], action, other);
    }

    public static IEnumerable<string[]> GapRows(Plan plan)
    {
        yield return GapColumns;
        foreach (var g in plan.Gaps)
            yield return [g.Id, g.Description, g.Owner ?? "", g.Due?.ToString() ?? "", g.Closed ? "Closed" : "Open", g.Note ?? ""];
    }

    private static string[] Row(Plan plan, string nodeId, PlanAction? a, List<string> other)
    {
        var cells = new string[Columns.Length + other.Count];
        Array.Fill(cells, "");
        foreach (var node in plan.Lineage(nodeId))
            cells[(int)node.Kind] = PlanText.RefTitle(node);
        if (a is null) return cells;
        string[] values =
        [
            a.Id, a.Descriptor, a.Detail ?? "", PlanText.WriteMilestones(a.Milestones), PlanText.Lines(a.Leads), PlanText.Lines(a.Orgs),
            a.FinancialYear ?? "", a.Horizon is { } h ? PlanText.HorizonLabel(h) : "", a.PlannedStart?.ToString() ?? "", a.PlannedEnd?.ToString() ?? "",
            PlanText.WriteGantt(a.Gantt), a.TargetDate?.ToString() ?? a.TargetText ?? "", PlanText.StatusLabel(a.Status), a.StatusNote ?? "", a.Metrics ?? "",
            PlanText.Lines(a.Indicators), PlanText.Lines(a.Groups), Plans.TargetGroups.Write(a.TargetGroups), PlanText.Lines(a.NodeIds.Skip(1)), PlanText.WriteTargetChanges(a.TargetChanges),
            PlanText.WriteUpdates(a.Updates), "", PlanText.Lines(a.GapIds),
        ];
        values.CopyTo(cells, 4);
        for (var i = 0; i < other.Count; i++) cells[Columns.Length + i] = a.Other?.GetValueOrDefault(other[i]) ?? "";
        return cells;
    }

    /// <summary>Writes the plan to <paramref name="path"/>: an XLSX workbook with sheets Actions and Data gaps, or CSV (the register beside it, <see cref="GapsPath"/>).</summary>
    public static int Write(Plan plan, string path)
    {
        var actions = ActionRows(plan).ToList();
        var gaps = GapRows(plan).ToList();
        if (TableFile.IsXlsx(path))
        {
            var sheets = new Dictionary<string, object>
            {
                [ActionsSheet] = Sheet(actions),
                [GapsSheet] = Sheet(gaps),
            };
            MiniExcelLibs.MiniExcel.SaveAs(path, sheets, overwriteFile: true);
        }
        else
        {
            WriteCsv(actions, path);
            var gapsPath = GapsPath(path);
            if (plan.Gaps.Count > 0) WriteCsv(gaps, gapsPath);
            else if (File.Exists(gapsPath)) File.Delete(gapsPath);
        }
        return actions.Count - 1;
    }

    /// <summary>A sheet for MiniExcel: rows keyed by the header; a sheet with no rows still gets its header.</summary>
    private static List<Dictionary<string, object>> Sheet(List<string[]> rows)
    {
        var header = rows[0];
        var body = rows.Skip(1).Select(r => header.Select((h, i) => (h, (object)r[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
        if (body.Count == 0) body.Add(header.ToDictionary(h => h, _ => (object)""));
        return body;
    }

    private static void WriteCsv(List<string[]> rows, string path)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(true));
        foreach (var row in rows)
        {
            writer.Write(string.Join(',', row.Select(QuarantineReport.Csv)));
            writer.Write("\r\n");
        }
    }

    /// <summary>
    /// Reads a plan table (and its data-gap register) for <paramref name="lmns"/>. Rows without a framework belong to
    /// <paramref name="framework"/>; under the NHS England 2021 framework a heading may give only its ref ("4b
    /// Intervention 3") and takes the guidance's wording. Nothing is stored: see <see cref="Import"/>.
    /// </summary>
    public static ReadResult Read(string path, string lmns, string framework = PlanTemplate.Framework, IReadOnlySet<string>? measures = null,
        IReadOnlyDictionary<string, string>? columnMap = null)
    {
        var issues = new List<RowIssue>();
        var ignored = new List<string>();
        var builder = new Builder(framework, TableFile.IsXlsx(path), measures);
        var rows = 0;
        var head = new List<(long Row, string[] Cells)>();
        Layout? layout = null;
        foreach (var line in TableFile.ReadGrid(path, ActionsSheet))
        {
            if (layout is null)
            {
                head.Add(line);
                if (head.Count < HeaderSearchRows) continue;
                layout = FindLayout(head, builder, columnMap);
                foreach (var early in head.Where(h => h.Row > layout.HeaderRow))
                    rows += ReadRow(layout, early, builder, issues);
                continue;
            }
            rows += ReadRow(layout, line, builder, issues);
        }
        if (layout is null && head.Count > 0)
        {
            layout = FindLayout(head, builder, columnMap);
            foreach (var early in head.Where(h => h.Row > layout.HeaderRow))
                rows += ReadRow(layout, early, builder, issues);
        }
        if (layout is null) throw new InvalidDataException($"{Path.GetFileName(path)}: the file is empty; its first row must name the columns. Nothing was changed.");
        ignored.AddRange(layout.Unknown.Where(u => u is not null).Select(u => u!));
        var gaps = TableFile.IsXlsx(path) ? TableFile.Read(path, GapsSheet, required: false) : File.Exists(GapsPath(path)) ? TableFile.Read(GapsPath(path)) : null;
        if (gaps is { } g)
        {
            var gapColumns = MapColumns(g.Header, GapColumns, ignored);
            foreach (var (row, raw) in g.Rows)
                builder.Gap(row, gapColumns.ToDictionary(c => c.Value, c => builder.Clean(raw.GetValueOrDefault(c.Key) ?? "")), issues);
        }
        var plan = builder.Finish(lmns, issues, measures);
        return new ReadResult(issues.Count == 0 ? plan : null, issues, ignored, rows)
        {
            Readings = builder.Readings, KeptAsText = builder.Kept, NotRead = builder.NotRead,
            UnknownColumns = [.. layout.Unknown.Where(u => u is not null).Select(u => new UnknownColumn(u!, Nearest(u!)))],
        };
    }

    /// <summary>How many rows at the top may hold the header (a title row, a row of financial years over the quarters).</summary>
    private const int HeaderSearchRows = 5;

    /// <summary>
    /// Where the header is and what each column holds: a column of the table, a quarter of a Gantt chart, or a header
    /// the table does not define (null where the column is one of the others).
    /// </summary>
    private sealed record Layout(long HeaderRow, string?[] Known, FinancialQuarter?[] Quarters, string?[] Unknown);

    /// <summary>
    /// The header is the first row naming two of the table's columns (else the first row). A row just above it that
    /// holds financial years ("2022-23") heads the quarter columns below it ("Q3"), each year running on over the blank
    /// cells to its right, as a merged cell does; a header cell such as "2022-23 Q3" is a quarter alone.
    /// </summary>
    private static Layout FindLayout(List<(long Row, string[] Cells)> head, Builder builder, IReadOnlyDictionary<string, string>? columnMap)
    {
        string? KnownColumn(string header) => Mapped(header, columnMap);
        var index = head.FindIndex(h => h.Cells.Count(c => KnownColumn(c) is not null || FinancialQuarter.TryParse(c, out _)) >= 2);
        if (index < 0) index = 0;
        var header = head[index].Cells.Select(c => c.Replace('\n', ' ').Trim()).ToArray();
        var band = new string?[header.Length];
        var usedBand = new bool[header.Length];
        if (index > 0)
        {
            string? year = null;
            var above = head[index - 1].Cells;
            for (var i = 0; i < header.Length; i++)
            {
                var cell = i < above.Length ? above[i].Trim() : "";
                if (cell.Length > 0) year = FinancialQuarter.TryParseFinancialYear(cell, out _) ? cell : null;
                band[i] = year;
            }
        }
        var known = new string?[header.Length];
        var quarters = new FinancialQuarter?[header.Length];
        var unknown = new string?[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            var h = header[i];
            if (FinancialQuarter.TryParse(h, out var q)) quarters[i] = q;
            else if (QuarterAlone().IsMatch(h) && band[i] is { } fy && FinancialQuarter.TryParse($"{fy} {h}", out var banded))
            {
                quarters[i] = banded;
                usedBand[i] = true;
            }
            else if (KnownColumn(h) is { } column && !known.Contains(column)) known[i] = column;
            else if (h.Length > 0) unknown[i] = h;
        }
        for (var r = 0; r < index; r++)
        {
            var (row, cells) = head[r];
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i].Trim().Length == 0 || (r == index - 1 && i < usedBand.Length && UsedBandAt(usedBand, band, i))) continue;
                builder.NotRead.Add(new RowIssue(row, ColumnName(header, i), cells[i].Trim(), "above the header row"));
            }
        }
        return new Layout(head[index].Row, known, quarters, unknown);
    }

    /// <summary>Whether the financial year written at column <paramref name="i"/> heads any quarter column.</summary>
    private static bool UsedBandAt(bool[] used, string?[] band, int i)
    {
        for (var j = i; j < used.Length && band[j] == band[i]; j++)
            if (used[j]) return true;
        return false;
    }

    private static string ColumnName(string[] header, int i) =>
        i < header.Length && header[i].Length > 0 ? header[i] : string.Create(CultureInfo.InvariantCulture, $"column {i + 1}");

    private static int ReadRow(Layout layout, (long Row, string[] Cells) line, Builder builder, List<RowIssue> issues)
    {
        var (row, raw) = line;
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        var gantt = new List<PlanAction.QuarterStatus>();
        var other = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Length; i++)
        {
            var text = builder.Clean(raw[i]);
            if (i >= layout.Known.Length)
            {
                if (text.Length > 0) builder.NotRead.Add(new RowIssue(row, string.Create(CultureInfo.InvariantCulture, $"column {i + 1}"), text, "beyond the last column of the header"));
                continue;
            }
            if (layout.Known[i] is { } column) cells[column] = text;
            else if (text.Length == 0) continue;
            else if (layout.Quarters[i] is { } q) gantt.Add(new(q, text));
            else other[layout.Unknown[i] ?? string.Create(CultureInfo.InvariantCulture, $"column {i + 1}")] = text;
        }
        builder.Row(row, cells, gantt, other, issues);
        return 1;
    }

    /// <summary>The column a mapping file gives the header (none when it says to keep it as text), else <see cref="KnownColumn"/>.</summary>
    private static string? Mapped(string header, IReadOnlyDictionary<string, string>? columnMap)
    {
        if (columnMap is not null && columnMap.FirstOrDefault(m => PlanTemplate.Normalise(m.Key) == PlanTemplate.Normalise(header)) is { Key: not null } chosen)
            return KnownColumn(chosen.Value);
        return KnownColumn(header);
    }

    /// <summary>The header of the mapping file: a plan's own header, and the column of the table it is read as.</summary>
    public static readonly string[] ColumnMapHeader = ["Header", "Column", "Nearest column"];

    /// <summary>
    /// Reads a mapping file (CSV: Header, Column) that remembers how a plan's own headers are read: each header as the
    /// named column of the table, or kept as text when the column is blank or none of the table's. Every problem is
    /// named: a column that is none of the table's is refused, so a typing error does not silently keep a column as text.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadColumnMap(string path)
    {
        var table = TableFile.Read(path)!.Value;
        if (!table.Header.Contains("Header", StringComparer.OrdinalIgnoreCase) || !table.Header.Contains("Column", StringComparer.OrdinalIgnoreCase))
            throw new InvalidDataException($"{Path.GetFileName(path)}: a column mapping has the columns Header and Column");
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, cells) in table.Rows)
        {
            var header = cells.GetValueOrDefault("Header")?.Trim() ?? "";
            var column = cells.GetValueOrDefault("Column")?.Trim() ?? "";
            if (header.Length == 0) continue;
            if (column.Length > 0 && KnownColumn(column) is null)
                throw new InvalidDataException($"{Path.GetFileName(path)} row {row}: '{column}' is not a column of the plan table ({string.Join(", ", Columns)}); leave it blank to keep '{header}' as text");
            map[header] = column;
        }
        return map;
    }

    /// <summary>
    /// Writes the mapping file: the choices already made, then each header a read did not know with its Column blank
    /// (kept as text) and the nearest column beside it, for a person to fill in; the import reads it next time.
    /// Returns how many headers were added.
    /// </summary>
    public static int WriteColumnMap(string path, IEnumerable<UnknownColumn> unknown, IReadOnlyDictionary<string, string>? existing = null)
    {
        var added = unknown.Where(u => existing?.ContainsKey(u.Header) != true).ToList();
        var rows = (existing ?? new Dictionary<string, string>()).Select(m => (IReadOnlyList<string>)[m.Key, m.Value, ""])
            .Concat(added.Select(u => (IReadOnlyList<string>)[u.Header, "", u.Nearest]));
        TableFile.Write(path, new TableFile.SheetData("Columns", ColumnMapHeader, rows));
        return added.Count;
    }

    /// <summary>The table's column a header names, by its own name or a name the published plans use.</summary>
    private static string? KnownColumn(string header)
    {
        var key = PlanTemplate.Normalise(header);
        if (key.Length == 0) return null;
        return Columns.FirstOrDefault(c => PlanTemplate.Normalise(c) == key) ?? (Aliases.TryGetValue(key, out var a) && Columns.Contains(a) ? a : null);
    }

    /// <summary>The table's column whose name (or a published plan's name for it) is fewest letters away from <paramref name="header"/>.</summary>
    private static string Nearest(string header)
    {
        var key = PlanTemplate.Normalise(header);
        return Columns.Select(c => (Name: PlanTemplate.Normalise(c), Column: c))
            .Concat(Aliases.Where(a => Columns.Contains(a.Value)).Select(a => (Name: a.Key, Column: a.Value)))
            .MinBy(c => Distance(key, c.Name)).Column;
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>
    /// Reads a plan table and, only when every row is clean, makes the LMNS's stored plan named <paramref name="plan"/>
    /// equal it (history kept); its other plans are not touched.
    /// </summary>
    public static (ReadResult Read, PlanStore.ReplaceResult? Saved) Import(Database database, Security.Access access, string path, string lmns,
        string framework = PlanTemplate.Framework, string plan = PlanStore.MainPlan, IReadOnlyDictionary<string, string>? columnMap = null)
    {
        access.Demand(access.CanEditPlan(lmns), $"import the plan of {lmns}");
        var read = Read(path, lmns, framework, PlanStore.MeasureIds(database, lmns), columnMap);
        if (read.Plan is not null) read = read with { Plan = read.Plan with { Name = plan } };
        return (read, read.Plan is null ? null : PlanStore.Replace(database, access, read.Plan));
    }

    private static Dictionary<string, string> MapColumns(List<string> header, string[] known, List<string> ignored)
    {
        var canonical = known.ToDictionary(PlanTemplate.Normalise, c => c);
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in header.Where(h => h.Length > 0))
        {
            var key = PlanTemplate.Normalise(h);
            var column = canonical.GetValueOrDefault(key) ?? (Aliases.TryGetValue(key, out var a) && known.Contains(a) ? a : null);
            if (column is null || map.ContainsValue(column)) ignored.Add(h);
            else map[h] = column;
        }
        return map;
    }

    /// <summary>The typed cells of an action row, parsed the same way for an import and for an edit.</summary>
    private sealed record Fields(ActionStatus Status, bool StatusGiven, PlanDate? Target, string? TargetText, Horizon? Horizon, string? FinancialYear,
        FinancialQuarter? Start, FinancialQuarter? End, List<PlanAction.Milestone> Milestones, List<PlanAction.TargetChange> Changes, List<string> Indicators,
        List<PlanAction.QuarterStatus> Gantt, IReadOnlyList<string>? TargetGroups);

    /// <summary>
    /// Parses an action's cells. With <paramref name="kept"/> (an import), a target date that is neither a date nor a
    /// status word, nor shaped like a date, is kept as text and noted there; without it (an edit) it is a problem.
    /// <paramref name="measures"/>: the LMNS's own measures an action may also target (null: the catalogue's indicators only).
    /// </summary>
    private static Fields ParseFields(Func<string, string> cell, long row, List<RowIssue> issues, IReadOnlySet<string>? measures, List<RowIssue>? kept = null)
    {
        var problems = new List<(string Column, string Value, string Reason)>();
        var status = ActionStatus.NotStarted;
        var statusGiven = false;
        if (cell("Status") is { Length: > 0 } s)
        {
            if (PlanText.TryParseStatus(s, out status)) statusGiven = true;
            else problems.Add(("Status", s, "not a status: Not started, On track, At risk, Delayed, On hold, Complete or Complete and embedded"));
        }
        PlanDate? target = null;
        string? keptTarget = null;
        var revisions = new List<PlanAction.TargetChange>();
        var targetText = cell("Target date");
        if (targetText.Length > 0 && !NoDate.Contains(targetText.ToLowerInvariant()))
        {
            var parts = targetText.Split('/', StringSplitOptions.TrimEntries);
            if (PlanDate.TryParse(targetText, out var t)) target = t;
            else if (parts.Length == 2 && PlanDate.TryParse(parts[0], out var from) && PlanDate.TryParse(parts[1], out var to))
            {
                // "October 2022 / April 2023": the plan's date and its revision.
                target = to;
                revisions.Add(new(null, null, from, to, $"written '{targetText}'"));
            }
            else if (PlanText.TryParseStatus(targetText, out var word))
            {
                // Plans write progress where the date goes ("Complete", "Ongoing").
                if (!statusGiven) (status, statusGiven) = (word, true);
            }
            else if (kept is not null && !DateShaped().IsMatch(targetText))
            {
                keptTarget = targetText;
                kept.Add(new RowIssue(row, "Target date", targetText, "neither a date nor a status word: kept as text, with no due date"));
            }
            else problems.Add(("Target date", targetText, "neither a date (2024-03-31, 31/03/2024, March 2024, by the end of 2023/24) nor a status word (Complete, Ongoing)"));
        }
        Horizon? horizon = null;
        if (cell("Horizon") is { Length: > 0 } h)
        {
            if (PlanText.TryParseHorizon(h, out var x)) horizon = x;
            else problems.Add(("Horizon", h, "not Short term, Intermediate term or Long term (or the colours red, green, blue)"));
            // A horizon with its deadline ("Red: short term (0-12 months), by September 2023") falls due then.
            if (target is null && keptTarget is null && HorizonDeadline().Match(h) is { Success: true } by && PlanDate.TryParse(by.Value, out var due))
                target = due;
        }
        string? financialYear = null;
        if (cell("Financial year") is { Length: > 0 } fy)
        {
            if (FinancialQuarter.TryParseFinancialYear(fy, out var y)) financialYear = FinancialQuarter.FinancialYearText(y);
            else problems.Add(("Financial year", fy, "not a financial year such as 2024-25"));
        }
        FinancialQuarter? Quarter(string column)
        {
            var text = cell(column);
            if (text.Length == 0) return null;
            if (FinancialQuarter.TryParse(text, out var q)) return q;
            problems.Add((column, text, "not a quarter such as 2024-25 Q3"));
            return null;
        }
        var start = Quarter("Planned start");
        var end = Quarter("Planned end");
        var messages = new List<string>();
        var milestones = PlanText.ParseMilestones(cell("Key milestones"), messages);
        foreach (var m in messages) problems.Add(("Key milestones", cell("Key milestones"), m));
        messages.Clear();
        var changes = PlanText.ParseTargetChanges(cell("Target date changes"), messages);
        foreach (var m in messages) problems.Add(("Target date changes", cell("Target date changes"), m));
        if (cell("Target date changes").Length == 0)
        {
            // Revisions the plan wrote in the date cell or in its comments ("Date changed from X to Y").
            changes.AddRange(revisions);
            var comments = cell("Updates").Split('\n').Where(l => l.Contains("changed from", StringComparison.OrdinalIgnoreCase));
            changes.AddRange(PlanText.ParseTargetChanges(string.Join('\n', comments), []));
        }
        messages.Clear();
        var gantt = PlanText.ParseGantt(cell("Gantt"), messages);
        foreach (var m in messages) problems.Add(("Gantt", cell("Gantt"), m));
        var indicators = PlanText.SplitCodes(cell("Indicators"));
        foreach (var i in indicators.Where(i => Catalogue.Find(i) is null && measures?.Contains(i) != true))
            problems.Add(("Indicators", i, "neither an indicator of the catalogue nor one of the LMNS's own measures (maternity measures list)"));
        var unknownGroups = new List<string>();
        var targetGroups = Plans.TargetGroups.Parse(cell("Target groups"), unknownGroups);
        foreach (var g in unknownGroups)
            problems.Add(("Target groups", g, "not a group of the records: " + string.Join(", ", Plans.TargetGroups.All.Select(t => t.Code))));
        foreach (var (column, value, reason) in problems) issues.Add(new RowIssue(row, column, value, reason));
        return new Fields(status, statusGiven, target, keptTarget, horizon, financialYear, start, end, milestones, changes, indicators, gantt,
            targetGroups.Count > 0 ? targetGroups : null);
    }

    [GeneratedRegex(@"^Q[1-4]$", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterAlone();

    [GeneratedRegex(@"\bby\s+[^,;()]+?(?=$|[,;()])", RegexOptions.IgnoreCase)]
    private static partial Regex HorizonDeadline();

    /// <summary>Text that was meant as a date: digits with slashes, dashes or dots ("31/02/2024", "2024-13-01").</summary>
    [GeneratedRegex(@"\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}|^\d{4}-\d{2}")]
    private static partial Regex DateShaped();

    /// <summary>The cells an edit form shows for an action, named as the table's columns and written as the table writes them.</summary>
    public static IReadOnlyDictionary<string, string> EditableCells(PlanAction a) => new Dictionary<string, string>
    {
        ["Action descriptor"] = a.Descriptor, ["Detail"] = a.Detail ?? "", ["Key milestones"] = PlanText.WriteMilestones(a.Milestones),
        ["Responsible leads"] = PlanText.Lines(a.Leads), ["Owning organisations"] = PlanText.Lines(a.Orgs), ["Financial year"] = a.FinancialYear ?? "",
        ["Horizon"] = a.Horizon is { } h ? PlanText.HorizonLabel(h) : "", ["Planned start"] = a.PlannedStart?.ToString() ?? "",
        ["Planned end"] = a.PlannedEnd?.ToString() ?? "", ["Target date"] = a.TargetDate?.ToString() ?? a.TargetText ?? "", ["Status"] = PlanText.StatusLabel(a.Status),
        ["Status note"] = a.StatusNote ?? "", ["Metrics for success"] = a.Metrics ?? "", ["Indicators"] = PlanText.Lines(a.Indicators),
        ["Groups that will benefit most"] = PlanText.Lines(a.Groups), ["Target groups"] = Plans.TargetGroups.Write(a.TargetGroups),
    };

    /// <summary>
    /// Applies an edit form's cells (<see cref="EditableCells"/>; others are kept) to <paramref name="current"/>. The
    /// action, or the problems found, each naming its field. The target-date history is kept; the store adds the change.
    /// </summary>
    public static (PlanAction? Action, IReadOnlyList<RowIssue> Issues) Edit(PlanAction current, IReadOnlyDictionary<string, string> cells, IReadOnlySet<string>? measures = null)
    {
        var editable = EditableCells(current);
        string Cell(string column) => (cells.TryGetValue(column, out var v) ? v : editable.GetValueOrDefault(column) ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var issues = new List<RowIssue>();
        var f = ParseFields(Cell, 0, issues, measures, kept: []);
        if (Cell("Action descriptor").Length == 0) issues.Add(new RowIssue(0, "Action descriptor", null, "the action needs a descriptor"));
        if (f.Start is { } s && f.End is { } e && e < s) issues.Add(new RowIssue(0, "Planned end", e.ToString(), $"before the planned start {s}"));
        if (issues.Count > 0) return (null, issues);
        static string? Null(string text) => text.Length == 0 ? null : text;
        return (current with
        {
            Descriptor = Cell("Action descriptor"), Detail = Null(Cell("Detail")), Milestones = f.Milestones, Leads = PlanText.SplitRoles(Cell("Responsible leads")),
            Orgs = PlanText.SplitRoles(Cell("Owning organisations")), FinancialYear = f.FinancialYear, Horizon = f.Horizon, PlannedStart = f.Start, PlannedEnd = f.End,
            TargetDate = f.Target, TargetText = f.TargetText, Status = f.Status, StatusNote = Null(Cell("Status note")), Metrics = Null(Cell("Metrics for success")),
            Indicators = f.Indicators, Groups = PlanText.SplitItems(Cell("Groups that will benefit most")), TargetGroups = f.TargetGroups,
        }, issues);
    }

    /// <summary>Builds the plan row by row, remembering the headings above for continuation rows.</summary>
    private sealed partial class Builder(string defaultFramework, bool xlsx, IReadOnlySet<string>? measures)
    {
        private readonly List<PlanNode> _nodes = [];
        private readonly Dictionary<string, long> _nodeRows = new(StringComparer.Ordinal);
        private readonly List<(long Row, PlanAction Action, List<string> AlsoServes)> _actions = [];
        private readonly List<DataGap> _gaps = [];
        private readonly Dictionary<string, long> _gapRows = new(StringComparer.Ordinal);
        private readonly string?[] _context = new string?[4];

        public string Clean(string cell)
        {
            var text = cell.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
            // The exporter's guard against spreadsheet formulas, undone.
            if (!xlsx && text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@' or '\t') text = text[1..];
            return text;
        }

        public List<RowReading> Readings { get; } = [];

        public List<RowIssue> Kept { get; } = [];

        public List<RowIssue> NotRead { get; } = [];

        /// <summary>An intervention opened by a row with its ref alone ("4b Intervention 1"), whose title the next row may give.</summary>
        private string? _untitled;

        private static readonly string[] Content = ["Action ID", "Action descriptor", "Detail", "Key milestones", "Responsible leads", "Owning organisations",
            "Financial year", "Horizon", "Planned start", "Planned end", "Gantt", "Target date", "Status", "Status note", "Metrics for success", "Indicators",
            "Groups that will benefit most", "Target groups", "Also serves", "Target date changes", "Updates", "Evidence", "Data gaps closed"];

        public void Row(long row, Dictionary<string, string> cells, List<PlanAction.QuarterStatus> quarters, Dictionary<string, string> other, List<RowIssue> issues)
        {
            string Cell(string column) => cells.GetValueOrDefault(column) ?? "";
            var headings = new List<string>();
            string? item = null;
            string? opened = null;
            for (var level = 0; level < 4; level++)
            {
                var text = Cell(Columns[level]);
                if (text.Length == 0) continue;
                if (level == (int)NodeKind.Intervention && !IsHeading(text) && _context.Any(c => c is not null))
                {
                    // The published layout's first column: an intervention's title above its actions, or a numbered
                    // action under it ("2. Reach out ..."), or both ("... These include:\n1. Increasing support ...").
                    var numbered = NumberedItem().Match(text);
                    if (numbered.Success)
                    {
                        item = text[numbered.Index..].Trim();
                        text = text[..numbered.Index].Trim();
                        if (text.Length == 0) continue;
                    }
                    opened = text;
                    if (_untitled is { } untitled && _context[3] == untitled)
                    {
                        Retitle(untitled, text);
                        headings.Add(untitled);
                        continue;
                    }
                    text = TemplateIntervention(text) ?? text;
                }
                if (Heading(row, (NodeKind)level, text, Columns[level], issues) is { } opens) headings.Add(opens);
            }
            var descriptorCell = Cell("Action descriptor");
            if (descriptorCell.Length > 0 && quarters.Count == 0 && IsHeading(descriptorCell) && Content.All(c => c == "Action descriptor" || Cell(c).Length == 0))
            {
                // A heading in the actions column ("Intervention 1: ..."), as Gantt charts write them.
                var kind = Classify(PlanText.ParseRefTitle(descriptorCell).Ref)!.Value;
                if (Heading(row, kind, descriptorCell, "Action descriptor", issues) is { } opens) headings.Add(opens);
                descriptorCell = "";
            }
            var hasContent = item is not null || quarters.Count > 0 || (descriptorCell.Length > 0) || Content.Any(c => c != "Action descriptor" && Cell(c).Length > 0);
            if (!hasContent)
            {
                foreach (var (column, value) in other) NotRead.Add(new RowIssue(row, column, value, "beside a heading, in a column the plan table does not define"));
                Readings.Add(new RowReading(row, headings.Count == 0 ? "blank" : "heading: " + string.Join("; ", headings.Select(Describe))));
                return;
            }
            var node = _context.LastOrDefault(c => c is not null);
            if (node is null)
            {
                issues.Add(new RowIssue(row, "Priority", null, "an action needs a priority, objective or intervention on its row or above it"));
                Readings.Add(new RowReading(row, "refused: an action with no heading above it"));
                return;
            }
            _untitled = null;
            var before = issues.Count;
            var f = ParseFields(Cell, row, issues, measures, Kept);
            var (status, statusGiven, target, milestones) = (f.Status, f.StatusGiven, f.Target, f.Milestones);
            var gantt = quarters.Concat(f.Gantt).ToList();
            foreach (var q in gantt.Where(q => PlanText.GanttLabel(q.Status) is null))
                Kept.Add(new RowIssue(row, q.Quarter.ToString(), q.Status, "not a Gantt status (Completed, Milestone, Green, Amber, Red, Grey): kept as written"));
            if (!statusGiven && gantt.LastOrDefault(q => PlanText.GanttLabel(q.Status) is { } l && l != "Milestone") is { } latest)
                (status, statusGiven) = (PlanText.TryParseStatus(PlanText.GanttLabel(latest.Status), out var s) ? s : status, true);
            var descriptor = item ?? descriptorCell;
            var detail = item is not null && descriptorCell.Length > 0 ? Join(descriptorCell, Cell("Detail")) ?? "" : Cell("Detail");
            if (descriptor.Length == 0 && detail.Length > 0) (descriptor, detail) = (detail, "");
            var id = Cell("Action ID");
            if (descriptor.Length == 0 && id.Length == 0 && opened is not null) descriptor = opened;
            var updates = PlanText.ParseUpdates(Cell("Updates"), Cell("Evidence"));
            foreach (var (column, value) in other) Kept.Add(new RowIssue(row, column, value, "no column of the plan table holds it: kept as text under its header"));
            if (descriptor.Length == 0 && id.Length == 0)
            {
                // A continuation row: more milestones, dates or comments for the action above.
                var last = _actions.Count > 0 ? _actions[^1] : default;
                if (last.Action is null || last.Action.NodeIds[0] != node)
                {
                    issues.Add(new RowIssue(row, "Action descriptor", null, "no action text (Action descriptor or Detail), and no action above under the same heading to continue"));
                    Readings.Add(new RowReading(row, "refused: no action text and no action above to continue"));
                    return;
                }
                if (issues.Count > before) return;
                var extra = milestones.Select(m => m.Due is null && target is not null ? m with { Due = target } : m).ToList();
                if (extra.Count == 0 && target is not null) extra.Add(new PlanAction.Milestone(Cell("Target date"), target, null));
                var merged = last.Action with
                {
                    Milestones = [.. last.Action.Milestones, .. extra],
                    Leads = [.. last.Action.Leads.Union(PlanText.SplitRoles(Cell("Responsible leads")))],
                    Metrics = Join(last.Action.Metrics, Cell("Metrics for success")),
                    Updates = [.. last.Action.Updates, .. updates],
                    Status = statusGiven ? status : last.Action.Status,
                    Other = MergeOther(last.Action.Other, other),
                };
                _actions[^1] = (last.Row, merged, last.AlsoServes);
                Readings.Add(new RowReading(row, $"more for action {merged.Id}: {extra.Count} milestone(s)" +
                    (statusGiven ? $", status {PlanText.StatusLabel(status)}" : "") + (Cell("Metrics for success").Length > 0 ? ", metrics" : "") +
                    (updates.Count > 0 ? ", comments" : "")));
                return;
            }
            if (_actions.FirstOrDefault(a => a.Action.Id == id) is { Action: not null } taken)
                issues.Add(new RowIssue(row, "Action ID", id, $"action id '{id}' is already used on row {taken.Row}"));
            if (issues.Count > before)
            {
                Readings.Add(new RowReading(row, "refused: " + string.Join("; ", issues.Skip(before).Select(i => $"{i.Column} {i.Reason}"))));
                return;
            }
            if (id.Length == 0) id = NextId();
            var action = new PlanAction(id, [node], descriptor, Null(detail), milestones, PlanText.SplitRoles(Cell("Responsible leads")),
                PlanText.SplitRoles(Cell("Owning organisations")), f.FinancialYear, f.Horizon, f.Start ?? gantt.FirstOrDefault()?.Quarter,
                f.End ?? gantt.LastOrDefault()?.Quarter, target, f.Changes, status, Null(Cell("Status note")),
                Null(Cell("Metrics for success")), f.Indicators, PlanText.SplitItems(Cell("Groups that will benefit most")), updates,
                PlanText.SplitCodes(Cell("Data gaps closed")), _actions.Count)
            {
                Gantt = gantt.Count > 0 ? gantt : null, TargetText = f.TargetText, Other = other.Count > 0 ? other : null, TargetGroups = f.TargetGroups,
            };
            _actions.Add((row, action, PlanText.SplitItems(Cell("Also serves"))));
            Readings.Add(new RowReading(row, (headings.Count > 0 ? "heading: " + string.Join("; ", headings.Select(Describe)) + "; " : "") + Describe(action)));
        }

        private static Dictionary<string, string>? MergeOther(IReadOnlyDictionary<string, string>? a, Dictionary<string, string> b)
        {
            if (b.Count == 0) return a is null ? null : new Dictionary<string, string>(a, StringComparer.Ordinal);
            var merged = new Dictionary<string, string>(a ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            foreach (var (k, v) in b) merged[k] = merged.TryGetValue(k, out var old) ? old + "\n" + v : v;
            return merged;
        }

        private string Describe(string nodeId) => _nodes.FirstOrDefault(n => n.Id == nodeId) is { } n ? $"{Label(n.Kind)} {n.Id} \"{Short(n.Title)}\"" : nodeId;

        private static string Describe(PlanAction a) =>
            $"action {a.Id} under {a.NodeIds[0]}: \"{Short(a.Descriptor)}\"; target {a.TargetDate?.ToString() ?? (a.TargetText is { } t ? $"'{t}' (text)" : "none")}" +
            (a.TargetDate is { } d && d.ToString() != d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ? $" (due {d.Date:yyyy-MM-dd})" : "") +
            (a.FinancialYear is { } fy ? $"; financial year {fy}" : "") + $"; status {PlanText.StatusLabel(a.Status)}" +
            (a.Leads.Count > 0 ? $"; leads {string.Join(" | ", a.Leads)}" : "") +
            (a.Gantt is { Count: > 0 } g ? $"; Gantt {a.PlannedStart} to {a.PlannedEnd}: {string.Join(", ", g.Select(q => $"{q.Quarter} {q.Status}"))}" : "") +
            (a.Milestones.Count > 0 ? $"; {a.Milestones.Count} milestone(s)" : "");

        private static string Short(string text)
        {
            var line = text.Split('\n')[0].Trim();
            return line.Length > 70 ? line[..67] + "..." : line;
        }

        /// <summary>Whether a cell names a heading of the plan ("Priority One: ...", "4a ...", "Intervention 3", "Objective 2: ...").</summary>
        private static bool IsHeading(string text) =>
            Classify(PlanText.ParseRefTitle(text).Ref) is not null && (PlanText.StartsWithHeadingRef(text) || text.Contains(':', StringComparison.Ordinal));

        /// <summary>The plan's own title for an intervention opened by its ref alone on the row above.</summary>
        private void Retitle(string id, string title)
        {
            var i = _nodes.FindIndex(n => n.Id == id);
            _nodes[i] = _nodes[i] with { Title = title };
            _untitled = null;
        }

        /// <summary>The guidance's intervention under the current heading whose wording the cell opens with, as "Intervention 1: " for the heading.</summary>
        private string? TemplateIntervention(string text)
        {
            if (_context[0] != PlanTemplate.Framework) return null;
            var parent = _context[2] ?? _context[1];
            var key = PlanTemplate.Normalise(text);
            return PlanTemplate.Nodes.FirstOrDefault(n => n.ParentId == parent && n.Kind == NodeKind.Intervention
                && key.StartsWith(PlanTemplate.Normalise(n.Title), StringComparison.Ordinal))?.Ref;
        }

        public void Gap(long row, Dictionary<string, string> cells, List<RowIssue> issues)
        {
            string Cell(string column) => cells.GetValueOrDefault(column) ?? "";
            if (cells.Values.All(v => v.Length == 0)) return;
            var description = Cell("Data gap");
            if (description.Length == 0)
            {
                issues.Add(new RowIssue(row, "Data gap", null, $"{GapsSheet}: the gap needs a description"));
                return;
            }
            PlanDate? due = null;
            if (Cell("Due") is { Length: > 0 } d && !NoDate.Contains(d.ToLowerInvariant()))
            {
                if (PlanDate.TryParse(d, out var x)) due = x;
                else issues.Add(new RowIssue(row, "Due", d, $"{GapsSheet}: not a date"));
            }
            var status = Cell("Status");
            var closed = PlanTemplate.Normalise(status) switch
            {
                "" or "open" => false,
                "closed" or "complete" or "completed" or "resolved" => true,
                _ => (bool?)null,
            };
            if (closed is null) issues.Add(new RowIssue(row, "Status", status, $"{GapsSheet}: Open or Closed"));
            var id = Cell("Gap ID") is { Length: > 0 } given ? given : string.Create(CultureInfo.InvariantCulture, $"G{_gaps.Count + 1}");
            _gapRows.TryAdd(id, row);
            _gaps.Add(new DataGap(id, description, Null(Cell("Owner")), due, closed ?? false, Null(Cell("Note")), _gaps.Count));
        }

        public Plan Finish(string lmns, List<RowIssue> issues, IReadOnlySet<string>? measures)
        {
            var nodeIds = _nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            var actions = new List<PlanAction>();
            foreach (var (row, action, also) in _actions)
            {
                var resolved = new List<string>(action.NodeIds);
                foreach (var a in also)
                {
                    var id = nodeIds.Contains(a) ? a : _nodes.FirstOrDefault(n => PlanTemplate.Normalise(n.Id) == PlanTemplate.Normalise(a))?.Id;
                    if (id is null) issues.Add(new RowIssue(row, "Also serves", a, "no such priority, objective or intervention in this plan (write its path, e.g. NHSE 2021/Priority 3/Intervention 1)"));
                    else if (!resolved.Contains(id)) resolved.Add(id);
                }
                actions.Add(action with { NodeIds = resolved });
            }
            var plan = new Plan(lmns, _nodes, actions, _gaps, new Dictionary<string, Plan.Stamp>());
            var rows = _actions.GroupBy(a => a.Action.Id).ToDictionary(g => g.Key, g => g.Last().Row);
            foreach (var problem in PlanStore.Validate(plan, measures))
            {
                var m = ActionProblem().Match(problem);
                var row = m.Success && rows.TryGetValue(m.Groups["id"].Value, out var r) ? r : 0;
                issues.Add(new RowIssue(row, m.Success ? "Action ID" : "", m.Success ? m.Groups["id"].Value : null, problem));
            }
            return plan;
        }

        private string? Heading(long row, NodeKind column, string text, string columnName, List<RowIssue> issues)
        {
            var (reference, title) = PlanText.ParseRefTitle(text);
            var kind = Classify(reference) ?? column;
            if (kind == NodeKind.Framework)
                return Set(row, kind, null, reference, title, columnName, issues);
            var framework = _context[0] ?? Set(row, NodeKind.Framework, null, defaultFramework, "", columnName, issues);
            var parent = kind switch
            {
                NodeKind.Priority => framework,
                NodeKind.SubPriority => PriorityFor(row, reference, framework, columnName, issues),
                _ => SubPriorityFor(row, reference, framework, columnName, issues) ?? _context[2] ?? _context[1],
            };
            if (parent is null)
            {
                issues.Add(new RowIssue(row, columnName, text, $"a {Label(kind)} needs a priority or objective above it"));
                return null;
            }
            if (kind == NodeKind.Intervention && framework == PlanTemplate.Framework && parent == _context[2]
                && PlainIntervention().Match(reference) is { Success: true } plain && _nodes.FirstOrDefault(n => n.Id == parent) is { } sub)
            {
                // "Intervention 3" under sub-priority 4b is the guidance's "4b Intervention 3".
                reference = PlanTemplate.InterventionRef(sub.Ref, int.Parse(plain.Groups[1].Value, CultureInfo.InvariantCulture));
            }
            if (kind == NodeKind.Intervention && PlanTemplate.Normalise(reference) == "additionalintervention" && title.Length > 0)
            {
                // Several local "Additional intervention"s under one heading: number them as they come.
                var n = 1;
                while (_nodes.FirstOrDefault(x => x.Id == PlanNode.IdOf(parent, reference + (n == 1 ? "" : " " + n))) is { } existing && existing.Title != title) n++;
                if (n > 1) reference += " " + n.ToString(CultureInfo.InvariantCulture);
            }
            var id = Set(row, kind, parent, reference, title, columnName, issues);
            if (kind == NodeKind.Intervention && title.Length == 0) _untitled = id;
            return id;
        }

        private string? PriorityFor(long row, string sub, string framework, string column, List<RowIssue> issues)
        {
            var m = SubRef().Match(sub);
            if (m.Success && framework == PlanTemplate.Framework)
            {
                var priority = $"Priority {m.Groups[1].Value}";
                var id = PlanNode.IdOf(framework, priority);
                return _context[1] == id ? id : Set(row, NodeKind.Priority, framework, priority, "", column, issues);
            }
            return _context[1];
        }

        private string? SubPriorityFor(long row, string intervention, string framework, string column, List<RowIssue> issues)
        {
            var m = InterventionRef().Match(intervention);
            if (!m.Success || framework != PlanTemplate.Framework) return null;
            var sub = m.Groups[1].Value.ToLowerInvariant();
            var priority = PriorityFor(row, sub, framework, column, issues)!;
            var id = PlanNode.IdOf(priority, sub);
            return _context[2] == id ? id : Set(row, NodeKind.SubPriority, priority, sub, "", column, issues);
        }

        private string Set(long row, NodeKind kind, string? parent, string reference, string title, string column, List<RowIssue> issues)
        {
            var id = PlanNode.IdOf(parent, reference);
            if (PlanTemplate.Find(id) is { } standard)
            {
                // The guidance's own node, however the plan capitalises or spaces its ref.
                (id, reference) = (standard.Id, standard.Ref);
                if (title.Length == 0) title = standard.Title;
            }
            var existing = _nodes.FirstOrDefault(n => n.Id == id);
            if (existing is null)
            {
                if (title.Length == 0) title = reference;
                _nodes.Add(new PlanNode(id, parent, kind, reference, title, _nodes.Count));
                _nodeRows[id] = row;
            }
            else if (title.Length > 0 && title != existing.Title)
            {
                issues.Add(new RowIssue(row, column, title, $"'{reference}' is titled '{existing.Title}' on row {_nodeRows[id]}"));
            }
            _context[(int)kind] = id;
            for (var level = (int)kind + 1; level < 4; level++) _context[level] = null;
            return id;
        }

        private static NodeKind? Classify(string reference)
        {
            var key = PlanTemplate.Normalise(reference);
            if (PriorityRef().IsMatch(reference)) return NodeKind.Priority;
            if (SubRef().IsMatch(reference)) return NodeKind.SubPriority;
            if (key.Contains("intervention", StringComparison.Ordinal)) return NodeKind.Intervention;
            return null;
        }

        private static string Label(NodeKind kind) => kind switch
        {
            NodeKind.SubPriority => "sub-priority",
            NodeKind.Intervention => "intervention",
            _ => kind.ToString().ToLowerInvariant(),
        };

        private string NextId()
        {
            var taken = _actions.Select(a => a.Action.Id).ToHashSet(StringComparer.Ordinal);
            for (var n = _actions.Count + 1; ; n++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"A{n:000}");
                if (!taken.Contains(id)) return id;
            }
        }

        private static string? Null(string text) => text.Length == 0 ? null : text;

        private static string? Join(string? a, string b) => b.Length == 0 ? a : a is null ? b : a + "\n" + b;

        [GeneratedRegex(@"^(priority|objective)\s*\d+$", RegexOptions.IgnoreCase)]
        private static partial Regex PriorityRef();

        [GeneratedRegex(@"^(?:priority\s*)?([1-9])([a-e])$", RegexOptions.IgnoreCase)]
        private static partial Regex SubRef();

        [GeneratedRegex(@"^(\d[a-e])\s+(?:additional\s+)?intervention", RegexOptions.IgnoreCase)]
        private static partial Regex InterventionRef();

        [GeneratedRegex(@"^action (?<id>\S+): ")]
        private static partial Regex ActionProblem();

        [GeneratedRegex(@"^\s*(\d+)\.\s", RegexOptions.Multiline)]
        private static partial Regex NumberedItem();

        [GeneratedRegex(@"^intervention\s+(\d+)$", RegexOptions.IgnoreCase)]
        private static partial Regex PlainIntervention();
    }
}
