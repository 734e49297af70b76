using System.Globalization;
using System.Text;
using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Storage;
using Maternity.Web.Security;
using Maternity.Web.Components;

namespace Maternity.Web.Overview;

/// <summary>
/// The overview (a tile per indicator: value over the latest 12 months, target, RAG, SPC variation and assurance,
/// sparkline) and the indicator page (SPC chart, breakdowns by ethnic group and deprivation against the reference
/// group, funnel of trusts, the data tables and the definition). Organisation and month are in the URL.
/// </summary>
public static class IndicatorPages
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapIndicatorPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (string? org, string? to, string? year, Access access, Database database, HttpContext context) =>
            Overview(database, access, Org(database, org), Month(to), year, context));
        app.MapGet("/glossary", (Access access, HttpContext context) => Pages.Render<GlossaryPage>(context, access, null));
        app.MapGet("/registers", (Access access, HttpContext context) =>
        {
            access.Demand(access.Role != Role.Public, "see the programme's registers");
            return Pages.Render<RegistersPage>(context, access, null);
        });
        app.MapGet("/equity", (string? org, string? to, Access access, Database database, HttpContext context) =>
        {
            var code = Org(database, org);
            var hierarchy = OrgHierarchy.Read(database);
            var coverage = DataCoverage.Read(database, hierarchy.OfType("LMNS").Any(o => o.Code == code) ? code : hierarchy.LmnsOf(code));
            var periods = IndicatorSummary.Periods(database);
            var month = Month(to) ?? (DataCoverage.LatestComplete(coverage) is { } complete && periods.Contains(complete) ? complete : null);
            var set = MeasureStore.ForOrg(database, code);
            var views = periods.Count == 0 ? [] : Catalogue.Definitions.Select(d => IndicatorView.Build(database, access, d, code, month, target: set?.OwnTargetFor(d.Id, code))).ToList();
            var name = hierarchy.Orgs.FirstOrDefault(o => o.Code == code) is { } o ? $"{o.Name} ({o.Code})" : code;
            return Pages.Render<EquityPage>(context, access, new EquityPage.PageModel(code, name, month, Orgs(database), periods, EquityRug.Build(views, set?.Cohort.Cohort ?? PriorityCohort.Default),
                views.FirstOrDefault(v => v.Total is not null) is { } first ? DataCoverage.Describe(coverage, first.From, first.To) : null));
        });
        app.MapGet("/api/overview", (string? org, string? to, string? format, Access access, Database database) =>
        {
            var code = Org(database, org);
            var set = MeasureStore.ForOrg(database, code);
            return CsvResult.Table(Catalogue.Definitions.Select(d => IndicatorView.Build(database, access, d, code, Month(to), target: set?.OwnTargetFor(d.Id, code))).Where(v => v.Total is not null).Select(v => new
            {
                v.Definition.Id, v.Definition.Title, v.Definition.Domain, Org = v.Org, From = v.From, To = v.To, v.Total!.Numerator, v.Total.Denominator,
                Value = Finite(v.Total.Value.Value), Lower = Finite(v.Total.Value.Lower), Upper = Finite(v.Total.Value.Upper), v.Definition.Target, v.Total.Rag,
                Variation = v.Spc?.Variation.ToString(), Assurance = v.Spc?.Assurance.ToString(), v.Total.Source, v.Total.Exactness,
            }), format, $"overview-{code}");
        });
        app.MapGet("/indicators/{id}", (string id, string? org, string? to, string? year, Access access, Database database, HttpContext context) =>
            Catalogue.Find(id) is { } d
                ? Detail(database, access, d, Org(database, org), Month(to), year, context)
                : ErrorPages.NotFound(context, access, $"There is no indicator '{id}' in the catalogue."));
        app.MapGet("/indicators/{id}/{table}.csv", (string id, string table, string? org, string? to, Access access, Database database) =>
        {
            if (Catalogue.Find(id) is not { } d) return Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue.");
            if (table is not ("window" or "monthly")) return Results.Problem(statusCode: 404, title: "Unknown table", detail: "An indicator's tables are window.csv and monthly.csv.");
            var view = MonthlySpc.PageView(database, access, d, Org(database, org), Month(to));
            using var text = new StringWriter(Inv);
            if (table == "window") IndicatorExport.WriteCsv(view.Window, text);
            else MonthlySpc.WriteCsv(view, text);
            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{d.Id}-{view.Org}-{table}-to-{view.To:yyyy-MM}.csv");
        });
        // The indicator page's SPC chart, month by month: the monthly CSV's rows as JSON (or ?format=csv).
        app.MapGet("/api/indicators/{id}/spc", (string id, string? org, string? to, string? format, Access access, Database database) =>
        {
            if (Catalogue.Find(id) is not { } d) return Results.Problem(statusCode: 404, title: "Unknown indicator", detail: $"No indicator '{id}' in the catalogue.");
            var view = MonthlySpc.PageView(database, access, d, Org(database, org), Month(to));
            return CsvResult.Table(MonthlySpc.Rows(view).Select(r => new
            {
                r.Month.IndicatorId, r.Month.OrgCode, r.Month.Period, r.Month.PeriodStart, r.Month.Numerator, r.Month.Denominator,
                Value = Finite(r.Month.Value.Value), Lower = Finite(r.Month.Value.Lower), Upper = Finite(r.Month.Value.Upper), r.Month.Exactness,
                SpcMean = r.Mean, SpcLower = r.Lower, SpcUpper = r.Upper, SpcVariation = r.Variation, SpcIncomplete = r.Incomplete,
            }), format, $"{d.Id}-{view.Org}-spc-to-{view.To:yyyy-MM}");
        });
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static DateOnly? Month(string? text) =>
        DateOnly.TryParseExact((text ?? "") + "-01", "yyyy-MM-dd", Inv, DateTimeStyles.None, out var month) ? month : null;

    /// <summary>The organisation asked for, else the only (or first) LMNS loaded.</summary>
    private static string Org(Database database, string? org) =>
        !string.IsNullOrEmpty(org) ? org : OrgHierarchy.Read(database).OfType("LMNS").Select(o => o.Code).FirstOrDefault() ?? "LMNSX1";

    /// <summary>The organisations a page can be shown for, as choices.</summary>
    private static List<Choice> Orgs(Database database)
    {
        var orgs = OrgHierarchy.Read(database).Orgs.Where(o => o.Type is "LMNS" or "Trust" or "Site").Select(o => new Choice(o.Code, $"{o.Name} ({o.Code})")).ToList();
        // A store holding only the national publication has no hierarchy: its trusts (and LMNSs) are the ones to choose from.
        return orgs.Count > 0 ? orgs
            : [.. Maternity.National.NationalView.Organisations(database).Select(o => new Choice(o.Code, o.Level == "LMNS" ? o.Code : $"{o.Name} ({o.Code})"))];
    }

    private static IResult Overview(Database database, Access access, string org, DateOnly? to, string? year, HttpContext context)
    {
        var periods = IndicatorSummary.Periods(database);
        var hierarchy = OrgHierarchy.Read(database);
        // By default the window ends at the latest month complete for every source in use, the board pack's default.
        var coverage = DataCoverage.Read(database, hierarchy.OfType("LMNS").Any(o => o.Code == org) ? org : hierarchy.LmnsOf(org));
        to ??= DataCoverage.LatestComplete(coverage) is { } complete && periods.Contains(complete) ? complete : null;
        var set = MeasureStore.ForOrg(database, org);
        var views = periods.Count == 0 ? [] : Catalogue.Definitions.Select(d => IndicatorView.Build(database, access, d, org, to, target: set?.OwnTargetFor(d.Id, org))).ToList();
        OverviewPage.PackOffer? pack = null;
        if (hierarchy.OfType("LMNS").Any(o => o.Code == org))
            pack = new(org, views.FirstOrDefault(v => v.Total is not null)?.To, BoardPackStore.MayGenerate(access, org));
        var name = hierarchy.Orgs.FirstOrDefault(o => o.Code == org) is { } o ? $"{o.Name} ({o.Code})" : org;
        // The LMNS's own measures beside the indicators: all of them for the LMNS, a trust's returns for a trust.
        var type = hierarchy.Orgs.FirstOrDefault(o => o.Code == org)?.Type;
        var measures = set is null || access.Role == Role.Public || type is not ("LMNS" or "Trust") ? [] : MeasureView.Build(database, access, set,
            [.. set.Measures.Where(m => m.IsLocal && (type == "LMNS" || m.Supplier == Supplier.TrustReturn))], org);
        return Pages.Render<OverviewPage>(context, access,
            new OverviewPage.PageModel(org, name, to, Orgs(database), periods, views, access.IsRecordLevel, pack, measures,
                views.FirstOrDefault(v => v.Total is not null) is { } first ? DataCoverage.Describe(coverage, first.From, first.To) : null,
                periods.Count == 0 ? Maternity.National.NationalOverview.Build(database, org, access.Orgs, year) : null));
    }

    private static IResult Detail(Database database, Access access, IndicatorDefinition d, string org, DateOnly? to, string? year, HttpContext context)
    {
        var hierarchy = OrgHierarchy.Read(database);
        var coverage = DataCoverage.Read(database, hierarchy.OfType("LMNS").Any(o => o.Code == org) ? org : hierarchy.LmnsOf(org));
        var periods = IndicatorSummary.Periods(database);
        to ??= DataCoverage.LatestComplete(coverage) is { } complete && periods.Contains(complete) ? complete : null;
        var set = MeasureStore.ForOrg(database, org);
        var cohort = d.UsesPriorityCohort && set is not null ? set.Cohort.Note(set.Lmns, IndicatorSummary.ComputedAt(database)) : null;
        // The plan's actions that target the indicator, for the roles that may see the plan.
        var lmns = hierarchy.OfType("LMNS").Any(o => o.Code == org) ? org : hierarchy.LmnsOf(org);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<(PlanAction, string)>? actions = access.Role == Role.Public || lmns is null ? null
            : [.. PlanStore.Load(database, access, lmns, today).Actions.Where(a => a.Indicators.Contains(d.Id, StringComparer.OrdinalIgnoreCase))
                .Select(a => (a, PlanViews.Rag(a, today)))];
        var view = IndicatorView.Build(database, access, d, org, to, target: set?.OwnTargetFor(d.Id, org));
        var equity = EquityDetail.Build(database, access, view, set?.Cohort.Cohort ?? PriorityCohort.Default, coverage);
        return Pages.Render<IndicatorPage>(context, access,
            new IndicatorPage.PageModel(view, to, Orgs(database), periods, cohort, actions, equity,
                Maternity.National.NationalIndicatorBenchmark.For(database, d.Id, org, year)));
    }
}
