using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// The programme page in real headless Chromium at a laptop (1366 px) and a phone (390 px) width: no console errors, no
/// serious or critical axe-core violation, nothing wider than the window outside its own scrolling frame, and every LSOA
/// of the map filled with its decile's shade. Screenshots: TestResults/screenshots/programme-ROLE-WIDTH.png.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class ProgrammeBrowserTests(OverviewTests.Site site) : IAsyncLifetime
{
    private BrowserSession _session = new();

    public async ValueTask InitializeAsync()
    {
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task TheProgrammePageIsLaidOutForALaptopAndAPhoneWithItsMapShaded()
    {
        BrowserSession.RequireChromium();
        var problems = new List<string>();
        foreach (var width in new[] { 1366, 390 })
            foreach (var user in new[] { "analyst", "viewer" })
            {
                var (page, errors) = await _session.SignIn(user, width);
                var response = await page.GotoAsync($"{_session.Base}/programme");
                var where = $"{user} at {width} px";
                if (!response!.Ok) { problems.Add($"{where}: HTTP {response.Status}"); continue; }
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"programme-{user}-{width}.png"), FullPage = true });
                var axe = await page.RunAxe();
                problems.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{where}: axe {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}"));
                problems.AddRange(errors.Select(e => $"{where}: console error {e}"));
                var overflow = await page.EvaluateAsync<string>("""
                    () => { const over = document.documentElement.scrollWidth - window.innerWidth; if (over <= 0) return '';
                            const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                              && !e.closest('.app-table-frame')).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')).slice(0, 3);
                            return over + ' px, by ' + wide.join(', '); }
                    """);
                if (overflow.Length > 0) problems.Add($"{where}: the page is wider than the window: {overflow}");
                foreach (var section in new[] { "funding", "assets" })
                    await page.Locator($"#{section}").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"programme-{user}-{width}-{section}.png") });
                // Each LSOA's fill is its decile's shade: the darkest for decile 1, as the legend says.
                var wrong = await page.EvaluateAsync<int>("""
                    () => { const fills = ['#d8dde0','#08306b','#08519c','#2171b5','#4292c6','#6baed6','#9ecae1','#c6dbef','#deebf7','#eef5fc','#f7fbff'];
                            return [...document.querySelectorAll('#asset-map path')].filter(p => p.getAttribute('fill') !== fills[+(p.dataset.decile || 0)]).length; }
                    """);
                if (wrong > 0) problems.Add($"{where}: {wrong} LSOAs shaded with another decile's colour");
                if (await page.Locator("#asset-map path").CountAsync() != 600) problems.Add($"{where}: the map does not draw the 600 LSOAs");
                await page.Context.CloseAsync();
            }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
