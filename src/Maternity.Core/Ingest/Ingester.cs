using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Maternity.Storage;
using Sylvan.Data.Csv;

namespace Maternity.Ingest;

/// <summary>
/// Loads one MSDS-shaped CSV file. On DuckDB, DuckDB reads the file and its rows are checked set-wise in SQL
/// generated from the column specs (<see cref="EngineChecks"/>); otherwise (PostgreSQL, local date formats, a file
/// DuckDB's reader refuses) the file is streamed: each row is read, mapped, typed and checked in turn. Either way good
/// rows go into a staging table and rejected rows into a staging quarantine, with the same reasons. Duplicates and references to parent tables are then checked in SQL, and every
/// (provider, reporting period) submission the file holds replaces the stored one, all in one transaction:
/// a failure or a killed process leaves the previous state as it was.
/// </summary>
public static class Ingester
{
    private const int IssuesKept = 100;

    public static IngestReport Ingest(Database database, string path, ExtractMapping? mapping = null,
        IProgress<IngestProgress>? progress = null, Security.Access? access = null, CancellationToken cancellation = default) =>
        Ingest(database, path, mapping, progress, access, rowByRow: false, cancellation);

    /// <summary>As the public overload; <paramref name="rowByRow"/> reads every row in C# even on DuckDB (to compare the two ways).</summary>
    internal static IngestReport Ingest(Database database, string path, ExtractMapping? mapping,
        IProgress<IngestProgress>? progress, Security.Access? access, bool rowByRow, CancellationToken cancellation)
    {
        // Whoever loads records may load only those of organisations whose records they may see (the command line: all).
        access ??= Security.Access.System("command line");
        mapping ??= ExtractMapping.Identity;
        var table = (mapping.Table is null ? MsdsSchema.ForFile(path) : MsdsSchema.Find(mapping.Table))
            ?? throw new InvalidDataException($"{path}: cannot tell which MSDS table this file holds; name it after the table (e.g. MSD001MotherDemog.csv) or give a mapping file with \"table\".");
        var file = Path.GetFileName(path);
        var clock = Stopwatch.StartNew();
        var started = Database.Now();

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var text = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvText.Open(text, file);
        var (sourceToTarget, ignored) = MapHeader(csv, table, mapping, file);
        var dateFormats = mapping.DateFormats is { Count: > 0 } f ? ["yyyy-MM-dd", .. f] : new[] { "yyyy-MM-dd" };
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        using var connection = database.Open();
        // On DuckDB, DuckDB reads the file itself into a temporary table before the load's transaction (a file its reader
        // refuses is read row by row instead, which names the row and column); it goes with the connection.
        var engineRows = EngineChecks.Suits(database.Dialect, mapping) && !rowByRow ? EngineChecks.Read(connection, path, csv.FieldCount) : null;

        // The file's rows are checked into the staging tables before the load's transaction: on DuckDB a table filled
        // inside a transaction is held in that transaction's own storage, which DuckDB reads back at a fraction of the
        // speed of a committed temporary table. The staging tables are the connection's own; nothing stored changes
        // until the transaction below. Their quarantine rows take the run's number when they are stored.
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        connection.Execute($"""
            DROP TABLE IF EXISTS stage_rows; DROP TABLE IF EXISTS stage_quarantine; DROP TABLE IF EXISTS stage_keys;
            {(engineRows is null ? $"CREATE TEMP TABLE stage_rows AS SELECT CAST(0 AS BIGINT) AS stage_row, {columns} FROM {table.Name} WHERE 1 = 0;" : "")}
            CREATE TEMP TABLE stage_quarantine AS SELECT * FROM quarantine WHERE 1 = 0;
            CREATE TEMP TABLE stage_keys (org_code VARCHAR NOT NULL, rp_start_date DATE NOT NULL);
            """);

        var issues = new List<RowIssue>();
        var warnings = new Dictionary<string, long>();
        var submissions = new HashSet<(string Org, DateOnly Period)>();
        long rowsRead;
        if (engineRows is { } read)
        {
            // DuckDB has read the file; its rows are checked set-wise, from the same column specs.
            rowsRead = read.Rows;
            progress?.Report(new IngestProgress(file, stream.Length, stream.Length, rowsRead));
            cancellation.ThrowIfCancellationRequested();
            var found = EngineChecks.Check(connection, read, table, sourceToTarget, mapping, access, today, file, IssuesKept);
            issues.AddRange(found.Issues);
            foreach (var (column, count) in found.Warnings) warnings[column] = count;
            submissions.UnionWith(found.Submissions);
        }
        else
        {
            rowsRead = ReadRows(connection, table, csv, stream, file, sourceToTarget, mapping, dateFormats, today, access,
                issues, warnings, submissions, progress, cancellation);
        }
        cancellation.ThrowIfCancellationRequested();

        using var tx = connection.BeginTransaction();
        // On a server, loads take turns (readers carry on, seeing the previous state until commit).
        if (database.Dialect.SerialiseWriters(SqlDialect.IngestLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        var runId = connection.ExecuteScalar<long>("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_run", transaction: tx);
        if (database.Dialect.Analyze("stage_rows") is { } analyze) connection.Execute(analyze, transaction: tx);

        issues.AddRange(RejectDuplicates(connection, tx, table, runId, file).Take(Math.Max(0, IssuesKept - issues.Count)));
        issues.AddRange(RejectOrphans(connection, tx, table, runId, file).Take(Math.Max(0, IssuesKept - issues.Count)));

        // Replace every submission the file holds: old rows and old quarantine out, new ones in.
        connection.Execute($"""
            DELETE FROM {table.Name} WHERE EXISTS (SELECT 1 FROM stage_keys k WHERE k.org_code = {table.Name}.OrgCodeProvider AND k.rp_start_date = {table.Name}.RPStartDate);
            DELETE FROM quarantine WHERE table_name = '{table.Name}' AND EXISTS (SELECT 1 FROM stage_keys k WHERE k.org_code = quarantine.org_code AND k.rp_start_date = quarantine.rp_start_date);
            DELETE FROM submission WHERE table_name = '{table.Name}' AND EXISTS (SELECT 1 FROM stage_keys k WHERE k.org_code = submission.org_code AND k.rp_start_date = submission.rp_start_date);
            INSERT INTO {table.Name} ({columns}) SELECT {columns} FROM stage_rows;
            INSERT INTO quarantine (run_id, table_name, file_name, row_number, column_name, value, reason, org_code, rp_start_date)
            SELECT {runId}, table_name, file_name, row_number, column_name, value, reason, org_code, rp_start_date FROM stage_quarantine;
            """, transaction: tx);
        connection.Execute(connection.Sql("""
            INSERT INTO submission (table_name, org_code, rp_start_date, run_id, rows_loaded, rows_quarantined, loaded_at)
            SELECT $table, k.org_code, k.rp_start_date, $runId, COALESCE(l.n, 0), COALESCE(q.n, 0), $now
            FROM stage_keys k
            LEFT JOIN (SELECT OrgCodeProvider, RPStartDate, count(*) AS n FROM stage_rows GROUP BY OrgCodeProvider, RPStartDate) l
              ON l.OrgCodeProvider = k.org_code AND l.RPStartDate = k.rp_start_date
            LEFT JOIN (SELECT org_code, rp_start_date, count(DISTINCT row_number) AS n FROM stage_quarantine GROUP BY org_code, rp_start_date) q
              ON q.org_code = k.org_code AND q.rp_start_date = k.rp_start_date
            """), new { table = table.Name, runId, now = Database.Now() }, tx);

        var loaded = connection.ExecuteScalar<long>("SELECT count(*) FROM stage_rows", transaction: tx);
        var quarantined = connection.ExecuteScalar<long>("SELECT count(DISTINCT row_number) FROM stage_quarantine", transaction: tx);
        if (loaded + quarantined != rowsRead)
            throw new InvalidOperationException($"{file}: {rowsRead} rows read but {loaded} loaded and {quarantined} quarantined; nothing was changed.");
        connection.Execute(connection.Sql("""
            INSERT INTO ingest_run (run_id, table_name, file_name, started_at, finished_at, rows_read, rows_loaded, rows_quarantined)
            VALUES ($runId, $table, $file, $started, $finished, $rowsRead, $loaded, $quarantined)
            """), new { runId, table = table.Name, file, started, finished = Database.Now(), rowsRead, loaded, quarantined }, tx);
        connection.Execute("DROP TABLE stage_rows; DROP TABLE stage_quarantine; DROP TABLE stage_keys;", transaction: tx);
        // The replacement, its bookkeeping and its audit entry commit together.
        Security.AuditLog.Commit(database, connection, tx, access.Name, "ingest", file,
            $"{table.Name} run {runId}: {rowsRead} read, {loaded} loaded, {quarantined} quarantined; {string.Join(", ", submissions.Select(s => $"{s.Org} {s.Period:yyyy-MM}").Distinct().Order(StringComparer.Ordinal))}");

        return new IngestReport(file, table.Name, runId, rowsRead, loaded, quarantined, issues,
            warnings, ignored, [.. submissions.OrderBy(s => s.Org).ThenBy(s => s.Period)], clock.Elapsed);
    }

    /// <summary>
    /// The row-by-row reader (PostgreSQL, dates in local forms, files DuckDB's reader refuses): each row is read, mapped,
    /// typed and checked in turn; good rows go through the engine's bulk path into <c>stage_rows</c>, rejected rows
    /// into <c>stage_quarantine</c>, the submissions into <c>stage_keys</c>. Returns the rows read.
    /// </summary>
    private static long ReadRows(DbConnection connection, MsdsTable table, CsvDataReader csv, FileStream stream, string file,
        int[] sourceToTarget, ExtractMapping mapping, string[] dateFormats, DateOnly today, Security.Access access,
        List<RowIssue> issues, Dictionary<string, long> warnings, HashSet<(string Org, DateOnly Period)> submissions,
        IProgress<IngestProgress>? progress, CancellationToken cancellation)
    {
        long rowsRead = 0;
        // Rejected rows are spooled to a temporary file while the good rows stream in (one bulk stream per connection),
        // then loaded into the staging quarantine: memory stays flat however many rows are bad.
        var spoolPath = Path.GetTempFileName();
        try
        {
        using (var spool = new StreamWriter(spoolPath))
        using (var good = new BulkWriter(connection, "stage_rows"))
        {
            var raw = new string?[table.Columns.Count];
            var values = new object?[table.Columns.Count + 1];
            var rowIssues = new List<RowIssue>(4);
            var orgIndex = table.IndexOf("OrgCodeProvider");
            var periodIndex = table.IndexOf("RPStartDate");
            while (CsvText.Read(csv, file, rowsRead + 2))
            {
                cancellation.ThrowIfCancellationRequested();
                rowsRead++;
                var row = rowsRead + 1;
                Array.Clear(raw);
                rowIssues.Clear();
                if (CsvText.Ragged(csv, row) is { } ragged) rowIssues.Add(ragged);
                for (var i = 0; i < sourceToTarget.Length; i++)
                {
                    var target = sourceToTarget[i];
                    if (target < 0 || i >= csv.RowFieldCount) continue;
                    var value = csv.GetString(i).Trim();
                    if (value.Contains(CsvText.Undecodable)) rowIssues.Add(new RowIssue(row, table.Columns[target].Name, value, CsvText.NotUtf8));
                    raw[target] = value.Length == 0 ? null : mapping.Recode(table.Columns[target].Name, value);
                }
                values[0] = row;
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    values[c + 1] = Parse(table.Columns[c], raw[c], dateFormats, row, rowIssues, warnings);
                }
                CheckDateOrder(table, values, row, rowIssues);
                CheckPlausible(table, values, today, row, rowIssues);
                var org = values[orgIndex + 1] as string;
                if (org is not null && !access.SeesRecordsOf(org))
                {
                    rowIssues.Add(new RowIssue(row, "OrgCodeProvider", org, RowRules.MayNotLoad(access.Name, org)));
                    org = null;
                }
                var period = values[periodIndex + 1] as DateOnly?;
                if (period is { Day: not 1 } p)
                {
                    rowIssues.Add(new RowIssue(row, "RPStartDate", Text(p), RowRules.PeriodNotFirstOfMonth));
                    period = null;
                }
                if (org is not null && period is not null) submissions.Add((org, period.Value));
                if (rowIssues.Count == 0)
                {
                    good.Write(values);
                }
                else
                {
                    foreach (var issue in rowIssues)
                    {
                        spool.WriteLine(JsonSerializer.Serialize(new SpooledIssue(issue.Row, issue.Column, issue.Value, issue.Reason, org, period)));
                        if (issues.Count < IssuesKept) issues.Add(issue);
                    }
                }
                if ((rowsRead & 0x3FFF) == 0) progress?.Report(new IngestProgress(file, stream.Position, stream.Length, rowsRead));
            }
        }
        using (var bad = new BulkWriter(connection, "stage_quarantine"))
        {
            foreach (var line in File.ReadLines(spoolPath))
            {
                var i = JsonSerializer.Deserialize<SpooledIssue>(line)!;
                bad.Write([0L, table.Name, file, i.Row, i.Column, i.Value, i.Reason, i.Org, i.Period]);
            }
        }
        }
        finally
        {
            File.Delete(spoolPath);
        }
        progress?.Report(new IngestProgress(file, stream.Length, stream.Length, rowsRead));

        foreach (var (org, period) in submissions)
            connection.Execute(connection.Sql("INSERT INTO stage_keys VALUES ($org, $period)"), new { org, period });
        return rowsRead;
    }

    /// <summary>
    /// Loads several files in table order (parents before children), each in its own transaction. Every file's table
    /// and header are checked before any is loaded, so a file that cannot be loaded at all stops the load with nothing
    /// loaded; a file that fails while loading (a broken CSV) stops it with the files loaded before it kept and named
    /// (an <see cref="InvalidDataException"/> whose inner exception is the failing file's).
    /// </summary>
    public static IReadOnlyList<IngestReport> IngestAll(Database database, IEnumerable<string> paths, ExtractMapping? mapping = null,
        IProgress<IngestProgress>? progress = null, Security.Access? access = null, CancellationToken cancellation = default)
    {
        mapping ??= ExtractMapping.Identity;
        var ordered = paths
            .Select(p => (Path: p, Order: MsdsSchema.Tables.ToList().FindIndex(t => t == MsdsSchema.ForFile(p))))
            .OrderBy(p => p.Order < 0 ? int.MaxValue : p.Order).ThenBy(p => p.Path, StringComparer.Ordinal)
            .Select(p => p.Path).ToList();
        foreach (var path in ordered) CheckHeader(path, mapping);
        var reports = new List<IngestReport>();
        foreach (var path in ordered)
        {
            try
            {
                reports.Add(Ingest(database, path, mapping, progress, access, cancellation));
            }
            catch (InvalidDataException e) when (reports.Count > 0)
            {
                throw new InvalidDataException($"{e.Message} The files loaded before it were kept: " +
                    $"{string.Join(", ", reports.Select(r => $"{r.File} (run {r.RunId})"))}; the files after it were not loaded.", e);
            }
        }
        return reports;
    }

    /// <summary>
    /// The files of <paramref name="directory"/> whose names say which MSDS table they hold (in any case, as the data
    /// model allows: MSD001MotherDemog.csv, msd001motherdemog.csv, MSD001.csv), and the CSV files skipped because they do not.
    /// </summary>
    public static (IReadOnlyList<string> Files, IReadOnlyList<string> Skipped) FilesIn(string directory)
    {
        var csv = Directory.EnumerateFiles(directory, "*.csv", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive })
            .Order(StringComparer.Ordinal).ToList();
        return ([.. csv.Where(f => MsdsSchema.ForFile(f) is not null)], [.. csv.Where(f => MsdsSchema.ForFile(f) is null).Select(f => Path.GetFileName(f))]);
    }

    /// <summary>Refuses a file whose table cannot be told or whose header lacks a required column, reading only its header.</summary>
    private static void CheckHeader(string path, ExtractMapping mapping)
    {
        var table = (mapping.Table is null ? MsdsSchema.ForFile(path) : MsdsSchema.Find(mapping.Table))
            ?? throw new InvalidDataException($"{Path.GetFileName(path)}: cannot tell which MSDS table this file holds; name it after the table (e.g. MSD001MotherDemog.csv) or give a mapping file with \"table\"; nothing was loaded.");
        using var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvText.Open(text, Path.GetFileName(path));
        MapHeader(csv, table, mapping, Path.GetFileName(path));
    }

    private sealed record SpooledIssue(long Row, string Column, string? Value, string Reason, string? Org, DateOnly? Period);

    private static (int[] SourceToTarget, List<string> Ignored) MapHeader(CsvDataReader csv, MsdsTable table, ExtractMapping mapping, string file)
    {
        var map = new int[csv.FieldCount];
        var ignored = new List<string>();
        var seen = new Dictionary<int, string>();
        for (var i = 0; i < csv.FieldCount; i++)
        {
            var header = csv.GetName(i);
            map[i] = table.IndexOf(mapping.TargetOf(header));
            if (map[i] < 0) { ignored.Add(header); continue; }
            if (!seen.TryAdd(map[i], header))
                throw new InvalidDataException($"{file} row 1: columns '{seen[map[i]]}' and '{header}' both feed {table.Columns[map[i]].Name}.");
        }
        var missing = table.Columns.Where((c, i) => c.Required && !seen.ContainsKey(i)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{file} row 1: required column(s) {string.Join(", ", missing)} missing from the header of a {table.Name} file; nothing was loaded.");
        return (map, ignored);
    }

    private static object? Parse(ColumnSpec column, string? value, string[] dateFormats, long row, List<RowIssue> issues, Dictionary<string, long> warnings)
    {
        if (value is null)
        {
            if (column.Required) issues.Add(new RowIssue(row, column.Name, null, RowRules.Required));
            return null;
        }
        switch (column.Kind)
        {
            case ColumnKind.Date:
                if (DateOnly.TryParseExact(value, dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
                issues.Add(new RowIssue(row, column.Name, value, RowRules.NotADate(dateFormats)));
                return null;
            case ColumnKind.WholeNumber:
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    issues.Add(new RowIssue(row, column.Name, value, RowRules.NotAWholeNumber));
                    return null;
                }
                if (number < column.Min || number > column.Max)
                {
                    issues.Add(new RowIssue(row, column.Name, value, RowRules.OutOfRange(column)));
                    return null;
                }
                return number;
            case ColumnKind.Number:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) || !double.IsFinite(real))
                {
                    issues.Add(new RowIssue(row, column.Name, value, RowRules.NotANumber));
                    return null;
                }
                if (real < column.Min || real > column.Max)
                {
                    issues.Add(new RowIssue(row, column.Name, value, RowRules.OutOfRange(column)));
                    return null;
                }
                return real;
            case ColumnKind.Code when !column.Codes!.Contains(value):
            case ColumnKind.Text when column.Pattern is not null && !column.Pattern.IsMatch(value):
                if (column.KeepInvalid)
                {
                    warnings[column.Name] = warnings.GetValueOrDefault(column.Name) + 1;
                    return value;
                }
                issues.Add(new RowIssue(row, column.Name, value, RowRules.NotValid(column)));
                return null;
            default:
                return value;
        }
    }

    private static void CheckDateOrder(MsdsTable table, object?[] values, long row, List<RowIssue> issues)
    {
        foreach (var (earlier, later) in table.DateOrder)
        {
            if (values[table.IndexOf(earlier) + 1] is DateOnly a && values[table.IndexOf(later) + 1] is DateOnly b && b < a)
                issues.Add(new RowIssue(row, later, Text(b), RowRules.IsBefore(earlier, Text(a))));
        }
    }

    private static readonly DateOnly Earliest = RowRules.Earliest;

    /// <summary>How long after its reporting period a record's dates may run (a neonatal death after a birth at the month's end).</summary>
    public const int MonthsAfterPeriod = 3;

    /// <summary>
    /// Dates that cannot be right, each an issue on its column: a reporting period after the current month; any date
    /// before 1900; an event after today, or more than <see cref="MonthsAfterPeriod"/> months after its reporting period
    /// ends; an agreed due date more than a year from its reporting period.
    /// </summary>
    private static void CheckPlausible(MsdsTable table, object?[] values, DateOnly today, long row, List<RowIssue> issues)
    {
        var periodIndex = table.IndexOf("RPStartDate") + 1;
        var period = values[periodIndex] as DateOnly?;
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        if (period is { } p && (p > thisMonth || p < Earliest))
        {
            issues.Add(new RowIssue(row, "RPStartDate", Text(p), p > thisMonth
                ? RowRules.PeriodAfterCurrentMonth(thisMonth) : RowRules.BeforeEarliest));
            // Not a submission: the row is quarantined without replacing anything stored for that month.
            values[periodIndex] = null;
            period = null;
        }
        var periodEnd = period?.AddMonths(1).AddDays(-1);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (values[c + 1] is not DateOnly date || table.Columns[c].Name == "RPStartDate") continue;
            var name = table.Columns[c].Name;
            string? problem = null;
            if (date < Earliest) problem = RowRules.BeforeEarliest;
            else if (name == "EDDAgreed")
            {
                if (period is { } start && (date < start.AddYears(-1) || date > periodEnd!.Value.AddYears(1)))
                    problem = RowRules.MoreThanAYearFromPeriod(RowRules.Month(start));
            }
            else if (date > today) problem = RowRules.AfterToday(today);
            else if (periodEnd is { } end && date > end.AddMonths(MonthsAfterPeriod))
                problem = RowRules.MonthsAfterPeriod(RowRules.Month(period!.Value));
            if (problem is not null)
            {
                issues.Add(new RowIssue(row, name, Text(date), problem));
                values[c + 1] = null;
            }
        }
    }

    private static string Text(DateOnly date) => RowRules.Day(date);

    /// <summary>A second row with the same key as an earlier row of the file is rejected, naming the row it repeats.</summary>
    private static List<RowIssue> RejectDuplicates(DbConnection connection, DbTransaction tx, MsdsTable table, long runId, string file)
    {
        if (table.Key.Count == 0) return [];
        var key = string.Join(", ", table.Key);
        var described = string.Join(" || '/' || ", table.Key.Select(k => $"CAST({k} AS VARCHAR)"));
        var rejected = connection.Query<(long Row, long First, string Key)>($"""
            SELECT stage_row, first_row, key_text FROM (
              SELECT stage_row, min(stage_row) OVER (PARTITION BY {key}) AS first_row, {described} AS key_text FROM stage_rows) d
            WHERE stage_row <> first_row ORDER BY stage_row
            """, transaction: tx).ToList();
        return MoveToQuarantine(connection, tx, table, runId, file,
            rejected.Select(r => new RowIssue(r.Row, table.Key[^1], r.Key, $"duplicate of row {r.First} (same {string.Join(", ", table.Key)})")));
    }

    /// <summary>A row whose parent (a mother, pregnancy or delivery) is not loaded is rejected, naming the parent table.</summary>
    private static List<RowIssue> RejectOrphans(DbConnection connection, DbTransaction tx, MsdsTable table, long runId, string file)
    {
        var all = new List<RowIssue>();
        foreach (var reference in table.References)
        {
            var orphans = connection.Query<(long Row, string Value)>($"""
                SELECT s.stage_row, s.{reference.Column} FROM stage_rows s
                WHERE NOT EXISTS (SELECT 1 FROM {reference.ParentTable} p
                                  WHERE p.OrgCodeProvider = s.OrgCodeProvider AND p.{reference.ParentColumn} = s.{reference.Column})
                ORDER BY s.stage_row
                """, transaction: tx).ToList();
            all.AddRange(MoveToQuarantine(connection, tx, table, runId, file,
                orphans.Select(o => new RowIssue(o.Row, reference.Column, o.Value, $"no {reference.ParentTable} row with this {reference.ParentColumn} is loaded for the provider"))));
        }
        return all;
    }

    private static List<RowIssue> MoveToQuarantine(DbConnection connection, DbTransaction tx, MsdsTable table, long runId, string file, IEnumerable<RowIssue> issues)
    {
        var list = issues.ToList();
        if (list.Count == 0) return list;
        connection.Execute("CREATE TEMP TABLE stage_reject (stage_row BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR)", transaction: tx);
        using (var writer = new BulkWriter(connection, "stage_reject"))
        {
            foreach (var issue in list) writer.Write([issue.Row, issue.Column, issue.Value, issue.Reason]);
        }
        connection.Execute(connection.Sql("""
            INSERT INTO stage_quarantine (run_id, table_name, file_name, row_number, column_name, value, reason, org_code, rp_start_date)
            SELECT $runId, $table, $file, r.stage_row, r.column_name, r.value, r.reason, s.OrgCodeProvider, s.RPStartDate
            FROM stage_reject r JOIN stage_rows s ON s.stage_row = r.stage_row;
            DELETE FROM stage_rows WHERE stage_row IN (SELECT stage_row FROM stage_reject);
            DROP TABLE stage_reject;
            """), new { runId, table = table.Name, file }, tx);
        return list;
    }
}
