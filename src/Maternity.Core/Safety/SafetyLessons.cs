using System.Globalization;
using Dapper;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Safety;

/// <summary>
/// The lessons-learnt log, kept as a table the LMNS edits in a spreadsheet (columns Id, Lesson, SourceCases, Actions,
/// SharedWhere, SharedOn; lists separated by ';') and imports whole: a good file replaces the LMNS's log in one transaction
/// with its audit entry; any bad cell (an action not in the LMNS's plan, a date that is not one) refuses the file, naming
/// its row and column. Lessons carry no case details, only references, so every role but the public may read them.
/// </summary>
public static class SafetyLessons
{
    public sealed record Result(string File, int Lessons, IReadOnlyList<RowIssue> Issues)
    {
        public bool Imported => Issues.Count == 0;
    }

    private static readonly string[] RequiredColumns = ["Id", "Lesson"];

    public static Result Import(Database database, Access access, string lmns, string path, string? fileName = null)
    {
        access.Demand(access.CanEditPlan(lmns), $"change the lessons-learnt log of {lmns}");
        var file = fileName ?? Path.GetFileName(path);
        var table = TableFile.Read(path)!.Value;
        var issues = new List<RowIssue>();
        foreach (var column in RequiredColumns.Where(c => !table.Header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            issues.Add(new RowIssue(1, column, null, "no such column: the log needs Id, Lesson, SourceCases, Actions, SharedWhere, SharedOn"));
        if (issues.Count > 0) return new Result(file, 0, issues);
        var plan = PlanStore.Load(database, access, lmns);
        var lessons = new List<SafetyLesson>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, cells) in table.Rows)
        {
            string? Cell(string c) => cells.TryGetValue(c, out var v) && v.Trim() is { Length: > 0 } t ? t : null;
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
            var before = issues.Count;
            var id = Cell("Id");
            var text = Cell("Lesson");
            if (id is null) issues.Add(new RowIssue(row, "Id", null, "no lesson id"));
            else if (!ids.Add(id)) issues.Add(new RowIssue(row, "Id", id, "the id appears twice"));
            if (text is null) issues.Add(new RowIssue(row, "Lesson", null, "no lesson"));
            foreach (var value in cells.Values.Where(SafetyImport.LooksLikeNhsNumber))
                issues.Add(new RowIssue(row, "", "(withheld)", "a value looks like an NHS number: the log keeps case references only"));
            var actions = List(Cell("Actions"));
            foreach (var action in actions.Where(a => plan.Action(a) is null))
                issues.Add(new RowIssue(row, "Actions", action, $"no action {action} in the plan of {lmns}"));
            DateOnly? shared = null;
            if (Cell("SharedOn") is { } d)
            {
                if (DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) shared = date;
                else issues.Add(new RowIssue(row, "SharedOn", d, "not a date in the form yyyy-MM-dd"));
            }
            if (issues.Count == before)
                lessons.Add(new SafetyLesson(lmns, id!, text!, List(Cell("SourceCases")), actions, Cell("SharedWhere"), shared));
        }
        if (issues.Count > 0) return new Result(file, 0, issues);
        Replace(database, access, lmns, lessons, file);
        return new Result(file, lessons.Count, []);
    }

    internal static void Replace(Database database, Access access, string lmns, IReadOnlyList<SafetyLesson> lessons, string source)
    {
        access.Demand(access.CanEditPlan(lmns), $"change the lessons-learnt log of {lmns}");
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute(connection.Sql("DELETE FROM safety_lesson WHERE lmns_code = $lmns"), new { lmns }, tx);
        var at = Database.Now();
        foreach (var l in lessons)
            connection.Execute(connection.Sql("""
                INSERT INTO safety_lesson (lmns_code, lesson_id, lesson, source_cases, actions, shared_where, shared_on, loaded_at, loaded_by)
                VALUES ($lmns, $Id, $Lesson, $cases, $actions, $SharedWhere, $shared, $at, $by)
                """), new
            {
                lmns, l.Id, l.Lesson, cases = string.Join(';', l.SourceCases), actions = string.Join(';', l.Actions), l.SharedWhere,
                shared = l.SharedOn?.ToDateTime(TimeOnly.MinValue), at, by = access.Name,
            }, tx);
        AuditLog.Commit(database, connection, tx, access.Name, "safety.lessons", lmns, $"{lessons.Count} lessons from {source}");
    }

    /// <summary>The LMNS's lessons in id order: every role but the public.</summary>
    public static IReadOnlyList<SafetyLesson> List(Database database, Access access, string lmns)
    {
        access.Demand(access.Role != Role.Public, "see the lessons-learnt log");
        using var connection = database.Open();
        return [.. connection.Query<(string Id, string Lesson, string Cases, string Actions, string? Where, DateTime? On)>(connection.Sql("""
            SELECT lesson_id, lesson, source_cases, actions, shared_where, CAST(shared_on AS TIMESTAMP) FROM safety_lesson WHERE lmns_code = $lmns ORDER BY lesson_id
            """), new { lmns }).Select(r => new SafetyLesson(lmns, r.Id, r.Lesson, List(r.Cases), List(r.Actions), r.Where,
                r.On is { } on ? DateOnly.FromDateTime(on) : null))];
    }

    private static string[] List(string? text) =>
        (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
