using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Maternity.Storage;

namespace Maternity.Indicators;

/// <summary>
/// Computes the counts of every catalogue indicator from the record-level tables: one grouped query per
/// cohort (GROUPING SETS over LMNS, provider and site x month x breakdown, a site's counts keyed by provider and
/// site: <see cref="SiteKey"/>), each indicator a pair of FILTERed
/// counts in it. The counts replace the previous record-level counts in one transaction; nothing downstream
/// reads the record-level tables again.
/// </summary>
public static class IndicatorEngine
{
    public const string RecordLevel = "record-level";

    public sealed record Summary(int Indicators, long CountRows, TimeSpan Elapsed)
    {
        /// <summary>Whether only the months touched since the last compute were recomputed (false: every month).</summary>
        public bool Incremental { get; init; }

        /// <summary>The months recomputed by an incremental compute (of any cohort); empty for a full one.</summary>
        public IReadOnlyList<DateOnly> Months { get; init; } = [];
    }

    private static readonly Breakdown[] Splits = [.. Enum.GetValues<Breakdown>().Where(b => b != Breakdown.Total)];

    /// <summary>
    /// The single grouped query for one cohort's indicators over <paramref name="rows"/> (a query of the cohort's rows with
    /// their <c>period_start</c>, site key and breakdown groups, as <see cref="CohortSql.CohortRows"/> gives), only the
    /// months listed by <paramref name="months"/> (a query of one <c>period_start</c> column) when given. Public for the
    /// benchmark and tests.
    /// </summary>
    public static string GroupedSql(string rows, IReadOnlyList<IndicatorDefinition> definitions, string? months = null)
    {
        var counts = string.Join(",\n  ", definitions.Select((d, i) =>
            $"count(*) FILTER (WHERE ({d.Denominator})) AS d{i}, count(*) FILTER (WHERE ({d.Denominator}) AND ({d.Numerator})) AS n{i}"));
        var sets = new List<string>();
        foreach (var org in new[] { "lmns_code", "lmns_code, org_code" })
        {
            sets.Add($"({org}, period_start)");
            sets.AddRange(Splits.Select(b => $"({org}, period_start, g_{b})"));
        }
        sets.Add("(lmns_code, org_code, site_key, period_start)");
        return $"""
            SELECT lmns_code, org_code, site_key, period_start, GROUPING(org_code) AS x_org, GROUPING(site_key) AS x_site,
              {string.Join(", ", Splits.Select(b => $"g_{b}, GROUPING(g_{b}) AS x_{b}"))},
              {counts}
            FROM ({rows}) grouped_input
            WHERE period_start IS NOT NULL{(months is null ? "" : $" AND period_start IN ({months})")}
            GROUP BY GROUPING SETS ({string.Join(", ", sets)})
            """;
    }

    /// <summary>
    /// The single grouped query for one cohort's indicators straight from the record-level tables (the derivation inlined):
    /// for the benchmark and tests, the same counts as <see cref="Compute"/>.
    /// </summary>
    public static string GroupedSql(Cohort cohort, IReadOnlyList<IndicatorDefinition> definitions, string? priority = null)
    {
        priority ??= Measures.PriorityCohort.Default.Sql();
        var rows = cohort == Cohort.Births
            ? $"{CohortSql.BabyFeatures($"({CohortSql.PregnancyFeatures(priority)})")}"
            : $"{CohortSql.CohortRows(cohort, $"({CohortSql.PregnancyFeatures(priority)})", "")}";
        return GroupedSql(rows, definitions);
    }

    /// <summary>
    /// Recomputes the record-level counts of the catalogue. The features of every pregnancy and baby are derived once
    /// (<see cref="CohortSql.PregnancyFeatures"/>, <see cref="CohortSql.BabyFeatures"/>) and every cohort is grouped from
    /// them. A fingerprint of each row is kept in the store (<see cref="FeatureTables"/>) with the counts the rows gave: a
    /// hash of the row and the months it counts in. The next compute derives the features and their fingerprints again,
    /// compares the fingerprints (EXCEPT ALL both ways), and regroups only the months of each cohort that a changed, new or
    /// removed pregnancy or baby falls in, replacing those months' counts in place. Anything the counts depend on
    /// is in the features (records, organisation hierarchy, IMD, priority cohort) or in the signature of the definitions
    /// and the feature SQL; when the signature differs, or <paramref name="full"/>, every month is recomputed.
    /// </summary>
    public static Summary Compute(Database database, IReadOnlyList<IndicatorDefinition>? definitions = null, bool full = false)
    {
        definitions ??= Catalogue.Definitions;
        var clock = Stopwatch.StartNew();
        var computedAt = Database.Now();
        using var connection = database.Open();
        // On DuckDB the features are derived before the transaction: a table made inside one is held in the transaction's
        // own storage, which DuckDB groups at about half the speed of a committed temporary table. The counts and the
        // fingerprints both come from that one derivation, as a transaction begun then would have read the records, so
        // whatever is loaded meanwhile is found changed by the next compute. On a server, where computes in several
        // processes take turns by the transaction's lock, they are derived inside it, after the lock.
        var before = !database.Dialect.IsPostgreSql;
        string pregnancySql = "", babySql = "";
        if (before) (pregnancySql, babySql) = Derive(connection, database, null);
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.CountsLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        if (!before) (pregnancySql, babySql) = Derive(connection, database, tx);
        // The fingerprints are DuckDB hashes on DuckDB: another DuckDB version may hash differently, so it recomputes every month.
        var engine = database.Dialect.IsPostgreSql ? "postgresql" : connection.ExecuteScalar<string>("SELECT version()", transaction: tx)!;
        var signature = Signature(definitions, pregnancySql, babySql, Fingerprints, engine);
        var incremental = !full && connection.QuerySingleOrDefault<string?>("SELECT signature FROM indicator_feature_state", transaction: tx) == signature;

        // The fingerprints of the features, the next state kept in the store.
        var pregnancyMonths = string.Join(", ", PregnancyCohorts.Select(c => $"{CohortSql.PeriodStart(c)} AS m_{c}"));
        connection.Execute($"""
            DROP TABLE IF EXISTS {FeatureTables.NextPregnancy}; DROP TABLE IF EXISTS {FeatureTables.NextBaby};
            CREATE TABLE {FeatureTables.NextPregnancy} AS
            SELECT {database.Dialect.RowHash(Columns(connection, FeatureTables.Pregnancy, tx, "p"))} AS row_hash, {pregnancyMonths}
            FROM {FeatureTables.Pregnancy} p;
            CREATE TABLE {FeatureTables.NextBaby} AS
            SELECT {database.Dialect.RowHash(Columns(connection, FeatureTables.Baby, tx, "b"))} AS row_hash, period_start
            FROM {FeatureTables.Baby} b;
            """, transaction: tx, commandTimeout: 0);

        if (incremental)
        {
            // What changed since the counts were computed: fingerprints in one state and not the other, either way (a row
            // whose features changed has a new hash; its months before and after are both touched).
            foreach (var (table, next, name) in new[]
            {
                (FeatureTables.KeptPregnancy, FeatureTables.NextPregnancy, "changed_pregnancies"),
                (FeatureTables.KeptBaby, FeatureTables.NextBaby, "changed_babies"),
            })
            {
                connection.Execute($"""
                    CREATE TEMP TABLE {name} AS
                    SELECT * FROM (SELECT * FROM {next} EXCEPT ALL SELECT * FROM {table}) added
                    UNION ALL
                    SELECT * FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM {next}) removed
                    """, transaction: tx, commandTimeout: 0);
            }
        }
        else
        {
            connection.Execute(connection.Sql("DELETE FROM indicator_count WHERE source = $source"), new { source = RecordLevel }, tx);
        }

        // Each cohort's grouped counts land in a temporary table, then one INSERT unpivots them into indicator_count:
        // the counts never leave the engine.
        long rows = 0;
        var months = new SortedSet<DateOnly>();
        var breakdownCase = "CASE " + string.Concat(Splits.Select(b => $"WHEN x_{b} = 0 THEN '{b}' ")) + "ELSE 'Total' END";
        var groupCase = "CASE " + string.Concat(Splits.Select(b => $"WHEN x_{b} = 0 THEN COALESCE(g_{b}, 'Unknown') ")) + "ELSE 'Total' END";
        foreach (var cohort in definitions.GroupBy(d => d.Cohort))
        {
            var list = cohort.ToList();
            string? touched = null;
            if (incremental)
            {
                // The months of this cohort that a changed pregnancy or baby falls in, before or after the change.
                var changed = cohort.Key == Cohort.Births
                    ? "SELECT DISTINCT period_start FROM changed_babies WHERE period_start IS NOT NULL"
                    : $"SELECT DISTINCT m_{cohort.Key} AS period_start FROM changed_pregnancies";
                var found = connection.Query<DateTime?>(changed, transaction: tx, commandTimeout: 0)
                    .OfType<DateTime>().Select(DateOnly.FromDateTime).ToList();
                if (found.Count == 0) continue;
                months.UnionWith(found);
                connection.Execute($"CREATE TEMP TABLE touched_months AS {changed}", transaction: tx);
                touched = "SELECT period_start FROM touched_months";
                var ids = string.Join(", ", list.Select(d => $"'{d.Id}'"));
                connection.Execute(connection.Sql($"""
                    DELETE FROM indicator_count WHERE source = $source AND indicator_id IN ({ids})
                      AND period_start IN (SELECT period_start FROM touched_months)
                    """), new { source = RecordLevel }, tx);
            }
            var source = CohortSql.CohortRows(cohort.Key, FeatureTables.Pregnancy, FeatureTables.Baby);
            connection.Execute($"CREATE TEMP TABLE grouped_counts AS {GroupedSql(source, list, touched)}", transaction: tx, commandTimeout: 0);
            var selects = list.Select((d, i) => $"""
                SELECT '{d.Id}', {d.Version},
                  CASE WHEN x_org = 1 THEN 'LMNS' WHEN x_site = 0 THEN 'Site' ELSE 'Provider' END,
                  CASE WHEN x_org = 1 THEN lmns_code WHEN x_site = 0 THEN site_key ELSE org_code END,
                  'Month', period_start, {breakdownCase}, {groupCase}, n{i}, d{i}, '{RecordLevel}', 'exact', $at
                FROM grouped_counts WHERE d{i} > 0
                """);
            rows += connection.Execute(connection.Sql($"""
                INSERT INTO indicator_count (indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown,
                  group_code, numerator, denominator, source, exactness, computed_at)
                {string.Join("\nUNION ALL\n", selects)}
                """), new { at = computedAt }, tx, commandTimeout: 0);
            connection.Execute("DROP TABLE grouped_counts", transaction: tx);
            if (touched is not null) connection.Execute("DROP TABLE touched_months", transaction: tx);
        }
        if (incremental) connection.Execute("DROP TABLE changed_pregnancies; DROP TABLE changed_babies", transaction: tx);

        // The fingerprints of the features just derived become the state the next compute compares with.
        connection.Execute($"""
            DROP TABLE IF EXISTS {FeatureTables.KeptPregnancy};
            DROP TABLE IF EXISTS {FeatureTables.KeptBaby};
            ALTER TABLE {FeatureTables.NextPregnancy} RENAME TO {FeatureTables.KeptPregnancy};
            ALTER TABLE {FeatureTables.NextBaby} RENAME TO {FeatureTables.KeptBaby};
            DELETE FROM indicator_feature_state;
            """, transaction: tx);
        connection.Execute(connection.Sql("INSERT INTO indicator_feature_state (signature, computed_at) VALUES ($signature, $at)"),
            new { signature, at = computedAt }, tx);
        using (database.Writing()) tx.Commit();
        connection.Execute($"DROP TABLE IF EXISTS {FeatureTables.Baby}; DROP TABLE IF EXISTS {FeatureTables.Pregnancy}");
        if (!incremental || months.Count > 0) Computed?.Invoke(database);
        return new Summary(definitions.Count, rows, clock.Elapsed) { Incremental = incremental, Months = [.. months] };
    }

    /// <summary>
    /// Derives the features of every pregnancy and baby into the temporary <see cref="FeatureTables.Pregnancy"/> and
    /// <see cref="FeatureTables.Baby"/> (the pregnancies' first, as the babies read them); returns the SQL of each.
    /// </summary>
    private static (string Pregnancy, string Baby) Derive(DbConnection connection, Database database, DbTransaction? tx)
    {
        // Indicators of the priority cohort count each LMNS's own (read with the records).
        var priority = Measures.PriorityCohort.CaseSql(Measures.MeasureStore.Cohorts(connection, tx));
        var pregnancySql = CohortSql.PregnancyFeatures(priority);
        var babySql = CohortSql.BabyFeatures(FeatureTables.Pregnancy);
        connection.Execute($"DROP TABLE IF EXISTS {FeatureTables.Baby}; DROP TABLE IF EXISTS {FeatureTables.Pregnancy}", transaction: tx);
        connection.Execute($"CREATE TEMP TABLE {FeatureTables.Pregnancy} AS {pregnancySql}", transaction: tx, commandTimeout: 0);
        Analyze(connection, database, FeatureTables.Pregnancy, tx);
        connection.Execute($"CREATE TEMP TABLE {FeatureTables.Baby} AS {babySql}", transaction: tx, commandTimeout: 0);
        Analyze(connection, database, FeatureTables.Baby, tx);
        return (pregnancySql, babySql);
    }

    private static readonly Cohort[] PregnancyCohorts = [.. Enum.GetValues<Cohort>().Where(c => c != Cohort.Births)];

    /// <summary>How the kept fingerprints are made (a change here changes the signature, so the next compute is full).</summary>
    private const string Fingerprints = "fingerprints: row hash, the month of each pregnancy cohort, the baby's month";

    /// <summary>The columns of <paramref name="table"/>, each prefixed with <paramref name="alias"/>.</summary>
    private static string Columns(DbConnection connection, string table, DbTransaction tx, string alias)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT * FROM {table} WHERE 1 = 0";
        using var reader = command.ExecuteReader();
        return string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{alias}.{reader.GetName(i)}"));
    }

    private static void Analyze(DbConnection connection, Database database, string table, DbTransaction? tx)
    {
        if (database.Dialect.Analyze(table) is { } analyze) connection.Execute(analyze, transaction: tx);
    }

    /// <summary>What the kept fingerprints and counts were computed with: the definitions, the feature SQL, how fingerprints are made and the engine.</summary>
    private static string Signature(IReadOnlyList<IndicatorDefinition> definitions, params string[] sql)
    {
        var text = string.Join("\n", definitions.Select(d => $"{d.Id}|{d.Version}|{d.Cohort}|{d.Denominator}|{d.Numerator}").Concat(sql));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Stored monthly counts, filtered (null arguments match everything), as <paramref name="access"/> may see them:
    /// exact for its own organisations, suppressed for others, none for the public role but the national publications.
    /// Suppressed totals are protected against every table they sit in, whatever this request asks for, so two
    /// requests can never be set side by side to work out a small count. Each indicator's counts are read once and
    /// kept until the stored counts change (their number or latest computation time), so pages stay quick.
    /// </summary>
    public static IReadOnlyList<IndicatorCount> Read(Database database, Security.Access access, string? indicatorId = null, string? orgCode = null,
        string? breakdown = null, DateOnly? periodStart = null)
    {
        var key = (database.Description, indicatorId, periodStart, Scope(access));
        IReadOnlyList<IndicatorCount> shown;
        if (Kept(database, key) is { } kept) shown = kept;
        else
        {
            // One request builds what many would (after a recompute every page wants the same counts at once); the
            // others are answered meanwhile from the counts kept before, the state committed until a moment ago, or
            // wait for it when there are none. The store's read gate is held only while reading, not while
            // protecting: a commit waiting for the gate would otherwise hold up every request behind it.
            // The gate is one per store and caller scope, not per indicator: after a recompute the first request rebuilds
            // what it needs, and every other request meanwhile is answered from what was kept (not each rebuilding another
            // indicator and all of them waiting).
            var gate = Building.GetOrAdd((database.Description, key.Item4), _ => new object());
            var busy = !Monitor.TryEnter(gate);
            if (busy && Cache.TryGetValue(key, out var previous)) shown = previous.Rows;
            else
            {
                if (busy) Monitor.Enter(gate);
                try
                {
                    if (Kept(database, key) is { } built) shown = built;
                    else
                    {
                        string version;
                        IReadOnlyList<IndicatorCount> rows;
                        // A caller who is not an administrator is shown the exact counts kept (read once for every scope)
                        // through the suppression policy: the store is read once per indicator after a compute, not once
                        // per scope (the board pack and the overview read each indicator exact and as a viewer).
                        var exactKey = (database.Description, indicatorId, periodStart, "admin");
                        if (access.Role != Security.Role.Admin
                            && Read(database, Security.Access.System("counts kept"), indicatorId, periodStart: periodStart) is not null
                            && Cache.TryGetValue(exactKey, out var exact))
                            (version, rows) = exact;
                        else
                            using (var connection = database.Open())
                            using (database.Reading())
                            {
                                version = Version(database, connection);
                                rows = Read(connection, indicatorId, null, null, periodStart);
                            }
                        if (Checked.Value is { } checks) checks[database.Description] = version;
                        // The same list is handed back until the counts change: what is derived from it may be kept as long (IndicatorView).
                        shown = access.Role == Security.Role.Admin ? rows : access.Apply(rows);
                        if (Cache.Count > 500) Cache.Clear();
                        Cache[key] = (version, shown);
                    }
                }
                finally
                {
                    Monitor.Exit(gate);
                }
            }
        }
        return orgCode is null && breakdown is null ? shown : [.. shown.Where(c => (orgCode is null || c.OrgCode == orgCode) && (breakdown is null || c.Breakdown == breakdown))];
    }

    /// <summary>
    /// Results of <paramref name="definition"/> summed into <paramref name="periodType"/> as <paramref name="access"/> may see
    /// them, filtered (null matches everything): each period summed from the exact months and then rounded for the caller
    /// (<see cref="ShownFigures"/>), so a quarter or a year is the same figure in every page, export and pack.
    /// </summary>
    public static IReadOnlyList<IndicatorResult> Results(Database database, Security.Access access, IndicatorDefinition definition,
        PeriodType periodType, string? orgCode = null, string? breakdown = null)
    {
        var shown = Read(database, access, definition.Id);
        var exact = access.Role == Security.Role.Admin ? shown : Read(database, Security.Access.System("shown figures"), definition.Id);
        return [.. ShownFigures.Compute(definition, exact, shown, access, periodType)
            .Where(r => (orgCode is null || r.OrgCode == orgCode) && (breakdown is null || r.Breakdown == breakdown))];
    }

    /// <summary>What is kept for <paramref name="key"/>, if the stored counts have not changed since.</summary>
    private static IReadOnlyList<IndicatorCount>? Kept(Database database, (string, string?, DateOnly?, string) key)
    {
        if (!Cache.TryGetValue(key, out var hit)) return null;
        // Within one request (OneVersionCheck) the version is asked once, however many indicators the page reads.
        var checks = Checked.Value;
        if (checks is not null && checks.TryGetValue(database.Description, out var checkedVersion)) return hit.Version == checkedVersion ? hit.Rows : null;
        string version;
        // The embedded store unchanged since its version was last asked: no query.
        if (database.Stamp() is { } stamp && Versions.TryGetValue(database.Description, out var known) && known.Stamp == stamp) version = known.Version;
        else
        {
            using var connection = database.Open();
            // While a commit is under way what was kept is still the committed state (or, just after a load, the one before).
            using var reading = database.TryReading();
            if (reading is null) return hit.Rows;
            version = Version(database, connection);
        }
        if (checks is not null) checks[database.Description] = version;
        return hit.Version == version ? hit.Rows : null;
    }

    /// <summary>
    /// Until disposed, the stored counts' version is asked of the store once per store, not once per indicator read: for one
    /// request of a page that shows many indicators (the overview reads 36, each twice for a caller who is not an
    /// administrator). A request that writes counts must not be inside one (its own compute would be read as unchanged).
    /// </summary>
    public static IDisposable OneVersionCheck()
    {
        var previous = Checked.Value;
        Checked.Value = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        return new Restore(() => Checked.Value = previous);
    }

    private static readonly AsyncLocal<System.Collections.Concurrent.ConcurrentDictionary<string, string>?> Checked = new();

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>
    /// Raised after each compute commits, with the store: the web host rebuilds the views its callers were shown so that no
    /// caller pays for the first request after a load (<see cref="Reports.IndicatorView.Warm"/>).
    /// </summary>
    public static event Action<Database>? Computed;

    /// <summary>The counts' version, asked of the store only when the embedded store's <see cref="Database.Stamp"/> moved since it was last asked.</summary>
    private static string Version(Database database, DbConnection connection)
    {
        var stamp = database.Stamp();
        if (stamp is not null && Versions.TryGetValue(database.Description, out var known) && known.Stamp == stamp) return known.Version;
        var version = Version(connection);
        if (stamp is not null) Versions[database.Description] = (stamp.Value, version);
        return version;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Database.StoreStamp Stamp, string Version)> Versions = new();

    /// <summary>The stored counts' version: their number and latest computation time, which every write changes.</summary>
    private static string Version(DbConnection connection)
    {
        var (count, latest) = connection.QuerySingle<(long, DateTime?)>("SELECT count(*), max(computed_at) FROM indicator_count");
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count}/{latest:O}");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string Scope), object> Building = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Store, string? Indicator, DateOnly? Period, string Scope), (string Version, IReadOnlyList<IndicatorCount> Rows)> Cache = new();

    /// <summary>What a caller sees depends only on its role and the organisations it may see: the key of what is kept for it.</summary>
    public static string Scope(Security.Access access) =>
        access.Role == Security.Role.Admin ? "admin" : $"{access.Role}:{string.Join(",", access.RecordOrgs!.Order(StringComparer.Ordinal))}";

    /// <summary>Every stored count, exact: for Core's own writers of counts, never for a caller.</summary>
    internal static IReadOnlyList<IndicatorCount> Read(DbConnection connection, string? indicatorId, string? orgCode, string? breakdown, DateOnly? periodStart)
    {
        using var reader = connection.ExecuteReader(connection.Sql("""
            SELECT indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown, group_code,
                   numerator, denominator, source, exactness
            FROM indicator_count
            WHERE ($indicator IS NULL OR indicator_id = $indicator)
              AND ($org IS NULL OR org_code = $org)
              AND ($breakdown IS NULL OR breakdown = $breakdown)
              AND (CAST($period AS DATE) IS NULL OR period_start = CAST($period AS DATE))
            ORDER BY indicator_id, org_level, org_code, period_start, breakdown, group_code
            """), new { indicator = indicatorId, org = orgCode, breakdown, period = periodStart?.ToDateTime(TimeOnly.MinValue) });
        // Read column by column with the reader's typed getters (a quarter of a million counts at national scale): the
        // repeated labels (indicator, level, period type, breakdown, source, exactness) are shared, not one string a row.
        var rows = new List<IndicatorCount>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        string Label(int column)
        {
            var value = reader.GetString(column);
            if (labels.TryGetValue(value, out var shared)) return shared;
            labels[value] = value;
            return value;
        }
        while (reader.Read())
            rows.Add(new IndicatorCount(Label(0), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), Label(2), reader.GetString(3), Label(4),
                reader.GetValue(5) switch { DateOnly d => d, var v => DateOnly.FromDateTime(Convert.ToDateTime(v, System.Globalization.CultureInfo.InvariantCulture)) },
                Label(6), reader.GetString(7), Convert.ToInt64(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture), Label(10), Label(11)));
        return rows;
    }
}
