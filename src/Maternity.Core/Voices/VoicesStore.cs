using System.Globalization;
using Dapper;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Voices;

/// <summary>
/// Stores what the MNVP heard: engagement events with their group counts, feedback themes and a population profile.
/// A file is stored in one transaction with its audit entry, or not at all. Loading an event or theme again (same
/// date and name) replaces it. Only those who may edit the LMNS's plan may load (admin, the LMNS's analysts).
/// </summary>
public static class VoicesStore
{
    /// <summary>Advisory-lock key for writes of the MNVP's records (PostgreSQL).</summary>
    public const long VoicesLock = 72_012;

    public sealed record SaveResult(string File, VoicesFile.FileKind Kind, int Added, int Replaced, VoicesFile.Dropped Dropped, IReadOnlyList<RowIssue> Issues)
    {
        public bool Stored => Issues.Count == 0;

        /// <summary>The voices measures written after the load (<see cref="VoicesMeasures"/>).</summary>
        public VoicesMeasures.Outcome Measures { get; init; } = VoicesMeasures.Outcome.None;
    }

    /// <summary>Checks the file's feedback against the LMNS's plan (each action named must exist) and stores it; nothing is stored if any cell is bad.</summary>
    public static SaveResult Save(Database database, Access access, string lmns, VoicesFile.Content content, string? file = null)
    {
        access.Demand(access.CanEditPlan(lmns), $"load the MNVP records of {lmns}");
        file ??= content.File;
        var issues = content.Issues.ToList();
        if (content.Feedback.Any(f => f.ActionId is not null))
        {
            var actions = PlanStore.Load(database, access, lmns).Actions.Select(a => a.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var f in content.Feedback.Where(f => f.ActionId is { } a && !actions.Contains(a)))
                issues.Add(new RowIssue(0, "Action", f.ActionId, $"{file}: theme '{f.Theme}' ({f.HeardOn:yyyy-MM-dd}) names action {f.ActionId}, which is not in the plan of {lmns}"));
        }
        if (issues.Count > 0 || content.Rows == 0)
            return new(file, content.Kind, 0, 0, content.Dropped, issues.Count > 0 ? issues : [new RowIssue(0, "", null, $"{file}: no rows to load")]);
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(VoicesLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        var now = Database.Now();
        int added = 0, replaced = 0;
        foreach (var e in content.Events)
        {
            var gone = connection.Execute(connection.Sql("DELETE FROM voice_event WHERE lmns_code = $lmns AND event_id = $id"), new { lmns, id = e.Id }, tx);
            connection.Execute(connection.Sql("DELETE FROM voice_group WHERE lmns_code = $lmns AND event_id = $id"), new { lmns, id = e.Id }, tx);
            if (gone > 0) replaced++; else added++;
            connection.Execute(connection.Sql("""
                INSERT INTO voice_event (lmns_code, event_id, event_date, event_name, kind, place, languages, partners, people_heard, source_file, loaded_at, loaded_by)
                VALUES ($lmns, $Id, $Date, $Name, $Kind, $Place, $Languages, $Partners, $PeopleHeard, $file, $now, $by)
                """), new { lmns, e.Id, Date = e.Date.ToDateTime(TimeOnly.MinValue), e.Name, e.Kind, e.Place, e.Languages, e.Partners, e.PeopleHeard, file, now, by = access.Name }, tx);
            foreach (var g in e.Groups)
                connection.Execute(connection.Sql("""
                    INSERT INTO voice_group (lmns_code, event_id, characteristic, group_code, people) VALUES ($lmns, $id, $Characteristic, $Group, $People)
                    """), new { lmns, id = e.Id, g.Characteristic, g.Group, g.People }, tx);
        }
        foreach (var f in content.Feedback)
        {
            var gone = connection.Execute(connection.Sql("DELETE FROM voice_feedback WHERE lmns_code = $lmns AND feedback_id = $id"), new { lmns, id = f.Id }, tx);
            if (gone > 0) replaced++; else added++;
            connection.Execute(connection.Sql("""
                INSERT INTO voice_feedback (lmns_code, feedback_id, heard_on, source, theme, you_said, we_did, action_id, status, loaded_at, loaded_by)
                VALUES ($lmns, $Id, $HeardOn, $Source, $Theme, $YouSaid, $WeDid, $ActionId, $Status, $now, $by)
                """), new { lmns, f.Id, HeardOn = f.HeardOn.ToDateTime(TimeOnly.MinValue), f.Source, f.Theme, f.YouSaid, f.WeDid, f.ActionId, f.Status, now, by = access.Name }, tx);
        }
        foreach (var characteristic in content.Profile.Select(p => p.Characteristic).Distinct())
            replaced += connection.Execute(connection.Sql("DELETE FROM voice_profile WHERE lmns_code = $lmns AND characteristic = $characteristic"), new { lmns, characteristic }, tx);
        foreach (var p in content.Profile)
        {
            added++;
            connection.Execute(connection.Sql("""
                INSERT INTO voice_profile (lmns_code, characteristic, group_code, people, source) VALUES ($lmns, $Characteristic, $Group, $People, $Source)
                """), new { lmns, p.Characteristic, p.Group, p.People, p.Source }, tx);
        }
        AuditLog.Commit(database, connection, tx, access.Name, "voices.load", lmns, string.Create(CultureInfo.InvariantCulture,
            $"{file}: {content.Kind}, {added} added, {replaced} replaced{(content.Dropped.Total > 0 ? "; " + content.Dropped.Describe() : "")}"));
        // The events are stored: the measures of the periods they touch are recounted from every event stored.
        var measures = content.Events.Count == 0 ? VoicesMeasures.Outcome.None
            : VoicesMeasures.Write(database, access, lmns, content.Events.Select(e => e.Date), file);
        return new(file, content.Kind, added, replaced, content.Dropped, []) { Measures = measures };
    }

    /// <summary>Reads and stores a file in one step.</summary>
    public static SaveResult Import(Database database, Access access, string lmns, string path, IReadOnlyDictionary<string, string>? districts = null,
        ExtractMapping? mapping = null, string? fileName = null) =>
        Save(database, access, lmns, VoicesFile.Read(path, districts ?? DistrictLookup.Quintiles(database), mapping, fileName ?? Path.GetFileName(path)));

    /// <summary>
    /// One event entered in the web form (fields by the engagement log's column names), checked as a row of a file is and
    /// stored through <see cref="Save"/> with its audit entry and the measures it touches; the same date and name replaces it.
    /// </summary>
    public static SaveResult Enter(Database database, Access access, string lmns, IReadOnlyDictionary<string, string> fields) =>
        Save(database, access, lmns, VoicesFile.Entered(fields));

    /// <summary>The events of <paramref name="lmns"/> from <paramref name="from"/> to <paramref name="to"/> (inclusive), with their group counts, oldest first.</summary>
    public static IReadOnlyList<EngagementEvent> Events(Database database, string lmns, DateOnly from, DateOnly to)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        var args = new { lmns, from = from.ToDateTime(TimeOnly.MinValue), to = to.ToDateTime(TimeOnly.MinValue) };
        var groups = connection.Query<(string Event, string Characteristic, string Group, long People)>(connection.Sql("""
            SELECT g.event_id, g.characteristic, g.group_code, g.people FROM voice_group g
            JOIN voice_event e ON e.lmns_code = g.lmns_code AND e.event_id = g.event_id
            WHERE e.lmns_code = $lmns AND e.event_date >= $from AND e.event_date <= $to
            """), args).ToLookup(g => g.Event, StringComparer.Ordinal);
        return [.. connection.Query<(string Id, DateTime Date, string Name, string Kind, string Place, string Languages, string Partners, long People)>(connection.Sql("""
            SELECT event_id, event_date, event_name, kind, place, languages, partners, people_heard FROM voice_event
            WHERE lmns_code = $lmns AND event_date >= $from AND event_date <= $to ORDER BY event_date, event_id
            """), args).Select(e => new EngagementEvent(e.Id, DateOnly.FromDateTime(e.Date), e.Name, e.Kind, e.Place, e.Languages, e.Partners, e.People,
                [.. groups[e.Id].Select(g => new GroupCount(g.Characteristic, g.Group, g.People))]))];
    }

    /// <summary>The feedback themes of <paramref name="lmns"/> heard from <paramref name="from"/> to <paramref name="to"/>, newest first.</summary>
    public static IReadOnlyList<FeedbackItem> Feedback(Database database, string lmns, DateOnly from, DateOnly to)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        return [.. connection.Query<(string Id, DateTime On, string Source, string Theme, string Said, string Did, string? Action, string Status)>(connection.Sql("""
            SELECT feedback_id, heard_on, source, theme, you_said, we_did, action_id, status FROM voice_feedback
            WHERE lmns_code = $lmns AND heard_on >= $from AND heard_on <= $to ORDER BY heard_on DESC, feedback_id
            """), new { lmns, from = from.ToDateTime(TimeOnly.MinValue), to = to.ToDateTime(TimeOnly.MinValue) })
            .Select(f => new FeedbackItem(f.Id, DateOnly.FromDateTime(f.On), f.Source, f.Theme, f.Said, f.Did, f.Action, f.Status))];
    }

    /// <summary>The uploaded population profile of <paramref name="lmns"/>.</summary>
    public static IReadOnlyList<ProfileRow> Profile(Database database, string lmns)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        return [.. connection.Query<ProfileRow>(connection.Sql("""
            SELECT characteristic AS Characteristic, group_code AS "Group", people AS People, source AS Source FROM voice_profile WHERE lmns_code = $lmns
            """), new { lmns })];
    }

    /// <summary>The month of the latest event of <paramref name="lmns"/>, if any.</summary>
    public static DateOnly? LatestMonth(Database database, string lmns)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        return connection.ExecuteScalar<DateTime?>(connection.Sql("SELECT MAX(event_date) FROM voice_event WHERE lmns_code = $lmns"), new { lmns }) is { } d
            ? new DateOnly(d.Year, d.Month, 1) : null;
    }
}
