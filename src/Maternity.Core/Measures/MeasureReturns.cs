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
        var hierarchy = OrgHierarchy.Read(database);
        var (cells, issues) = Check(access, set, hierarchy, lines);
        if (issues.Count == 0 && cells.Count == 0) issues.Add(new RowIssue(2, "Measure", null, "the return has no values"));
        if (issues.Count > 0) return new Result("", lines.Count, 0, 0, 0, issues);

        int added = 0, replaced = 0, unchanged = 0;
        var status = submit ? "submitted" : "draft";
        using var connection = database.Open();
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.MeasureLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        var now = Database.Now();
        var nextId = connection.ExecuteScalar<long>("SELECT coalesce(max(value_id), 0) FROM measure_value", transaction: tx);
        var refused = new List<RowIssue>();
        foreach (var (row, cell) in cells)
        {
            var current = connection.QueryFirstOrDefault<(long Id, double? Numerator, double? Denominator, string? Text, double? Spread, string By, DateTime At)?>(connection.Sql("""
                SELECT value_id, numerator, denominator, value_text, spread, entered_by, entered_at FROM measure_value
                WHERE lmns_code = $lmns AND measure_id = $measure AND org_code = $org AND period_start = $period AND dimension = $dimension
                  AND group_code = $group AND status = $status AND superseded_at IS NULL AND ($status = 'submitted' OR entered_by = $by)
                """), new { lmns = set.Lmns, measure = cell.Measure, org = cell.Org, period = cell.Period.ToDateTime(TimeOnly.MinValue), dimension = cell.Dimension, group = cell.Group, status, by = access.Name }, tx);
            if (current is { } c)
            {
                if (c.Numerator == cell.Numerator && c.Denominator == cell.Denominator && c.Text == cell.Text && c.Spread == cell.Spread) { unchanged++; continue; }
                if (submit && string.IsNullOrWhiteSpace(cell.Reason))
                {
                    refused.Add(new RowIssue(row, "Reason", null, $"a value was submitted for this cell by {c.By} on {c.At:yyyy-MM-dd}: give the reason for changing it"));
                    continue;
                }
                connection.Execute(connection.Sql("UPDATE measure_value SET superseded_at = $now WHERE value_id = $id"), new { now, id = c.Id }, tx);
                replaced++;
            }
            else added++;
            connection.Execute(connection.Sql("""
                INSERT INTO measure_value (value_id, lmns_code, measure_id, measure_version, org_code, period_start, dimension, group_code,
                  numerator, denominator, value_text, spread, status, reason, entered_by, entered_at, entered_how, as_at, superseded_at)
                VALUES ($id, $lmns, $measure, $version, $org, $period, $dimension, $group, $numerator, $denominator, $text, $spread,
                  $status, $reason, $by, $now, $how, $asAt, NULL)
                """), new
            {
                id = ++nextId, lmns = set.Lmns, measure = cell.Measure, version = cell.Version, org = cell.Org, period = cell.Period.ToDateTime(TimeOnly.MinValue),
                dimension = cell.Dimension, group = cell.Group, numerator = cell.Numerator, denominator = cell.Denominator, text = cell.Text, spread = cell.Spread,
                status, reason = cell.Reason, by = access.Name, now, how, asAt = (asAt ?? DateOnly.FromDateTime(now)).ToDateTime(TimeOnly.MinValue),
            }, tx);
        }
        if (refused.Count > 0) return new Result("", lines.Count, 0, 0, 0, refused);
        if (submit)
            // A submission ends the caller's drafts of the same cells.
            connection.Execute(connection.Sql("""
                UPDATE measure_value SET superseded_at = $now WHERE status = 'draft' AND superseded_at IS NULL AND entered_by = $by AND lmns_code = $lmns
                  AND EXISTS (SELECT 1 FROM measure_value s WHERE s.status = 'submitted' AND s.entered_at = $now AND s.lmns_code = measure_value.lmns_code
                    AND s.measure_id = measure_value.measure_id AND s.org_code = measure_value.org_code AND s.period_start = measure_value.period_start)
                """), new { now, by = access.Name, lmns = set.Lmns }, tx);
        AuditLog.Commit(database, connection, tx, access.Name, submit ? "return.submit" : "return.draft", set.Lmns,
            $"{string.Join(", ", cells.Select(c => c.Cell.Org).Distinct())}: {added} added, {replaced} replaced, {unchanged} unchanged ({how})");
        return new Result("", lines.Count, added, replaced, unchanged, []);
    }

    private static (List<(long Row, Cell Cell)> Cells, List<RowIssue> Issues) Check(Access access, MeasureStore.MeasureSet set, OrgHierarchy hierarchy, IReadOnlyList<(long Row, Line Line)> lines)
    {
        var cells = new List<(long, Cell)>();
        var issues = new List<RowIssue>();
        var seen = new HashSet<(string, string, DateOnly, string, string)>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var (row, l) in lines)
        {
            if (l.Measure.Length == 0 && l.Org.Length == 0 && l.Value.Length == 0 && l.Numerator.Length == 0) continue;
            var before = issues.Count;
            void Bad(string column, string? value, string reason) => issues.Add(new RowIssue(row, column, value, reason));
            var m = set.Find(l.Measure);
            if (m is null) { Bad("Measure", l.Measure, "not a measure of this LMNS (see 'maternity measures list')"); continue; }
            if (m.BuiltIn) { Bad("Measure", l.Measure, "a built-in indicator is computed from records, or sent with 'maternity returns import' as counts"); continue; }
            Supplier? supplier = null;
            try { supplier = SupplierOf(set, hierarchy, l.Org); }
            catch (InvalidDataException e) { Bad("Org", l.Org, e.Message); }
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
        return [.. Stored(database, """
            lmns_code = $lmns AND status = 'submitted' AND superseded_at IS NULL
              AND ($measure IS NULL OR measure_id = $measure) AND ($org IS NULL OR org_code = $org)
            ORDER BY measure_id, org_code, period_start, dimension, group_code
            """, new { lmns = set.Lmns, measure, org }).Select(v => Shown(access, set, v))];
    }

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
        return [.. connection.Query<(string, int, string, DateTime, string, string, double?, double?, string?, double?, string, string?, string, DateTime, string, DateTime)>(connection.Sql($"""
            SELECT measure_id, measure_version, org_code, period_start, dimension, group_code, numerator, denominator, value_text, spread,
                   status, reason, entered_by, entered_at, entered_how, as_at
            FROM measure_value WHERE {where}
            """), parameters)
            .Select(r => new StoredValue(r.Item1, r.Item2, r.Item3, DateOnly.FromDateTime(r.Item4), r.Item5, r.Item6, r.Item7, r.Item8, r.Item9, r.Item10,
                r.Item11, r.Item12, r.Item13, r.Item14, r.Item15, DateOnly.FromDateTime(r.Item16)))];
    }

    private static StoredValue Shown(Access access, MeasureStore.MeasureSet set, StoredValue v)
    {
        var m = set.Find(v.Measure);
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
        var trusts = OrgHierarchy.Read(database).OfType("Trust").Where(t => t.Parent == set.Lmns).Select(t => t.Code).Order(StringComparer.Ordinal).ToList();
        var values = Values(database, access, set).Where(v => v.Dimension == Dimension.Total).ToList();
        return [.. set.Measures.Where(m => !m.BuiltIn && m.Supplier == Supplier.TrustReturn).Select(m =>
        {
            var period = day is { } d ? MeasurePeriod.Containing(d, m.Frequency) : LatestEnded(today, m.Frequency);
            var sent = values.Where(v => v.Measure == m.Id && v.Period == period).Select(v => v.Org).ToHashSet(StringComparer.Ordinal);
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
