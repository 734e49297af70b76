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
        // The measure the declarations link to, with each trust's latest value and its RAG in words.
        Assert.Contains("Measures linked", item, StringComparison.Ordinal);
        Assert.Contains("href=\"/measures/CSF_RECORDED?org=X1A\"", item, StringComparison.Ordinal);
        Assert.Matches("nhsuk-tag[^\"]*\">(Green|Amber|Red)</strong>", item);
        // Year 7's items cite where each action's subject is published.
        var year7 = await client.GetStringAsync(U("/assurance/MIS7/SA1"), Cancel);
        Assert.Contains("Source of this item", year7, StringComparison.Ordinal);
        Assert.Contains("npeu.ox.ac.uk/pmrt", year7, StringComparison.Ordinal);
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
            foreach (var (path, name) in new[] { ("/assurance?framework=MIS6", "assurance"), ("/assurance/MIS6/SA2", "assurance-item"), ("/assurance/scorecard", "assurance-sa2"),
                         ("/assurance?framework=MIS7", "assurance-mis7"), ("/assurance/MIS7/SA2", "assurance-mis7-sa2"),
                         (EvidenceItem(site), "assurance-evidence"), ("/plan/actions/A002", "assurance-action") })
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

    private static readonly Lock EvidenceGate = new();
    private static string? _evidence;

    /// <summary>
    /// A declaration of X1A (PSIRF P1, January 2020) carrying one evidence file in the shared site, made once: the file's
    /// download address, for the access matrix and the tests here.
    /// </summary>
    internal static string EvidenceHref(OverviewTests.Site site)
    {
        lock (EvidenceGate)
        {
            if (_evidence is null)
            {
                var access = Access.System("test");
                var d = AssuranceStore.Declare(site.Database, access, new DeclarationInput("PSIRF", "P1", "X1A", new DateOnly(2020, 1, 1), Compliance.Met,
                    "Policy approved by the Board", [], null) { Files = [new EvidenceFiles.Upload("PSIRF policy.pdf", EvidencePdf)] });
                _evidence = EvidenceFiles.Of(site.Database, access, [d.Id])[d.Id].Single().Href;
            }
            return _evidence;
        }
    }

    /// <summary>The item page whose history shows the evidence file above.</summary>
    private static string EvidenceItem(OverviewTests.Site site)
    {
        EvidenceHref(site);
        return "/assurance/PSIRF/P1";
    }

    private static readonly byte[] EvidencePdf = [.. "%PDF-1.4\n% PSIRF policy\n"u8];

    [Fact]
    public async Task EvidenceFilesUploadWithTheDeclareFormAndDownloadOnlyForRolesThatSeeDeclarations()
    {
        using var client = await site.SignedIn("trust", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(U("/assurance/MIS7/SA3"), Cancel);
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);
        Assert.Contains("type=\"file\"", page, StringComparison.Ordinal);
        var token = Token().Match(page).Groups[1].Value;
        MultipartFormDataContent Form(string item, string fileName, byte[] content, bool withToken = true)
        {
            var form = new MultipartFormDataContent();
            foreach (var (k, v) in new[] { ("org", "X1A"), ("period", "2026-05"), ("status", "met"), ("evidence", $"ATAIN audit for {item}"), ("links", "") })
                form.Add(new StringContent(v), k);
            if (withToken) form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new ByteArrayContent(content), "files", fileName);
            return form;
        }
        var pdf = "%PDF-1.7\n% ATAIN audit\n"u8.ToArray();
        using (var forged = await client.PostAsync(U("/assurance/MIS7/SA3"), Form("SA3", "atain.pdf", pdf, withToken: false), Cancel))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using (var wrong = await client.PostAsync(U("/assurance/MIS7/SA4"), Form("SA4", "rota.pdf", [0x4D, 0x5A, 0x90, 0, 3, 0]), Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            var html = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync(Cancel));
            Assert.Contains("The change was not saved", html, StringComparison.Ordinal);
            Assert.Contains("rota.pdf: its content is not a PDF, DOCX, XLSX, PNG or JPEG file", html, StringComparison.Ordinal);
        }
        using (var large = await client.PostAsync(U("/assurance/MIS7/SA4"), Form("SA4", "rota.pdf", [.. pdf, .. new byte[EvidenceFiles.MaxBytes]]), Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, large.StatusCode);
            Assert.Contains("rota.pdf: 10.0 MB is over the limit of 10 MB", WebUtility.HtmlDecode(await large.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        }
        // Refused: neither the declaration nor the file is stored.
        Assert.DoesNotContain(AssuranceStore.History(site.Database, Access.System("test"), "MIS7", "SA4", "X1A"), d => d.Period == new DateOnly(2026, 5, 1));
        using (var saved = await client.PostAsync(U("/assurance/MIS7/SA3"), Form("SA3", "../ATAIN <audit>.pdf", pdf), Cancel))
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);

        using var viewer = site.Client("viewer");
        var item = await viewer.GetStringAsync(U("/assurance/MIS7/SA3"), Cancel);
        var href = EvidenceLink().Match(item);
        Assert.True(href.Success, "no evidence file link on the item page");
        Assert.Contains("ATAIN _audit_.pdf", WebUtility.HtmlDecode(item), StringComparison.Ordinal);
        using (var download = await viewer.GetAsync(U(href.Groups[1].Value), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync(Cancel));
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.True(download.Headers.CacheControl?.NoStore);
        }
        using var anyone = site.Client("public");
        using (var refused = await anyone.GetAsync(U(href.Groups[1].Value), Cancel))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var unknown = await viewer.GetAsync(U("/assurance/evidence/" + new string('a', 32)), Cancel))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var admin = site.Client("admin");
        var uploads = await admin.GetStringAsync(U("/api/audit?action=assurance.declare&limit=5"), Cancel);
        Assert.Contains("ATAIN _audit_.pdf", uploads, StringComparison.Ordinal);
        var downloads = await admin.GetStringAsync(U("/api/audit?action=assurance.evidence.download&limit=5"), Cancel);
        Assert.Contains("\"actor\":\"viewer\"", downloads, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlanActionsPageShowsTheLinkedItemsWithEachTrustsStatus()
    {
        using var viewer = site.Client("viewer");
        var html = WebUtility.HtmlDecode(await viewer.GetStringAsync(U("/plan/actions/A002"), Cancel));
        Assert.Contains("Assurance framework items", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/assurance/OCK/IEA2\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/assurance/MIS7/SA7\"", html, StringComparison.Ordinal);
        foreach (var trust in new[] { "X1A", "X1B", "X1C", "X1D" })
            Assert.Matches($"{trust}: <span aria-hidden=\"true\">(✓|◐|✗|–)</span> (Met|Partly met|Not met|Not applicable)", html);
        // An action no declaration links to shows no such section.
        var other = WebUtility.HtmlDecode(await viewer.GetStringAsync(U("/plan/actions/A003"), Cancel));
        Assert.DoesNotContain("Assurance framework items", other, StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"(/assurance/evidence/[0-9a-f]{32})\"")]
    private static partial Regex EvidenceLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
