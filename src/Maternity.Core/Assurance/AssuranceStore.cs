using System.Data.Common;
using System.Globalization;
using Dapper;
using Maternity.Ingest;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Assurance;

/// <summary>
/// Declarations and their assurance: a trust (or the LMNS for it) declares each framework item's status with evidence;
/// a change to a declaration in force is a new revision with its reason, never an edit in place; the LMNS accepts a
/// revision or queries it with a reason. Every write is audited in the same transaction. Reading needs any role but
/// the public one (declarations hold no counts of people).
/// </summary>
public static class AssuranceStore
{
    /// <summary>Writers of declarations take turns on PostgreSQL (DuckDB has one writer already).</summary>
    private const long AssuranceLock = 72_014;

    public sealed record ImportResult(int Added, int Revised, int Unchanged, IReadOnlyList<RowIssue> Issues)
    {
        public bool Succeeded => Issues.Count == 0;
    }

    /// <summary>Whether the caller may declare for <paramref name="org"/>: an admin; an analyst of its LMNS; a user of that trust.</summary>
    public static bool CanDeclare(Access access, string org) =>
        access.Role == Role.Admin || (access.Role is Role.Analyst or Role.TrustUser && access.SeesRecordsOf(org));

    /// <summary>Whether the caller may give the LMNS's assurance for <paramref name="org"/>: an admin, or an analyst of its LMNS.</summary>
    public static bool CanAssure(Access access, string org) =>
        access.Role == Role.Admin || (access.Role == Role.Analyst && access.SeesRecordsOf(org));

    /// <summary>Makes one declaration; bad input is refused with what is wrong (nothing stored).</summary>
    public static Declaration Declare(Database database, Access access, DeclarationInput input, IReadOnlyList<Framework>? frameworks = null)
    {
        var result = DeclareAll(database, access, [input], "form", frameworks);
        if (!result.Succeeded) throw new InvalidDataException(string.Join("; ", result.Issues.Select(i => $"{i.Column}: {i.Reason}")));
        return Current(database, access, input.FrameworkId).Single(d =>
            d.ItemId.Equals(input.ItemId, StringComparison.OrdinalIgnoreCase) && d.OrgCode == input.OrgCode && d.Period == Month(input.Period));
    }

    /// <summary>
    /// Makes every declaration given in one transaction: if any is refused (unknown framework, item or trust, no right to
    /// declare for the trust, no reason for revising one in force) nothing is stored and each problem is returned.
    /// </summary>
    public static ImportResult DeclareAll(Database database, Access access, IReadOnlyList<DeclarationInput> inputs, string how,
        IReadOnlyList<Framework>? frameworks = null)
    {
        access.Demand(access.Role != Role.Public, "make assurance declarations");
        frameworks ??= Frameworks.Default;
        using var connection = database.Open();
        var trusts = connection.Query<string>("SELECT org_code FROM org WHERE org_type = 'Trust'").ToHashSet(StringComparer.Ordinal);
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(AssuranceLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        var current = ReadDeclarations(connection, tx, null, currentOnly: true)
            .ToDictionary(d => Key(d.FrameworkId, d.ItemId, d.OrgCode, d.Period));
        var issues = new List<RowIssue>();
        var writes = new List<(DeclarationInput Input, Framework Framework, FrameworkItem Item, Declaration? Old, List<EvidenceFiles.Checked> Files)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var framework = frameworks.FirstOrDefault(f => f.Id.Equals(input.FrameworkId, StringComparison.OrdinalIgnoreCase));
            if (framework is null)
            {
                issues.Add(new RowIssue(input.Row, "Framework", input.FrameworkId, $"not a framework ({string.Join(", ", frameworks.Select(f => f.Id))})"));
                continue;
            }
            if (framework.Item(input.ItemId) is not { } item)
            {
                issues.Add(new RowIssue(input.Row, "Item", input.ItemId, $"not an item of {framework.Id} ({string.Join(", ", framework.Items.Select(i => i.Id))})"));
                continue;
            }
            if (!trusts.Contains(input.OrgCode))
            {
                issues.Add(new RowIssue(input.Row, "Org", input.OrgCode, "not a trust in the organisation hierarchy"));
                continue;
            }
            if (!CanDeclare(access, input.OrgCode))
            {
                issues.Add(new RowIssue(input.Row, "Org", input.OrgCode, $"{access.Name} ({access.Role}) may not declare for {input.OrgCode}"));
                continue;
            }
            var files = new List<EvidenceFiles.Checked>();
            foreach (var upload in input.Files)
                if (EvidenceFiles.TryCheck(upload, out var file, out var problem)) files.Add(file!);
                else issues.Add(new RowIssue(input.Row, "Evidence file", upload.Name, problem!));
            var key = Key(framework.Id, item.Id, input.OrgCode, Month(input.Period));
            if (!seen.Add(key))
            {
                issues.Add(new RowIssue(input.Row, "Item", input.ItemId, $"{item.Id} for {input.OrgCode} in {Month(input.Period):yyyy-MM} is declared twice in this file"));
                continue;
            }
            var old = current.GetValueOrDefault(key);
            var links = input.Links.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (old is not null && old.Status == input.Status && old.Evidence == input.Evidence.Trim() && old.Links.SequenceEqual(links))
            {
                writes.Add((input, framework, item, old, files));
                continue;
            }
            if (old is not null && string.IsNullOrWhiteSpace(input.Reason))
            {
                issues.Add(new RowIssue(input.Row, "Reason", null,
                    $"{old.DeclaredBy} declared {item.Id} for {input.OrgCode} ({ComplianceText.Label(old.Status)}) on {old.DeclaredAt:yyyy-MM-dd}: give the reason for revising it"));
                continue;
            }
            writes.Add((input with { Links = links }, framework, item, old, files));
        }
        if (issues.Count > 0) return new ImportResult(0, 0, 0, issues);

        var now = Database.Now();
        var next = connection.ExecuteScalar<long>("SELECT coalesce(max(declaration_id), 0) FROM assurance_declaration", transaction: tx);
        int added = 0, revised = 0, unchanged = 0;
        var stored = new List<EvidenceFile>();
        foreach (var (input, framework, item, old, files) in writes)
        {
            var links = input.Links.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (old is not null && old.Status == input.Status && old.Evidence == input.Evidence.Trim() && old.Links.SequenceEqual(links))
            {
                unchanged++;
                stored.AddRange(EvidenceFiles.Store(connection, tx, old.Id, files, access.Name, now));
                continue;
            }
            if (old is not null)
            {
                connection.Execute(connection.Sql("UPDATE assurance_declaration SET superseded_at = $now WHERE declaration_id = $id"),
                    new { now, id = old.Id }, tx);
                revised++;
            }
            else added++;
            connection.Execute(connection.Sql("""
                INSERT INTO assurance_declaration (declaration_id, framework_id, item_id, org_code, period_start, revision, status,
                  evidence, links, reason, declared_by, declared_at, superseded_at)
                VALUES ($id, $framework, $item, $org, CAST($period AS DATE), $revision, $status, $evidence, $links, $reason, $by, $now, NULL)
                """), new
            {
                id = ++next, framework = framework.Id, item = item.Id, org = input.OrgCode,
                period = Month(input.Period).ToDateTime(TimeOnly.MinValue), revision = (old?.Revision ?? 0) + 1,
                status = ComplianceText.Code(input.Status), evidence = input.Evidence.Trim(), links = string.Join('\n', links),
                reason = old is null ? null : input.Reason?.Trim(), by = access.Name, now,
            }, tx);
            stored.AddRange(EvidenceFiles.Store(connection, tx, next, files, access.Name, now));
        }
        var orgs = string.Join(", ", inputs.Select(i => i.OrgCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        AuditLog.Commit(database, connection, tx, access.Name, "assurance.declare", orgs,
            $"{added} added, {revised} revised, {unchanged} unchanged ({how})"
            + (stored.Count == 0 ? "" : $"; evidence files: {EvidenceFiles.Describe(stored)}"));
        return new ImportResult(added, revised, unchanged, []);
    }

    /// <summary>
    /// Reads declarations from a CSV file with columns Framework, Item, Org, Period (yyyy-MM), Status, Evidence, Links
    /// (separated by ';') and Reason (for revising one in force), and makes them all or none: every problem is returned
    /// with its file, row and column.
    /// </summary>
    public static ImportResult Import(Database database, Access access, string path, IReadOnlyList<Framework>? frameworks = null)
    {
        var file = Path.GetFileName(path);
        var inputs = new List<DeclarationInput>();
        var issues = new List<RowIssue>();
        foreach (var row in StatsInput.Read(path))
        {
            string Need(string column)
            {
                if (row.Text(column) is { } value) return value;
                issues.Add(new RowIssue(row.Row, column, null, $"{file} row {row.Row}, column '{column}': a value is required"));
                return "";
            }
            var framework = Need("Framework");
            var item = Need("Item");
            var org = Need("Org");
            var periodText = Need("Period");
            var statusText = Need("Status");
            DateOnly period = default;
            if (periodText.Length > 0 && !TryMonth(periodText, out period))
                issues.Add(new RowIssue(row.Row, "Period", periodText, $"{file} row {row.Row}, column 'Period': '{periodText}' is not a month (yyyy-MM)"));
            var status = ComplianceText.Parse(statusText);
            if (statusText.Length > 0 && status is null)
                issues.Add(new RowIssue(row.Row, "Status", statusText,
                    $"{file} row {row.Row}, column 'Status': '{statusText}' is not one of met, partly met, not met, not applicable"));
            inputs.Add(new DeclarationInput(framework, item, org, period, status ?? Compliance.NotMet, row.Text("Evidence") ?? "",
                (row.Text("Links") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), row.Text("Reason"), row.Row));
        }
        if (inputs.Count == 0 && issues.Count == 0) issues.Add(new RowIssue(1, "", null, $"{file}: no declarations in the file"));
        if (issues.Count > 0) return new ImportResult(0, 0, 0, issues);
        var result = DeclareAll(database, access, inputs, $"file {file}", frameworks);
        return result with { Issues = [.. result.Issues.Select(i => i with { Reason = $"{file} row {i.Row}, column '{i.Column}': {i.Reason}" })] };
    }

    /// <summary>
    /// The LMNS's assurance of the declaration revision <paramref name="declarationId"/> (which must still be in force):
    /// accepted, or queried with a reason.
    /// </summary>
    public static Review Assure(Database database, Access access, long declarationId, string outcome, string? reason)
    {
        outcome = outcome.Trim().ToLowerInvariant();
        if (outcome is not (Review.Accepted or Review.Queried))
            throw new InvalidDataException($"outcome '{outcome}' is not {Review.Accepted} or {Review.Queried}");
        if (outcome == Review.Queried && string.IsNullOrWhiteSpace(reason))
            throw new InvalidDataException("give the reason for querying the declaration");
        using var connection = database.Open();
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(AssuranceLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        var declaration = ReadDeclarations(connection, tx, declarationId, currentOnly: false).SingleOrDefault()
            ?? throw new InvalidDataException($"there is no declaration {declarationId}");
        access.Demand(CanAssure(access, declaration.OrgCode), $"give the LMNS's assurance for {declaration.OrgCode}");
        if (!declaration.IsCurrent)
            throw new InvalidDataException($"declaration {declarationId} was revised on {declaration.SupersededAt:yyyy-MM-dd}: review the revision in force");
        var next = connection.ExecuteScalar<long>("SELECT coalesce(max(review_id), 0) FROM assurance_review", transaction: tx) + 1;
        var review = new Review(next, declarationId, outcome, reason?.Trim() ?? "", access.Name, Database.Now());
        connection.Execute(connection.Sql("""
            INSERT INTO assurance_review (review_id, declaration_id, outcome, reason, reviewed_by, reviewed_at)
            VALUES ($Id, $DeclarationId, $Outcome, $Reason, $ReviewedBy, $ReviewedAt)
            """), review, tx);
        AuditLog.Commit(database, connection, tx, access.Name, "assurance.review", declaration.OrgCode,
            $"{declaration.FrameworkId} {declaration.ItemId} {declaration.Period:yyyy-MM} revision {declaration.Revision}: {outcome}{(review.Reason.Length > 0 ? $" ({review.Reason})" : "")}");
        return review;
    }

    /// <summary>The declarations in force, of one framework or all, with each one's latest review.</summary>
    public static IReadOnlyList<Declaration> Current(Database database, Access access, string? frameworkId = null)
    {
        access.Demand(access.Role != Role.Public, "see assurance declarations");
        using var connection = database.Open();
        using var reading = database.Reading();
        return [.. ReadDeclarations(connection, null, null, currentOnly: true)
            .Where(d => frameworkId is null || d.FrameworkId.Equals(frameworkId, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>The declarations in force whose evidence links to the plan action <paramref name="actionId"/>: the action's items.</summary>
    public static IReadOnlyList<Declaration> ForPlanAction(Database database, Access access, string actionId) =>
        [.. Current(database, access).Where(d => d.PlanActionIds.Contains(actionId, StringComparer.OrdinalIgnoreCase))];

    /// <summary>Every revision ever made for one item and trust (all periods), newest first, each with its latest review.</summary>
    public static IReadOnlyList<Declaration> History(Database database, Access access, string frameworkId, string itemId, string? orgCode = null)
    {
        access.Demand(access.Role != Role.Public, "see assurance declarations");
        using var connection = database.Open();
        using var reading = database.Reading();
        return [.. ReadDeclarations(connection, null, null, currentOnly: false)
            .Where(d => d.FrameworkId.Equals(frameworkId, StringComparison.OrdinalIgnoreCase) && d.ItemId.Equals(itemId, StringComparison.OrdinalIgnoreCase)
                && (orgCode is null || d.OrgCode == orgCode))
            .OrderByDescending(d => d.Period).ThenByDescending(d => d.Revision).ThenBy(d => d.OrgCode, StringComparer.Ordinal)];
    }

    /// <summary>Every review of one declaration revision, oldest first.</summary>
    public static IReadOnlyList<Review> Reviews(Database database, Access access, long declarationId)
    {
        access.Demand(access.Role != Role.Public, "see assurance declarations");
        using var connection = database.Open();
        return [.. connection.Query<(long, long, string, string, string, DateTime)>(connection.Sql("""
            SELECT review_id, declaration_id, outcome, reason, reviewed_by, reviewed_at FROM assurance_review
            WHERE declaration_id = $id ORDER BY review_id
            """), new { id = declarationId }).Select(r => new Review(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6))];
    }

    private static List<Declaration> ReadDeclarations(DbConnection connection, DbTransaction? tx, long? id, bool currentOnly)
    {
        var reviews = connection.Query<(long, long, string, string, string, DateTime)>(
                "SELECT review_id, declaration_id, outcome, reason, reviewed_by, reviewed_at FROM assurance_review ORDER BY review_id", transaction: tx)
            .GroupBy(r => r.Item2).ToDictionary(g => g.Key, g => g.Last());
        var sql = connection.Sql($"""
            SELECT declaration_id, framework_id, item_id, org_code, CAST(period_start AS TIMESTAMP) AS period_start, revision, status, evidence, links, reason,
              declared_by, declared_at, superseded_at
            FROM assurance_declaration
            WHERE ($id IS NULL OR declaration_id = $id) {(currentOnly ? "AND superseded_at IS NULL" : "")}
            ORDER BY framework_id, org_code, item_id, period_start, revision
            """);
        return [.. connection.Query<DeclarationRow>(sql, new { id }, tx).Select(r =>
        {
            var review = reviews.TryGetValue(r.declaration_id, out var v) ? new Review(v.Item1, v.Item2, v.Item3, v.Item4, v.Item5, v.Item6) : null;
            return new Declaration(r.declaration_id, r.framework_id, r.item_id, r.org_code, DateOnly.FromDateTime(r.period_start), r.revision,
                ComplianceText.Parse(r.status) ?? Compliance.NotMet, r.evidence, r.links.Split('\n', StringSplitOptions.RemoveEmptyEntries), r.reason,
                r.declared_by, r.declared_at, r.superseded_at, review);
        })];
    }

#pragma warning disable IDE1006, CA1812 // Dapper fills it from the columns
    private sealed record DeclarationRow(long declaration_id, string framework_id, string item_id, string org_code, DateTime period_start,
        int revision, string status, string evidence, string links, string? reason, string declared_by, DateTime declared_at, DateTime? superseded_at);
#pragma warning restore IDE1006, CA1812

    private static string Key(string framework, string item, string org, DateOnly period) =>
        string.Create(CultureInfo.InvariantCulture, $"{framework.ToUpperInvariant()}|{item.ToUpperInvariant()}|{org}|{period:yyyy-MM}");

    /// <summary>The first day of the month of <paramref name="day"/>.</summary>
    public static DateOnly Month(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>Reads yyyy-MM (or yyyy-MM-dd, taken as its month).</summary>
    public static bool TryMonth(string text, out DateOnly month)
    {
        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            month = Month(d);
            return true;
        }
        month = default;
        return false;
    }
}
