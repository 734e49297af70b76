using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Maternity.Assurance;
using Maternity.Security;
using Maternity.Synthetic;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// Assurance in the web app: the compliance grid (symbols and words), the declare form with its token and the LMNS's
/// assurance for the roles that may use them, the API, and the grid in real headless Chromium at a laptop and a phone width.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class AssuranceWebTests(OverviewTests.Site site) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private BrowserSession _session = new();

    public async ValueTask InitializeAsync()
    {
        // A year of declarations for the four trusts, once for the shared site.
        if (AssuranceStore.Current(site.Database, Access.System("test"), "MIS6").Count == 0)
            AssuranceGenerator.Generate(site.Database, "LMNSX1", DateOnly.FromDateTime(DateTime.UtcNow));
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task TheGridShowsEveryTrustWithSymbolsAndWords()
    {
        using var client = site.Client("viewer");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(U("/assurance?framework=MIS6"), Cancel));
        foreach (var trust in new[] { "X1A", "X1B", "X1C", "X1D" }) Assert.Contains($">{trust}</th>", html, StringComparison.Ordinal);
        Assert.Matches("(✓</span> Met|◐</span> Partly met|✗</span> Not met)", html);
        Assert.Contains("Key: ✓ met", html, StringComparison.Ordinal);
        Assert.Contains("Trajectory to full compliance", html, StringComparison.Ordinal);
        // A viewer reads the item page but is offered no form.
        var item = await client.GetStringAsync(U("/assurance/MIS6/SA2"), Cancel);
        Assert.DoesNotContain("action=\"/assurance/", item, StringComparison.Ordinal);
        Assert.Contains("Declarations in force", item, StringComparison.Ordinal);
        // The item's plan actions, linked from the declarations' evidence, with their status in the plan.
        var ockenden = await client.GetStringAsync(U("/assurance/OCK/IEA2"), Cancel);
        Assert.Contains("Plan actions linked", ockenden, StringComparison.Ordinal);
        Assert.Contains("href=\"/plan/actions/A002\"", ockenden, StringComparison.Ordinal);
        // And from the action: the items linking to it, with each trust's status.
        var items = await client.GetStringAsync(U("/api/assurance/actions/A002?format=csv"), Cancel);
        Assert.Contains("A002,OCK,IEA2,Listening to women and families,X1A,", items, StringComparison.Ordinal);
        Assert.Contains("A002,MIS6,SA7,", items, StringComparison.Ordinal);
        var csv = await client.GetStringAsync(U("/api/assurance/grid?framework=MIS6&format=csv"), Cancel);
        Assert.StartsWith("Framework,Item,Title,Deadline,OrgCode,Symbol,Status", csv, StringComparison.Ordinal);
        Assert.Equal(41, csv.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task TheDeclareFormSavesWithItsTokenAndARevisionNeedsAReason()
    {
        using var client = await site.SignedIn("trust", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(U("/assurance/SBL3/E4"), Cancel);
        Assert.Contains("<option value=\"X1A\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"X1B\"", page, StringComparison.Ordinal);
        // A trust user may declare but not assure.
        Assert.DoesNotContain("Record assurance", page, StringComparison.Ordinal);
        var token = Token().Match(page).Groups[1].Value;
        Dictionary<string, string> Form(string evidence, string? reason, string? withToken) => new Dictionary<string, string>
        {
            ["org"] = "X1A", ["period"] = "2026-01", ["status"] = "partly-met", ["evidence"] = evidence, ["links"] = "/plan", ["reason"] = reason ?? "",
        }.Concat(withToken is null ? [] : [new KeyValuePair<string, string>("__RequestVerificationToken", withToken)]).ToDictionary();

        using (var forged = await client.PostAsync(U("/assurance/SBL3/E4"), new FormUrlEncodedContent(Form("forged", null, null)), Cancel))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using (var saved = await client.PostAsync(U("/assurance/SBL3/E4"), new FormUrlEncodedContent(Form("CTG training 88%", null, token)), Cancel))
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        using (var noReason = await client.PostAsync(U("/assurance/SBL3/E4"), new FormUrlEncodedContent(Form("CTG training 95%", null, token)), Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            var html = WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync(Cancel));
            Assert.Contains("The change was not saved", html, StringComparison.Ordinal);
            Assert.Contains("give the reason for revising it", html, StringComparison.Ordinal);
        }
        using (var revised = await client.PostAsync(U("/assurance/SBL3/E4"), new FormUrlEncodedContent(Form("CTG training 95%", "January figures corrected", token)), Cancel))
            Assert.Equal(HttpStatusCode.SeeOther, revised.StatusCode);

        using var admin = site.Client("admin");
        var history = await admin.GetStringAsync(U("/api/assurance/history?framework=SBL3&item=E4&org=X1A&format=csv"), Cancel);
        Assert.Contains("January figures corrected", history, StringComparison.Ordinal);
        Assert.Contains("CTG training 88%", history, StringComparison.Ordinal);
        var audit = await admin.GetStringAsync(U("/api/audit?action=assurance.declare&limit=5"), Cancel);
        Assert.Contains("\"actor\":\"trust\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheLmnsAssuresAndATrustDeclaresOnlyForItself()
    {
        using var trust = site.Client("trust");
        using (var other = await trust.PostAsJsonAsync(U("/api/assurance/declarations"),
                   new { framework = "MIS6", item = "SA5", org = "X1B", period = "2026-02", status = "met", evidence = "x" }, Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
            Assert.Contains("may not declare for X1B", await other.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }
        using var own = await trust.PostAsJsonAsync(U("/api/assurance/declarations"),
            new { framework = "MIS6", item = "SA5", org = "X1A", period = "2026-02", status = "met", evidence = "Staffing paper to Board" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await own.Content.ReadAsStringAsync(Cancel));
        var id = body.RootElement.GetProperty("id").GetInt64();

        using (var self = await trust.PostAsJsonAsync(U($"/api/assurance/declarations/{id}/review"), new { outcome = "accepted" }, Cancel))
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        using var viewer = site.Client("viewer");
        using (var board = await viewer.PostAsJsonAsync(U($"/api/assurance/declarations/{id}/review"), new { outcome = "accepted" }, Cancel))
            Assert.Equal(HttpStatusCode.Forbidden, board.StatusCode);
        using var analyst = site.Client("analyst");
        using (var noReason = await analyst.PostAsJsonAsync(U($"/api/assurance/declarations/{id}/review"), new { outcome = "queried" }, Cancel))
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using (var queried = await analyst.PostAsJsonAsync(U($"/api/assurance/declarations/{id}/review"), new { outcome = "queried", reason = "Paper not yet seen by the Board" }, Cancel))
            Assert.Equal(HttpStatusCode.OK, queried.StatusCode);
        var item = WebUtility.HtmlDecode(await analyst.GetStringAsync(U("/assurance/MIS6/SA5"), Cancel));
        Assert.Contains("queried: Paper not yet seen by the Board", item, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBoardPackShowsEachFrameworksProgressAndTheOverdueAndAtRiskItems()
    {
        var id = await ReportTests.Make(site, "analyst");
        using var viewer = site.Client("viewer");
        var html = WebUtility.HtmlDecode(await viewer.GetStringAsync(U($"/reports/{id}.html"), Cancel));
        Assert.Contains("Assurance frameworks", html, StringComparison.Ordinal);
        Assert.Contains("Maternity Incentive Scheme year 6 (CNST): ten safety actions", html, StringComparison.Ordinal);
        // Every open item of a scheme whose deadline has passed (March 2025) is overdue in the pack, with its trust.
        var grid = ComplianceGrid.Build(site.Database, Access.System("test"), Frameworks.Find("MIS6")!, "LMNSX1", DateOnly.FromDateTime(DateTime.UtcNow));
        var open = grid.Rows.SelectMany(r => r.Cells.Where(c => c.Overdue).Select(c => (r.Item.Id, c.OrgCode))).ToList();
        Assert.NotEmpty(open);
        foreach (var (item, _) in open) Assert.Contains($"MIS6 {item} ", html, StringComparison.Ordinal);
        Assert.Contains("Overdue</strong> overdue since 3 Mar 2025", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheGridIsLaidOutAndAccessibleAtALaptopAndAPhoneWidth()
    {
        BrowserSession.RequireChromium();
        var problems = new List<string>();
        foreach (var width in new[] { 1366, 390 })
        {
            var (page, errors) = await _session.SignIn("analyst", width);
            foreach (var (path, name) in new[] { ("/assurance?framework=MIS6", "assurance"), ("/assurance/MIS6/SA2", "assurance-item"), ("/assurance/scorecard", "assurance-sa2") })
            {
                var response = await page.GotoAsync(_session.Base + path);
                if (!response!.Ok) { problems.Add($"{path} at {width}: HTTP {response.Status}"); continue; }
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"{name}-{width}.png"), FullPage = true });
                var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
                if (overflow) problems.Add($"{path} at {width}: the page scrolls sideways");
                var axe = await page.RunAxe();
                problems.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{path} at {width}: {v.Id} {v.Help} x{v.Nodes.Length}"));
            }
            var cells = await page.GotoAsync(_session.Base + "/assurance?framework=MIS6") is not null
                ? await page.Locator("#grid tbody tr").CountAsync() : 0;
            if (cells != 10) problems.Add($"grid at {width}: {cells} rows, expected the 10 safety actions");
            problems.AddRange(errors.Select(e => $"console error at {width}: {e}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
