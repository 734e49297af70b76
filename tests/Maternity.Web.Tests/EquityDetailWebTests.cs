using System.Net;

namespace Maternity.Web.Tests;

/// <summary>
/// The indicator page's equity detail over the shared site: the ethnic group x deprivation grid, age band and detailed
/// ethnic category tables and the gap over time for the analyst; the same sections for a viewer of another trust, each
/// table shown rounded or said to be withheld, never silently missing.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class EquityDetailWebTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<string> Page(string user, string path)
    {
        using var client = site.Client(user);
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task TheAnalystSeesTheGridTheAgeAndCategoryTablesAndTheGapOverTime()
    {
        var html = await Page("analyst", "/indicators/SATOD");
        Assert.Contains("By ethnic group and deprivation together", html, StringComparison.Ordinal);
        Assert.Contains("id=\"grid\"", html, StringComparison.Ordinal);
        Assert.Contains("(reference)", html, StringComparison.Ordinal);
        Assert.Contains("id=\"priority-cohort\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"t-AgeBand\"", html, StringComparison.Ordinal);
        Assert.Contains("25-29 (reference)", html, StringComparison.Ordinal);
        Assert.Contains("id=\"t-EthnicCategory\"", html, StringComparison.Ordinal);
        Assert.Contains("A: White - British (reference)", html, StringComparison.Ordinal);
        Assert.Contains("The gap over time", html, StringComparison.Ordinal);
        Assert.Contains("id=\"gap-black-table\"", html, StringComparison.Ordinal);
        Assert.Contains("Ratio (95% interval)", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/indicators/SATOD?org=X1C")]
    [InlineData("/indicators/PRETERM_37?org=X1B")]
    [InlineData("/indicators/STILLBIRTH_RATE?org=X1D")]
    public async Task AViewerIsToldWhenATableIsRoundedOrWithheld(string path)
    {
        var html = await Page("viewer", path);
        foreach (var heading in new[] { "By ethnic group and deprivation together", "By age at booking", "By detailed ethnic category", "The gap over time" })
            Assert.Contains(heading, html, StringComparison.Ordinal);
        // Each of the three tables is either shown (with rounded counts said so) or said to be withheld.
        foreach (var id in new[] { "grid", "t-AgeBand", "t-EthnicCategory" })
            Assert.True(html.Contains($"id=\"{id}\"", StringComparison.Ordinal) || html.Contains("This table is withheld to protect small numbers", StringComparison.Ordinal),
                $"{path}: {id} neither shown nor said to be withheld");
        Assert.Contains("rounded to protect privacy", html, StringComparison.Ordinal);
    }

    /// <summary>An action of the generated plan that targets an indicator and a group the records hold.</summary>
    internal static string TargetedAction(OverviewTests.Site site) =>
        Maternity.Plans.PlanStore.Load(site.Database, Maternity.Security.Access.System("test"), "LMNSX1", DateOnly.FromDateTime(DateTime.UtcNow)).Actions
            .First(a => a.Indicators.Any(i => Maternity.Indicators.Catalogue.Find(i) is not null)
                && a.Groups.Any(g => Maternity.Reports.ActionFigures.Read(g).Count > 0)).Id;

    [Fact]
    public async Task AnActionShowsItsIndicatorsForTheGroupsItTargetsWithAVerdictInWords()
    {
        var html = await Page("analyst", $"/plan/actions/{TargetedAction(site)}");
        Assert.Contains("Its indicators for the groups it targets", html, StringComparison.Ordinal);
        Assert.Contains("id=\"group-figures\"", html, StringComparison.Ordinal);
        Assert.Matches("(Worse than|Better than|Similar to|Higher than|Lower than|Not compared with|No counts)", html);
        var viewer = await Page("viewer", $"/plan/actions/{TargetedAction(site)}");
        Assert.Contains("id=\"group-figures\"", viewer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheGlossaryListsTheOneStatusVocabularyThatThePlanAndItsProgressColumnUse()
    {
        var html = await Page("public", "/glossary");
        Assert.Contains("id=\"status-words\"", html, StringComparison.Ordinal);
        foreach (var status in Enum.GetValues<Maternity.Plans.ActionStatus>())
            Assert.Contains($"<strong>{Maternity.Plans.PlanText.StatusLabel(status)}</strong>", html, StringComparison.Ordinal);
        // Every progress word (RAG) of an action is one of the status words.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var labels = Enum.GetValues<Maternity.Plans.ActionStatus>().Select(Maternity.Plans.PlanText.StatusLabel).ToHashSet();
        foreach (var a in Maternity.Plans.PlanStore.Load(site.Database, Maternity.Security.Access.System("test"), "LMNSX1", today).Actions)
            Assert.Contains(Maternity.Plans.PlanViews.Rag(a, today), labels);
        Assert.All(Maternity.Plans.PlanViews.Legend.Skip(1), word => Assert.Contains(word, labels));
    }

    [Fact]
    public async Task ThePackDrawsALayChartPerIndicatorNeedingAttentionAndNamesTheIncompleteMonths()
    {
        var last = Maternity.Indicators.IndicatorSummary.Periods(site.Database).Max();
        var id = await ReportTests.Make(site, "analyst", last.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        var html = await Page("analyst", $"/reports/{id}.html");
        var pack = Maternity.Reports.BoardPack.Build(site.Database, "LMNSX1", last, "test");
        Assert.NotNull(pack.Equity);
        Assert.Contains("Who is affected, in plain words", html, StringComparison.Ordinal);
        Assert.Equal(pack.Equity.Charts.Count, System.Text.RegularExpressions.Regex.Count(html, "id=\"lay-[^\"]+-t\""));
        Assert.True(pack.Equity.Charts.Count > 0, "the demo has indicators needing attention");
        if (pack.Equity.Incomplete is { } notice)
        {
            Assert.Contains("id=\"pack-incomplete\"", html, StringComparison.Ordinal);
            Assert.Contains(notice.Summary, html, StringComparison.Ordinal);
            Assert.Contains(notice.LeftOut, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AWindowEndingInAnIncompleteMonthSaysWhichMonthsAndWhy()
    {
        var coverage = Maternity.Indicators.DataCoverage.Read(site.Database, "LMNSX1");
        var last = Maternity.Indicators.IndicatorSummary.Periods(site.Database).Max();
        var incomplete = Maternity.Reports.EquityDetail.IncompleteMonths(coverage, last.AddMonths(-11), last);
        var html = await Page("analyst", $"/indicators/SATOD?to={last:yyyy-MM}");
        if (incomplete.Count == 0)
            Assert.DoesNotContain("id=\"incomplete-months\"", html, StringComparison.Ordinal);
        else
        {
            Assert.Contains("id=\"incomplete-months\"", html, StringComparison.Ordinal);
            Assert.Contains(incomplete[^1].Month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
            // One short sentence, then a list a reader can scan: each source short of complete months, and the months left out.
            var notice = Maternity.Reports.IncompleteNotice.Build(coverage, last.AddMonths(-11), last)!;
            var callout = html[html.IndexOf("id=\"incomplete-months\"", StringComparison.Ordinal)..];
            callout = callout[..callout.IndexOf("</div>", StringComparison.Ordinal)];
            Assert.Contains($"<p>{notice.Summary}</p>", callout, StringComparison.Ordinal);
            Assert.Equal(notice.Sources.Count + 1, System.Text.RegularExpressions.Regex.Count(callout, "<li>"));
            Assert.All(notice.Sources, s => Assert.Contains($"<li>{s.Text}</li>", callout, StringComparison.Ordinal));
            Assert.Contains(notice.LeftOut, callout, StringComparison.Ordinal);
        }
    }
}
