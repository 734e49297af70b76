using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// The plan upload's preview in headless Chromium at 1366 and 390 px: how each row was read, the cells kept as text and
/// the unknown header, then the load; screenshots kept, no serious accessibility violations, no sideways scrolling.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class PlanImportBrowserTests(OverviewTests.Site site) : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async ValueTask InitializeAsync()
    {
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task TheUploadPreviewRendersAtDesktopAndPhoneWidthsAndLoadsOnConfirmation()
    {
        BrowserSession.RequireChromium();
        foreach (var width in new[] { 1366, 390 })
        {
            var name = $"plan-import-{width}";
            var (page, errors) = await _session.SignIn("analyst", width);
            var response = await page.GotoAsync($"{_session.Base}/plan/import");
            Assert.True(response!.Ok, $"/plan/import: HTTP {response.Status}");
            await page.SetInputFilesAsync("#file", new FilePayload
            {
                Name = "general-plan.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(PlanImportWebTests.GeneralPlan),
            });
            await page.FillAsync("#plan", "subgroup");
            await page.ClickAsync("button:has-text('Preview')");
            await page.WaitForSelectorAsync("#readings");
            Assert.Contains("nothing is stored yet", await page.ContentAsync(), StringComparison.Ordinal);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + ".png"), FullPage = true });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + "-top.png") });
            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"{name}: the page scrolls sideways");

            await page.ClickAsync("#confirm");
            await page.WaitForSelectorAsync(".nhsuk-notification-banner--success");
            Assert.Contains("is now the subgroup plan", await page.ContentAsync(), StringComparison.Ordinal);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, name + "-loaded.png") });
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            await page.Context.CloseAsync();
        }
    }
}
