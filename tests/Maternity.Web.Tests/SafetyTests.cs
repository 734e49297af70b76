using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Maternity.Safety;
using Maternity.Security;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>The safety and learning page, its API, the thematic report and the case list over the shared site with a synthetic log.</summary>
[Collection(SharedSite.Name)]
public sealed partial class SafetyTests(OverviewTests.Site site) : IAsyncLifetime
{
    private static readonly Lock Gate = new();
    private static bool _loaded;
    private BrowserSession _session = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    public async ValueTask InitializeAsync()
    {
        lock (Gate)
        {
            if (!_loaded) Maternity.Synthetic.SafetyGenerator.Generate(site.Database, "LMNSX1");
            _loaded = true;
        }
        _session = await BrowserSession.Start(site.Database);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    [GeneratedRegex("<section id=\"safety-analysis\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex Section();

    [Fact]
    public async Task TheThematicReportShowsExactlyWhatThePageShows()
    {
        using var client = site.Client("analyst");
        var page = await client.GetStringAsync(U("/safety?org=LMNSX1"), Cancel);
        var report = await client.GetStringAsync(U("/safety/report.html?org=LMNSX1"), Cancel);

        var onPage = Section().Match(page);
        var inReport = Section().Match(report);
        Assert.True(onPage.Success && inReport.Success);
        Assert.Equal(onPage.Value, inReport.Value);
        Assert.Contains("Rates by ethnic group", onPage.Value, StringComparison.Ordinal);
        // The known excess of the synthetic log, as the page words it.
        Assert.Matches(new Regex(@"Black</th>.*?higher</td>", RegexOptions.Singleline), onPage.Value);

        // And the section is the component rendered from Core's analysis for the same caller.
        var analyst = Access.Resolve(site.Database, "analyst", Role.Analyst, ["LMNSX1"]);
        var direct = Safety.SafetyReportRenderer.RenderSection(SafetyAnalysis.Build(site.Database, analyst, "LMNSX1"));
        Assert.Equal(Section().Match(direct).Value, onPage.Value);
    }

    [Fact]
    public async Task AViewerGetsRoundedCountsAndNoCases()
    {
        using var viewer = site.Client("viewer");
        using var rates = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/safety/rates?org=X1A"), Cancel));
        var rows = rates.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.True(r.GetProperty("suppressed").GetBoolean());
            Assert.Equal(0, r.GetProperty("cases").GetInt64() % 5);
            Assert.Equal(0, r.GetProperty("births").GetInt64() % 5);
        });
        using var cases = await viewer.GetAsync(U("/api/safety/cases?org=X1A"), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, cases.StatusCode);
        var page = await viewer.GetStringAsync(U("/safety?org=X1A"), Cancel);
        Assert.DoesNotContain("Download the cases", page, StringComparison.Ordinal);
        Assert.Contains("Counts are rounded", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryReadOfTheCasesIsAuditedAndNeverCached()
    {
        using var trust = site.Client("trust");
        using var response = await trust.GetAsync(U("/api/safety/cases?org=X1A&format=csv"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var csv = await response.Content.ReadAsStringAsync(Cancel);
        Assert.StartsWith("Trust,CaseRef,Kind,EventDate", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("X1B-", csv, StringComparison.Ordinal);

        using var admin = site.Client("admin");
        var audit = await admin.GetStringAsync(U("/api/audit?action=safety.cases.read&limit=50"), Cancel);
        Assert.Contains("\"actor\":\"trust\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"target\":\"X1A\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATrustUserLoadsAnExportThroughTheFormAndABadOneIsRefusedNamingRowAndColumn()
    {
        using var client = await site.SignedIn("trust");
        var page = await client.GetStringAsync(U("/safety?org=X1A"), Cancel);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        async Task<HttpResponseMessage> Post(string name, string content, bool withToken = true)
        {
            using var form = new MultipartFormDataContent();
            if (withToken) form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new StringContent("X1A"), "org");
            form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content)), "file", name);
            return await client.PostAsync(U("/safety/import"), form, Cancel);
        }

        using var bad = await Post("bad.csv", "CaseRef,Trust,Kind,EventDate,Status\nWEB-1,X1A,PSII,2025-13-01,reported\n");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("bad.csv, row 2, column EventDate", await bad.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        using var noToken = await Post("good.csv", "CaseRef,Trust,Kind,EventDate,Status\nWEB-1,X1A,PSII,2025-01-01,reported\n", withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        using var good = await Post("good.csv", "CaseRef,Trust,Kind,EventDate,Status\nWEB-1,X1A,PSII,2025-01-01,reported\n");
        Assert.Contains("1 cases loaded", await good.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var admin = site.Client("admin");
        Assert.Contains("good.csv", await admin.GetStringAsync(U("/api/audit?action=safety.import&limit=5"), Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PositiveReportsAndImprovementProjectsAreListedWithTheirMeasuresAndActions()
    {
        using var client = site.Client("viewer");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(U("/safety?org=LMNSX1"), Cancel));
        Assert.Contains("Positive reports (GREATix)", page, StringComparison.Ordinal);
        Assert.Contains("A midwife booked a face-to-face interpreter", page, StringComparison.Ordinal);
        // A project's measures link to the LMNS's own measure or to the built-in indicator, its actions to the plan.
        Assert.Contains("<a class=\"nhsuk-link\" href=\"/measures/INTERPRETER_USE\">INTERPRETER_USE</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a class=\"nhsuk-link\" href=\"/indicators/DQ_ETHNICITY_VALID\">DQ_ETHNICITY_VALID</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a class=\"nhsuk-link\" href=\"/plan/actions/A004\">A004</a>", page, StringComparison.Ordinal);
        Assert.Contains("Smoke-free pregnancy in the most deprived areas", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATrustUserLogsOneCaseByHandAndABadFieldIsNamedBesideItWithNothingStored()
    {
        using var client = await site.SignedIn("trust");
        var page = await client.GetStringAsync(U("/safety/cases/new?org=X1A"), Cancel);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Contains("Log a case", page, StringComparison.Ordinal);

        async Task<HttpResponseMessage> Post(string date, string ethnic)
        {
            using var form = new FormUrlEncodedContent([
                new("__RequestVerificationToken", token), new("org", "X1A"), new("CaseRef", "FORM-7"), new("Trust", "X1A"), new("Kind", "PMRT"),
                new("EventDate", date), new("Status", "under review"), new("EthnicCategory", ethnic), new("Themes", "COMMUNICATION"),
                new("Themes", "INTERPRETING"), new("ContributoryFactors", ""), new("GestationWeeks", "31"),
            ]);
            return await client.PostAsync(U("/safety/cases"), form, Cancel);
        }

        using var bad = await Post("2025-02-30", "N");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var refused = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("The case was not logged: nothing was changed", refused, StringComparison.Ordinal);
        Assert.Contains("Date of the event ('2025-02-30'): not a date in the form yyyy-MM-dd", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"FORM-7\"", refused, StringComparison.Ordinal);
        var trust = Access.Resolve(site.Database, "trust", Role.TrustUser, ["X1A"]);
        Assert.DoesNotContain(SafetyStore.Cases(site.Database, trust, "X1A"), c => c.CaseRef == "FORM-7");

        using var good = await Post("2025-02-28", "N");
        Assert.Contains("Case FORM-7 of X1A logged.", WebUtility.HtmlDecode(await good.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        var logged = SafetyStore.Cases(site.Database, trust, "X1A").Single(c => c.CaseRef == "FORM-7");
        Assert.Equal(("PMRT", new DateOnly(2025, 2, 28), "N", 31), (logged.Kind, logged.EventDate, logged.EthnicCategory, logged.GestationWeeks!.Value));
        Assert.Equal(["COMMUNICATION", "INTERPRETING"], logged.Themes);
        using var admin = site.Client("admin");
        Assert.Contains("web form", await admin.GetStringAsync(U("/api/audit?action=safety.import&limit=5"), Cancel), StringComparison.Ordinal);

        // A trust user may log only their own trust's cases.
        using var other = new FormUrlEncodedContent([
            new("__RequestVerificationToken", token), new("org", "X1A"), new("CaseRef", "FORM-8"), new("Trust", "X1B"), new("Kind", "PSII"),
            new("EventDate", "2025-02-01"), new("Status", "reported"),
        ]);
        using var refusedOther = await client.PostAsync(U("/safety/cases"), other, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refusedOther.StatusCode);
        Assert.Contains("trust may not load the cases of X1B", WebUtility.HtmlDecode(await refusedOther.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageLoadsAtALaptopAndAPhoneWidthWithoutSeriousAccessibilityViolations()
    {
        BrowserSession.RequireChromium();
        foreach (var (user, width, path, name) in new[] { ("analyst", 1366, "/safety", "safety"), ("analyst", 390, "/safety", "safety"), ("viewer", 1366, "/safety", "safety"),
            ("trust", 1366, "/safety/cases/new?org=X1A", "safety-form"), ("trust", 390, "/safety/cases/new?org=X1A", "safety-form") })
        {
            var (page, errors) = await _session.SignIn(user, width);
            var response = await page.GotoAsync($"{_session.Base}{path}");
            Assert.True(response!.Ok, $"HTTP {response.Status}");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"{name}-{user}-{width}.png"), FullPage = true });
            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            var wide = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(wide <= 1, $"{user} at {width} px: the page is {wide} px wider than the window");
            await page.Context.CloseAsync();
        }
    }
}
