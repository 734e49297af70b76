using Deque.AxeCore.Playwright;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maternity.Security;
using Maternity.Synthetic;
using Maternity.Wres;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// The WRES page and API over the demo's synthetic WRES data (four trusts, three years, maternity and neonatal staff):
/// the page shows the API's figures; a viewer gets rounded counts and is told so; the public role is refused; and the page
/// in real Chromium at a laptop and a phone width, screenshots kept, with no serious axe-core violation.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class WresWebTests(OverviewTests.Site site) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static readonly int[] Widths = [1366, 390];

    private BrowserSession _session = new();

    public async ValueTask InitializeAsync()
    {
        // Loading again replaces the same trusts, years and staff groups: the same data whichever test runs first.
        WresGenerator.Generate(site.Database, 2025);
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task ThePageShowsTheApisPooledLikelihoodsForTheLmns()
    {
        using var analyst = site.Client("analyst");
        using var json = JsonDocument.Parse(await analyst.GetStringAsync(U("/api/wres?org=LMNSX1&year=2025"), Cancel));
        var rl2 = json.RootElement.EnumerateArray().First(l => l.GetProperty("org").GetString() == "LMNSX1" && l.GetProperty("indicator").GetString() == "2");
        var value = rl2.GetProperty("value").GetDouble();
        Assert.InRange(value, 1.2, 1.8);
        var html = await analyst.GetStringAsync(U("/wres?org=LMNSX1&year=2025"), Cancel);
        Assert.Contains(value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains("White applicants were", html, StringComparison.Ordinal);
        Assert.Contains("Unweighted mean of the trusts", html, StringComparison.Ordinal);
        Assert.DoesNotContain("rounded to protect small numbers", html, StringComparison.Ordinal);
        // The Model Employer band by band: each band's BME share against the workforce's, the same as the Core figures.
        Assert.Contains("id=\"wres-model-employer-bands\"", html, StringComparison.Ordinal);
        var band = WresModelEmployer.Bands(site.Database, Access.Resolve(site.Database, "analyst", Role.Analyst, ["LMNSX1"]), "LMNSX1")
            .First(b => b.Org == "LMNSX1" && b.Year == 2025 && b.Measure == "wres-bme-8a");
        Assert.Contains($"{band.SeniorShare.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%<br><span class=\"nhsuk-body-s\">{band.SeniorBme:N0} of {band.Senior:N0}", html, StringComparison.Ordinal);

        // The band pyramid: each clinical band's bar is its share of all clinical BME (or White) staff, worked here from the counts.
        var report = WresView.Build(site.Database, Access.Resolve(site.Database, "analyst", Role.Analyst, ["LMNSX1"]), "LMNSX1", 2025, null).Report!;
        var clinical = report.Bands.Where(b => b.Category == "Clinical").ToList();
        var band5 = clinical.Single(b => b.Name == "5");
        var share = 100.0 * band5.Staff.Bme / clinical.Sum(b => b.Staff.Bme);
        Assert.Contains("id=\"wres-pyramid-clinical-t\"", html, StringComparison.Ordinal);
        Assert.Contains($"Band 5: {Maternity.Reports.Display.Number(share)}% of BME staff", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AViewerIsToldTheCountsAreRoundedAndThePublicIsRefused()
    {
        using var viewer = site.Client("viewer");
        var html = await viewer.GetStringAsync(U("/wres?org=X1D&group=Neonatal"), Cancel);
        Assert.Contains("rounded to protect small numbers", html, StringComparison.Ordinal);
        var csv = await viewer.GetStringAsync(U("/api/wres?org=X1D&group=Neonatal&format=csv"), Cancel);
        Assert.Contains(",suppressed", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",exact", csv, StringComparison.Ordinal);
        using var anyone = site.Client("public");
        Assert.Equal(HttpStatusCode.Forbidden, (await anyone.GetAsync(U("/api/wres"), Cancel)).StatusCode);
        using var analyst = site.Client("analyst");
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(U("/api/wres?org=NOPE"), Cancel)).StatusCode);
    }

    [Fact]
    public async Task TheBoardPackHasAWresSectionWithRoundedCounts()
    {
        var id = await ReportTests.Make(site, "analyst");
        using var client = site.Client("analyst");
        var html = await client.GetStringAsync(U($"/reports/{id}.html"), Cancel);
        Assert.Contains("<section id=\"wres\">", html, StringComparison.Ordinal);
        Assert.Contains("Workforce Race Equality Standard, 2025", html, StringComparison.Ordinal);
        Assert.Contains("Counts are rounded to protect small numbers", html, StringComparison.Ordinal);
        Assert.Contains("White applicants were", html, StringComparison.Ordinal);
        // Whole trust, maternity and neonatal staff: each trust beside the LMNS and the ICB pooled.
        Assert.Contains("id=\"pack-wres-maternity\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"pack-wres-neonatal\"", html, StringComparison.Ordinal);
        Assert.Contains("ICB pooled", html, StringComparison.Ordinal);

        // One number everywhere: the pack (read as a viewer) shows the viewer's WRES page figure, in the HTML and the workbook.
        var viewer = Access.Resolve(site.Database, "viewer", Role.Viewer, ["LMNSX1"]);
        var rl2 = WresView.Build(site.Database, viewer, "LMNSX1", 2025, "Maternity").Report!.Indicator(2)!;
        Assert.Matches($@"{Regex.Escape(Maternity.Reports.Display.Ratio(rl2.Value.Value))}\*?<br><span class=""nhsuk-body-s"">\({Regex.Escape(Maternity.Reports.Display.Interval(rl2.Value.Lower, rl2.Value.Upper))}\)</span>", html);
        var xlsx = await client.GetByteArrayAsync(U($"/reports/{id}.xlsx"), Cancel);
        using var stream = new MemoryStream(xlsx);
        var sheet = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: WresPackSection.SheetName).Cast<IDictionary<string, object?>>().ToList();
        var row = sheet.Single(r => (string?)r["StaffGroup"] == "Maternity" && (string?)r["Indicator"] == "2" && (string?)r["Org"] == "LMNSX1");
        Assert.Equal(rl2.Value.Value, Convert.ToDouble(row["Value"], System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Contains(sheet, r => (string?)r["Level"] == "ICB");
        Assert.All(sheet, r => Assert.Equal("suppressed", r["Counts"]));

        // The section as the board reads it, at a laptop's width.
        BrowserSession.RequireChromium();
        var (page, errors) = await _session.SignIn("analyst", 1366);
        Assert.True((await page.GotoAsync($"{_session.Base}/reports/{id}.html"))!.Ok);
        await page.Locator("section#wres").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, "wres-pack-1366.png") });
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePageIsReadableOnALaptopAndAPhone()
    {
        BrowserSession.RequireChromium();
        foreach (var width in Widths)
        {
            var (page, errors) = await _session.SignIn("analyst", width);
            var response = await page.GotoAsync($"{_session.Base}/wres?org=LMNSX1&year=2025");
            Assert.True(response!.Ok);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"wres-lmns-{width}.png"), FullPage = true });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"wres-lmns-{width}-top.png") });
            await page.Locator("figure.app-chart").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"wres-lmns-{width}-chart.png") });
            await page.Locator("#wres-model-employer-bands").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"wres-lmns-{width}-bands.png") });
            await page.Locator("#wres-survey").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"wres-lmns-{width}-survey.png") });
            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            Assert.Empty(errors);
            // Three dot-and-interval charts and a band pyramid for each of the clinical, non-clinical and medical staff.
            Assert.Equal(6, await page.Locator("figure.app-chart").CountAsync());
            await page.Locator("figure.app-chart:has(#wres-pyramid-clinical-t)").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"wres-lmns-{width}-pyramid.png") });
            await page.Context.CloseAsync();
        }
    }
}
