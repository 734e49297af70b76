using System.Globalization;
using Dapper;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Measures;

/// <summary>
/// Returns that fill the measures: for an organisation and period, one row per measure, breakdown and group. The same
/// layout is a CSV, an XLSX sheet (<see cref="Sheet"/>) and the web form. Every cell is checked against its measure's
/// unit and frequency and the caller's organisations; any bad cell refuses the whole return and nothing changes. A
/// value already submitted is replaced only with a reason; every value ever entered is kept with who, when, how and as at.
/// </summary>
public static class MeasureReturns
{
    public const string Sheet = "Return";

    public static readonly string[] Columns = ["Org", "Period", "Measure", "Breakdown", "Group", "Value", "Numerator", "Denominator", "N", "SD", "Reason"];

    /// <summary>One row of a return, as text (a blank template and a filled return are written alike).</summary>
    public sealed record Line(string Org, string Period, string Measure, string Breakdown, string Group,
        string Value = "", string Numerator = "", string Denominator = "", string N = "", string SD = "", string Reason = "");

    /// <summary>A checked value: numbers for counted kinds (Value is the count, amount, mean, 1/0 or level number), text for text and levels.</summary>
    public sealed record Cell(string Measure, int Version, string Org, DateOnly Period, string Dimension, string Group,
        double? Numerator, double? Denominator, string? Text, double? Spread, string? Reason);

    /// <summary>A value as stored, with its provenance.</summary>
    public sealed record StoredValue(string Measure, int Version, string Org, DateOnly Period, string Dimension, string Group,
        double? Numerator, double? Denominator, string? Text, double? Spread, string Status, string? Reason, string By, DateTime At, string How, DateOnly AsAt);

    public sealed record Result(string File, long Rows, int Added, int Replaced, int Unchanged, IReadOnlyList<RowIssue> Issues)
    {
        public bool Imported => Issues.Count == 0;
    }

    /// <summary>
    /// A blank return for <paramref name="org"/> and the period holding <paramref name="day"/> (default: each measure's
    /// latest period that has ended): every measure the
    /// organisation supplies (a trust: trust returns; the LMNS: LMNS entries), its total and every group of each
    /// breakdown with a code list (groups of free-coded breakdowns are added as rows by whoever fills it).
    /// </summary>
    public static IEnumerable<Line> Template(MeasureStore.MeasureSet set, OrgHierarchy hierarchy, string org, DateOnly? day = null)
    {
        var supplier = SupplierOf(set, hierarchy, org);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var m in set.Measures.Where(m => !m.BuiltIn && m.Supplier == supplier))
        {
            // Without a day, each measure's latest period that has ended: the return now due.
            var period = MeasurePeriod.Format(day is { } given ? MeasurePeriod.Containing(given, m.Frequency) : LatestEnded(today, m.Frequency), m.Frequency);
            yield return new Line(org, period, m.Id, Dimension.Total, Dimension.Total);
            foreach (var d in m.Dimensions.Select(set.Dimension).OfType<Dimension>().Where(d => d.Codes.Count > 0))
                foreach (var code in d.Codes)
                    yield return new Line(org, period, m.Id, d.Name, code);
        }
    }

    /// <summary>The values in force for <paramref name="org"/> (all organisations when null) as return lines, exactly as the caller may see them.</summary>
    public static IEnumerable<Line> Export(Database database, Access access, MeasureStore.MeasureSet set, string? org = null) =>
        Values(database, access, set, null, org).Select(v => ToLine(set.Find(v.Measure)!, v));

    private static Line ToLine(MeasureDefinition m, StoredValue v)
    {
        string Number(double? x) => x?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";
        var period = MeasurePeriod.Format(v.Period, m.Frequency);
        return m.Unit switch
        {
            UnitKind.Proportion or UnitKind.Rate => new Line(v.Org, period, v.Measure, v.Dimension, v.Group, "", Number(v.Numerator), Number(v.Denominator)),
            UnitKind.Mean => new Line(v.Org, period, v.Measure, v.Dimension, v.Group, Number(v.Numerator), N: Number(v.Denominator), SD: Number(v.Spread)),
            UnitKind.YesNo => new Line(v.Org, period, v.Measure, v.Dimension, v.Group, v.Numerator == 1 ? "Yes" : v.Numerator == 0 ? "No" : ""),
            UnitKind.Level or UnitKind.Text => new Line(v.Org, period, v.Measure, v.Dimension, v.Group, v.Text ?? ""),
            _ => new Line(v.Org, period, v.Measure, v.Dimension, v.Group, Number(v.Numerator)),
        };
    }

    /// <summary>Writes return lines: CSV, or an XLSX workbook (sheet <see cref="Sheet"/>) when the path ends in .xlsx; the console when null.</summary>
    public static long Write(IEnumerable<Line> lines, string? path)
    {
        var sheet = new TableFile.SheetData(Sheet, Columns, lines.Select(l => (IReadOnlyList<string>)[l.Org, l.Period, l.Measure, l.Breakdown, l.Group, l.Value, l.Numerator, l.Denominator, l.N, l.SD, l.Reason]));
        return path is null ? TableFile.WriteCsv(Console.Out, sheet) : TableFile.Write(path, sheet);
    }

    /// <summary>Who supplies the measures of <paramref name="org"/>: a trust sends trust returns; the LMNS enters its own.</summary>
    public static Supplier SupplierOf(MeasureStore.MeasureSet set, OrgHierarchy hierarchy, string org) =>
        org == set.Lmns ? Supplier.LmnsEntry
        : hierarchy.Orgs.FirstOrDefault(o => o.Code == org) is { Type: "Trust" } t && t.Parent == set.Lmns ? Supplier.TrustReturn
        : throw new InvalidDataException($"{org} is neither {set.Lmns} nor one of its trusts");

    /// <summary>Reads and checks a return file (CSV or XLSX) and, when every cell is good, stores it as submitted.</summary>
    public static Result Import(Database database, Access access, MeasureStore.MeasureSet set, string path, DateOnly? asAt = null)
    {
        var file = Path.GetFileName(path);
        var where = TableFile.IsXlsx(path) ? $"sheet {Sheet}, " : "";
        var (header, rows) = TableFile.Read(path, Sheet)!.Value;
        var missing = Columns.Take(5).Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0) return new Result(file, 0, 0, 0, 0, [new RowIssue(1, string.Join(", ", missing), null, $"{where}missing column(s); a return has the columns {string.Join(",", Columns)}")]);
        var lines = rows.Select(r => (r.Row, Line: new Line(Get(r.Cells, "Org"), Get(r.Cells, "Period"), Get(r.Cells, "Measure"), Get(r.Cells, "Breakdown"), Get(r.Cells, "Group"),
            Get(r.Cells, "Value"), Get(r.Cells, "Numerator"), Get(r.Cells, "Denominator"), Get(r.Cells, "N"), Get(r.Cells, "SD"), Get(r.Cells, "Reason")))).ToList();
        var result = Save(database, access, set, lines, submit: true, TableFile.IsXlsx(path) ? "xlsx" : "csv", asAt);
        return result with { File = file, Issues = [.. result.Issues.Select(i => i with { Reason = where + i.Reason })] };

        static string Get(Dictionary<string, string> cells, string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
    }

    /// <summary>
    /// Checks <paramref name="lines"/> (numbered as their rows) and, when all are good, stores them in one transaction:
    /// as submitted values, or as a draft of the caller's (<paramref name="submit"/> false) that stays out of every figure.
    /// </summary>
    public static Result Save(Database database, Access access, MeasureStore.MeasureSet set, IReadOnlyList<(long Row, Line Line)> lines, bool submit, string how, DateOnly? asAt = null)
    {
        // Opened first: the embedded store stays open for the reads below instead of being reopened for the write.
        using var connection = database.Open();
        var hierarchy = OrgHierarchy.Read(database);
        var (cells, issues) = Check(access, set, hierarchy, lines);
        if (issues.Count == 0 && cells.Count == 0) issues.Add(new RowIssue(2, "Measure", null, "the return has no values"));
        if (issues.Count > 0) return new Result("", lines.Count, 0, 0, 0, issues);

        int added = 0, replaced = 0, unchanged = 0;
        var status = submit ? "submitted" : "draft";
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.MeasureLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        var now = Database.Now();
        var current = Current(connection, tx, set.Lmns, status, access.Name, cells);
        var refused = new List<RowIssue>();
        var writes = new List<Cell>();
        foreach (var (row, cell) in cells)
        {
            if (current.TryGetValue((cell.Measure, cell.Org, cell.Period, cell.Dimension, cell.Group), out var c))
            {
                if (c.Numerator == cell.Numerator && c.Denominator == cell.Denominator && c.Text == cell.Text && c.Spread == cell.Spread) { unchanged++; continue; }
                if (submit && string.IsNullOrWhiteSpace(cell.Reason))
                {
                    refused.Add(new RowIssue(row, "Reason", null, $"a value was submitted for this cell by {c.By} on {c.At:yyyy-MM-dd}: give the reason for changing it"));
                    continue;
                }
                replaced++;
            }
            else added++;
            writes.Add(cell);
        }
        // Nothing has been written yet: a refused cell leaves the store as it was.
        if (refused.Count > 0) return new Result("", lines.Count, 0, 0, 0, refused);
        if (writes.Count > 0)
        {
            var before = connection.ExecuteScalar<long>("SELECT coalesce(max(value_id), 0) FROM measure_value", transaction: tx);
            var asAtDay = asAt ?? DateOnly.FromDateTime(now);
            using (var bulk = new BulkWriter(connection, "measure_value"))
            {
                var id = before;
                foreach (var cell in writes)
                    bulk.Write([++id, set.Lmns, cell.Measure, cell.Version, cell.Org, cell.Period, cell.Dimension, cell.Group,
                        cell.Numerator, cell.Denominator, cell.Text, cell.Spread, status, cell.Reason, access.Name, now, how, asAtDay, null]);
            }
            if (replaced > 0)
                // The value each new row replaces (the same cell, in force for the same status and, for a draft, the same person) is superseded.
                connection.Execute(connection.Sql("""
                    UPDATE measure_value SET superseded_at = $now
                    WHERE lmns_code = $lmns AND status = $status AND superseded_at IS NULL AND value_id <= $before AND ($status = 'submitted' OR entered_by = $by)
                      AND EXISTS (SELECT 1 FROM measure_value n WHERE n.value_id > $before AND n.lmns_code = measure_value.lmns_code
                        AND n.measure_id = measure_value.measure_id AND n.org_code = measure_value.org_code AND n.period_start = measure_value.period_start
                        AND n.dimension = measure_value.dimension AND n.group_code = measure_value.group_code)
                    """), new { now, lmns = set.Lmns, status, before, by = access.Name }, tx);
            if (submit)
                // A submission ends the caller's drafts of the same cells.
                connection.Execute(connection.Sql("""
                    UPDATE measure_value SET superseded_at = $now WHERE status = 'draft' AND superseded_at IS NULL AND entered_by = $by AND lmns_code = $lmns
                      AND EXISTS (SELECT 1 FROM measure_value s WHERE s.value_id > $before AND s.lmns_code = measure_value.lmns_code
                        AND s.measure_id = measure_value.measure_id AND s.org_code = measure_value.org_code AND s.period_start = measure_value.period_start)
                    """), new { now, by = access.Name, lmns = set.Lmns, before }, tx);
        }
        AuditLog.Commit(database, connection, tx, access.Name, submit ? "return.submit" : "return.draft", set.Lmns,
            $"{string.Join(", ", cells.Select(c => c.Cell.Org).Distinct())}: {added} added, {replaced} replaced, {unchanged} unchanged ({how})");
        return new Result("", lines.Count, added, replaced, unchanged, []);
    }

    /// <summary>
    /// The values now in force for the cells of a return, by cell: submitted ones for a submission, the caller's own drafts
    /// for a draft. One query per organisation in the return, over the periods it covers, rather than one per cell.
    /// </summary>
    private static Dictionary<(string Measure, string Org, DateOnly Period, string Dimension, string Group), (double? Numerator, double? Denominator, string? Text, double? Spread, string By, DateTime At)> Current(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string lmns, string status, string by, List<(long Row, Cell Cell)> cells)
    {
        var current = new Dictionary<(string, string, DateOnly, string, string), (double?, double?, string?, double?, string, DateTime)>();
        foreach (var org in cells.GroupBy(c => c.Cell.Org, StringComparer.Ordinal))
        {
            var rows = connection.Query<(string Measure, DateTime Period, string Dimension, string Group, double? Numerator, double? Denominator, string? Text, double? Spread, string By, DateTime At)>(connection.Sql("""
                SELECT measure_id, period_start, dimension, group_code, numerator, denominator, value_text, spread, entered_by, entered_at FROM measure_value
                WHERE lmns_code = $lmns AND org_code = $org AND period_start >= $from AND period_start <= $to
                  AND status = $status AND superseded_at IS NULL AND ($status = 'submitted' OR entered_by = $by)
                """), new
            {
                lmns, org = org.Key, status, by,
                from = org.Min(c => c.Cell.Period).ToDateTime(TimeOnly.MinValue), to = org.Max(c => c.Cell.Period).ToDateTime(TimeOnly.MinValue),
            }, tx);
            foreach (var r in rows)
                current[(r.Measure, org.Key, DateOnly.FromDateTime(r.Period), r.Dimension, r.Group)] = (r.Numerator, r.Denominator, r.Text, r.Spread, r.By, r.At);
        }
        return current;
    }

    private static (List<(long Row, Cell Cell)> Cells, List<RowIssue> Issues) Check(Access access, MeasureStore.MeasureSet set, OrgHierarchy hierarchy, IReadOnlyList<(long Row, Line Line)> lines)
    {
        var cells = new List<(long, Cell)>();
        var issues = new List<RowIssue>();
        var seen = new HashSet<(string, string, DateOnly, string, string)>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // A return repeats a few measures and organisations over many rows: each is looked up once.
        var measures = new Dictionary<string, MeasureDefinition?>(StringComparer.OrdinalIgnoreCase);
        var suppliers = new Dictionary<string, (Supplier? Supplier, string? Problem)>(StringComparer.Ordinal);
        foreach (var (row, l) in lines)
        {
            if (l.Measure.Length == 0 && l.Org.Length == 0 && l.Value.Length == 0 && l.Numerator.Length == 0) continue;
            var before = issues.Count;
            void Bad(string column, string? value, string reason) => issues.Add(new RowIssue(row, column, value, reason));
            if (!measures.TryGetValue(l.Measure, out var m)) measures[l.Measure] = m = set.Find(l.Measure);
            if (m is null) { Bad("Measure", l.Measure, "not a measure of this LMNS (see 'maternity measures list')"); continue; }
            if (m.BuiltIn) { Bad("Measure", l.Measure, "a built-in indicator is computed from records, or sent with 'maternity returns import' as counts"); continue; }
            if (!suppliers.TryGetValue(l.Org, out var known))
            {
                try { known = (SupplierOf(set, hierarchy, l.Org), null); }
                catch (InvalidDataException e) { known = (null, e.Message); }
                suppliers[l.Org] = known;
            }
            var supplier = known.Supplier;
            if (known.Problem is { } problem) Bad("Org", l.Org, problem);
            if (supplier is not null && supplier != m.Supplier)
                Bad("Org", l.Org, m.Supplier == Supplier.TrustReturn ? $"{m.Id} is sent by each trust, not by the LMNS" : $"{m.Id} is entered by the LMNS, not by a trust");
            else if (supplier == Supplier.TrustReturn && !(access.IsRecordLevel && access.SeesRecordsOf(l.Org)))
                Bad("Org", l.Org, $"{access.Name} may not send returns for {l.Org}");
            else if (supplier == Supplier.LmnsEntry && !access.CanEditPlan(set.Lmns))
                Bad("Org", l.Org, $"{access.Name} may not enter the LMNS's own measures");
            var period = MeasurePeriod.Parse(l.Period, m.Frequency);
            if (period is null) Bad("Period", l.Period, $"{m.Id} is {m.Frequency switch { Frequency.FinancialYear => "yearly (financial year)", _ => m.Frequency.ToString().ToLowerInvariant() + "ly" }}: give {MeasurePeriod.Form(m.Frequency)}");
            else if (period > today) Bad("Period", l.Period, "a period that has not begun");
            var dimension = l.Breakdown.Length == 0 ? Dimension.Total : l.Breakdown;
            var group = l.Group.Length == 0 && dimension == Dimension.Total ? Dimension.Total : l.Group;
            if (dimension != Dimension.Total)
            {
                if (!m.Dimensions.Contains(dimension, StringComparer.Ordinal))
                    Bad("Breakdown", l.Breakdown, m.Dimensions.Count == 0 ? $"{m.Id} has no breakdowns, only the total" : $"{m.Id} is broken down by {string.Join(", ", m.Dimensions)} only");
                else if (set.Dimension(dimension) is { } d && !d.Allows(group)) Bad("Group", l.Group, $"not a group of {dimension}: {d.Rule}");
            }
            else if (group != Dimension.Total) Bad("Group", l.Group, "the total's group is Total (or blank)");
            double? numerator = null, denominator = null, spread = null;
            string? text = null;
            double? Number(string column, string value, bool required, bool whole, double min = 0)
            {
                if (value.Length == 0) { if (required) Bad(column, null, "a value is required"); return null; }
                // A leading ' is how exported cells are kept from running as formulas; £ and thousands commas as typed.
                var clean = value.TrimStart('\'').Replace(",", "", StringComparison.Ordinal).TrimStart('£');
                if (!double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x)) { Bad(column, value, "not a number"); return null; }
                if (whole && x != Math.Floor(x)) { Bad(column, value, "not a whole number"); return null; }
                if (x < min) { Bad(column, value, min == 0 ? "negative" : $"less than {min}"); return null; }
                return x;
            }
            void NotUsed(params string[] columns)
            {
                foreach (var c in columns)
                    if ((c switch { "Value" => l.Value, "Numerator" => l.Numerator, "Denominator" => l.Denominator, "N" => l.N, _ => l.SD }).Length > 0)
                        Bad(c, c switch { "Value" => l.Value, "Numerator" => l.Numerator, "Denominator" => l.Denominator, "N" => l.N, _ => l.SD },
                            $"{m.Id} is a {MeasureFile.UnitName(m.Unit)} measure: {m.Unit switch { UnitKind.Proportion or UnitKind.Rate => "give Numerator and Denominator", UnitKind.Mean => "give Value (the mean), N and SD", _ => "give Value" }}");
            }
            switch (m.Unit)
            {
                case UnitKind.Proportion:
                case UnitKind.Rate:
                    NotUsed("Value", "N", "SD");
                    numerator = Number("Numerator", l.Numerator, true, whole: true);
                    denominator = Number("Denominator", l.Denominator, true, whole: m.Unit == UnitKind.Proportion);
                    if (numerator is { } n && denominator is { } dd)
                    {
                        if (m.Unit == UnitKind.Proportion && n > dd) Bad("Numerator", l.Numerator, $"greater than the denominator {dd}: a proportion is at most 100%");
                        if (dd == 0 && n > 0) Bad("Denominator", l.Denominator, "zero under a non-zero numerator");
                    }
                    break;
                case UnitKind.Mean:
                    NotUsed("Numerator", "Denominator");
                    numerator = Number("Value", l.Value, true, whole: false, min: double.MinValue);
                    denominator = Number("N", l.N, true, whole: true, min: 1);
                    spread = Number("SD", l.SD, false, whole: false);
                    break;
                case UnitKind.Count:
                    NotUsed("Numerator", "Denominator", "N", "SD");
                    numerator = Number("Value", l.Value, true, whole: true);
                    break;
                case UnitKind.Money:
                    NotUsed("Numerator", "Denominator", "N", "SD");
                    numerator = Number("Value", l.Value, true, whole: false, min: double.MinValue);
                    break;
                case UnitKind.YesNo:
                    NotUsed("Numerator", "Denominator", "N", "SD");
                    numerator = l.Value.ToLowerInvariant() switch { "yes" or "y" => 1, "no" or "n" => 0, _ => null };
                    if (numerator is null) Bad("Value", l.Value, "not Yes or No");
                    break;
                case UnitKind.Level:
                    NotUsed("Numerator", "Denominator", "N", "SD");
                    var level = m.Levels.ToList().FindIndex(x => x.Equals(l.Value, StringComparison.OrdinalIgnoreCase));
                    if (level < 0) Bad("Value", l.Value, $"not one of the levels {string.Join(", ", m.Levels)}");
                    else { numerator = level + 1; text = m.Levels[level]; }
                    break;
                default:
                    NotUsed("Numerator", "Denominator", "N", "SD");
                    if (l.Value.Length == 0) Bad("Value", null, "a value is required");
                    else if (l.Value.Length > 4000) Bad("Value", l.Value[..40] + "…", "longer than 4,000 characters");
                    else text = l.Value;
                    break;
            }
            if (issues.Count == before && !seen.Add((m.Id, l.Org, period!.Value, dimension, group)))
                Bad("Group", group, $"{m.Id} {dimension} {group} for {l.Org} {l.Period} appears twice");
            if (issues.Count == before)
                cells.Add((row, new Cell(m.Id, m.Version, l.Org, period!.Value, dimension, group, numerator, denominator, text, spread, l.Reason.Length == 0 ? null : l.Reason)));
        }
        return (cells, issues);
    }

    /// <summary>
    /// The submitted values in force, as <paramref name="access"/> may see them: exact for its own organisations
    /// (and the LMNS's own entries for its analysts), counts rounded by the suppression policy for everyone else.
    /// </summary>
    public static IReadOnlyList<StoredValue> Values(Database database, Access access, MeasureStore.MeasureSet set, string? measure = null, string? org = null)
    {
        var inForce = InForce(database, set.Lmns);
        var rows = measure is null ? inForce.All : inForce.ByMeasure.GetValueOrDefault(measure, []);
        if (org is not null) rows = [.. rows.Where(v => v.Org == org)];
        if (access.Role == Role.Admin) return rows;
        var m = measure is null ? null : set.Find(measure);
        return [.. rows.Select(v => Shown(access, set, m ?? set.Find(v.Measure), v))];
    }

    /// <summary>An LMNS's submitted values in force, exactly as stored, in measure, organisation, period, dimension and group order; and by measure.</summary>
    internal sealed record InForceValues(string Version, IReadOnlyList<StoredValue> All, IReadOnlyDictionary<string, IReadOnlyList<StoredValue>> ByMeasure, Database.StoreStamp? Stamp);

    /// <summary>
    /// The LMNS's submitted values in force, read once and kept until a return is stored (pages of many measures would
    /// otherwise read them once per measure). While a commit is under way what was kept is still the committed state.
    /// </summary>
    internal static InForceValues InForce(Database database, string lmns)
    {
        var key = (database.Description, lmns);
        if (Kept(database, key) is { } kept) return kept;
        // One request reads what many would; others arriving meanwhile are answered from what was kept before, if any.
        var gate = Building.GetOrAdd(key, _ => new object());
        var busy = !Monitor.TryEnter(gate);
        if (busy && Cache.TryGetValue(key, out var previous)) return previous;
        if (busy) Monitor.Enter(gate);
        try
        {
            if (Kept(database, key) is { } built) return built;
            string version;
            List<StoredValue> all;
            var stamp = database.Stamp();
            using (var connection = database.Open())
            using (database.Reading())
            {
                version = Version(connection);
                all = Stored(connection, """
                    lmns_code = $lmns AND status = 'submitted' AND superseded_at IS NULL
                    ORDER BY measure_id, org_code, period_start, dimension, group_code
                    """, new { lmns });
            }
            var byMeasure = all.GroupBy(v => v.Measure, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<StoredValue>)[.. g], StringComparer.Ordinal);
            var values = new InForceValues(version, all, byMeasure, stamp);
            // Each LMNS kept costs its values in memory: keep a few.
            if (Cache.Count >= 8) Cache.Clear();
            Cache[key] = values;
            return values;
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    private static InForceValues? Kept(Database database, (string, string) key)
    {
        if (!Cache.TryGetValue(key, out var hit)) return null;
        // The embedded store unchanged since the values were read: no query.
        var stamp = database.Stamp();
        if (stamp is not null && hit.Stamp == stamp) return hit;
        using var connection = database.Open();
        using var reading = database.TryReading();
        if (reading is null) return hit;
        if (hit.Version != Version(connection)) return null;
        // Unchanged although the store moved (another table was written): the next request need not ask again.
        if (stamp is not null) Cache[key] = hit = hit with { Stamp = stamp };
        return hit;
    }

    /// <summary>
    /// The stored values' version: the newest value's id and when it was entered. Values are only ever added (a change
    /// supersedes the earlier value in the same transaction as it adds the new one), so every change moves it.
    /// </summary>
    private static string Version(System.Data.Common.DbConnection connection)
    {
        var newest = connection.QueryFirstOrDefault<(long Id, DateTime At)?>("SELECT value_id, entered_at FROM measure_value ORDER BY value_id DESC LIMIT 1");
        return newest is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n.Id}/{n.At:O}") : "none";
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Lmns), object> Building = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Lmns), InForceValues> Cache = new();

    /// <summary>
    /// What the return form of <paramref name="org"/> starts from: for each cell, the caller's draft if it has one,
    /// else the value submitted, as a return line with its status ("draft" or "submitted").
    /// </summary>
    public static IReadOnlyDictionary<(string Measure, string Period, string Dimension, string Group), (Line Line, string Status)> Entered(
        Database database, Access access, MeasureStore.MeasureSet set, string org)
    {
        access.Demand(access.IsRecordLevel && (access.SeesRecordsOf(org) || access.CanEditPlan(set.Lmns)), $"enter the returns of {org}");
        var rows = Stored(database, """
            lmns_code = $lmns AND org_code = $org AND superseded_at IS NULL AND (status = 'submitted' OR entered_by = $by)
            ORDER BY value_id
            """, new { lmns = set.Lmns, org, by = access.Name });
        var entered = new Dictionary<(string, string, string, string), (Line, string)>();
        foreach (var v in rows)
        {
            if (set.Find(v.Measure) is not { } m) continue;
            var key = (m.Id, MeasurePeriod.Format(v.Period, m.Frequency), v.Dimension, v.Group);
            // A draft, written after the submission it would replace, wins.
            if (entered.TryGetValue(key, out var had) && had.Item2 == "draft" && v.Status == "submitted") continue;
            entered[key] = (ToLine(m, v), v.Status);
        }
        return entered;
    }

    /// <summary>Every value ever entered for a cell of <paramref name="org"/>, newest first: the history behind a figure.</summary>
    public static IReadOnlyList<StoredValue> History(Database database, Access access, MeasureStore.MeasureSet set, string measure, string org)
    {
        access.Demand(access.IsRecordLevel && (access.SeesRecordsOf(org) || access.CanEditPlan(set.Lmns)), $"see the history of {org}'s returns");
        return Stored(database, """
            lmns_code = $lmns AND measure_id = $measure AND org_code = $org
            ORDER BY period_start DESC, dimension, group_code, value_id DESC
            """, new { lmns = set.Lmns, measure, org });
    }

    /// <summary>The stored values matching <paramref name="where"/> (a condition, then its ORDER BY), exactly as stored.</summary>
    private static List<StoredValue> Stored(Database database, string where, object parameters)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        return Stored(connection, where, parameters);
    }

    private static List<StoredValue> Stored(System.Data.Common.DbConnection connection, string where, object parameters) =>
        [.. connection.Query<(string, int, string, DateTime, string, string, double?, double?, string?, double?, string, string?, string, DateTime, string, DateTime)>(connection.Sql($"""
            SELECT measure_id, measure_version, org_code, period_start, dimension, group_code, numerator, denominator, value_text, spread,
                   status, reason, entered_by, entered_at, entered_how, as_at
            FROM measure_value WHERE {where}
            """), parameters)
            .Select(r => new StoredValue(r.Item1, r.Item2, r.Item3, DateOnly.FromDateTime(r.Item4), r.Item5, r.Item6, r.Item7, r.Item8, r.Item9, r.Item10,
                r.Item11, r.Item12, r.Item13, r.Item14, r.Item15, DateOnly.FromDateTime(r.Item16)))];

    /// <summary><paramref name="v"/> as <paramref name="access"/> may see it; <paramref name="m"/> is its measure.</summary>
    internal static StoredValue Shown(Access access, MeasureStore.MeasureSet set, MeasureDefinition? m, StoredValue v)
    {
        if (m is null || !m.HasCounts || access.Role == Role.Admin || (access.IsRecordLevel && (access.SeesRecordsOf(v.Org) || (v.Org == set.Lmns && access.CanEditPlan(set.Lmns))))) return v;
        // Counts leave the analyst role through the suppression policy; a mean keeps its value but its n is rounded.
        long? Round(double? x) => x is { } d ? Access.Policy.Apply((long)Math.Round(d)) : null;
        return m.Unit switch
        {
            UnitKind.Mean => v with { Denominator = Round(v.Denominator) },
            UnitKind.Rate => v with { Numerator = Round(v.Numerator) },
            _ => v with { Numerator = Round(v.Numerator), Denominator = m.Unit == UnitKind.Proportion ? Round(v.Denominator) : v.Denominator },
        };
    }

    /// <summary>
    /// Which trusts have submitted which trust-return measures for the period holding <paramref name="day"/>: per measure,
    /// the trusts of the LMNS with a submitted total and those without.
    /// </summary>
    public static IReadOnlyList<Completeness> Grid(Database database, Access access, MeasureStore.MeasureSet set, DateOnly? day = null, DateOnly? asOf = null)
    {
        // Without a day: for each measure, the latest period that has ended by asOf (default today): the returns now due.
        var today = asOf ?? DateOnly.FromDateTime(DateTime.UtcNow);
        // Held for the reads below: the embedded store would otherwise be reopened by each of them.
        using var open = database.Open();
        var trusts = OrgHierarchy.Read(database).OfType("Trust").Where(t => t.Parent == set.Lmns).Select(t => t.Code).Order(StringComparer.Ordinal).ToList();
        // Who has sent a value is not a count: every caller sees the same grid.
        var values = InForce(database, set.Lmns).ByMeasure;
        return [.. set.Measures.Where(m => !m.BuiltIn && m.Supplier == Supplier.TrustReturn).Select(m =>
        {
            var period = day is { } d ? MeasurePeriod.Containing(d, m.Frequency) : LatestEnded(today, m.Frequency);
            var sent = values.GetValueOrDefault(m.Id, []).Where(v => v.Dimension == Dimension.Total && v.Period == period).Select(v => v.Org).ToHashSet(StringComparer.Ordinal);
            return new Completeness(m.Id, m.Title, MeasurePeriod.Format(period, m.Frequency), [.. trusts.Where(sent.Contains)], [.. trusts.Where(t => !sent.Contains(t))]);
        })];
    }

    /// <summary>The start of the latest period of <paramref name="frequency"/> that has ended by <paramref name="today"/>.</summary>
    public static DateOnly LatestEnded(DateOnly today, Frequency frequency)
    {
        var current = MeasurePeriod.Containing(today, frequency);
        return MeasurePeriod.Containing(current.AddDays(-1), frequency);
    }

    /// <summary>One measure's returns for one period: who has sent it and who has not.</summary>
    public sealed record Completeness(string Measure, string Title, string Period, IReadOnlyList<string> Sent, IReadOnlyList<string> Missing)
    {
        /// <summary>"3 of 5 trusts have sent 2025/26 Q2".</summary>
        public string Summary => $"{Sent.Count} of {Sent.Count + Missing.Count} trusts have sent {Period}";
    }
}
