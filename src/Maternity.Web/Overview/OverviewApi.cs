using System.Globalization;
using System.Text;
using Maternity.Indicators;
using Maternity.Security;
using Maternity.Storage;
using static System.Net.WebUtility;

namespace Maternity.Web.Overview;

/// <summary>The overview page and the indicator JSON it is built from.</summary>
public static class OverviewApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapOverview(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/indicators", () => Catalogue.Definitions.Select(d => new
        {
            d.Id, d.Title, d.Domain, Cohort = d.Cohort.ToString(), d.Unit, Polarity = d.Polarity.ToString(), d.Target, d.TargetSource,
            d.NumeratorText, d.DenominatorText, d.Exclusions, d.Version, d.Cqim,
        }));
        app.MapGet("/api/indicators/{id}", (string id) => Catalogue.Find(id) is { } d
            ? Results.Ok(new
            {
                d.Id, d.Title, d.Domain, Cohort = d.Cohort.ToString(), d.Unit, d.Multiplier, Polarity = d.Polarity.ToString(), d.Target, d.TargetSource,
                d.NumeratorText, d.DenominatorText, d.Exclusions, NumeratorSql = d.Numerator, DenominatorSql = d.Denominator, d.Version, d.Cqim,
            })
            : Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue."));
        app.MapGet("/api/indicators/{id}/results", (string id, string? org, string? breakdown, PeriodType? periodType, string? format, Access access, Database database) =>
            Catalogue.Find(id) is { } d
                ? CsvResult.Table(IndicatorEngine.Results(database, access, d, periodType ?? PeriodType.Month, org, breakdown)
                    .Select(r => new
                    {
                        r.IndicatorId, r.OrgLevel, r.OrgCode, PeriodType = r.PeriodType.ToString(), r.Period, r.PeriodStart, r.PeriodEnd, r.MonthsCovered, r.Breakdown, r.Group,
                        r.Numerator, r.Denominator, Value = Finite(r.Value.Value), Lower = Finite(r.Value.Lower), Upper = Finite(r.Value.Upper), r.ReferenceGroup,
                        Ratio = Finite(r.Ratio?.Value), RatioLower = Finite(r.Ratio?.Lower), RatioUpper = Finite(r.Ratio?.Upper),
                        Difference = Finite(r.Difference?.Value), DifferenceLower = Finite(r.Difference?.Lower), DifferenceUpper = Finite(r.Difference?.Upper), r.Rag,
                        r.Source, r.Exactness,
                    }), format, $"{d.Id}-results")
                : Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue."));
        app.MapGet("/api/indicators/{id}/counts", (string id, string? org, string? breakdown, string? format, Access access, Database database) =>
            Catalogue.Find(id) is null
                ? Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue.")
                : CsvResult.Table(IndicatorEngine.Read(database, access, Catalogue.Find(id)!.Id, org, breakdown), format, $"{id}-counts"));
        app.MapIndicatorPages();
    }

    /// <summary>JSON has no NaN: an interval that does not exist is null.</summary>
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
