using System.Globalization;
using System.Text;
using Maternity.Quality;
using Maternity.Security;
using Maternity.Storage;
using static System.Net.WebUtility;

namespace Maternity.Web.Quality;

/// <summary>
/// The data-quality scorecard, its exceptions, the field profile and timeliness as JSON, and the record-level list of
/// records to fix as CSV (for those who may see the trust's records; every download audited).
/// </summary>
public static class QualityApi
{
    public static void MapQuality(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/quality/scorecard", (string? org, string? format, Access access, Database database) =>
        {
            var rows = Scorecard.Build(database, access, orgCode: org);
            // As CSV, one row per organisation, month and rule: the history table the plans show.
            return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? CsvResult.Table(rows.SelectMany(r => r.Criteria.Select(c => new { r.OrgLevel, r.OrgCode, r.Month, c.RuleId, c.Title, c.Indicator, c.Threshold, c.Numerator, c.Denominator, c.Value, c.Passed, r.Score })), format, "scorecard")
                : Results.Ok(rows.Select(r => new { r.OrgLevel, r.OrgCode, r.Month, r.Passed, r.Evaluated, r.Score, r.Criteria }));
        });
        app.MapGet("/api/quality/exceptions", (int? months, string? format, Access access, Database database) =>
            CsvResult.Table(Scorecard.Exceptions(Scorecard.Build(database, access), months ?? 2), format, "quality-exceptions"));
        app.MapGet("/api/quality/profile", (string? org, DateOnly? month, string? format, Access access, Database database) =>
            CsvResult.Table(FieldProfile.Compute(database, access, org, month).Select(p => new
            {
                p.Table, p.Item, p.OrgCode, p.Month, p.Valid, p.Default, p.Invalid, p.Missing, p.Denominator,
                ValidPercent = double.IsFinite(p.ValidPercent) ? p.ValidPercent : (double?)null,
            }), format, "field-profile"));
        app.MapGet("/api/quality/timeliness", (string? format, Access access, Database database) => CsvResult.Table(Scorecard.SubmissionTimeliness(database, access), format, "timeliness"));
        app.MapGet("/api/quality/cqim", (string? org, string? format, Access access, Database database) =>
            CsvResult.Table(CqimGates.Evaluate(database, access, orgCode: org).Select(g => new
            {
                g.OrgCode, g.Month, g.Cqim, g.Status, Measures = g.Measures.Select(CqimGates.Describe), g.Missing,
            }), format, "cqim-gates"));
        app.MapGet("/quality/records.csv", (string org, DateOnly month, Access access, Database database) =>
        {
            // Record-level: Core refuses it to anyone who may not see this organisation's records, and audits the export.
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            Scorecard.WriteRecordsToFix(database, access, org, month, text);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"records-to-fix-{org}-{month:yyyy-MM}.csv");
        });
        app.MapGet("/quality", (string? org, Access access, Database database) => Results.Content(Page(database, access, org), "text/html; charset=utf-8"));
    }

    /// <summary>The scorecard history (organisation x month, every rule's value coloured by pass or fail) and the exceptions.</summary>
    private static string Page(Database database, Access access, string? org)
    {
        var rules = QualityRules.Default;
        var rows = Scorecard.Build(database, access, rules, org);
        var html = Layout.Begin("Data quality");
        html.Append("<h1>Data-quality scorecard</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{HtmlEncode(rules.Scheme)}. A value in red misses its threshold; a dash means no records in that rule's cohort that month.</p>");
        var exceptions = Scorecard.Exceptions(rows);
        html.Append("<p>Download as CSV: <a href=\"/api/quality/scorecard?format=csv\">scorecard history</a> · <a href=\"/api/quality/exceptions?format=csv\">exceptions</a> · <a href=\"/api/quality/profile?format=csv\">field profile</a> · <a href=\"/api/quality/timeliness?format=csv\">timeliness</a></p>");
        html.Append("<h2>Exceptions: two or more consecutive months failing</h2>");
        if (exceptions.Count == 0) html.Append("<p>None.</p>");
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Rule</th><th scope=\"col\">Months</th><th scope=\"col\">Latest value</th><th scope=\"col\">Threshold</th><th scope=\"col\">Still failing</th></tr></thead><tbody>");
            foreach (var e in exceptions)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlEncode(e.OrgCode)}</td><td>{HtmlEncode(e.Title)}</td><td>{e.Months[0]:MMM yyyy} to {e.Months[^1]:MMM yyyy} ({e.Months.Count})</td><td class=\"n\">{e.LatestValue:F1}</td><td class=\"n\">{e.Threshold}</td><td>{(e.Current ? "yes" : "no")}</td></tr>");
            html.Append("</tbody></table>");
        }
        if (access.IsRecordLevel) CqimSection(html, database, access, org);
        html.Append("<h2>History</h2><table><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Month</th>");
        foreach (var rule in rules.Rules)
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{HtmlEncode(rule.Id)} (at least {rule.Threshold}{(rule.Indicator == QualityRules.Cqims ? $" of {CqimGates.Cqims.Count}" : "%")})</th>");
        html.Append("<th scope=\"col\">Score</th><th scope=\"col\">Records to fix</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlEncode(row.OrgCode)}</td><td>{row.Month:yyyy-MM}</td>");
            foreach (var rule in rules.Rules)
            {
                var c = row.Criteria.FirstOrDefault(x => x.RuleId == rule.Id);
                html.Append(c is null ? "<td class=\"n\">-</td>" : string.Create(CultureInfo.InvariantCulture,
                    $"<td class=\"n {(c.Passed ? "pass" : "fail")}\">{(c.Indicator == QualityRules.Cqims ? $"{c.Numerator} of {c.Denominator}" : c.Value.ToString("F1", CultureInfo.InvariantCulture))}</td>"));
            }
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{row.Score}</td>");
            // Record-level: offered only to those who may see this trust's records (and Core checks again).
            html.Append(row.OrgLevel == "Provider" && access.SeesRecordsOf(row.OrgCode)
                ? string.Create(CultureInfo.InvariantCulture, $"<td><a href=\"/quality/records.csv?org={Uri.EscapeDataString(row.OrgCode)}&amp;month={row.Month:yyyy-MM-dd}\">CSV<span class=\"visually-hidden\"> of {HtmlEncode(row.OrgCode)} {row.Month:MMMM yyyy}</span></a></td></tr>")
                : "<td>-</td></tr>");
        }
        html.Append("</tbody></table>");
        return Layout.End(html);
    }

    /// <summary>The CQIM gates of each trust the caller may see in its latest submitted month (record-level counts, so record-level roles only).</summary>
    private static void CqimSection(System.Text.StringBuilder html, Database database, Access access, string? org)
    {
        var gates = CqimGates.Evaluate(database, access, orgCode: org);
        html.Append("<h2>CQIM data-quality gates</h2><p>Whether each Clinical Quality Improvement Metric will pass the national data-quality gates for each trust's latest submitted month, evaluated as the national pipeline does; every DQ measure with its count and rate. <a href=\"/api/quality/cqim?format=csv\">All months (CSV)</a></p>");
        var latest = gates.GroupBy(g => g.OrgCode).SelectMany(t => t.Where(g => g.Month == t.Max(x => x.Month))).ToList();
        if (latest.Count == 0) { html.Append("<p>No submissions yet.</p>"); return; }
        html.Append("<div class=\"scroll\"><table><caption>CQIM gates, latest month per trust</caption><thead><tr><th scope=\"col\">Trust</th><th scope=\"col\">Month</th><th scope=\"col\">CQIM</th><th scope=\"col\">Status</th><th scope=\"col\">Measures failing or not evaluated</th></tr></thead><tbody>");
        foreach (var g in latest)
        {
            var problems = g.Measures.Where(m => !m.Passed).Select(CqimGates.Describe).Concat(g.Missing);
            var css = g.Status switch { "Pass" => "pass", "Fail" => "fail", _ => "" };
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlEncode(g.OrgCode)}</td><td>{g.Month:yyyy-MM}</td><td>{HtmlEncode(g.Cqim)}</td><td class=\"{css}\">{HtmlEncode(g.Status)}</td><td>{HtmlEncode(string.Join("; ", problems))}</td></tr>");
        }
        html.Append("</tbody></table></div>");
    }
}
