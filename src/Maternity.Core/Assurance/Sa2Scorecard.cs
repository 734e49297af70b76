using System.Globalization;
using System.Text.Json;
using Dapper;
using Maternity.Ingest;
using Maternity.Quality;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Assurance;

/// <summary>
/// Safety action 2 of a Maternity Incentive Scheme year as trusts receive it: its numbered criteria, some of them combining
/// several items (year 4's criterion 7 is met when COC_DQ04, COC_DQ05 and COC_CareProfLID all are), and the score
/// "Achieved N out of M" over the criteria the scheme scores (year 4: criteria 2-7 of 1-7, so out of 6). Each computed
/// criterion reads one rule of the data-quality scorecard (<see cref="Scorecard"/>) for the trust and month and judges it
/// against the scheme's own threshold: a percentage rule is met at or above it; the CQIM rule when at least that many CQIMs
/// pass their gates. A criterion the product has no data for (criterion 1, the digital strategy; the CQIMs for roles
/// without record-level access) is shown as not computed and does not count as achieved.
/// </summary>
public sealed record Sa2Scorecard(string Scheme, string Title, IReadOnlyList<Sa2Scorecard.Criterion> Criteria)
{
    /// <param name="Rule">The data-quality rule (default-rules.json) the criterion is computed from; null for a declared one or one made of <paramref name="Parts"/>.</param>
    /// <param name="Threshold">At least this percentage (or this many CQIMs) meets it.</param>
    /// <param name="Scored">Counts towards "Achieved out of N".</param>
    /// <param name="Parts">The items a combined criterion is made of: met when every part is.</param>
    public sealed record Criterion(string Id, string Title, string? Rule = null, double? Threshold = null, bool Scored = true,
        bool Declared = false, IReadOnlyList<Criterion>? Parts = null);

    /// <param name="Met">Null when not computed (no data, or declared by the trust).</param>
    /// <param name="Value">The rule's value ("91.0%", "10 of 11 CQIMs"), or null.</param>
    public sealed record Result(string Id, string Title, bool? Met, string? Value, IReadOnlyList<Result> Parts)
    {
        public string Text => Met switch { true => "Yes", false => "No", null => "Not computed" };
    }

    public sealed record MonthScore(string OrgCode, DateOnly Month, IReadOnlyList<Result> Results, int Achieved, int OutOf)
    {
        public string Score => string.Create(CultureInfo.InvariantCulture, $"{Achieved} out of {OutOf}");
    }

    /// <summary>One criterion (or part) of a received scorecard against the computed one.</summary>
    public sealed record Comparison(string OrgCode, DateOnly Month, string Criterion, bool? Computed, bool Received)
    {
        public bool Agrees => Computed == Received;
    }

    public sealed record LoadResult(int Rows, IReadOnlyList<RowIssue> Issues)
    {
        public bool Succeeded => Issues.Count == 0;
    }

    private sealed record FileShape(string Source, IReadOnlyList<Sa2Scorecard> Scorecards);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, AllowTrailingCommas = true };

    /// <summary>The shipped scorecards (Assurance/Frameworks/sa2-scorecards.json): year 4 and year 6.</summary>
    public static IReadOnlyList<Sa2Scorecard> Default { get; } =
        JsonSerializer.Deserialize<FileShape>(Frameworks.Resource("sa2-scorecards.json"), Json)!.Scorecards;

    /// <summary>Where the shipped scorecards' criteria come from, and what of them is not verified.</summary>
    public static string Source { get; } = JsonSerializer.Deserialize<FileShape>(Frameworks.Resource("sa2-scorecards.json"), Json)!.Source;

    public static Sa2Scorecard Find(string scheme) =>
        Default.FirstOrDefault(s => s.Scheme.Equals(scheme, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidDataException($"no safety action 2 scorecard for scheme '{scheme}' ({string.Join(", ", Default.Select(s => s.Scheme))})");

    /// <summary>Every criterion and part id a received file may name.</summary>
    public IEnumerable<string> Ids => Criteria.SelectMany(c => (c.Parts ?? []).Select(p => p.Id).Prepend(c.Id));

    /// <summary>
    /// The scorecard of one trust and month from that month's data-quality criteria (by rule id). Pure: the test of a
    /// hand-worked month gives the criteria directly.
    /// </summary>
    public MonthScore Evaluate(string orgCode, DateOnly month, IReadOnlyDictionary<string, Scorecard.Criterion> byRule)
    {
        Result One(Criterion c)
        {
            if (c.Parts is { Count: > 0 } parts)
            {
                var results = parts.Select(One).ToList();
                bool? met = results.Any(r => r.Met == false) ? false : results.All(r => r.Met == true) ? true : null;
                return new Result(c.Id, c.Title, met, null, results);
            }
            if (c.Rule is null || !byRule.TryGetValue(c.Rule, out var rule)) return new Result(c.Id, c.Title, null, null, []);
            var threshold = c.Threshold ?? rule.Threshold;
            return rule.Indicator == QualityRules.Cqims
                ? new Result(c.Id, c.Title, rule.Numerator >= threshold,
                    string.Create(CultureInfo.InvariantCulture, $"{rule.Numerator} of {rule.Denominator} CQIMs"), [])
                : new Result(c.Id, c.Title, rule.Value >= threshold, string.Create(CultureInfo.InvariantCulture, $"{rule.Value:0.0}%"), []);
        }
        var all = Criteria.Select(One).ToList();
        var scored = Criteria.Select((c, i) => (c, r: all[i])).Where(x => x.c.Scored).ToList();
        return new MonthScore(orgCode, month, all, scored.Count(x => x.r.Met == true), scored.Count);
    }

    /// <summary>The scorecard of every trust and month the data-quality scorecard has (as the caller may see it).</summary>
    public IReadOnlyList<MonthScore> Compute(Database database, Access access, string? orgCode = null) =>
        [.. Scorecard.Build(database, access, orgCode: orgCode).Where(r => r.OrgLevel == "Provider")
            .Select(r => Evaluate(r.OrgCode, r.Month, r.Criteria.ToDictionary(c => c.RuleId)))];

    /// <summary>
    /// Loads scorecards as trusts receive them from a CSV file with columns OrgCode, Month (yyyy-MM), Criterion (a criterion
    /// number or a part's id, e.g. COC_DQ04) and Met (Yes/No): all rows or none, each problem with file, row and column.
    /// A trust and month in the file replaces what was stored for it.
    /// </summary>
    public LoadResult Load(Database database, Access access, string path)
    {
        var file = Path.GetFileName(path);
        var ids = Ids.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rows = new List<(string Org, DateOnly Month, string Criterion, bool Met)>();
        var issues = new List<RowIssue>();
        void Bad(long row, string column, string? value, string why) =>
            issues.Add(new RowIssue(row, column, value, $"{file} row {row}, column '{column}': {why}"));
        foreach (var row in StatsInput.Read(path))
        {
            var org = row.Text("OrgCode");
            var monthText = row.Text("Month");
            var criterion = row.Text("Criterion");
            var metText = row.Text("Met");
            if (org is null) Bad(row.Row, "OrgCode", null, "a value is required");
            else if (!AssuranceStore.CanDeclare(access, org)) Bad(row.Row, "OrgCode", org, $"{access.Name} ({access.Role}) may not load scorecards of {org}");
            var month = default(DateOnly);
            if (monthText is null || !AssuranceStore.TryMonth(monthText, out month)) Bad(row.Row, "Month", monthText, "a month (yyyy-MM) is required");
            if (criterion is null || !ids.Contains(criterion))
                Bad(row.Row, "Criterion", criterion, $"not a criterion of the {Scheme} scorecard ({string.Join(", ", Ids)})");
            bool? met = metText?.Trim().ToLowerInvariant() switch { "yes" or "y" or "pass" or "met" or "1" => true, "no" or "n" or "fail" or "not met" or "0" => false, _ => null };
            if (met is null) Bad(row.Row, "Met", metText, "Yes or No is required");
            if (org is not null && criterion is not null && met is { } m && ids.Contains(criterion))
            {
                var id = Ids.First(i => i.Equals(criterion, StringComparison.OrdinalIgnoreCase));
                if (rows.Any(r => r.Org == org && r.Month == month && r.Criterion == id)) Bad(row.Row, "Criterion", criterion, $"{id} for {org} {month:yyyy-MM} is in the file twice");
                else rows.Add((org, month, id, m));
            }
        }
        if (rows.Count == 0 && issues.Count == 0) issues.Add(new RowIssue(1, "", null, $"{file}: no scorecard rows in the file"));
        if (issues.Count > 0) return new LoadResult(0, issues);
        using var connection = database.Open();
        using var writing = database.Writing();
        using var tx = connection.BeginTransaction();
        var now = Database.Now();
        foreach (var (org, month) in rows.Select(r => (r.Org, r.Month)).Distinct())
            connection.Execute(connection.Sql("DELETE FROM assurance_sa2_received WHERE scheme = $scheme AND org_code = $org AND month_start = CAST($month AS DATE)"),
                new { scheme = Scheme, org, month = month.ToDateTime(TimeOnly.MinValue) }, tx);
        foreach (var r in rows)
            connection.Execute(connection.Sql("""
                INSERT INTO assurance_sa2_received (scheme, org_code, month_start, criterion, met, source_file, loaded_by, loaded_at)
                VALUES ($scheme, $org, CAST($month AS DATE), $criterion, $met, $file, $by, $now)
                """), new { scheme = Scheme, org = r.Org, month = r.Month.ToDateTime(TimeOnly.MinValue), criterion = r.Criterion, met = r.Met, file, by = access.Name, now }, tx);
        AuditLog.Commit(database, connection, tx, access.Name, "assurance.sa2.load", string.Join(", ", rows.Select(r => r.Org).Distinct()),
            $"{Scheme}: {rows.Count} criteria from {file}");
        return new LoadResult(rows.Count, []);
    }

    /// <summary>The received scorecards stored for this scheme: (org, month) to criterion to met.</summary>
    public IReadOnlyDictionary<(string Org, DateOnly Month), IReadOnlyDictionary<string, bool>> Received(Database database, Access access)
    {
        access.Demand(access.Role != Role.Public, "see safety action 2 scorecards");
        using var connection = database.Open();
        return connection.Query<(string, DateTime, string, bool)>(connection.Sql("""
                SELECT org_code, CAST(month_start AS TIMESTAMP), criterion, met FROM assurance_sa2_received WHERE scheme = $scheme
                """), new { scheme = Scheme })
            .GroupBy(r => (r.Item1, DateOnly.FromDateTime(r.Item2)))
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, bool>)g.ToDictionary(r => r.Item3, r => r.Item4, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Each criterion and part of every received scorecard against the computed one of the same trust and month.</summary>
    public static IReadOnlyList<Comparison> Compare(IEnumerable<MonthScore> computed,
        IReadOnlyDictionary<(string Org, DateOnly Month), IReadOnlyDictionary<string, bool>> received)
    {
        var byKey = computed.ToDictionary(c => (c.OrgCode, c.Month));
        var found = new List<Comparison>();
        foreach (var ((org, month), criteria) in received.OrderBy(r => r.Key.Org, StringComparer.Ordinal).ThenBy(r => r.Key.Month))
        {
            var results = byKey.TryGetValue((org, month), out var score)
                ? score.Results.SelectMany(r => r.Parts.Prepend(r)).ToDictionary(r => r.Id, r => r.Met, StringComparer.OrdinalIgnoreCase)
                : [];
            found.AddRange(criteria.Select(c => new Comparison(org, month, c.Key, results.GetValueOrDefault(c.Key), c.Value)));
        }
        return found;
    }
}
