using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// The dashboard in real headless Chromium (Debian's package, driven by Playwright) over the shared site, served by
/// Kestrel on a loopback port: every page loads with no console errors and no serious or critical axe-core
/// accessibility violations; filters are links; the page shows the API's numbers. Screenshots of every page are kept
/// in TestResults/screenshots.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class BrowserTests(OverviewTests.Site site) : IAsyncLifetime
{
    private BrowserSession _session = new();

    private IBrowser? Browser => _session.Browser;

    private string Base => _session.Base;

    internal static readonly string Screenshots = Path.Combine(FindRepository(), "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private static void RequireChromium() => BrowserSession.RequireChromium();

    /// <summary>A new browser session signed in through the sign-in form, and the console errors it collects.</summary>
    private async Task<(IPage Page, List<string> Errors)> SignIn(string user)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{page.Url}: {message.Text}"); };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
        page.RequestFailed += (_, request) => errors.Add($"{page.Url}: request failed {request.Url}");
        await page.GotoAsync($"{Base}/signin");
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", OverviewTests.Site.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{Base}/");
        return (page, errors);
    }

    private async Task Check(IPage page, List<string> errors, string path, string name)
    {
        var response = await page.GotoAsync(Base + path);
        Assert.True(response!.Ok, $"{path}: HTTP {response.Status}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task TheEquityOverviewLabelsEveryCellInWordsAndLeadsFromTheMostAffectedGroupToAnActionAndBackInFourClicks()
    {
        RequireChromium();
        var (page, errors) = await SignIn("analyst");
        // The indicators the plan's actions target: the path follows a most-affected group to one of them.
        var actions = await page.APIRequest.GetAsync($"{Base}/api/plan/actions");
        using var list = JsonDocument.Parse(await actions.TextAsync());
        var targeted = list.RootElement.EnumerateArray().SelectMany(a => a.GetProperty("indicators").GetString()!.Split("; ", StringSplitOptions.RemoveEmptyEntries)).ToHashSet();

        // 1: the menu's equity overview.
        await page.Locator("nav[aria-label=Menu] a[href='/equity']").ClickAsync();
        await page.WaitForURLAsync($"{Base}/equity");
        var cells = page.Locator("#rug td");
        Assert.True(await cells.CountAsync() > 20, "the rug has cells");
        foreach (var text in await cells.AllInnerTextsAsync()) Assert.False(string.IsNullOrWhiteSpace(text), "every cell says something");
        foreach (var (kind, word) in new[] { ("worse", "Worse"), ("better", "Better"), ("similar", "Similar") })
            foreach (var text in await page.Locator($"#rug td.app-rug__cell--{kind}").AllInnerTextsAsync())
                Assert.Contains(word, text, StringComparison.Ordinal);
        Assert.True(await page.Locator("#rug td.app-rug__cell--worse").CountAsync() > 0, "the demo's known disparities show as Worse");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "equity-overview.png"), FullPage = true });

        // 2: from the most affected groups, an indicator an action targets.
        var links = page.Locator("#most-affected a");
        ILocator? link = null;
        for (var i = 0; i < await links.CountAsync() && link is null; i++)
            if ((await links.Nth(i).GetAttributeAsync("href"))!.Split('?')[0].Split('/')[^1] is var id && targeted.Contains(id)) link = links.Nth(i);
        Assert.NotNull(link);
        var indicator = (await link!.GetAttributeAsync("href"))!.Split('?')[0];
        await link.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains(indicator, StringComparison.Ordinal));
        Assert.Contains("What we are doing about it", await page.ContentAsync(), StringComparison.Ordinal);

        // 3: one of its actions; 4: back to the indicator from the action's own list of indicators.
        await page.Locator("#actions a[href^='/plan/actions/']").First.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/plan/actions/", StringComparison.Ordinal));
        await page.Locator($"#indicators a[href^='{indicator}']").First.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains(indicator, StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task EveryPageLoadsWithoutConsoleErrorsAndWithoutSeriousAccessibilityViolations()
    {
        RequireChromium();
        var anonymous = await Browser!.NewPageAsync();
        var anonymousErrors = new List<string>();
        anonymous.Console += (_, m) => { if (m.Type == "error") anonymousErrors.Add(m.Text); };
        await Check(anonymous, anonymousErrors, "/signin", "signin");

        var (page, errors) = await SignIn("analyst");
        foreach (var (path, name) in new[]
        {
            ("/", "overview"), ("/?org=X1B", "overview-trust"), ("/indicators/SATOD", "indicator-satod"), ("/indicators/PRETERM_37?org=X1A", "indicator-preterm-x1a"),
            ("/quality", "quality"), ("/plan", "plan"), ("/plan/actions/A003", "plan-action"), ("/uploads", "uploads"), ("/reports", "reports"),
            ($"/reports/{await ReportTests.Make(site, "analyst")}.html", "board-pack"), ("/signout", "signout"),
        })
            await Check(page, errors, path, name);

        var (admin, adminErrors) = await SignIn("admin");
        await Check(admin, adminErrors, "/admin", "admin");
        var (viewer, viewerErrors) = await SignIn("viewer");
        await Check(viewer, viewerErrors, "/", "overview-viewer");
        await Check(viewer, viewerErrors, "/indicators/SATOD?org=X1C", "indicator-satod-viewer");
    }

    [Fact]
    public async Task PlanFiltersChangeTheUrlAndTheNumbersWhichEqualTheApis()
    {
        RequireChromium();
        var (page, errors) = await SignIn("analyst");
        await page.GotoAsync($"{Base}/plan?today=2024-06-30");
        var all = await page.Locator("#actions tbody tr").CountAsync();
        await page.SelectOptionAsync("#lead", "LMNS Team");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("lead=LMNS+Team", StringComparison.Ordinal) || url.Contains("lead=LMNS%20Team", StringComparison.Ordinal));
        var filtered = await page.Locator("#actions tbody tr").CountAsync();
        Assert.InRange(filtered, 1, all - 1);

        using var client = site.Client("analyst");
        using var api = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/plan?today=2024-06-30&lead=LMNS%20Team", UriKind.Relative), TestContext.Current.CancellationToken));
        var ids = api.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        var shown = await page.Locator("#actions tbody tr > :first-child a").AllTextContentsAsync();
        Assert.Equal(ids, shown);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheNumbersOnTheIndicatorPagesEqualTheApisAndThePickersAreLinks()
    {
        RequireChromium();
        var (page, errors) = await SignIn("analyst");
        await page.GotoAsync($"{Base}/indicators/SATOD");
        await page.SelectOptionAsync("#org", "X1B");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("org=X1B", StringComparison.Ordinal));
        var cells = await page.Locator("table:has(caption:text('The monthly values')) tbody tr").AllAsync();
        using var client = site.Client("analyst");
        using var api = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/indicators/SATOD/results?org=X1B&breakdown=Total", UriKind.Relative), TestContext.Current.CancellationToken));
        var months = api.RootElement.EnumerateArray().OrderBy(r => r.GetProperty("periodStart").GetString(), StringComparer.Ordinal).TakeLast(cells.Count).ToList();
        Assert.Equal(months.Count, cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var texts = await CellTexts(cells[i]);
            Assert.Equal(months[i].GetProperty("numerator").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), texts[1]);
            Assert.Equal(months[i].GetProperty("denominator").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), texts[2]);
        }
        // The overview's 12-month numerator is the sum of the last 12 months' numerators.
        await page.GotoAsync($"{Base}/?org=X1B");
        var row = await CellTexts(page.Locator("table tbody tr", new PageLocatorOptions { HasText = "Smoking at time of delivery" }).First);
        var expected = api.RootElement.EnumerateArray().OrderBy(r => r.GetProperty("periodStart").GetString(), StringComparer.Ordinal).TakeLast(12).Sum(r => r.GetProperty("numerator").GetInt64());
        Assert.Equal(expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), row[2]);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheBoardPackOpensWithTheNetworkBlockedAndItsPdfRendersAsA4Pages()
    {
        RequireChromium();
        const string pdftoppm = "/usr/bin/pdftoppm";
        Assert.SkipWhen(!File.Exists(pdftoppm), $"the PDF check needs {pdftoppm} (apt-get install poppler-utils; .ci/run installs it)");
        var id = await ReportTests.Make(site, "analyst");
        using var client = site.Client("analyst");
        var dir = Directory.CreateTempSubdirectory("maternity-pack-").FullName;
        var html = Path.Combine(dir, "pack.html");
        await File.WriteAllBytesAsync(html, await client.GetByteArrayAsync(new Uri($"/reports/{id}.html", UriKind.Relative), TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        // Offline, with every request but the file itself refused and recorded.
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { Offline = true });
        var requests = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal) || route.Request.Url.StartsWith("data:", StringComparison.Ordinal)) await route.ContinueAsync();
            else { requests.Add(route.Request.Url); await route.AbortAsync(); }
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith("file:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) requests.Add(request.Url); };
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        Assert.StartsWith("LMNS Board report:", await page.TextContentAsync("h1"), StringComparison.Ordinal);
        Assert.True(await page.Locator("svg").CountAsync() > 0, "no chart in the pack");
        Assert.Empty(requests);
        Assert.Empty(errors);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "board-pack-offline.png"), FullPage = false });

        // The PDF, turned into PNG pages.
        var pdf = Path.Combine(dir, "pack.pdf");
        await File.WriteAllBytesAsync(pdf, await client.GetByteArrayAsync(new Uri($"/reports/{id}.pdf", UriKind.Relative), TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        using (var process = System.Diagnostics.Process.Start(pdftoppm, ["-r", "40", "-png", pdf, Path.Combine(dir, "page")]))
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
        }
        var pages = Directory.GetFiles(dir, "page*.png").Order(StringComparer.Ordinal).ToList();
        Assert.True(pages.Count >= 5, $"{pages.Count} pages");
        foreach (var png in pages)
        {
            var bytes = await File.ReadAllBytesAsync(png, TestContext.Current.CancellationToken);
            // PNG header: width and height, big-endian, at bytes 16 and 20. A4 is 210 x 297 mm.
            var (w, h) = (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            Assert.InRange(h / (double)w, 1.40, 1.43);
        }
        File.Copy(pages[0], Path.Combine(Screenshots, "board-pack-pdf-page-1.png"), overwrite: true);

        // The PDF's text: every "n of d" count it prints has passed suppression.
        var text = Path.Combine(dir, "pack.txt");
        using (var process = System.Diagnostics.Process.Start("/usr/bin/pdftotext", [pdf, text]))
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
        }
        var counts = System.Text.RegularExpressions.Regex.Matches(await File.ReadAllTextAsync(text, TestContext.Current.CancellationToken), @"([0-9][0-9,]*) of ([0-9][0-9,]*)\)")
            .SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Select(v => long.Parse(v, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(counts);
        Assert.All(counts, c => Assert.True(c % 5 == 0, $"{c} in the PDF"));
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A table row's cells (row heading first) as shown, without the headings the stacked phone layout repeats in each cell.</summary>
    private static async Task<IReadOnlyList<string>> CellTexts(ILocator row) => await row.EvaluateAsync<string[]>("""
        r => [...r.querySelectorAll('th, td')].map(c => {
          const copy = c.cloneNode(true);
          copy.querySelectorAll('.nhsuk-table__heading').forEach(h => h.remove());
          return copy.textContent.trim();
        })
        """);

    private static string FindRepository()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Maternity.slnx"))) return d.FullName;
        return AppContext.BaseDirectory;
    }
}
