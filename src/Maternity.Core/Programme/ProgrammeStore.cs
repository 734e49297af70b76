using System.Data.Common;
using System.Text.Json;
using Dapper;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Programme;

/// <summary>
/// Keeps every register's sheets in <c>programme_entry</c>: every version of every row, stamped with who changed it and
/// when, never changed in place, so a register can be read as it stood on any date and every change shows its before and
/// after. An import makes the stored sheet equal the file, in one transaction, only when every cell, every reference to
/// another sheet and every linked plan action checks out; otherwise nothing changes. Writes are audited.
/// </summary>
public static class ProgrammeStore
{
    /// <summary>Advisory-lock key so writers of the registers take turns on PostgreSQL.</summary>
    private const long ProgrammeLock = 72_015;

    /// <summary>What an import or edit changed; when <see cref="Issues"/> is not empty, nothing was changed.</summary>
    public sealed record ImportResult(int Added, int Changed, int Removed, int Unchanged, IReadOnlyList<RowIssue> Issues)
    {
        /// <summary>The values of measures the posts count towards that were added or replaced (<see cref="PostMeasures"/>).</summary>
        public int MeasureValues { get; init; }
    }

    /// <summary>One version of one row and what it changed, field by field.</summary>
    public sealed record Change(string Sheet, string Id, int Version, DateTime At, string By, bool Deleted, IReadOnlyList<PlanStore.FieldChange> Fields);

    /// <summary>Every register's rows of one LMNS as they stand (or stood), by sheet key.</summary>
    public sealed record Registers(string Lmns, IReadOnlyDictionary<string, IReadOnlyList<ProgrammeEntry>> Sheets)
    {
        public IReadOnlyList<ProgrammeEntry> Rows(string sheetKey) => Sheets.TryGetValue(sheetKey, out var rows) ? rows : [];
    }

    /// <summary>Who may change the registers of <paramref name="lmns"/>: those who may change its plan.</summary>
    public static bool MayEdit(Access access, string lmns) => access.CanEditPlan(lmns);

    /// <summary>Reads a sheet's file and imports it (see <see cref="Import(Database, Access, string, ProgrammeFile.Content)"/>).</summary>
    public static ImportResult Import(Database database, Access access, string lmns, ProgrammeSheet sheet, string path) =>
        Import(database, access, lmns, ProgrammeFile.Read(path, sheet));

    /// <summary>
    /// Makes the stored sheet equal the file's rows: a new version of each row that differs, a deletion of each row the file
    /// no longer has, all in one transaction, after the references to other sheets and to plan actions are checked.
    /// </summary>
    public static ImportResult Import(Database database, Access access, string lmns, ProgrammeFile.Content content) =>
        Import(database, access, lmns, [content]);

    /// <summary>
    /// Imports several sheets of a register at once (the worksheets of one workbook), in the order given: a reference
    /// to a row of an earlier sheet of the same file counts as stored. Every sheet is checked before any is written, and
    /// all are written in one transaction, so a problem in any sheet changes nothing. The counts are over all sheets.
    /// </summary>
    public static ImportResult Import(Database database, Access access, string lmns, IReadOnlyList<ProgrammeFile.Content> contents)
    {
        access.Demand(MayEdit(access, lmns), $"change the programme registers of {lmns}");
        var pending = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var issues = new List<RowIssue>();
        foreach (var content in contents)
        {
            issues.AddRange(content.Issues);
            var links = CheckLinks(database, lmns, content.Sheet, content.Rows, pending);
            issues.AddRange(contents.Count == 1 ? links : links.Select(i => i with { Reason = $"sheet {content.Sheet.Name}: {i.Reason}" }));
            pending[content.Sheet.Key] = [.. content.Rows.Select(r => r.Id)];
        }
        if (issues.Count > 0) return new ImportResult(0, 0, 0, 0, issues);
        int added = 0, changed = 0, removed = 0, unchanged = 0;
        var counts = new List<string>();
        Write(database, (connection, tx, now) =>
        {
            foreach (var content in contents)
            {
                var sheet = content.Sheet;
                int a = added, c = changed, r = removed, u = unchanged;
                var current = Current(connection, tx, lmns, sheet.Key).ToDictionary(r => r.Id, StringComparer.Ordinal);
                var wanted = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (_, id, fields) in content.Rows)
                {
                    wanted.Add(id);
                    var body = JsonSerializer.Serialize(fields);
                    if (!current.TryGetValue(id, out var old) || old.Deleted) added++;
                    else if (old.Body == body) { unchanged++; continue; }
                    else changed++;
                    Insert(connection, tx, lmns, sheet.Key, id, (old.Version) + 1, now, access.Name, false, body);
                }
                foreach (var old in current.Values.Where(r => !r.Deleted && !wanted.Contains(r.Id)))
                {
                    removed++;
                    Insert(connection, tx, lmns, sheet.Key, old.Id, old.Version + 1, now, access.Name, true, old.Body);
                }
                counts.Add($"{sheet.Key}: added {added - a}, changed {changed - c}, removed {removed - r}, unchanged {unchanged - u}");
            }
        });
        foreach (var (content, count) in contents.Zip(counts))
            AuditLog.Append(database, access.Name, "programme.import", $"{lmns}/{content.Sheet.Key}", count[(content.Sheet.Key.Length + 2)..]);
        return new ImportResult(added, changed, removed, unchanged, [])
            { MeasureValues = contents.Any(c => c.Sheet.Key == PostsKey) ? SavePostMeasures(database, access, lmns) : 0 };
    }

    /// <summary>
    /// Changes fields of one row (or adds it), keeping the earlier version: the edit a page or command makes. Refused when
    /// the row is no longer at <paramref name="expectedVersion"/> (0 for a new row), so nobody overwrites a change unseen.
    /// </summary>
    public static ImportResult Edit(Database database, Access access, string lmns, ProgrammeSheet sheet, string id,
        IReadOnlyDictionary<string, string> changes, int expectedVersion)
    {
        access.Demand(MayEdit(access, lmns), $"change the programme registers of {lmns}");
        var issues = new List<RowIssue>();
        Dictionary<string, string> fields;
        int version;
        using (var connection = database.Open())
        {
            var row = connection.Query<(string Id, int Version, bool Deleted, string Body)>(connection.Sql("""
                SELECT entry_id, version, deleted, body FROM programme_entry
                WHERE lmns_code = $lmns AND sheet = $sheet AND entry_id = $id ORDER BY version DESC LIMIT 1
                """), new { lmns, sheet = sheet.Key, id }).FirstOrDefault();
            version = row.Id is null || row.Deleted ? 0 : row.Version;
            fields = version == 0 ? new(StringComparer.Ordinal) { ["Id"] = id } : JsonSerializer.Deserialize<Dictionary<string, string>>(row.Body)!;
        }
        if (expectedVersion == 0 && version != 0)
            return new ImportResult(0, 0, 0, 0, [new RowIssue(0, "Id", id, $"{sheet.Key} already has a row with id {id}: change that row, or choose another id")]);
        if (version != expectedVersion) throw Stale(sheet, id, version, expectedVersion);
        if (version == 0 && NewIdProblem(id) is { } bad) return new ImportResult(0, 0, 0, 0, [new RowIssue(0, "Id", id, bad)]);
        foreach (var (name, raw) in changes)
        {
            if (sheet.Column(name) is not { } column || column.Name == "Id") { issues.Add(new RowIssue(0, name, raw, $"{sheet.Key} has no column '{name}' to change")); continue; }
            if (raw.Trim().Length == 0) { fields.Remove(column.Name); continue; }
            if (ProgrammeFile.Canonical(column, raw.Trim(), out var value) is { } problem) issues.Add(new RowIssue(0, column.Name, raw, problem));
            else fields[column.Name] = value;
        }
        issues.AddRange(sheet.Columns.Where(c => c.Required && !fields.ContainsKey(c.Name)).Select(c => new RowIssue(0, c.Name, "", $"{c.Name} is required")));
        var rows = new List<(long, string, IReadOnlyDictionary<string, string>)> { (0, id, fields) };
        issues.AddRange(CheckLinks(database, lmns, sheet, rows));
        if (issues.Count > 0) return new ImportResult(0, 0, 0, 0, issues);
        var body = JsonSerializer.Serialize(fields);
        var saved = 0;
        Write(database, (connection, tx, now) =>
        {
            // Read again with the writers' lock held: an edit of the same row that landed since the read above (two
            // saves at the same instant) is refused here as a stale version, never as a clash of keys.
            var latest = connection.ExecuteScalar<int?>(connection.Sql("""
                SELECT max(version) FROM programme_entry WHERE lmns_code = $lmns AND sheet = $sheet AND entry_id = $id
                """), new { lmns, sheet = sheet.Key, id }, tx) ?? 0;
            if (latest != version && !(version == 0 && latest > 0 && Deleted(connection, tx, lmns, sheet.Key, id, latest)))
                throw Stale(sheet, id, latest, expectedVersion);
            saved = latest + 1;
            Insert(connection, tx, lmns, sheet.Key, id, saved, now, access.Name, false, body);
        });
        AuditLog.Append(database, access.Name, "programme.edit", $"{lmns}/{sheet.Key}/{id}", $"version {saved}");
        return new ImportResult(version == 0 ? 1 : 0, version == 0 ? 0 : 1, 0, 0, [])
            { MeasureValues = sheet.Key == PostsKey ? SavePostMeasures(database, access, lmns) : 0 };
    }

    private const string PostsKey = $"{ProgrammeRegisters.Posts}.posts";

    /// <summary>Why a new row's id cannot be used, or null: an id is what the row is known by in every file and link.</summary>
    private static string? NewIdProblem(string id) =>
        id.Trim().Length == 0 ? "Id is required"
        : id != id.Trim() ? "Id may not start or end with a space"
        : id.Length > 60 ? "Id is longer than 60 characters"
        : id.Any(c => char.IsControl(c) || c == ';') ? "Id may not hold a ';' or a control character"
        : null;

    /// <summary>
    /// Removes one row (a last version marked deleted, so its history stays), as an import that no longer has it does.
    /// Refused when the row is no longer at <paramref name="expectedVersion"/> (someone changed it since it was shown),
    /// and, with the reason as an issue, when a stored row of another sheet refers to it (an instalment's stream, a
    /// session's course): those are changed or removed first, so no reference is left dangling. Audited.
    /// </summary>
    public static ImportResult Remove(Database database, Access access, string lmns, ProgrammeSheet sheet, string id, int expectedVersion)
    {
        access.Demand(MayEdit(access, lmns), $"change the programme registers of {lmns}");
        var stored = Load(database, access, lmns);
        var row = stored.Rows(sheet.Key).FirstOrDefault(r => r.Id == id);
        if (row is null) return new ImportResult(0, 0, 0, 0, [new RowIssue(0, "Id", id, $"{sheet.Key} has no row with id {id}")]);
        if (row.Version != expectedVersion) throw Stale(sheet, id, row.Version, expectedVersion);
        var issues = ProgrammeRegisters.Sheets
            .SelectMany(other => other.Columns.Where(c => c.Kind == ProgrammeValueKind.Reference && c.Refers == sheet.Key)
                .Select(c => (other, c, named: stored.Rows(other.Key).Where(r => r.Text(c.Name) == id).Select(r => r.Id).ToList())))
            .Where(x => x.named.Count > 0)
            .Select(x => new RowIssue(0, "Id", id,
                $"{x.other.Key} {string.Join(", ", x.named)} {(x.named.Count == 1 ? "names" : "name")} {id} as its {x.c.Name}: change or remove {(x.named.Count == 1 ? "it" : "them")} first"))
            .ToList();
        if (issues.Count > 0) return new ImportResult(0, 0, 0, 0, issues);
        var saved = 0;
        Write(database, (connection, tx, now) =>
        {
            // Read again with the writers' lock held, as an edit does: a change that landed since is refused, not lost.
            var latest = connection.ExecuteScalar<int?>(connection.Sql("""
                SELECT max(version) FROM programme_entry WHERE lmns_code = $lmns AND sheet = $sheet AND entry_id = $id
                """), new { lmns, sheet = sheet.Key, id }, tx) ?? 0;
            if (latest != row.Version) throw Stale(sheet, id, latest, expectedVersion);
            saved = latest + 1;
            Insert(connection, tx, lmns, sheet.Key, id, saved, now, access.Name, true, JsonSerializer.Serialize(row.Fields));
        });
        AuditLog.Append(database, access.Name, "programme.remove", $"{lmns}/{sheet.Key}/{id}", $"version {row.Version} removed (version {saved} marks it deleted)");
        return new ImportResult(0, 0, 1, 0, []) { MeasureValues = sheet.Key == PostsKey ? SavePostMeasures(database, access, lmns) : 0 };
    }

    /// <summary>
    /// The posts as stored now give the values of the measures they count towards; the Measure column was checked with
    /// the rest of the sheet, so a refusal here is a bug or a change of the measures in between, and says so.
    /// </summary>
    private static int SavePostMeasures(Database database, Access access, string lmns)
    {
        if (PostMeasures.Save(database, access, lmns, DateOnly.FromDateTime(Database.Now())) is not { } result) return 0;
        if (!result.Imported)
            throw new InvalidDataException($"the posts were saved but the measures they count towards were not: row {result.Issues[0].Row}, " +
                $"{result.Issues[0].Column}: {result.Issues[0].Reason}");
        return result.Added + result.Replaced;
    }

    /// <summary>The refusal of an edit made to a version that is no longer the latest.</summary>
    private static PlanConflictException Stale(ProgrammeSheet sheet, string id, int now, int expected) =>
        new($"{sheet.Key} {id} has changed since you opened it: it is now version {now}, not the version {expected} you changed. " +
            "Nothing was saved: reload it and make your change again.") { CurrentVersion = now };

    private static bool Deleted(DbConnection connection, DbTransaction tx, string lmns, string sheet, string id, int version) =>
        connection.ExecuteScalar<bool>(connection.Sql("""
            SELECT deleted FROM programme_entry WHERE lmns_code = $lmns AND sheet = $sheet AND entry_id = $id AND version = $version
            """), new { lmns, sheet, id, version }, tx);

    /// <summary>Every register of the LMNS as it stands, or as it stood at the end of <paramref name="asAt"/>.</summary>
    public static Registers Load(Database database, Access access, string lmns, DateOnly? asAt = null)
    {
        access.Demand(access.Role != Role.Public, "see the programme registers");
        var until = asAt is { } d ? d.AddDays(1).ToDateTime(TimeOnly.MinValue) : DateTime.MaxValue.Date;
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<(string Sheet, string Id, int Version, DateTime At, string By, string Body)>(connection.Sql("""
            SELECT sheet, entry_id, version, changed_at, changed_by, body FROM (
              SELECT sheet, entry_id, version, changed_at, changed_by, deleted, body,
                     row_number() OVER (PARTITION BY sheet, entry_id ORDER BY version DESC) AS newest
              FROM programme_entry WHERE lmns_code = $lmns AND changed_at < $until) v
            WHERE newest = 1 AND NOT deleted
            """), new { lmns, until });
        var sheets = rows
            .Select(r => new ProgrammeEntry(r.Sheet, r.Id, r.Version, r.At, r.By, JsonSerializer.Deserialize<Dictionary<string, string>>(r.Body)!))
            .GroupBy(e => e.Sheet)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ProgrammeEntry>)[.. g.OrderBy(e => e.Id, StringComparer.Ordinal)]);
        return new Registers(lmns, sheets);
    }

    /// <summary>
    /// The rows as <paramref name="access"/> may see them: counts of staff (the whole-number columns, Attended and InPost)
    /// of a trust whose exact counts the caller may not see pass <see cref="Access.Policy"/>, as every count leaving the
    /// record-level roles does. Everything else in the registers is programme information, not counts of people.
    /// </summary>
    public static IReadOnlyList<ProgrammeEntry> AsShown(IReadOnlyList<ProgrammeEntry> rows, ProgrammeSheet sheet, Access access, string lmns)
    {
        var counts = sheet.Columns.Where(c => c.Kind == ProgrammeValueKind.Whole).Select(c => c.Name).ToList();
        if (counts.Count == 0) return rows;
        return [.. rows.Select(e => access.SeesRecordsOf(e.Text("Trust") ?? lmns) ? e : e with
        {
            Fields = e.Fields.ToDictionary(f => f.Key, f => counts.Contains(f.Key) && long.TryParse(f.Value, out var n)
                ? Access.Policy.Apply(n)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" : f.Value),
        })];
    }

    /// <summary>Every change to a sheet (or to one row of it), oldest first, field by field.</summary>
    public static IReadOnlyList<Change> History(Database database, Access access, string lmns, ProgrammeSheet sheet, string? id = null)
    {
        access.Demand(access.Role != Role.Public, "see the programme registers' history");
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<(string Id, int Version, DateTime At, string By, bool Deleted, string Body, string? Before)>(connection.Sql("""
            SELECT e.entry_id, e.version, e.changed_at, e.changed_by, e.deleted, e.body, p.body
            FROM programme_entry e
            LEFT JOIN programme_entry p ON p.lmns_code = e.lmns_code AND p.sheet = e.sheet AND p.entry_id = e.entry_id
              AND p.version = e.version - 1 AND NOT p.deleted
            WHERE e.lmns_code = $lmns AND e.sheet = $sheet AND ($id IS NULL OR e.entry_id = $id)
            ORDER BY e.changed_at, e.entry_id, e.version
            """), new { lmns, sheet = sheet.Key, id });
        return [.. rows.Select(r => new Change(sheet.Key, r.Id, r.Version, r.At, r.By, r.Deleted, r.Deleted ? [] : Diff(r.Before, r.Body)))];
    }

    private static List<PlanStore.FieldChange> Diff(string? before, string after)
    {
        var a = before is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(before)!;
        var b = JsonSerializer.Deserialize<Dictionary<string, string>>(after)!;
        return [.. a.Keys.Union(b.Keys)
            .Select(k => new PlanStore.FieldChange(k, a.GetValueOrDefault(k), b.GetValueOrDefault(k)))
            .Where(c => c.Before != c.After)];
    }

    /// <summary>References to rows of other sheets that are not stored, and plan actions the LMNS's plan does not have.</summary>
    private static List<RowIssue> CheckLinks(Database database, string lmns, ProgrammeSheet sheet,
        IReadOnlyList<(long Row, string Id, IReadOnlyDictionary<string, string> Fields)> rows,
        IReadOnlyDictionary<string, HashSet<string>>? pending = null)
    {
        var issues = new List<RowIssue>();
        using var connection = database.Open();
        var known = new Dictionary<string, HashSet<string>>();
        HashSet<string> Ids(string key) => known.TryGetValue(key, out var ids) ? ids : known[key] = [.. connection.Query<string>(connection.Sql("""
            SELECT entry_id FROM (
              SELECT entry_id, deleted, row_number() OVER (PARTITION BY entry_id ORDER BY version DESC) AS newest
              FROM programme_entry WHERE lmns_code = $lmns AND sheet = $key) v
            WHERE newest = 1 AND NOT deleted
            """), new { lmns, key })];
        if (sheet.Key == PostsKey) issues.AddRange(PostMeasures.Check(database, lmns, rows));
        HashSet<string>? actions = null;
        foreach (var (row, _, fields) in rows)
            foreach (var column in sheet.Columns)
            {
                if (!fields.TryGetValue(column.Name, out var value)) continue;
                // A sheet of the same file being loaded stands in for the stored one it replaces.
                if (column is { Kind: ProgrammeValueKind.Reference, Refers: { } refers }
                    && !(pending?.GetValueOrDefault(refers) ?? Ids(refers)).Contains(value))
                    issues.Add(new RowIssue(row, column.Name, value, $"no {refers} row has id {value}: import {refers} first"));
                if (column.Kind != ProgrammeValueKind.Actions) continue;
                actions ??= [.. connection.Query<string>(connection.Sql("""
                    SELECT entity_id FROM (
                      SELECT entity_id, deleted, row_number() OVER (PARTITION BY entity_id ORDER BY version DESC) AS newest
                      FROM plan_entity WHERE lmns_code = $lmns AND plan_name = $plan AND kind = 'action') v
                    WHERE newest = 1 AND NOT deleted
                    """), new { lmns, plan = PlanStore.MainPlan })];
                foreach (var action in value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(a => !actions.Contains(a)))
                    issues.Add(new RowIssue(row, column.Name, action, $"action {action} is not in the action plan of {lmns}"));
            }
        return issues;
    }

    private static IEnumerable<(string Id, int Version, bool Deleted, string Body)> Current(DbConnection connection, DbTransaction tx, string lmns, string sheet) =>
        connection.Query<(string, int, bool, string)>(connection.Sql("""
            SELECT entry_id, version, deleted, body FROM (
              SELECT entry_id, version, deleted, body, row_number() OVER (PARTITION BY entry_id ORDER BY version DESC) AS newest
              FROM programme_entry WHERE lmns_code = $lmns AND sheet = $sheet) v
            WHERE newest = 1
            """), new { lmns, sheet }, tx);

    private static void Insert(DbConnection connection, DbTransaction tx, string lmns, string sheet, string id, int version, DateTime now, string by,
        bool deleted, string body) =>
        connection.Execute(connection.Sql("""
            INSERT INTO programme_entry (lmns_code, sheet, entry_id, version, changed_at, changed_by, deleted, body)
            VALUES ($lmns, $sheet, $id, $version, $now, $by, $deleted, $body)
            """), new { lmns, sheet, id, version, now, by, deleted, body }, tx);

    /// <summary>Runs a write in one transaction, writers taking turns, so nothing is half-stored.</summary>
    internal static void Write(Database database, Action<DbConnection, DbTransaction, DateTime> write)
    {
        using var connection = database.Open();
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(ProgrammeLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        write(connection, tx, Database.Now());
        tx.Commit();
    }
}
