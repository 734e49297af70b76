using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>The /voices page in headless Chromium at 1366 and 390 px: screenshots kept, no serious accessibility violations.</summary>
[Collection(SharedSite.Name)]
public sealed class VoicesBrowserTests(OverviewTests.Site site) : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async ValueTask InitializeAsync()
    {
        VoicesTests.Load(site);
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task TheVoicesPageRendersAtDesktopAndPhoneWidthsWithoutSeriousViolations()
    {
        BrowserSession.RequireChromium();
        foreach (var (user, width, name) in new[] { ("analyst", 1366, "voices-1366"), ("analyst", 390, "voices-390"), ("viewer", 390, "voices-viewer-390") })
        {
            var (page, errors) = await _session.SignIn(user, width);
            var response = await page.GotoAsync($"{_session.Base}/voices");
            Assert.True(response!.Ok, $"/voices: HTTP {response.Status}");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + ".png"), FullPage = true });
            await page.Locator("figure.app-chart").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + "-chart.png") });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + "-top.png") });
            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            // The page never scrolls sideways; wide charts and tables scroll inside their own frames.
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"{name}: the page scrolls sideways");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task TheEventFormRendersAtDesktopAndPhoneWidthsAndShowsItsErrorsWithoutSeriousViolations()
    {
        BrowserSession.RequireChromium();
        foreach (var (width, name) in new[] { (1366, "voices-event-1366"), (390, "voices-event-390") })
        {
            var (page, errors) = await _session.SignIn("analyst", width);
            var response = await page.GotoAsync($"{_session.Base}/voices/events/new");
            Assert.True(response!.Ok, $"/voices/events/new: HTTP {response.Status}");
            await page.FillAsync("#voices-date", "2019-06-11");
            await page.FillAsync("#voices-event", "Browser forum");
            await page.FillAsync("#voices-people-heard", "10");
            await page.FillAsync("#voices-ethnic-group--white", "4");
            await page.ClickAsync("button[type=submit]");
            Assert.Contains("add up to 4, not the 10 people heard", await page.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + ".png"), FullPage = true });
            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"{name}: the page scrolls sideways");
            await page.Context.CloseAsync();
        }
    }
}
