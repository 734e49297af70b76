using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using DuckDB.NET.Data;

namespace Maternity.Ingest;

/// <summary>
/// The DuckDB way into the staging tables: DuckDB reads the CSV itself (<c>read_csv</c>, every column as text, the
/// header already checked by <see cref="Ingester"/>), and the rules of the table's <see cref="ColumnSpec"/>s run as one
/// set-wise SQL statement generated from those same specs: types with TRY_CAST behind the exact text form the row-by-row
/// reader accepts, code lists, patterns, required items, the order of dates, plausible dates, who may load which
/// provider, the first day of the reporting period. Every reason comes from <see cref="RowRules"/>, in the order the
/// row-by-row reader gives them, numbered with the file's row; what DuckDB's reader refuses (a ragged row, text that is
/// not UTF-8, a quote left open, another delimiter) is read again row by row, which names the row and column.
/// </summary>
internal static class EngineChecks
{
    /// <summary>The temporary table DuckDB reads the file into: <c>c0</c>, <c>c1</c>, ... as the file's columns, all text.</summary>
    public const string TextTable = "stage_text";

    private static readonly System.Buffers.SearchValues<char> Wildcards = System.Buffers.SearchValues.Create("*?[]{}");

    /// <summary>Whether this load can go through DuckDB's reader: DuckDB, and dates in the ISO form only.</summary>
    public static bool Suits(Storage.SqlDialect dialect, ExtractMapping mapping) =>
        !dialect.IsPostgreSql && mapping.DateFormats is not { Count: > 0 };

    /// <summary>
    /// Reads <paramref name="path"/> into <see cref="TextTable"/> outside any transaction (a temporary table, dropped by
    /// <see cref="Drop"/>); the number of data rows, or null when DuckDB's reader refuses the file.
    /// </summary>
    public static TextRead? Read(DbConnection connection, string path, int fieldCount)
    {
        // DuckDB's reader skips a blank line; the row-by-row reader counts it as a (ragged) row, so the rows after it
        // would be numbered differently: such a file is read row by row.
        var scan = Scan(path);
        if (scan.BlankLine) return null;
        // DuckDB reads a path with wildcard characters as a pattern of several files: such a name is read row by row.
        if (path.AsSpan().IndexOfAny(Wildcards) >= 0) return null;
        var columns = "{" + string.Join(", ", Enumerable.Range(0, fieldCount).Select(i => $"'c{i}': 'VARCHAR'")) + "}";
        try
        {
            connection.Execute($"""
                CREATE TEMP TABLE {TextTable} AS SELECT * FROM read_csv({Literal(path)}, header = true, auto_detect = false,
                  delim = ',', quote = '"', escape = '"', columns = {columns}, strict_mode = true, null_padding = false,
                  max_line_size = {CsvText.MaxRowChars}, encoding = 'utf-8')
                """);
            return new TextRead(connection.ExecuteScalar<long>($"SELECT count(*) FROM {TextTable}"),
                scan.UnicodeSpace ? Whitespace : scan.EdgeSpace ? AsciiWhitespace : null, scan.Undecodable);
        }
        catch (DuckDBException)
        {
            Drop(connection);
            return null;
        }
    }

    /// <summary>
    /// The rows DuckDB read; the characters to trim from the ends of values (null when no value of the file starts or ends
    /// with white space: trimming every value costs more than the rest of the checks); whether any value holds U+FFFD.
    /// </summary>
    public sealed record TextRead(long Rows, string? Trim, bool Undecodable);

    private readonly record struct FileScan(bool BlankLine, bool EdgeSpace, bool UnicodeSpace, bool Undecodable);

    /// <summary>
    /// One pass over the bytes: an empty line anywhere (also inside a quoted value, which is then read row by row too);
    /// ASCII white space beside a comma, quote or line end (a value that may start or end with it); a non-ASCII white
    /// space character anywhere; the replacement character U+FFFD anywhere. Each errs towards yes, never no.
    /// </summary>
    private static FileScan Scan(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        bool edge = false, unicode = false, undecodable = false;
        var kept = 0;
        for (int read; (read = stream.Read(buffer, kept, buffer.Length - kept)) > 0;)
        {
            var span = buffer.AsSpan(0, kept + read);
            if (span.IndexOf("\n\n"u8) >= 0 || span.IndexOf("\n\r\n"u8) >= 0 || span.IndexOf("\r\r"u8) >= 0) return new(true, edge, unicode, undecodable);
            undecodable |= span.IndexOf("\uFFFD"u8) >= 0;
            unicode |= span.IndexOf("\u0085"u8) >= 0 || span.IndexOf("\u00A0"u8) >= 0 || span.IndexOf("\u1680"u8) >= 0
                || span.IndexOf("\u205F"u8) >= 0 || span.IndexOf("\u3000"u8) >= 0 || UnicodeSpaceE280(span);
            if (!edge)
            {
                for (var k = span.IndexOfAny(" \t\v\f\r"u8); k >= 0; k = span[(k + 1)..].IndexOfAny(" \t\v\f\r"u8) is var next and >= 0 ? k + 1 + next : -1)
                {
                    var before = k > 0 ? span[k - 1] : (byte)'\n';
                    var after = k + 1 < span.Length ? span[k + 1] : (byte)'\n';
                    if (span[k] == '\r' && after == '\n') continue;
                    if (before is (byte)',' or (byte)'"' or (byte)'\n' || after is (byte)',' or (byte)'"' or (byte)'\n' or (byte)'\r') { edge = true; break; }
                }
            }
            // Keep the last two bytes: a pattern may straddle two reads.
            kept = Math.Min(2, span.Length);
            span[^kept..].CopyTo(buffer);
        }
        return new(false, edge, unicode, undecodable);
    }

    /// <summary>U+2000-U+200A, U+2028, U+2029, U+202F: E2 80 and a third byte.</summary>
    private static bool UnicodeSpaceE280(ReadOnlySpan<byte> span)
    {
        for (var k = span.IndexOf("\u2000"u8[..2]); k >= 0 && k + 2 < span.Length; k = span[(k + 1)..].IndexOf("\u2000"u8[..2]) is var next and >= 0 ? k + 1 + next : -1)
            if (span[k + 2] is (>= 0x80 and <= 0x8A) or 0xA8 or 0xA9 or 0xAF) return true;
        return false;
    }

    public static void Drop(DbConnection connection) =>
        connection.Execute($"DROP TABLE IF EXISTS {TextTable};");

    /// <summary>What the checks found: the first issues, the warnings by column and the submissions the file holds.</summary>
    public sealed record Result(List<RowIssue> Issues, Dictionary<string, long> Warnings, List<(string Org, DateOnly Period)> Submissions);

    /// <summary>
    /// Checks every row of <see cref="TextTable"/> against the rules of <paramref name="table"/>: good rows into
    /// <c>stage_rows</c> (which it creates), each reason of a bad row into <c>stage_quarantine</c>, the (provider, period)
    /// submissions into <c>stage_keys</c>.
    /// </summary>
    public static Result Check(DbConnection connection, TextRead text, MsdsTable table, int[] sourceToTarget,
        ExtractMapping mapping, Security.Access access, DateOnly today, string file, int issuesKept)
    {
        var source = new int[table.Columns.Count];
        Array.Fill(source, -1);
        for (var i = 0; i < sourceToTarget.Length; i++) if (sourceToTarget[i] >= 0) source[sourceToTarget[i]] = i;
        string Trimmed(int i) => text.Trim is null ? $"c{i}" : $"trim(c{i}, {Literal(text.Trim)})";
        string Raw(int c) => source[c] < 0 ? "CAST(NULL AS VARCHAR)" : Recode(mapping, table.Columns[c].Name, $"NULLIF({Trimmed(source[c])}, '')");

        // Who may not load which provider: asked of the access for each well-formed provider code in the file.
        var orgIndex = table.IndexOf("OrgCodeProvider");
        var denied = new List<string>();
        if (access.Role != Security.Role.Admin)
        {
            var pattern = table.Columns[orgIndex].Pattern;
            denied = [.. connection.Query<string?>($"SELECT DISTINCT {Raw(orgIndex)} FROM {TextTable}")
                .Where(o => o is not null && (pattern is null || pattern.IsMatch(o)) && !access.SeesRecordsOf(o)).Select(o => o!)];
        }

        // Layer 1: the text as the row-by-row reader has it (trimmed, empty as null, recoded), with the file's row.
        var layer1 = new List<string> { "rowid + 2 AS stage_row" };
        for (var i = 0; i < sourceToTarget.Length; i++)
        {
            if (sourceToTarget[i] < 0 || !text.Undecodable) continue;
            layer1.Add($"contains(c{i}, {Literal(CsvText.Undecodable.ToString())}) AS u{i}");
            layer1.Add($"{Trimmed(i)} AS t{i}");
        }
        for (var c = 0; c < table.Columns.Count; c++) layer1.Add($"{Raw(c)} AS r{c}");

        // Layer 2: typed values (v), numbers before their range (n), whether a code or pattern holds (k).
        var layer2 = new List<string> { "*" };
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            switch (column.Kind)
            {
                case ColumnKind.Date:
                    layer2.Add($"CASE WHEN regexp_full_match(r{c}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') AND r{c} NOT LIKE '0000%' THEN TRY_CAST(r{c} AS DATE) END AS v{c}");
                    break;
                case ColumnKind.WholeNumber:
                    layer2.Add($"CASE WHEN regexp_full_match(r{c}, '[+-]?[0-9]+') THEN TRY_CAST(r{c} AS INTEGER) END AS n{c}");
                    break;
                case ColumnKind.Number:
                    layer2.Add($"CASE WHEN regexp_full_match(r{c}, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') AND isfinite(TRY_CAST(r{c} AS DOUBLE)) THEN TRY_CAST(r{c} AS DOUBLE) END AS n{c}");
                    break;
                case ColumnKind.Code:
                    layer2.Add($"r{c} IN ({string.Join(", ", column.Codes!.Select(Literal))}) AS k{c}");
                    break;
                case ColumnKind.Text when column.Pattern is not null:
                    layer2.Add($"regexp_full_match(r{c}, {Literal(column.Pattern.ToString())}) AS k{c}");
                    break;
            }
        }

        // Layer 3: values after their rule (v), the reporting period once plausible (p) and its last day (pe).
        var layer3 = new List<string> { "*" };
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            switch (column.Kind)
            {
                case ColumnKind.WholeNumber or ColumnKind.Number:
                    layer3.Add($"CASE WHEN {InRange(column, $"n{c}")} THEN n{c} END AS v{c}");
                    break;
                case ColumnKind.Code:
                case ColumnKind.Text when column.Pattern is not null:
                    layer3.Add(column.KeepInvalid ? $"r{c} AS v{c}" : $"CASE WHEN k{c} THEN r{c} END AS v{c}");
                    break;
                case ColumnKind.Text:
                    layer3.Add($"r{c} AS v{c}");
                    break;
            }
        }
        var periodIndex = table.IndexOf("RPStartDate");
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var p0 = $"v{periodIndex}";
        layer3.Add($"CASE WHEN {p0} BETWEEN {Date(RowRules.Earliest)} AND {Date(thisMonth)} THEN {p0} END AS p");
        var layer4 = new List<string> { "*", "CAST(p + INTERVAL 1 MONTH AS DATE) - 1 AS pe" };

        // The reasons, in the order the row-by-row reader gives them.
        var reasons = new List<string>();
        var order = 0;
        // Each issue stands as a marker in its reason's CASE: spliced in for the list of reasons, TRUE for the test of
        // whether a row has any (the list is built only for the rows that do).
        var structs = new List<string>();
        string Issue(string column, string value, string reason)
        {
            structs.Add($"struct_pack(o := {order++}, c := {Literal(column)}, v := {value}, m := {reason})");
            return $"\u0002{structs.Count - 1}\u0003";
        }
        for (var i = 0; i < sourceToTarget.Length; i++)
            if (sourceToTarget[i] >= 0 && text.Undecodable)
                reasons.Add($"CASE WHEN u{i} THEN {Issue(table.Columns[sourceToTarget[i]].Name, $"t{i}", Literal(CsvText.NotUtf8))} END");
        var warned = new List<(string Name, string Condition)>();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            var whenMissing = column.Required ? $"WHEN r{c} IS NULL THEN {Issue(column.Name, "CAST(NULL AS VARCHAR)", Literal(RowRules.Required))}" : $"WHEN r{c} IS NULL THEN NULL";
            switch (column.Kind)
            {
                case ColumnKind.Date:
                    reasons.Add($"CASE {whenMissing} WHEN v{c} IS NULL THEN {Issue(column.Name, $"r{c}", Literal(RowRules.NotADate(["yyyy-MM-dd"])))} END");
                    break;
                case ColumnKind.WholeNumber or ColumnKind.Number:
                    reasons.Add($"CASE {whenMissing} WHEN n{c} IS NULL THEN {Issue(column.Name, $"r{c}", Literal(column.Kind == ColumnKind.WholeNumber ? RowRules.NotAWholeNumber : RowRules.NotANumber))} "
                        + $"WHEN v{c} IS NULL THEN {Issue(column.Name, $"r{c}", Literal(RowRules.OutOfRange(column)))} END");
                    break;
                case ColumnKind.Code:
                case ColumnKind.Text when column.Pattern is not null:
                    if (column.KeepInvalid)
                    {
                        if (column.Required) reasons.Add($"CASE {whenMissing} END");
                        warned.Add((column.Name, $"r{c} IS NOT NULL AND NOT k{c}"));
                    }
                    else reasons.Add($"CASE {whenMissing} WHEN NOT k{c} THEN {Issue(column.Name, $"r{c}", Literal(RowRules.NotValid(column)))} END");
                    break;
                default:
                    if (column.Required) reasons.Add($"CASE {whenMissing} END");
                    break;
            }
        }
        foreach (var (earlier, later) in table.DateOrder)
        {
            int a = table.IndexOf(earlier), b = table.IndexOf(later);
            reasons.Add($"CASE WHEN v{b} < v{a} THEN {Issue(later, $"r{b}", Splice(x => RowRules.IsBefore(earlier, x), $"r{a}"))} END");
        }
        var periodName = table.Columns[periodIndex].Name;
        reasons.Add($"CASE WHEN {p0} > {Date(thisMonth)} THEN {Issue(periodName, $"r{periodIndex}", Literal(RowRules.PeriodAfterCurrentMonth(thisMonth)))} "
            + $"WHEN {p0} < {Date(RowRules.Earliest)} THEN {Issue(periodName, $"r{periodIndex}", Literal(RowRules.BeforeEarliest))} END");
        var month = "strftime(p, '%Y-%m')";
        var plausible = new List<string>();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            if (column.Kind != ColumnKind.Date || c == periodIndex) continue;
            var when = new StringBuilder($"CASE WHEN v{c} < {Date(RowRules.Earliest)} THEN {Issue(column.Name, $"r{c}", Literal(RowRules.BeforeEarliest))} ");
            if (column.Name == "EDDAgreed")
                when.Append(CultureInfo.InvariantCulture, $"WHEN v{c} < p - INTERVAL 1 YEAR OR v{c} > pe + INTERVAL 1 YEAR THEN {Issue(column.Name, $"r{c}", Splice(RowRules.MoreThanAYearFromPeriod, month))} ");
            else
                when.Append(CultureInfo.InvariantCulture, $"WHEN v{c} > {Date(today)} THEN {Issue(column.Name, $"r{c}", Literal(RowRules.AfterToday(today)))} ")
                    .Append(CultureInfo.InvariantCulture, $"WHEN v{c} > pe + INTERVAL {Ingester.MonthsAfterPeriod} MONTH THEN {Issue(column.Name, $"r{c}", Splice(RowRules.MonthsAfterPeriod, month))} ");
            reasons.Add(when.Append("END").ToString());
        }
        var deniedList = denied.Count == 0 ? "FALSE" : $"v{orgIndex} IN ({string.Join(", ", denied.Select(Literal))})";
        reasons.Add($"CASE WHEN {deniedList} THEN {Issue(table.Columns[orgIndex].Name, $"v{orgIndex}", Splice(x => RowRules.MayNotLoad(access.Name, x), $"v{orgIndex}"))} END");
        reasons.Add($"CASE WHEN day(p) <> 1 THEN {Issue(periodName, $"r{periodIndex}", Literal(RowRules.PeriodNotFirstOfMonth))} END");

        string Fill(string reason, Func<int, string> issue)
        {
            for (var i = 0; i < structs.Count; i++) reason = reason.Replace($"\u0002{i}\u0003", issue(i), StringComparison.Ordinal);
            return reason;
        }
        var list = string.Join(",\n    ", reasons.Select(r => Fill(r, i => structs[i])));
        var any = string.Join("\n    OR ", reasons.Select(r => "(" + Fill(r, _ => "TRUE").Replace("THEN NULL", "THEN FALSE", StringComparison.Ordinal)[..^3] + "ELSE FALSE END)"));
        // Every row, checked, is written once, into stage_rows: its values under the table's column names, and what the
        // checks found (check_*). The reasons go to stage_quarantine and the submissions to stage_keys; then the rows with
        // reasons are deleted, leaving the good rows in the shape the rest of the load reads.
        var values = string.Join(", ", table.Columns.Select((column, c) => $"v{c} AS {column.Name}"));
        var warnings = warned.Count == 0 ? "" : ", " + string.Join(", ", warned.Select((w, i) => $"{w.Condition} AS check_w{i}"));
        connection.Execute($"""
            CREATE TEMP TABLE stage_rows AS
            SELECT stage_row, {values}, CASE WHEN {deniedList} THEN NULL ELSE v{orgIndex} END AS check_org, CASE WHEN day(p) = 1 THEN p END AS check_period,
              CASE WHEN {any} THEN list_filter([{list}], lambda x: x IS NOT NULL) END AS check_issues{warnings}
            FROM (SELECT {string.Join(", ", layer4)} FROM (SELECT {string.Join(", ", layer3)} FROM (SELECT {string.Join(", ", layer2)} FROM (
              SELECT {string.Join(", ", layer1)} FROM {TextTable}) l1) l2) l3) l4;
            DROP TABLE {TextTable};
            """);
        connection.Execute($"""
            INSERT INTO stage_quarantine (run_id, table_name, file_name, row_number, column_name, value, reason, org_code, rp_start_date)
            SELECT 0, {Literal(table.Name)}, {Literal(file)}, stage_row, i.c, i.v, i.m, check_org, check_period
            FROM (SELECT stage_row, check_org, check_period, unnest(check_issues) AS i FROM stage_rows WHERE check_issues IS NOT NULL) ORDER BY stage_row, i.o;
            INSERT INTO stage_keys SELECT DISTINCT check_org, check_period FROM stage_rows WHERE check_org IS NOT NULL AND check_period IS NOT NULL;
            """);

        var issues = connection.Query<(long Row, string Column, string? Value, string Reason)>($"""
            SELECT stage_row, i.c, i.v, i.m FROM (SELECT stage_row, unnest(check_issues) AS i FROM stage_rows WHERE check_issues IS NOT NULL)
            ORDER BY stage_row, i.o LIMIT {issuesKept}
            """).Select(i => new RowIssue(i.Row, i.Column, i.Value, i.Reason)).ToList();
        var counts = new Dictionary<string, long>();
        if (warned.Count > 0)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", warned.Select((_, i) => $"count(*) FILTER (WHERE check_w{i})"))} FROM stage_rows";
            using var reader = command.ExecuteReader();
            reader.Read();
            for (var i = 0; i < warned.Count; i++)
                if (reader.GetInt64(i) is > 0 and var n) counts[warned[i].Name] = n;
        }
        connection.Execute("DELETE FROM stage_rows WHERE check_issues IS NOT NULL");
        var submissions = connection.Query<(string Org, int Year, int Month, int Day)>(
                "SELECT org_code, year(rp_start_date), month(rp_start_date), day(rp_start_date) FROM stage_keys")
            .Select(s => (s.Org, new DateOnly(s.Year, s.Month, s.Day))).ToList();
        return new Result(issues, counts, submissions);
    }

    /// <summary>Every character .NET's Trim removes, so both readers trim the same.</summary>
    private static readonly string Whitespace = new([.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(char.IsWhiteSpace)]);

    /// <summary>Those of them in ASCII, for a file with no other white space in it.</summary>
    private static readonly string AsciiWhitespace = new([.. Whitespace.Where(char.IsAscii)]);

    private static string InRange(ColumnSpec column, string value)
    {
        var conditions = new List<string> { $"{value} IS NOT NULL" };
        if (column.Min is { } min) conditions.Add($"{value} >= {min.ToString("R", CultureInfo.InvariantCulture)}");
        if (column.Max is { } max) conditions.Add($"{value} <= {max.ToString("R", CultureInfo.InvariantCulture)}");
        return string.Join(" AND ", conditions);
    }

    private static string Recode(ExtractMapping mapping, string item, string expression)
    {
        if (mapping.Values is null || !mapping.Values.TryGetValue(item, out var codes) || codes.Count == 0) return expression;
        return $"CASE {expression} {string.Join(" ", codes.Select(kv => $"WHEN {Literal(kv.Key)} THEN {Literal(kv.Value)}"))} ELSE {expression} END";
    }

    /// <summary>A reason with a value in it, as SQL: the message made with a marker, and <paramref name="expression"/> where it stood.</summary>
    private static string Splice(Func<string, string> reason, string expression)
    {
        const string marker = "\u0001";
        var parts = reason(marker).Split(marker);
        return string.Join($" || {expression} || ", parts.Select(Literal));
    }

    private static string Date(DateOnly date) => $"DATE '{RowRules.Day(date)}'";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
