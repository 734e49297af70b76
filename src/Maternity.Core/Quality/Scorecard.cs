using System.Globalization;
using Dapper;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Storage;

namespace Maternity.Quality;

/// <summary>
/// The data-quality scorecard: for each organisation (trusts and the LMNS) and month, each rule's value against its
/// threshold, pass or fail, and the score (rules passed out of rules with data that month). Read from the stored
/// counts of the rules' catalogue indicators, each in its own cohort month (as the national scorecard counts BMI
/// in the month women reach 15 weeks).
/// </summary>
public static class Scorecard
{
    public sealed record Criterion(string RuleId, string Title, string Indicator, double Threshold, long Numerator, long Denominator, double Value, bool Passed);

    public sealed record Row(string OrgLevel, string OrgCode, DateOnly Month, IReadOnlyList<Criterion> Criteria)
    {
        public int Passed => Criteria.Count(c => c.Passed);

        public int Evaluated => Criteria.Count;

        public string Score => string.Create(CultureInfo.InvariantCulture, $"{Passed}/{Evaluated}");
    }

    /// <summary>
    /// A run of consecutive months in which an organisation failed a rule; <see cref="Current"/> when the run reaches
    /// the latest month with data for that rule.
    /// </summary>
    public sealed record Failing(string OrgCode, string RuleId, string Title, IReadOnlyList<DateOnly> Months, double LatestValue, double Threshold, bool Current);

    public static IReadOnlyList<Row> Build(Database database, Security.Access access, QualityRules? rules = null, string? orgCode = null)
    {
        access.Demand(access.Role != Security.Role.Public, "see the data-quality scorecard");
        rules ??= QualityRules.Default;
        var criteria = new List<(string Level, string Org, DateOnly Month, Criterion Criterion)>();
        foreach (var rule in rules.Rules)
        {
            if (rule.Indicator == QualityRules.Cqims)
            {
                criteria.AddRange(CqimCriteria(database, access, rule, orgCode));
                continue;
            }
            var definition = Catalogue.Find(rule.Indicator)!;
            // Pass or fail is judged on the exact counts whoever asks (the same verdict for a viewer, in the board pack, as in
            // the trust's own scorecard); the counts and value shown are the caller's.
            var exact = (access.Role == Security.Role.Admin ? IndicatorEngine.Read(database, access, definition.Id, orgCode, nameof(Breakdown.Total))
                    : IndicatorEngine.Read(database, Security.Access.System("scorecard verdicts"), definition.Id, orgCode, nameof(Breakdown.Total)))
                .Where(c => c.PeriodType == "Month" && c.Denominator > 0)
                .GroupBy(c => (c.OrgCode, c.PeriodStart, IndicatorAnalysis.SourceKind(c.Source)))
                .ToDictionary(g => g.Key, g => 100.0 * g.Sum(c => c.Numerator) / g.Sum(c => c.Denominator) >= rule.Threshold);
            foreach (var c in IndicatorEngine.Read(database, access, definition.Id, orgCode, nameof(Breakdown.Total))
                         .Where(c => c.OrgLevel is "Provider" or "LMNS" && c.Denominator > 0))
            {
                var value = 100.0 * c.Numerator / c.Denominator;
                var passed = exact.TryGetValue((c.OrgCode, c.PeriodStart, IndicatorAnalysis.SourceKind(c.Source)), out var p) ? p : value >= rule.Threshold;
                criteria.Add((c.OrgLevel, c.OrgCode, c.PeriodStart,
                    new Criterion(rule.Id, rule.Title, rule.Indicator, rule.Threshold, c.Numerator, c.Denominator, value, passed)));
            }
        }
        return [.. criteria.GroupBy(c => (c.Level, c.Org, c.Month))
            .Select(g => new Row(g.Key.Level, g.Key.Org, g.Key.Month, [.. g.Select(c => c.Criterion).OrderBy(c => rules.Rules.ToList().FindIndex(r => r.Id == c.RuleId))]))
            .OrderBy(r => r.OrgLevel == "LMNS" ? 1 : 0).ThenBy(r => r.OrgCode, StringComparer.Ordinal).ThenBy(r => r.Month)];
    }

    /// <summary>
    /// The CQIM criterion for each trust and month: how many of the CQIMs pass their national data-quality gates, of
    /// all of them. The gates read record-level counts, so the criterion is there for the record-level roles only, and
    /// only for trusts whose HES deliveries are stored (without them the coverage measures cannot be evaluated).
    /// </summary>
    private static IEnumerable<(string, string, DateOnly, Criterion)> CqimCriteria(Database database, Security.Access access, QualityRules.Rule rule, string? orgCode)
    {
        if (!access.IsRecordLevel || (orgCode is not null && !access.SeesRecordsOf(orgCode))) return [];
        var hes = CqimGates.StoredExpectedDeliveries(database);
        return CqimGates.Evaluate(database, access, hes, orgCode)
            .Where(g => hes.ContainsKey(g.OrgCode))
            .GroupBy(g => (g.OrgCode, g.Month))
            .Select(g =>
            {
                var passed = g.Count(x => x.Status == "Pass");
                return ("Provider", g.Key.OrgCode, g.Key.Month, new Criterion(rule.Id, rule.Title, rule.Indicator, rule.Threshold, passed, g.Count(), passed, passed >= rule.Threshold));
            });
    }

    /// <summary>
    /// For each organisation and rule, its most recent run of <paramref name="consecutive"/> or more consecutive calendar
    /// months failing the rule (a month without data breaks a run): the exceptions for the board pack.
    /// </summary>
    public static IReadOnlyList<Failing> Exceptions(IEnumerable<Row> scorecard, int consecutive = 2)
    {
        var found = new List<Failing>();
        foreach (var series in scorecard.SelectMany(r => r.Criteria.Select(c => (r.OrgCode, r.Month, c))).GroupBy(x => (x.OrgCode, x.c.RuleId)))
        {
            var ordered = series.OrderBy(x => x.Month).ToList();
            var runs = new List<List<int>>();
            for (var i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].c.Passed) continue;
                if (runs.Count > 0 && runs[^1][^1] == i - 1 && ordered[i - 1].Month.AddMonths(1) == ordered[i].Month) runs[^1].Add(i);
                else runs.Add([i]);
            }
            if (runs.LastOrDefault(r => r.Count >= consecutive) is not { } run) continue;
            var last = ordered[run[^1]].c;
            found.Add(new Failing(series.Key.OrgCode, series.Key.RuleId, last.Title, [.. run.Select(i => ordered[i].Month)], last.Value, last.Threshold,
                run[^1] == ordered.Count - 1));
        }
        return [.. found.OrderBy(e => e.OrgCode, StringComparer.Ordinal).ThenBy(e => e.RuleId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Every record failing each rule for one provider and month, as CSV (org, month, rule, pregnancy, mother, fields,
    /// reason), streamed and never capped. Record-level: for the trust's data-quality lead and the LMNS analyst only.
    /// </summary>
    public static long WriteRecordsToFix(Database database, Security.Access access, string orgCode, DateOnly month, TextWriter writer, QualityRules? rules = null)
    {
        access.DemandRecords(orgCode);
        rules ??= QualityRules.Default;
        writer.Write("org_code,month,rule,pregnancy_id,mother_id,fields,reason\n");
        long rows = 0;
        using (var connection = database.Open())
        using (database.Reading())
        {
            foreach (var rule in rules.Rules)
            {
                // The CQIM criterion has no single field to fix: maternity quality cqim lists the failing measures.
                if (Catalogue.Find(rule.Indicator) is not { } definition || definition.Cohort == Cohort.Births) continue;
                var sql = connection.Sql($"""
                    SELECT PregnancyID, LPIDMother FROM ({CohortSql.For(definition.Cohort)}) c
                    WHERE org_code = $org AND period_start = CAST($month AS DATE) AND ({definition.Denominator}) AND NOT COALESCE(({definition.Numerator}), FALSE)
                    ORDER BY PregnancyID
                    """);
                foreach (var (pregnancy, mother) in connection.Query<(string, string)>(sql, new { org = orgCode, month = month.ToDateTime(TimeOnly.MinValue) }, buffered: false))
                {
                    writer.Write(string.Join(',', orgCode, month.ToString("yyyy-MM", CultureInfo.InvariantCulture), rule.Id,
                        QuarantineReport.Csv(pregnancy), QuarantineReport.Csv(mother), QuarantineReport.Csv(rule.Fields), QuarantineReport.Csv($"{rule.Title}: not met for this record")));
                    writer.Write('\n');
                    rows++;
                }
            }
        }
        Security.AuditLog.Append(database, access.Name, "records.export", $"{orgCode} {month:yyyy-MM}", $"records to fix: {rows} rows");
        return rows;
    }

    public sealed record Timeliness(string Table, string OrgCode, DateOnly Month, DateTime LoadedAt, int DaysAfterPeriodEnd, bool WithinWindow);

    /// <summary>
    /// When each current submission arrived against the end of its reporting month. MSDS submissions have a window of
    /// two months after the month (provisional, then final), so a load more than <paramref name="windowDays"/> days
    /// after the month ends is late.
    /// </summary>
    public static IReadOnlyList<Timeliness> SubmissionTimeliness(Database database, Security.Access access, int windowDays = 61)
    {
        access.Demand(access.Role != Security.Role.Public, "see submissions");
        using var connection = database.Open();
        using var reading = database.Reading();
        return [.. connection.Query<(string, string, DateTime, DateTime)>("SELECT table_name, org_code, rp_start_date, loaded_at FROM submission ORDER BY org_code, rp_start_date, table_name")
            .Select(s =>
            {
                var month = DateOnly.FromDateTime(s.Item3);
                var end = month.AddMonths(1).AddDays(-1).ToDateTime(TimeOnly.MaxValue);
                var days = (int)Math.Floor((s.Item4 - end).TotalDays) + 1;
                return new Timeliness(s.Item1, s.Item2, month, s.Item4, Math.Max(0, days), days <= windowDays);
            })];
    }
}
