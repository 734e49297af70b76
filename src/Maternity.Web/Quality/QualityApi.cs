using System.Globalization;
using Maternity.Quality;
using Maternity.Security;
using Maternity.Storage;

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
        app.MapGet("/quality/records.csv", (string org, DateOnly month, Access access, Database database, HttpContext context) =>
        {
            // Patient-level: never kept by a browser or a proxy cache.
            context.Response.Headers.CacheControl = "no-store";
            // Record-level: Core refuses it to anyone who may not see this organisation's records, and audits the export.
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            Scorecard.WriteRecordsToFix(database, access, org, month, text);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"records-to-fix-{org}-{month:yyyy-MM}.csv");
        });
        app.MapGet("/quality", (string? org, Access access, Database database, HttpContext context) => Page(context, database, access, org));
    }

    /// <summary>The page: the scorecard history with the records-to-fix link where the caller may see the trust's records.</summary>
    private static IResult Page(HttpContext context, Database database, Access access, string? org)
    {
        var rules = QualityRules.Default;
        var rows = Scorecard.Build(database, access, rules, org);
        IReadOnlyList<CqimGates.Gate>? cqim = null;
        if (access.IsRecordLevel)
        {
            var gates = CqimGates.Evaluate(database, access, orgCode: org);
            cqim = [.. gates.GroupBy(g => g.OrgCode).SelectMany(t => t.Where(g => g.Month == t.Max(x => x.Month)))];
        }
        return Pages.Render<QualityPage>(context, access, new QualityPage.PageModel(rules,
            [.. rows.Select(r => (r, r.OrgLevel == "Provider" && access.SeesRecordsOf(r.OrgCode)))], Scorecard.Exceptions(rows), cqim));
    }
}
