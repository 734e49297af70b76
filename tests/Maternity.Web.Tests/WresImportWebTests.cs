using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Synthetic;
using Maternity.Wres;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// Loading WRES data from the browser (a staff extract previewed, then loaded on confirmation, audited; another trust's
/// rows refused; viewers and forms without the token refused), the plan's WRES actions on the action page and on the
/// WRES page, the ICB view, and the upload's preview in real Chromium at 1366 and 390 px.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class WresImportWebTests(OverviewTests.Site site) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private BrowserSession _session = new();

    /// <summary>A staff extract of the trust user's own trust for 2019 (a year no other test loads): two in post, one applicant.</summary>
    private const string Extract = """
        Person,Org,Year,StaffGroup,Category,Band,Ethnicity,InPost,Shortlisted,Appointed,Training
        E1,X1A,2019,Maternity,Clinical,6,A,Y,Y,Y,Y
        E2,X1A,2019,Maternity,Clinical,5,N,Y,Y,N,N
        E3,X1A,2019,,,,H,N,Y,N,N
        """;

    public async ValueTask InitializeAsync()
    {
        WresGenerator.Generate(site.Database, 2025);
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private static async Task<HttpResponseMessage> Preview(HttpClient client, string fileName, string csv)
    {
        var page = await client.GetStringAsync(U("/wres/import"), Cancel);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Hidden(page, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", fileName },
        };
        return await client.PostAsync(U("/wres/import"), form, Cancel);
    }

    [Fact]
    public async Task ATrustUserPreviewsAStaffExtractThenLoadsItOnConfirmation()
    {
        using var client = site.Client("trust");
        using var preview = await Preview(client, "staff-2019.csv", Extract);
        var html = await preview.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("a staff extract of 3 people", html, StringComparison.Ordinal);
        Assert.Contains("id=\"wres-changes\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(WresStore.Load(site.Database, Access.System("test"), new HashSet<string> { "X1A" }), r => r.Year == 2019);

        using var confirm = new MultipartFormDataContent
        {
            { new StringContent(Hidden(html, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new StringContent(Hidden(html, "fileName")), "fileName" }, { new StringContent(Hidden(html, "content")), "content" },
        };
        using var loaded = await client.PostAsync(U("/wres/import/confirm"), confirm, Cancel);
        var done = await loaded.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        Assert.Contains("staff-2019.csv is loaded", done, StringComparison.Ordinal);
        // Whole trust: E1 (White) and E2 (BME) in post; maternity the same two.
        var rows = WresStore.Load(site.Database, Access.System("test"), new HashSet<string> { "X1A" }).Where(r => r.Year == 2019).ToList();
        Assert.Equal(2L, rows.Where(r => r.StaffGroup == "Trust" && r.Item == WresFile.StaffInPost).Sum(r => r.Count));
        Assert.Equal(3L, rows.Where(r => r.StaffGroup == "Trust" && r.Item == WresFile.Shortlisted).Sum(r => r.Count));
        var audit = AuditLog.List(site.Database, Access.System("test"), action: "wres.import").First(e => e.Detail.StartsWith("staff-2019.csv", StringComparison.Ordinal));
        Assert.Equal("trust", audit.Actor);
    }

    /// <summary>The same kind of extract in a local system's own headers and codes (2018, a year no other test loads), and its mapping.</summary>
    private const string LocalExtract = """
        Staff ID,Trust,WRES year,Job family,Staff type,Pay band,Ethnic origin,InPost,Shortlisted,Appointed
        L1,X1A,2018,Midwifery,Clinical,6,White British,Y,Y,Y
        L2,X1A,2018,Midwifery,Clinical,7,Indian,Y,Y,N
        L3,X1A,2018,Estates,Non-clinical,3,White British,Y,N,N
        """;

    private const string LocalMapping = """
        { "columns": { "Staff ID": "Person", "Trust": "Org", "WRES year": "Year", "Job family": "StaffGroup",
                       "Staff type": "Category", "Pay band": "Band", "Ethnic origin": "Ethnicity" },
          "values": { "StaffGroup": { "Midwifery": "Maternity", "Estates": "Other" }, "Ethnicity": { "White British": "A", "Indian": "H" } } }
        """;

    private static async Task<HttpResponseMessage> PreviewWithMapping(HttpClient client, string csv, string mappingName, string mapping)
    {
        var page = await client.GetStringAsync(U("/wres/import"), Cancel);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Hidden(page, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "local-staff.csv" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(mapping)), "mapping", mappingName },
        };
        return await client.PostAsync(U("/wres/import"), form, Cancel);
    }

    [Fact]
    public async Task AStaffExtractInLocalHeadersLoadsThroughItsMappingFile()
    {
        using var client = site.Client("trust");
        using var preview = await PreviewWithMapping(client, LocalExtract, "local-map.json", LocalMapping);
        var html = await preview.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("a staff extract of 3 people", html, StringComparison.Ordinal);
        Assert.Contains("local-map.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain(WresStore.Load(site.Database, Access.System("test"), new HashSet<string> { "X1A" }), r => r.Year == 2018);

        // The confirmation carries the mapping back with the file, and the file is read through it again.
        using var confirm = new MultipartFormDataContent
        {
            { new StringContent(Hidden(html, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new StringContent(Hidden(html, "fileName")), "fileName" }, { new StringContent(Hidden(html, "content")), "content" },
            { new StringContent(Hidden(html, "mappingName")), "mappingName" }, { new StringContent(Hidden(html, "mapping")), "mapping" },
        };
        using var loaded = await client.PostAsync(U("/wres/import/confirm"), confirm, Cancel);
        var done = await loaded.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        Assert.Contains("local-staff.csv is loaded", done, StringComparison.Ordinal);
        // Whole trust: L1 and L3 White, L2 BME (Indian recoded to H); maternity ("Midwifery"): L1 and L2.
        var rows = WresStore.Load(site.Database, Access.System("test"), new HashSet<string> { "X1A" }).Where(r => r.Year == 2018).ToList();
        Assert.Equal(3L, rows.Where(r => r.StaffGroup == "Trust" && r.Item == WresFile.StaffInPost).Sum(r => r.Count));
        Assert.Equal(1L, rows.Where(r => r.StaffGroup == "Trust" && r.Item == WresFile.StaffInPost && r.Ethnicity == WresFile.Bme).Sum(r => r.Count));
        Assert.Equal(2L, rows.Where(r => r.StaffGroup == "Maternity" && r.Item == WresFile.StaffInPost).Sum(r => r.Count));
    }

    [Fact]
    public async Task ABadMappingFileIsRefusedNamedAndNothingIsRead()
    {
        using var client = site.Client("trust");
        using var bad = await PreviewWithMapping(client, LocalExtract, "broken.json", "{ \"columns\": ");
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("broken.json: mapping file is not valid JSON at line", html, StringComparison.Ordinal);
        Assert.Contains("id=\"mapping-error\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("maternity-wres-mapping-", html, StringComparison.Ordinal);

        // Without the mapping the local headers are not a WRES file: refused by column, nothing loaded.
        using var unmapped = await Preview(client, "local-staff.csv", LocalExtract);
        Assert.Equal(HttpStatusCode.BadRequest, unmapped.StatusCode);
        Assert.DoesNotContain("id=\"confirm\"", await unmapped.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherTrustsRowsAreRefusedAndOnlyLoadingRolesWithTheTokenMayPost()
    {
        using var client = site.Client("trust");
        using var refused = await Preview(client, "other.csv", Extract.Replace("X1A", "X1B", StringComparison.Ordinal));
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("other.csv, row 2, column Org: trust may not load data for X1B", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"confirm\"", html, StringComparison.Ordinal);

        using var noToken = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Extract)), "file", "staff.csv" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(U("/wres/import"), noToken, Cancel)).StatusCode);
        using var viewer = site.Client("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(U("/wres/import"), Cancel)).StatusCode);
        Assert.DoesNotContain("/wres/import", await viewer.GetStringAsync(U("/wres"), Cancel), StringComparison.Ordinal);
        using var analyst = site.Client("analyst");
        Assert.Contains("href=\"/wres/import\"", await analyst.GetStringAsync(U("/wres"), Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheActionPageShowsItsWresFiguresAndTheWresPageListsTheActions()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wres-links-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, """
            Priority,Action,Owning organisations,Metrics for success
            Priority 3: Ensure datasets are complete and timely,Diverse shortlisting panels,X1B,WRES 2 below 1.25
            """);
        try
        {
            var (read, saved) = PlanTable.Import(site.Database, Access.System("test"), path, "LMNSX1", plan: "wres-links");
            Assert.True(saved is not null, string.Join("; ", read.Issues.Select(i => i.Reason)));
        }
        finally
        {
            File.Delete(path);
        }
        var action = PlanStore.Load(site.Database, Access.System("test"), "LMNSX1", plan: "wres-links").Actions.Single();
        using var analyst = site.Client("analyst");
        var page = WebUtility.HtmlDecode(await analyst.GetStringAsync(U($"/plan/actions/{action.Id}?lmns=LMNSX1&plan=wres-links"), Cancel));
        Assert.Contains("Its WRES indicators", page, StringComparison.Ordinal);
        var rl2 = WresView.Build(site.Database, Access.System("test"), "X1B").Report!.Indicator(2)!;
        Assert.Contains(Maternity.Reports.Display.Ratio(rl2.Value.Value), page, StringComparison.Ordinal);
        Assert.Contains("White applicants were", page, StringComparison.Ordinal);

        var wres = WebUtility.HtmlDecode(await analyst.GetStringAsync(U("/wres?org=LMNSX1&year=2025"), Cancel));
        Assert.Contains("id=\"wres-actions\"", wres, StringComparison.Ordinal);
        Assert.Contains("Diverse shortlisting panels", wres, StringComparison.Ordinal);

        var icb = WebUtility.HtmlDecode(await analyst.GetStringAsync(U("/wres?org=QX1&year=2025"), Cancel));
        Assert.Contains("the ICB, pooled from its trusts' counts", icb, StringComparison.Ordinal);
        Assert.Contains("ICB pooled", icb, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUploadPreviewIsReadableOnALaptopAndAPhone()
    {
        BrowserSession.RequireChromium();
        foreach (var width in new[] { 1366, 390 })
        {
            var (page, errors) = await _session.SignIn("trust", width);
            var response = await page.GotoAsync($"{_session.Base}/wres/import");
            Assert.True(response!.Ok, $"/wres/import: HTTP {response.Status}");
            await page.SetInputFilesAsync("#file", new FilePayload { Name = "staff-2019.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Extract) });
            await page.ClickAsync("button:has-text('Preview')");
            await page.WaitForSelectorAsync("#wres-changes");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"wres-import-{width}.png"), FullPage = true });
            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways");
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);
}
