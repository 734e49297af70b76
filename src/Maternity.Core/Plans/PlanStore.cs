using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dapper;
using Maternity.Indicators;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Plans;

/// <summary>
/// Keeps each LMNS's plan in <c>plan_entity</c>: every version of every node, action and data gap, stamped with who
/// changed it and when, never changed in place. So the plan can be loaded as it stood on any date, every change shows
/// its before and after, and an edit to a version someone else has changed since is refused (optimistic concurrency).
/// </summary>
public static class PlanStore
{
    public const string NodeKind = "node";
    public const string ActionKind = "action";
    public const string GapKind = "gap";

    /// <summary>The name of an LMNS's equity and equality plan, the plan a command or page means when none is named.</summary>
    public const string MainPlan = "equity";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>What an import or a save changed.</summary>
    public sealed record ReplaceResult(int Added, int Changed, int Removed, int Unchanged);

    /// <summary>One version of one entity and what it changed, field by field (values as JSON text; strings unquoted).</summary>
    public sealed record Change(string Kind, string Id, int Version, DateTime At, string By, bool Deleted, IReadOnlyList<FieldChange> Fields);

    public sealed record FieldChange(string Field, string? Before, string? After);

    /// <summary>The LMNS whose plan a command means when none is named: the only LMNS among the organisations loaded.</summary>
    public static string DefaultLmns(Database database)
    {
        using var connection = database.Open();
        var codes = connection.Query<string>("SELECT org_code FROM org WHERE org_type = 'LMNS' ORDER BY org_code").ToList();
        return codes.Count == 1 ? codes[0]
            : throw new InvalidDataException(codes.Count == 0
                ? "no LMNS is known: import the organisations (maternity reference import-orgs) or name the LMNS (--lmns; ?lmns= on the web)"
                : $"several LMNS are known ({string.Join(", ", codes)}): name one (--lmns)");
    }

    /// <summary>
    /// The plan named <paramref name="plan"/> (by default the equity plan) as it stands, or as it stood at the end of
    /// <paramref name="asAt"/> (UTC).
    /// </summary>
    public static Plan Load(Database database, Access access, string lmns, DateOnly? asAt = null, string plan = MainPlan)
    {
        access.Demand(access.Role != Role.Public, "see the action plan");
        var until = asAt is { } d ? d.AddDays(1).ToDateTime(TimeOnly.MinValue) : DateTime.MaxValue.Date;
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<(string Kind, string Id, int Version, DateTime At, string By, bool Deleted, string Body)>(connection.Sql("""
            SELECT kind, entity_id, version, changed_at, changed_by, deleted, body FROM (
              SELECT kind, entity_id, version, changed_at, changed_by, deleted, body,
                     row_number() OVER (PARTITION BY kind, entity_id ORDER BY version DESC) AS newest
              FROM plan_entity WHERE lmns_code = $lmns AND plan_name = $plan AND changed_at < $until) v
            WHERE newest = 1 AND NOT deleted
            """), new { lmns, plan, until }).ToList();
        var nodes = rows.Where(r => r.Kind == NodeKind).Select(r => Read<PlanNode>(r.Body)).OrderBy(n => n.Order).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        var actions = rows.Where(r => r.Kind == ActionKind).Select(r => Read<PlanAction>(r.Body)).OrderBy(a => a.Order).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var gaps = rows.Where(r => r.Kind == GapKind).Select(r => Read<DataGap>(r.Body)).OrderBy(g => g.Order).ThenBy(g => g.Id, StringComparer.Ordinal).ToList();
        var stamps = rows.Where(r => r.Kind == ActionKind).ToDictionary(r => r.Id, r => new Plan.Stamp(r.Version, r.At, r.By));
        return new Plan(lmns, nodes, actions, gaps, stamps) { Name = plan };
    }

    /// <summary>The names of the LMNS's plans that have anything stored, the equity plan first.</summary>
    public static IReadOnlyList<string> PlanNames(Database database, Access access, string lmns)
    {
        access.Demand(access.Role != Role.Public, "see the action plan");
        using var connection = database.Open();
        using var reading = database.Reading();
        return [.. connection.Query<string>(connection.Sql("SELECT DISTINCT plan_name FROM plan_entity WHERE lmns_code = $lmns"), new { lmns })
            .OrderBy(n => n == MainPlan ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Problems that stop a plan being saved: duplicate ids, actions without a descriptor or under an unknown node,
    /// unknown catalogue indicators or data gaps, a planned end before its start.
    /// </summary>
    public static List<string> Validate(Plan plan, IReadOnlySet<string>? measures = null)
    {
        var problems = new List<string>();
        var nodeIds = plan.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var gapIds = plan.Gaps.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in plan.Nodes.GroupBy(n => n.Id).Where(g => g.Count() > 1)) problems.Add($"node '{id.Key}' appears more than once");
        foreach (var id in plan.Actions.GroupBy(a => a.Id).Where(g => g.Count() > 1)) problems.Add($"action id '{id.Key}' appears more than once");
        foreach (var id in plan.Gaps.GroupBy(g => g.Id).Where(g => g.Count() > 1)) problems.Add($"data gap id '{id.Key}' appears more than once");
        foreach (var node in plan.Nodes.Where(n => n.ParentId is not null && !nodeIds.Contains(n.ParentId))) problems.Add($"node '{node.Id}' sits under unknown node '{node.ParentId}'");
        foreach (var a in plan.Actions) problems.AddRange(Validate(a, nodeIds, gapIds, measures).Select(p => $"action {a.Id}: {p}"));
        return problems;
    }

    /// <summary>The ids of the LMNS's own measures, which an action may target besides the catalogue's indicators.</summary>
    public static IReadOnlySet<string> MeasureIds(Database database, string lmns) =>
        Measures.MeasureStore.Load(database, lmns).Measures.Where(m => m.IsLocal).Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Validate(PlanAction a, HashSet<string> nodeIds, HashSet<string> gapIds, IReadOnlySet<string>? measures)
    {
        if (string.IsNullOrWhiteSpace(a.Id)) yield return "an action id is required";
        if (string.IsNullOrWhiteSpace(a.Descriptor)) yield return "the action descriptor is empty";
        if (a.NodeIds.Count == 0) yield return "the action sits under no priority, objective or intervention";
        foreach (var n in a.NodeIds.Where(n => !nodeIds.Contains(n))) yield return $"unknown priority, objective or intervention '{n}'";
        foreach (var i in a.Indicators.Where(i => Catalogue.Find(i) is null && measures?.Contains(i) != true))
            yield return $"indicator '{i}' is neither in the catalogue nor one of the LMNS's own measures";
        foreach (var g in a.GapIds.Where(g => !gapIds.Contains(g))) yield return $"data gap '{g}' is not in the data-gap register";
        if (a.PlannedStart is { } s && a.PlannedEnd is { } e && e < s) yield return $"planned end {e} is before planned start {s}";
        if (a.FinancialYear is { } fy && !FinancialQuarter.TryParseFinancialYear(fy, out _)) yield return $"financial year '{fy}' is not like 2024-25";
    }

    /// <summary>
    /// Makes the stored plan of the same name (<see cref="Plan.Name"/>) equal <paramref name="plan"/> (an import): a
    /// new version of each entity that differs, a deletion of each one the plan no longer has, all in one transaction,
    /// after <see cref="Validate"/> passes. The LMNS's other plans are not touched.
    /// </summary>
    public static ReplaceResult Replace(Database database, Access access, Plan plan)
    {
        access.Demand(access.CanEditPlan(plan.Lmns), $"import the plan of {plan.Lmns}");
        var by = access.Name;
        var problems = Validate(plan, MeasureIds(database, plan.Lmns));
        if (problems.Count > 0) throw new InvalidDataException("the plan was not saved: " + string.Join("; ", problems));
        var wanted = plan.Nodes.Select(n => (NodeKind, n.Id, Body: Write(n)))
            .Concat(plan.Actions.Select(a => (ActionKind, a.Id, Body: Write(a))))
            .Concat(plan.Gaps.Select(g => (GapKind, g.Id, Body: Write(g))))
            .ToDictionary(e => (e.Item1, e.Id), e => e.Body);
        int added = 0, changed = 0, removed = 0, unchanged = 0;
        Write(database, (connection, tx, now) =>
        {
            var current = Current(connection, tx, plan.Lmns, plan.Name).ToDictionary(r => (r.Kind, r.Id));
            foreach (var ((kind, id), body) in wanted)
            {
                if (!current.TryGetValue((kind, id), out var old) || old.Deleted) added++;
                else if (old.Body == body) { unchanged++; continue; }
                else changed++;
                Insert(connection, tx, plan.Lmns, plan.Name, kind, id, (old.Version) + 1, now, by, false, body);
            }
            foreach (var old in current.Values.Where(r => !r.Deleted && !wanted.ContainsKey((r.Kind, r.Id))))
            {
                removed++;
                Insert(connection, tx, plan.Lmns, plan.Name, old.Kind, old.Id, old.Version + 1, now, by, true, old.Body);
            }
        });
        AuditLog.Append(database, by, "plan.import", plan.Name == MainPlan ? plan.Lmns : $"{plan.Lmns}/{plan.Name}", $"added {added}, changed {changed}, removed {removed}, unchanged {unchanged}");
        return new ReplaceResult(added, changed, removed, unchanged);
    }

    /// <summary>
    /// Saves an edited action, refusing it with <see cref="PlanConflictException"/> when the stored action is no longer
    /// at <paramref name="expectedVersion"/> (0 for a new action). A changed target date needs a reason, recorded in the
    /// action's target-date history with who and when.
    /// </summary>
    public static Plan.Stamp SaveAction(Database database, Access access, string lmns, PlanAction action, int expectedVersion, string? targetChangeReason = null,
        string planName = MainPlan)
    {
        var by = access.Name;
        var measures = MeasureIds(database, lmns);
        Plan.Stamp? stamp = null;
        Write(database, (connection, tx, now) =>
        {
            var plan = Load(connection, tx, lmns, planName);
            var current = plan.Action(action.Id);
            var currentVersion = current is null ? 0 : plan.ActionStamps[action.Id].Version;
            var storedVersion = connection.ExecuteScalar<int?>(connection.Sql(
                "SELECT max(version) FROM plan_entity WHERE lmns_code = $lmns AND plan_name = $planName AND kind = 'action' AND entity_id = $id"),
                new { lmns, planName, id = action.Id }, tx) ?? 0;
            if (currentVersion != expectedVersion)
            {
                var who = current is null ? "" : $" by {plan.ActionStamps[action.Id].By} at {plan.ActionStamps[action.Id].At:yyyy-MM-dd HH:mm} UTC";
                throw new PlanConflictException(current is null
                    ? $"Action {action.Id} no longer exists (it was removed after you opened it); nothing was saved."
                    : $"Action {action.Id} was changed{who} (now version {currentVersion}) after you opened version {expectedVersion}. Nothing was saved: reload it, check their change and make yours again.")
                { CurrentVersion = currentVersion };
            }
            access.Demand(current is null ? access.CanEditPlan(lmns) : access.CanEdit(lmns, current), $"change action {action.Id} of the plan of {lmns}");
            access.Demand(access.CanSave(lmns, current, action), $"change which organisations own action {action.Id}, other than their own");
            var saved = action;
            if (current is not null && current.TargetDate != action.TargetDate && action.TargetChanges.Count == current.TargetChanges.Count)
            {
                if (string.IsNullOrWhiteSpace(targetChangeReason))
                    throw new InvalidDataException($"action {action.Id}: changing the target date from {current.TargetDate?.ToString() ?? "none"} to {action.TargetDate?.ToString() ?? "none"} needs a reason");
                saved = action with { TargetChanges = [.. current.TargetChanges, new(DateOnly.FromDateTime(now), by, current.TargetDate, action.TargetDate, targetChangeReason.Trim())] };
            }
            var problems = Validate(plan with { Actions = [.. plan.Actions.Where(a => a.Id != action.Id), saved] }, measures);
            if (problems.Count > 0) throw new InvalidDataException(string.Join("; ", problems));
            Insert(connection, tx, lmns, planName, ActionKind, action.Id, storedVersion + 1, now, by, false, Write(saved));
            stamp = new Plan.Stamp(storedVersion + 1, now, by);
        });
        AuditLog.Append(database, by, "plan.edit", planName == MainPlan ? $"{lmns}/{action.Id}" : $"{lmns}/{planName}/{action.Id}", $"version {stamp!.Version}");
        return stamp;
    }

    /// <summary>Adds a dated progress update to an action (a new version of it, so under the same concurrency check).</summary>
    public static Plan.Stamp AddUpdate(Database database, Access access, string lmns, string actionId, int expectedVersion, PlanAction.Update update,
        string planName = MainPlan)
    {
        var action = Load(database, access, lmns, plan: planName).Action(actionId) ?? throw new KeyNotFoundException($"no action '{actionId}' in the plan of {lmns}");
        if (string.IsNullOrWhiteSpace(update.Text) && update.Files.Count == 0) throw new InvalidDataException("an update needs text or a file");
        return SaveAction(database, access, lmns, action with { Updates = [.. action.Updates, update with { By = update.By ?? access.Name }] }, expectedVersion,
            planName: planName);
    }

    /// <summary>Stores an evidence file once, by the SHA-256 of its content, and returns the reference an update keeps.</summary>
    public static PlanAction.EvidenceFile AddFile(Database database, Access access, string name, string mediaType, byte[] content)
    {
        access.Demand(access.Role is Role.Admin or Role.Analyst or Role.TrustUser, "add evidence files");
        var by = access.Name;
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var fileName = Path.GetFileName(name);
        using var connection = database.Open();
        using (database.Writing())
        {
            connection.Execute(connection.Sql("""
                INSERT INTO plan_file (sha256, file_name, media_type, size_bytes, content, added_at, added_by)
                SELECT $sha, $fileName, $mediaType, $size, $content, $now, $by
                WHERE NOT EXISTS (SELECT 1 FROM plan_file WHERE sha256 = $sha)
                """), new { sha, fileName, mediaType, size = (long)content.Length, content, now = Database.Now(), by });
        }
        return new PlanAction.EvidenceFile(fileName, sha);
    }

    /// <summary>A stored evidence file, or null.</summary>
    public static (string Name, string MediaType, byte[] Content)? File(Database database, Access access, string sha256)
    {
        access.Demand(access.Role != Role.Public, "see the action plan's evidence");
        using var connection = database.Open();
        using var reader = (DbDataReader)connection.ExecuteReader(connection.Sql(
            "SELECT file_name, media_type, content FROM plan_file WHERE sha256 = $sha256"), new { sha256 = sha256.ToLowerInvariant() });
        return reader.Read() ? (reader.GetString(0), reader.GetString(1), reader.Bytes(2)) : null;
    }

    /// <summary>
    /// Every change to the plan, oldest first, field by field: of one entity when <paramref name="kind"/> and
    /// <paramref name="id"/> are given, else of all; only those made after <paramref name="since"/> when given.
    /// </summary>
    public static IReadOnlyList<Change> History(Database database, Access access, string lmns, string? kind = null, string? id = null, DateTime? since = null,
        string plan = MainPlan)
    {
        access.Demand(access.Role != Role.Public, "see the action plan's history");
        using var connection = database.Open();
        using var reading = database.Reading();
        var rows = connection.Query<(string Kind, string Id, int Version, DateTime At, string By, bool Deleted, string Body, string? Before)>(connection.Sql("""
            SELECT e.kind, e.entity_id, e.version, e.changed_at, e.changed_by, e.deleted, e.body, p.body
            FROM plan_entity e
            LEFT JOIN plan_entity p ON p.lmns_code = e.lmns_code AND p.plan_name = e.plan_name AND p.kind = e.kind AND p.entity_id = e.entity_id AND p.version = e.version - 1 AND NOT p.deleted
            WHERE e.lmns_code = $lmns AND e.plan_name = $plan AND ($kind IS NULL OR e.kind = $kind) AND ($id IS NULL OR e.entity_id = $id) AND e.changed_at > $since
            ORDER BY e.changed_at, e.kind, e.entity_id, e.version
            """), new { lmns, plan, kind, id, since = since ?? DateTime.MinValue.Date });
        return [.. rows.Select(r => new Change(r.Kind, r.Id, r.Version, r.At, r.By, r.Deleted, r.Deleted ? [] : Diff(r.Before, r.Body)))];
    }

    private static List<FieldChange> Diff(string? before, string after)
    {
        var a = before is null ? new JsonObject() : JsonNode.Parse(before)!.AsObject();
        var b = JsonNode.Parse(after)!.AsObject();
        var fields = a.Select(p => p.Key).Union(b.Select(p => p.Key)).ToList();
        return [.. fields
            .Select(f => new FieldChange(f, Shown(a[f]), Shown(b[f])))
            .Where(c => c.Before != c.After)];
    }

    private static string? Shown(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray { Count: 0 } => null,
        _ => node.ToJsonString(Json),
    };

    private static T Read<T>(string body) => JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidDataException("empty plan entity");

    internal static string Write<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static Plan Load(DbConnection connection, DbTransaction tx, string lmns, string planName)
    {
        var rows = Current(connection, tx, lmns, planName).Where(r => !r.Deleted).ToList();
        return new Plan(lmns,
            [.. rows.Where(r => r.Kind == NodeKind).Select(r => Read<PlanNode>(r.Body))],
            [.. rows.Where(r => r.Kind == ActionKind).Select(r => Read<PlanAction>(r.Body))],
            [.. rows.Where(r => r.Kind == GapKind).Select(r => Read<DataGap>(r.Body))],
            rows.Where(r => r.Kind == ActionKind).ToDictionary(r => r.Id, r => new Plan.Stamp(r.Version, r.At, r.By))) { Name = planName };
    }

    private static IEnumerable<(string Kind, string Id, int Version, DateTime At, string By, bool Deleted, string Body)> Current(DbConnection connection, DbTransaction tx, string lmns, string planName) =>
        connection.Query<(string, string, int, DateTime, string, bool, string)>(connection.Sql("""
            SELECT kind, entity_id, version, changed_at, changed_by, deleted, body FROM (
              SELECT kind, entity_id, version, changed_at, changed_by, deleted, body,
                     row_number() OVER (PARTITION BY kind, entity_id ORDER BY version DESC) AS newest
              FROM plan_entity WHERE lmns_code = $lmns AND plan_name = $planName) v
            WHERE newest = 1
            """), new { lmns, planName }, tx);

    private static void Insert(DbConnection connection, DbTransaction tx, string lmns, string planName, string kind, string id, int version, DateTime now,
        string by, bool deleted, string body) =>
        connection.Execute(connection.Sql("""
            INSERT INTO plan_entity (lmns_code, plan_name, kind, entity_id, version, changed_at, changed_by, deleted, body)
            VALUES ($lmns, $planName, $kind, $id, $version, $now, $by, $deleted, $body)
            """), new { lmns, planName, kind, id, version, now, by, deleted, body }, tx);

    /// <summary>
    /// Runs a plan write in one transaction, writers taking turns (PostgreSQL: an advisory lock across instances;
    /// DuckDB: the store's commit gate), so a version check and the insert after it cannot interleave with another's.
    /// </summary>
    private static void Write(Database database, Action<DbConnection, DbTransaction, DateTime> write)
    {
        using var connection = database.Open();
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.PlanLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        write(connection, tx, Database.Now());
        tx.Commit();
    }

}
