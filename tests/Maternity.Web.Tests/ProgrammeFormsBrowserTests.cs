using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// The upload and change-a-row forms and the map shaded by births to the priority cohort, in real headless Chromium at a
/// laptop (1366 px) and a phone (390 px) width: no console errors, no serious or critical axe-core violation, nothing
/// wider than the window outside its own scrolling frame. Screenshots: TestResults/screenshots/programme-forms-NAME-WIDTH.png.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class ProgrammeFormsBrowserTests(OverviewTests.Site site) : IAsyncLifetime
{
    private BrowserSession _session = new();

    public async ValueTask InitializeAsync()
    {
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task TheUploadAndEditFormsAndTheBirthsMapAreLaidOutForALaptopAndAPhone()
    {
        BrowserSession.RequireChromium();
        var problems = new List<string>();
        var pages = new[] { ("upload", "/programme/upload"), ("edit", "/programme/edit?sheet=posts.posts&id=HIL-X1C"), ("births", "/programme?map=births") };
        foreach (var width in new[] { 1366, 390 })
            foreach (var (name, path) in pages)
            {
                var (page, errors) = await _session.SignIn("analyst", width);
                var response = await page.GotoAsync($"{_session.Base}{path}");
                var where = $"{name} at {width} px";
                if (!response!.Ok) { problems.Add($"{where}: HTTP {response.Status}"); continue; }
                var shot = Path.Combine(BrowserTests.Screenshots, $"programme-forms-{name}-{width}.png");
                if (name == "births") await page.Locator("#assets").ScreenshotAsync(new LocatorScreenshotOptions { Path = shot });
                else await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
                var axe = await page.RunAxe();
                problems.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{where}: axe {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}"));
                problems.AddRange(errors.Select(e => $"{where}: console error {e}"));
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                if (overflow > 0) problems.Add($"{where}: the page is {overflow} px wider than the window");
                if (name == "births" && await page.Locator("#asset-map path[data-births]").CountAsync() != 600)
                    problems.Add($"{where}: the map does not shade the 600 LSOAs by births");
                await page.Context.CloseAsync();
            }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
