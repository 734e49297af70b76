using Maternity.Quality;
using Maternity.Storage;

namespace Maternity.Web.Quality;

/// <summary>
/// The data-quality scorecard, its exceptions, the field profile and timeliness as JSON. The record-level list of
/// records to fix is served by the CLI only until sign-in and roles exist: it names pregnancies.
/// </summary>
public static class QualityApi
{
    public static void MapQuality(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/quality/scorecard", (string? org, Database database) =>
            Scorecard.Build(database, orgCode: org).Select(r => new { r.OrgLevel, r.OrgCode, r.Month, r.Passed, r.Evaluated, r.Score, r.Criteria }));
        app.MapGet("/api/quality/exceptions", (int? months, Database database) =>
            Scorecard.Exceptions(Scorecard.Build(database), months ?? 2));
        app.MapGet("/api/quality/profile", (string? org, DateOnly? month, Database database) =>
            FieldProfile.Compute(database, org, month).Select(p => new
            {
                p.Table, p.Item, p.OrgCode, p.Month, p.Valid, p.Default, p.Invalid, p.Missing, p.Denominator,
                ValidPercent = double.IsFinite(p.ValidPercent) ? p.ValidPercent : (double?)null,
            }));
        app.MapGet("/api/quality/timeliness", (Database database) => Scorecard.SubmissionTimeliness(database));
    }
}
