using System.Globalization;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Web.Measures;

/// <summary>
/// The LMNS's own measures: the list grouped by plan priority with each latest value against its trajectory and the
/// returns still to come, and a page per measure (trend with the trajectory, trusts compared, breakdowns, definition).
/// The API gives the same figures as JSON or CSV.
/// </summary>
public static class MeasuresApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapMeasures(this IEndpointRouteBuilder app)
    {
        app.MapGet("/measures", (string? lmns, string? period, Access access, Database database, HttpContext context) =>
        {
            var model = List(database, access, lmns, period);
            return Pages.Render<MeasuresPage>(context, access, model);
        });
        app.MapGet("/api/measures", (string? lmns, string? format, Access access, Database database) =>
        {
            var model = List(database, access, lmns, null);
            return CsvResult.Table(model.Rows.Select(r => new
            {
                r.Measure.Id, r.Measure.Title, Unit = r.Measure.UnitText, Frequency = r.Measure.Frequency.ToString(), SuppliedBy = r.Measure.Supplier.ToString(),
                r.Measure.Priority, r.Measure.Version, Period = r.View.Current is { } c ? MeasurePeriod.Format(c.Period, r.Measure.Frequency) : null,
                r.View.Current?.Numerator, r.View.Current?.Denominator, Value = Finite(r.View.Current?.Value?.Value), Lower = Finite(r.View.Current?.Value?.Lower),
                Upper = Finite(r.View.Current?.Value?.Upper), Shown = r.View.Current?.Shown(r.Measure), Due = r.View.Current?.Due, Rag = r.View.Current?.Rag,
                Target = r.View.Target?.Describe(v => MeasureView.Format(r.Measure, v)), TargetSource = r.View.Target?.Source,
            }), format, $"measures-{model.Lmns}");
        });
        app.MapGet("/api/measures/completeness", (string? lmns, string? period, string? format, Access access, Database database) =>
        {
            var model = List(database, access, lmns, period);
            return CsvResult.Table(model.Completeness.Select(c => new { c.Measure, c.Title, c.Period, Sent = string.Join(" ", c.Sent), Missing = string.Join(" ", c.Missing), c.Summary }),
                format, $"returns-completeness-{model.Lmns}");
        });
        app.MapGet("/measures/{id}", (string id, string? lmns, string? org, Access access, Database database, HttpContext context) =>
        {
            access.Demand(access.Role != Role.Public, "see the LMNS's measures");
            var set = MeasureStore.Load(database, Lmns(database, lmns));
            if (set.Find(id) is not { } m) return ErrorPages.NotFound(context, access, $"There is no measure '{id}' for {set.Lmns}.");
            if (m.BuiltIn) return Results.Redirect($"/indicators/{Uri.EscapeDataString(m.Id)}{(org is null ? "" : "?org=" + Uri.EscapeDataString(org))}");
            var view = MeasureView.Build(database, access, set, m, Org(set, database, org));
            return Pages.Render<MeasurePage>(context, access, new MeasurePage.PageModel(set.Lmns, view, Orgs(set, database), set.Dimensions.ToDictionary(d => d.Name, d => d.Description)));
        });
        app.MapGet("/api/measures/{id}", (string id, string? lmns, string? org, string? format, Access access, Database database) =>
        {
            access.Demand(access.Role != Role.Public, "see the LMNS's measures");
            var set = MeasureStore.Load(database, Lmns(database, lmns));
            if (set.Find(id) is not { IsLocal: true } m) return Results.Problem(statusCode: 404, title: "Unknown measure", detail: $"No local measure '{id}' for {set.Lmns}; built-in indicators are at /api/indicators.");
            var view = MeasureView.Build(database, access, set, m, Org(set, database, org));
            return CsvResult.Table(view.Series.Concat(view.Trusts).Concat(view.Breakdown).Select(p => new
            {
                Measure = m.Id, Period = MeasurePeriod.Format(p.Period, m.Frequency), p.Org, p.Dimension, p.Group, p.Numerator, p.Denominator,
                Value = Finite(p.Value?.Value), Lower = Finite(p.Value?.Lower), Upper = Finite(p.Value?.Upper), Shown = p.Shown(m), p.Due, p.Rag,
            }), format, $"measure-{m.Id}-{view.Org}");
        });
    }

    private static MeasuresPage.PageModel List(Database database, Access access, string? lmns, string? period)
    {
        access.Demand(access.Role != Role.Public, "see the LMNS's measures");
        var set = MeasureStore.Load(database, Lmns(database, lmns));
        DateOnly? day = DateOnly.TryParseExact((period ?? "") + "-01", "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) ? d : null;
        var local = set.Measures.Where(m => m.IsLocal).ToList();
        var rows = local.Zip(MeasureView.Build(database, access, set, local, set.Lmns), (m, v) => new MeasuresPage.Row(m, v)).ToList();
        return new MeasuresPage.PageModel(set.Lmns, rows, MeasureReturns.Grid(database, access, set, day), day, set.Measures.Count(m => m.BuiltIn),
            access.CanEditPlan(set.Lmns));
    }

    private static string Lmns(Database database, string? lmns) => string.IsNullOrWhiteSpace(lmns) ? PlanStore.DefaultLmns(database) : lmns;

    private static string Org(MeasureStore.MeasureSet set, Database database, string? org) =>
        org is not null && Orgs(set, database).Any(o => o.Value == org) ? org : set.Lmns;

    private static IReadOnlyList<Components.Choice> Orgs(MeasureStore.MeasureSet set, Database database) =>
        [.. Reference.OrgHierarchy.Read(database).Orgs.Where(o => o.Code == set.Lmns || (o.Type == "Trust" && o.Parent == set.Lmns))
            .Select(o => new Components.Choice(o.Code, $"{o.Name} ({o.Code})"))];

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}
