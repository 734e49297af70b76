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
        ("Horizon", "`Short term`, `Intermediate term` or `Long term`"),
        ("Planned start", "First quarter of work, e.g. `2024-25 Q3` (Q1 is April to June)"),
        ("Planned end", "Last quarter of work"),
        ("Target date", "A day (`2025-03-31`, `31/03/2025`, `30th November 2025`) or a month (`March 2025`, due at its end); a status word (`Complete`, `Ongoing`) or `TBC` is read as no date"),
        ("Status", "`Not started`, `On track`, `At risk`, `Delayed`, `On hold`, `Complete`, `Complete and embedded` (also Ongoing, In progress, Completed, Green, Amber, Red, Grey)"),
        ("Status note", "Free text beside the status"),
        ("Metrics for success", "How success will be measured, as text"),
        ("Indicators", "Catalogue indicator ids (docs/indicators.md) the action should move, one per line"),
        ("Groups that will benefit most", "Cohort tags, one per line or separated by ;"),
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
        ["groups"] = "Groups that will benefit most", ["cohorts"] = "Groups that will benefit most",
        ["comments"] = "Updates", ["commentsupdates"] = "Updates", ["updates"] = "Updates", ["progressupdates"] = "Updates",
        ["gapid"] = "Gap ID", ["datagap"] = "Data gap", ["gap"] = "Data gap", ["description"] = "Data gap", ["due"] = "Due", ["duedateofgap"] = "Due",
    };

    private static readonly string[] NoDate = ["tbc", "tba", "na", "n/a", "-", "none", "ongoingtbc"];

    /// <summary>What reading a plan table found: the plan when it is clean, else every problem with row and column.</summary>
    public sealed record ReadResult(Plan? Plan, IReadOnlyList<RowIssue> Issues, IReadOnlyList<string> IgnoredColumns, int Rows);

    /// <summary>The CSV file that holds the data-gap register of the plan CSV at <paramref name="path"/>.</summary>
    public static string GapsPath(string path) => Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + "-data-gaps.csv");

    /// <summary>The rows of the table, header first: structure rows for nodes with no children, then one row per action.</summary>
    public static IEnumerable<string[]> ActionRows(Plan plan)
    {
        yield return Columns;
        var parents = plan.Nodes.Where(n => n.ParentId is not null).Select(n => n.ParentId!).ToHashSet(StringComparer.Ordinal);
        foreach (var node in plan.Nodes.Where(n => !parents.Contains(n.Id)))
            yield return Row(plan, node.Id, null);
        foreach (var action in plan.Actions)
            yield return Row(plan, action.NodeIds[0], action);
    }

    public static IEnumerable<string[]> GapRows(Plan plan)
    {
        yield return GapColumns;
        foreach (var g in plan.Gaps)
            yield return [g.Id, g.Description, g.Owner ?? "", g.Due?.ToString() ?? "", g.Closed ? "Closed" : "Open", g.Note ?? ""];
    }

    private static string[] Row(Plan plan, string nodeId, PlanAction? a)
    {
        var cells = new string[Columns.Length];
        Array.Fill(cells, "");
        foreach (var node in plan.Lineage(nodeId))
            cells[(int)node.Kind] = PlanText.RefTitle(node);
        if (a is null) return cells;
        string[] values =
        [
            a.Id, a.Descriptor, a.Detail ?? "", PlanText.WriteMilestones(a.Milestones), PlanText.Lines(a.Leads), PlanText.Lines(a.Orgs),
            a.FinancialYear ?? "", a.Horizon is { } h ? PlanText.HorizonLabel(h) : "", a.PlannedStart?.ToString() ?? "", a.PlannedEnd?.ToString() ?? "",
            a.TargetDate?.ToString() ?? "", PlanText.StatusLabel(a.Status), a.StatusNote ?? "", a.Metrics ?? "", PlanText.Lines(a.Indicators),
            PlanText.Lines(a.Groups), PlanText.Lines(a.NodeIds.Skip(1)), PlanText.WriteTargetChanges(a.TargetChanges), PlanText.WriteUpdates(a.Updates),
            "", PlanText.Lines(a.GapIds),
        ];
        values.CopyTo(cells, 4);
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
    public static ReadResult Read(string path, string lmns, string framework = PlanTemplate.Framework, IReadOnlySet<string>? measures = null)
    {
        var file = Path.GetFileName(path);
        var table = TableFile.Read(path, ActionsSheet)!.Value;
        var issues = new List<RowIssue>();
        var ignored = new List<string>();
        var columns = MapColumns(table.Header, Columns, ignored);
        var builder = new Builder(framework, TableFile.IsXlsx(path), measures);
        var rows = 0;
        foreach (var (row, raw) in table.Rows)
        {
            rows++;
            var cells = columns.ToDictionary(c => c.Value, c => builder.Clean(raw.GetValueOrDefault(c.Key) ?? ""));
            builder.Row(row, cells, issues);
        }
        var gaps = TableFile.IsXlsx(path) ? TableFile.Read(path, GapsSheet, required: false) : File.Exists(GapsPath(path)) ? TableFile.Read(GapsPath(path)) : null;
        if (gaps is { } g)
        {
            var gapColumns = MapColumns(g.Header, GapColumns, ignored);
            foreach (var (row, raw) in g.Rows)
                builder.Gap(row, gapColumns.ToDictionary(c => c.Value, c => builder.Clean(raw.GetValueOrDefault(c.Key) ?? "")), issues);
        }
        var plan = builder.Finish(lmns, issues, measures);
        return new ReadResult(issues.Count == 0 ? plan : null, issues, ignored, rows);
    }

    /// <summary>Reads a plan table and, only when every row is clean, makes the stored plan equal it (history kept).</summary>
    public static (ReadResult Read, PlanStore.ReplaceResult? Saved) Import(Database database, Security.Access access, string path, string lmns, string framework = PlanTemplate.Framework)
    {
        access.Demand(access.CanEditPlan(lmns), $"import the plan of {lmns}");
        var read = Read(path, lmns, framework, PlanStore.MeasureIds(database, lmns));
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
    private sealed record Fields(ActionStatus Status, bool StatusGiven, PlanDate? Target, Horizon? Horizon, string? FinancialYear, FinancialQuarter? Start,
        FinancialQuarter? End, List<PlanAction.Milestone> Milestones, List<PlanAction.TargetChange> Changes, List<string> Indicators);

    /// <param name="measures">The LMNS's own measures an action may also target (null: the catalogue's indicators only).</param>
    private static Fields ParseFields(Func<string, string> cell, long row, List<RowIssue> issues, IReadOnlySet<string>? measures)
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
        var targetText = cell("Target date");
        if (targetText.Length > 0 && !NoDate.Contains(targetText.ToLowerInvariant()))
        {
            if (PlanDate.TryParse(targetText, out var t)) target = t;
            else if (PlanText.TryParseStatus(targetText, out var word))
            {
                // Plans write progress where the date goes ("Complete", "Ongoing").
                if (!statusGiven) (status, statusGiven) = (word, true);
            }
            else problems.Add(("Target date", targetText, "neither a date (2024-03-31, 31/03/2024, March 2024) nor a status word (Complete, Ongoing)"));
        }
        Horizon? horizon = null;
        if (cell("Horizon") is { Length: > 0 } h)
        {
            if (PlanText.TryParseHorizon(h, out var x)) horizon = x;
            else problems.Add(("Horizon", h, "not Short term, Intermediate term or Long term"));
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
        var indicators = PlanText.SplitCodes(cell("Indicators"));
        foreach (var i in indicators.Where(i => Catalogue.Find(i) is null && measures?.Contains(i) != true))
            problems.Add(("Indicators", i, "neither an indicator of the catalogue nor one of the LMNS's own measures (maternity measures list)"));
        foreach (var (column, value, reason) in problems) issues.Add(new RowIssue(row, column, value, reason));
        return new Fields(status, statusGiven, target, horizon, financialYear, start, end, milestones, changes, indicators);
    }

    /// <summary>The cells an edit form shows for an action, named as the table's columns and written as the table writes them.</summary>
    public static IReadOnlyDictionary<string, string> EditableCells(PlanAction a) => new Dictionary<string, string>
    {
        ["Action descriptor"] = a.Descriptor, ["Detail"] = a.Detail ?? "", ["Key milestones"] = PlanText.WriteMilestones(a.Milestones),
        ["Responsible leads"] = PlanText.Lines(a.Leads), ["Owning organisations"] = PlanText.Lines(a.Orgs), ["Financial year"] = a.FinancialYear ?? "",
        ["Horizon"] = a.Horizon is { } h ? PlanText.HorizonLabel(h) : "", ["Planned start"] = a.PlannedStart?.ToString() ?? "",
        ["Planned end"] = a.PlannedEnd?.ToString() ?? "", ["Target date"] = a.TargetDate?.ToString() ?? "", ["Status"] = PlanText.StatusLabel(a.Status),
        ["Status note"] = a.StatusNote ?? "", ["Metrics for success"] = a.Metrics ?? "", ["Indicators"] = PlanText.Lines(a.Indicators),
        ["Groups that will benefit most"] = PlanText.Lines(a.Groups),
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
        var f = ParseFields(Cell, 0, issues, measures);
        if (Cell("Action descriptor").Length == 0) issues.Add(new RowIssue(0, "Action descriptor", null, "the action needs a descriptor"));
        if (f.Start is { } s && f.End is { } e && e < s) issues.Add(new RowIssue(0, "Planned end", e.ToString(), $"before the planned start {s}"));
        if (issues.Count > 0) return (null, issues);
        static string? Null(string text) => text.Length == 0 ? null : text;
        return (current with
        {
            Descriptor = Cell("Action descriptor"), Detail = Null(Cell("Detail")), Milestones = f.Milestones, Leads = PlanText.SplitRoles(Cell("Responsible leads")),
            Orgs = PlanText.SplitRoles(Cell("Owning organisations")), FinancialYear = f.FinancialYear, Horizon = f.Horizon, PlannedStart = f.Start, PlannedEnd = f.End,
            TargetDate = f.Target, Status = f.Status, StatusNote = Null(Cell("Status note")), Metrics = Null(Cell("Metrics for success")), Indicators = f.Indicators,
            Groups = PlanText.SplitItems(Cell("Groups that will benefit most")),
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

        public void Row(long row, Dictionary<string, string> cells, List<RowIssue> issues)
        {
            string Cell(string column) => cells.GetValueOrDefault(column) ?? "";
            for (var level = 0; level < 4; level++)
            {
                var text = Cell(Columns[level]);
                if (text.Length > 0) Heading(row, (NodeKind)level, text, Columns[level], issues);
            }
            string[] content = ["Action ID", "Action descriptor", "Detail", "Key milestones", "Responsible leads", "Owning organisations", "Financial year", "Horizon",
                "Planned start", "Planned end", "Target date", "Status", "Status note", "Metrics for success", "Indicators", "Groups that will benefit most",
                "Also serves", "Target date changes", "Updates", "Evidence", "Data gaps closed"];
            if (content.All(c => Cell(c).Length == 0)) return;
            var node = _context.LastOrDefault(c => c is not null);
            if (node is null)
            {
                issues.Add(new RowIssue(row, "Priority", null, "an action needs a priority, objective or intervention on its row or above it"));
                return;
            }
            var before = issues.Count;
            var f = ParseFields(Cell, row, issues, measures);
            var (status, statusGiven, target, targetText, milestones) = (f.Status, f.StatusGiven, f.Target, Cell("Target date"), f.Milestones);
            var descriptor = Cell("Action descriptor");
            var detail = Cell("Detail");
            if (descriptor.Length == 0 && detail.Length > 0) (descriptor, detail) = (detail, "");
            var id = Cell("Action ID");
            var updates = PlanText.ParseUpdates(Cell("Updates"), Cell("Evidence"));
            if (descriptor.Length == 0 && id.Length == 0)
            {
                // A continuation row: more milestones, dates or comments for the action above.
                var last = _actions.Count > 0 ? _actions[^1] : default;
                if (last.Action is null || last.Action.NodeIds[0] != node)
                {
                    issues.Add(new RowIssue(row, "Action descriptor", null, "no action text (Action descriptor or Detail), and no action above under the same heading to continue"));
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
                };
                _actions[^1] = (last.Row, merged, last.AlsoServes);
                return;
            }
            if (_actions.FirstOrDefault(a => a.Action.Id == id) is { Action: not null } taken)
                issues.Add(new RowIssue(row, "Action ID", id, $"action id '{id}' is already used on row {taken.Row}"));
            if (issues.Count > before) return;
            if (id.Length == 0) id = NextId();
            var action = new PlanAction(id, [node], descriptor, Null(detail), milestones, PlanText.SplitRoles(Cell("Responsible leads")),
                PlanText.SplitRoles(Cell("Owning organisations")), f.FinancialYear, f.Horizon, f.Start, f.End, target, f.Changes, status, Null(Cell("Status note")),
                Null(Cell("Metrics for success")), f.Indicators, PlanText.SplitItems(Cell("Groups that will benefit most")), updates,
                PlanText.SplitCodes(Cell("Data gaps closed")), _actions.Count);
            _actions.Add((row, action, PlanText.SplitItems(Cell("Also serves"))));
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

        private void Heading(long row, NodeKind column, string text, string columnName, List<RowIssue> issues)
        {
            var (reference, title) = PlanText.ParseRefTitle(text);
            var kind = Classify(reference) ?? column;
            if (kind == NodeKind.Framework)
            {
                Set(row, kind, null, reference, title, columnName, issues);
                return;
            }
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
                return;
            }
            if (kind == NodeKind.Intervention && PlanTemplate.Normalise(reference) == "additionalintervention" && title.Length > 0)
            {
                // Several local "Additional intervention"s under one heading: number them as they come.
                var n = 1;
                while (_nodes.FirstOrDefault(x => x.Id == PlanNode.IdOf(parent, reference + (n == 1 ? "" : " " + n))) is { } existing && existing.Title != title) n++;
                if (n > 1) reference += " " + n.ToString(CultureInfo.InvariantCulture);
            }
            Set(row, kind, parent, reference, title, columnName, issues);
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
    }
}
