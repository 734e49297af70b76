using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Maternity.Indicators;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Measures;

/// <summary>
/// The measures of an LMNS: the built-in indicators, its own measures and dimensions, and the targets (the shipped
/// national defaults, overridden by its own). Definitions, dimensions and targets are kept as revisions, never
/// changed in place; a definition change that would read stored values differently raises its version.
/// </summary>
public static class MeasureStore
{
    private const string MeasureKind = "measure";
    private const string DimensionKind = "dimension";
    private const string TargetKind = "target";
    private const string CohortKind = "cohort";
    private const string CohortId = "priority";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>What an LMNS tracks: every measure (built-in first), the dimensions values may be broken down by, and the targets in force.</summary>
    public sealed record MeasureSet(string Lmns, IReadOnlyList<MeasureDefinition> Measures, IReadOnlyList<Dimension> Dimensions, IReadOnlyList<MeasureTarget> Targets,
        CohortInForce Cohort, IReadOnlyList<MeasureTarget>? Own = null)
    {
        /// <summary>
        /// The LMNS's own target for a built-in indicator at an organisation (the trust's, else the LMNS-wide one), or null
        /// where it has set none and the shipped national default in the catalogue applies.
        /// </summary>
        public MeasureTarget? OwnTargetFor(string indicatorId, string org) =>
            (Own ?? []).FirstOrDefault(t => t.MeasureId.Equals(indicatorId, StringComparison.OrdinalIgnoreCase) && t.Org == org)
            ?? (Own ?? []).FirstOrDefault(t => t.MeasureId.Equals(indicatorId, StringComparison.OrdinalIgnoreCase) && t.Org is null);

        public MeasureDefinition? Find(string id) => Measures.FirstOrDefault(m => m.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

        public Dimension? Dimension(string name) => Dimensions.FirstOrDefault(d => d.Name.Equals(name, StringComparison.Ordinal));

        /// <summary>The target for a measure at an organisation: its own if set, else the LMNS-wide one, else none.</summary>
        public MeasureTarget? TargetFor(string measureId, string org) =>
            Targets.FirstOrDefault(t => t.MeasureId.Equals(measureId, StringComparison.OrdinalIgnoreCase) && t.Org == org)
            ?? Targets.FirstOrDefault(t => t.MeasureId.Equals(measureId, StringComparison.OrdinalIgnoreCase) && t.Org is null);
    }

    /// <summary>The LMNS's priority cohort and who set it when (null for the default).</summary>
    public sealed record CohortInForce(PriorityCohort Cohort, string? SetBy, DateTime? SetAt)
    {
        public bool IsDefault => SetBy is null;

        /// <summary>"Black, Asian or Mixed ethnic group, or living in IMD deciles 1-3 (set by ana on 2026-11-30; source)".</summary>
        public string Describe() => Cohort.Describe() + (IsDefault ? $" ({Cohort.Source}; the LMNS has not set its own)" : $" (set by {SetBy} on {SetAt:yyyy-MM-dd}{(Cohort.Source is { } s ? "; " + s : "")})")
            + (Cohort.NotInRecords.Count > 0 ? $". Also prioritised but not identifiable in the records, so not counted: {string.Join("; ", Cohort.NotInRecords)}" : "");

        /// <summary>What the counts of an indicator of the priority cohort were computed with, said beside the number.</summary>
        public string Note(string lmns, DateTime? computedAt) =>
            $"Priority cohort of {lmns}: {Describe()}."
            + (SetAt is { } at && computedAt is { } c && at > c ? $" It was changed after the counts were computed ({c:yyyy-MM-dd HH:mm}): the figures shown still count the previous definition until the next recompute." : "");
    }

    /// <summary>What an import changed.</summary>
    public sealed record ImportResult(int Added, int Changed, int NewVersions, int Unchanged, int Removed = 0);

    /// <summary>
    /// The measures, dimensions and targets of <paramref name="lmns"/>. The same set is handed back until they change (their
    /// revisions are only ever added), so what is derived from it may be kept as long (<see cref="MeasureView"/>).
    /// </summary>
    public static MeasureSet Load(Database database, string lmns)
    {
        // Kept until the LMNS's revisions change; while a commit is under way, the set read before it.
        return database.ReadOrKept($"measure-set:{lmns}", connection =>
        {
            var (count, latest) = connection.QuerySingle<(long, DateTime?)>(connection.Sql("SELECT count(*), max(changed_at) FROM measure_entity WHERE lmns_code = $lmns"), new { lmns });
            var version = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count}/{latest:O}");
            var key = (database.Description, lmns);
            if (Sets.TryGetValue(key, out var kept) && kept.Version == version) return kept.Set;
            var set = Load(connection, lmns);
            if (Sets.Count > 100) Sets.Clear();
            Sets[key] = (version, set);
            return set;
        });
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Lmns), (string Version, MeasureSet Set)> Sets = new();

    private static MeasureSet Load(DbConnection connection, string lmns)
    {
        var rows = Current(connection, null, lmns).Where(r => !r.Deleted).ToList();
        var cohort = rows.FirstOrDefault(r => r.Kind == CohortKind && r.Id == CohortId) is { } c
            ? new CohortInForce(JsonSerializer.Deserialize<PriorityCohort>(c.Body, Json)!, c.ChangedBy, c.ChangedAt)
            : new CohortInForce(PriorityCohort.Default, null, null);
        var local = rows.Where(r => r.Kind == MeasureKind).Select(r => JsonSerializer.Deserialize<MeasureDefinition>(r.Body, Json)!).OrderBy(m => m.Id, StringComparer.Ordinal);
        var dimensions = rows.Where(r => r.Kind == DimensionKind).Select(r => JsonSerializer.Deserialize<StoredDimension>(r.Body, Json)!)
            .Select(d => new Dimension(d.Name, d.Description, d.Codes, BuiltIn: false));
        var own = rows.Where(r => r.Kind == TargetKind).Select(r => JsonSerializer.Deserialize<MeasureTarget>(r.Body, Json)!).ToList();
        var targets = own.Concat(MeasureTarget.Defaults.Where(d => !own.Any(o => o.MeasureId == d.MeasureId && o.Org is null)).Select(d => d with { Lmns = lmns }));
        return new MeasureSet(lmns, [.. Catalogue.Definitions.Select(MeasureDefinition.Of).Select(m => m with { Lmns = lmns }), .. local],
            [.. Dimension.BuiltIns, .. dimensions], [.. targets], cohort, own);
    }

    /// <summary>The measures of the LMNS an organisation is or sits under; null when it sits under none (a region, an ICB).</summary>
    public static MeasureSet? ForOrg(Database database, string org) =>
        Reference.OrgHierarchy.Read(database).LmnsOf(org) is { } lmns ? Load(database, lmns) : null;

    /// <summary>Makes <paramref name="cohort"/> the LMNS's priority cohort (a new revision); the counts follow at the next recompute.</summary>
    public static bool SetCohort(Database database, Access access, string lmns, PriorityCohort cohort)
    {
        access.Demand(access.CanEditPlan(lmns), $"change the priority cohort of {lmns}");
        var changed = false;
        Write(database, (connection, tx, now) =>
        {
            var current = Current(connection, tx, lmns).Where(r => r.Kind == CohortKind).ToDictionary(r => (r.Kind, r.Id));
            var body = JsonSerializer.Serialize(cohort, Json);
            changed = !(current.TryGetValue((CohortKind, CohortId), out var old) && !old.Deleted && old.Body == body);
            Put(connection, tx, current, lmns, CohortKind, CohortId, body, now, access.Name);
        });
        if (changed) AuditLog.Append(database, access.Name, "cohort.set", lmns, cohort.Describe());
        return changed;
    }

    /// <summary>Every LMNS's own priority cohort, for the engine (an LMNS not listed uses the default).</summary>
    public static IReadOnlyDictionary<string, PriorityCohort> Cohorts(DbConnection connection, DbTransaction? tx) =>
        connection.Query<(string Lmns, string Body, bool Deleted)>(connection.Sql("""
            SELECT lmns_code, body, deleted FROM (
              SELECT lmns_code, body, deleted, row_number() OVER (PARTITION BY lmns_code ORDER BY revision DESC) AS newest
              FROM measure_entity WHERE kind = $kind AND entity_id = $id) v
            WHERE newest = 1
            """), new { kind = CohortKind, id = CohortId }, tx)
            .Where(r => !r.Deleted).ToDictionary(r => r.Lmns, r => JsonSerializer.Deserialize<PriorityCohort>(r.Body, Json)!, StringComparer.Ordinal);

    /// <summary>
    /// Adds or changes the measures and dimensions of a checked measures file, all in one transaction. Measures stored
    /// but not in the file are kept (their values would lose their meaning). A change that reads stored values
    /// differently makes a new version.
    /// </summary>
    public static ImportResult Import(Database database, Access access, string lmns, MeasureFile.Content content)
    {
        access.Demand(access.CanEditPlan(lmns), $"change the measures of {lmns}");
        if (content.Issues.Count > 0) throw new InvalidDataException("the measures were not saved: the file has bad cells");
        int added = 0, changed = 0, versions = 0, unchanged = 0;
        Write(database, (connection, tx, now) =>
        {
            var current = Current(connection, tx, lmns).ToDictionary(r => (r.Kind, r.Id));
            foreach (var d in content.Dimensions)
                Put(connection, tx, current, lmns, DimensionKind, d.Name, JsonSerializer.Serialize(new StoredDimension(d.Name, d.Description, d.Codes), Json), now, access.Name);
            foreach (var m in content.Measures)
            {
                var id = m.Id;
                var old = current.GetValueOrDefault((MeasureKind, id));
                var before = old is { Deleted: false } ? JsonSerializer.Deserialize<MeasureDefinition>(old.Body, Json) : null;
                var version = before is null ? 1 : m.Reinterprets(before) ? before.Version + 1 : before.Version;
                var body = JsonSerializer.Serialize(m with { Lmns = lmns, Version = version }, Json);
                if (before is null) added++;
                else if (old!.Body == body) { unchanged++; continue; }
                else if (version != before.Version) versions++;
                else changed++;
                Put(connection, tx, current, lmns, MeasureKind, id, body, now, access.Name);
            }
        });
        AuditLog.Append(database, access.Name, "measures.import", lmns, $"{added} added, {changed} changed, {versions} new versions, {unchanged} unchanged");
        return new ImportResult(added, changed, versions, unchanged);
    }

    /// <summary>Makes the LMNS's own targets these (a checked targets file), in one transaction; the shipped defaults stay under them.</summary>
    public static ImportResult ImportTargets(Database database, Access access, string lmns, IReadOnlyList<MeasureTarget> targets)
    {
        access.Demand(access.CanEditPlan(lmns), $"change the targets of {lmns}");
        int added = 0, changed = 0, unchanged = 0, removed = 0;
        Write(database, (connection, tx, now) =>
        {
            var current = Current(connection, tx, lmns).Where(r => r.Kind == TargetKind).ToDictionary(r => (r.Kind, r.Id));
            var wanted = targets.ToDictionary(t => $"{t.MeasureId}|{t.Org}", t => JsonSerializer.Serialize(t with { Lmns = lmns }, Json));
            foreach (var (id, body) in wanted)
            {
                if (!current.TryGetValue((TargetKind, id), out var old) || old.Deleted) added++;
                else if (old.Body == body) { unchanged++; continue; }
                else changed++;
                Put(connection, tx, current, lmns, TargetKind, id, body, now, access.Name);
            }
            foreach (var ((_, id), old) in current.Where(c => !c.Value.Deleted && !wanted.ContainsKey(c.Key.Id)))
            {
                removed++;
                connection.Execute(connection.Sql("""
                    INSERT INTO measure_entity (lmns_code, kind, entity_id, revision, changed_at, changed_by, deleted, body)
                    VALUES ($lmns, $kind, $id, $revision, $now, $by, TRUE, $body)
                    """), new { lmns, kind = TargetKind, id, revision = old.Revision + 1, now, by = access.Name, body = old.Body }, tx);
            }
        });
        AuditLog.Append(database, access.Name, "targets.import", lmns, $"{added} added, {changed} changed, {removed} removed, {unchanged} unchanged");
        return new ImportResult(added, changed, 0, unchanged, removed);
    }

    private sealed record StoredDimension(string Name, string Description, IReadOnlyList<string> Codes);

    private sealed record Row(string Kind, string Id, int Revision, bool Deleted, string Body, string? ChangedBy = null, DateTime? ChangedAt = null);

    private static IEnumerable<Row> Current(DbConnection connection, DbTransaction? tx, string lmns) =>
        connection.Query<(string Kind, string Id, int Revision, bool Deleted, string Body, string By, DateTime At)>(connection.Sql("""
            SELECT kind, entity_id, revision, deleted, body, changed_by, changed_at FROM (
              SELECT kind, entity_id, revision, deleted, body, changed_by, changed_at,
                     row_number() OVER (PARTITION BY kind, entity_id ORDER BY revision DESC) AS newest
              FROM measure_entity WHERE lmns_code = $lmns) v
            WHERE newest = 1
            """), new { lmns }, tx).Select(r => new Row(r.Kind, r.Id, r.Revision, r.Deleted, r.Body, r.By, r.At));

    private static void Put(DbConnection connection, DbTransaction tx, Dictionary<(string, string), Row> current, string lmns, string kind, string id, string body, DateTime now, string by)
    {
        var old = current.GetValueOrDefault((kind, id));
        if (old is { Deleted: false } && old.Body == body) return;
        connection.Execute(connection.Sql("""
            INSERT INTO measure_entity (lmns_code, kind, entity_id, revision, changed_at, changed_by, deleted, body)
            VALUES ($lmns, $kind, $id, $revision, $now, $by, FALSE, $body)
            """), new { lmns, kind, id, revision = (old?.Revision ?? 0) + 1, now, by, body }, tx);
        current[(kind, id)] = new Row(kind, id, (old?.Revision ?? 0) + 1, false, body);
    }

    private static void Write(Database database, Action<DbConnection, DbTransaction, DateTime> write)
    {
        using var connection = database.Open();
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.MeasureLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        write(connection, tx, Database.Now());
        tx.Commit();
    }
}
