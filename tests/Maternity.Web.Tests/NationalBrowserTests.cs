using Deque.AxeCore.Playwright;
using Maternity.Returns;
using Maternity.Security;
using Maternity.Storage;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// A store holding only the public files (the four annual NHS Maternity Statistics CSVs in ../shared/data; no records,
/// no returns), signed in as the public role: the overview, a catalogue indicator and the national overview with England
/// and peers (the indicator also for an older year picked with its year chooser), a rate with England and peers, and a trust's
/// population profile, in headless Chromium at 1366 and 390 px with screenshots kept and no serious accessibility
/// violations. Figures hand-checked against the raw 2022-23 file (lines cited).
/// </summary>
public sealed class NationalBrowserTests : IAsyncLifetime
{
    private static readonly string[] Files =
    [
        "hosp-epis-stat-mat-msdscsv-2019-20.csv", "hosp-epis-stat-mat-msdscsv-2020-21.csv",
        "hosp-epis-stat-mat-msdscsv-2021-22.csv", "hosp-epis-stat-mat-msdscsv-2022-23.csv",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "maternity-web-tests", "national-" + Guid.NewGuid().ToString("N"));
    private BrowserSession? _session;
    private bool _loaded;

    public async ValueTask InitializeAsync()
    {
        var paths = Files.Select(Find).ToList();
        if (paths.Any(p => p is null)) return;
        var database = Database.DuckDbFile(Path.Combine(_directory, "maternity.duckdb"));
        Migrator.Migrate(database);
        foreach (var path in paths) NationalStatistics.Import(database, path!);
        var admin = Access.System("test");
        Users.Add(database, admin, "admin", Role.Admin, [], OverviewTests.Site.Password);
        Users.Add(database, admin, "public", Role.Public, [], OverviewTests.Site.Password);
        _loaded = true;
        _session = await BrowserSession.Start(database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task APublicOnlyStoreShowsTheNationalPagesToThePublicRole()
    {
        Assert.SkipWhen(!_loaded, "the published annual files are not beside the checkout (../shared/data); CI provides them");
        BrowserSession.RequireChromium();
        var pages = new (string Path, string Name, string[] Shows)[]
        {
            // The overview with no monthly counts: a tile per published rate, R0A beside England (the figures below).
            ("/?org=R0A", "national-overview", ["Manchester University NHS Foundation Trust, 2022-23", "Smoking at booking", "12.0%", "England: 13.2%",
                "Coverage 66%; against England: lower", "Published, rounded to 5"]),
            // The overview for the year chosen: R0A 2021-22 smoking 15 of 130 (lines 15406-15407 of the 2021-22 file) = 11.5%,
            // coverage 130 of 16,470 deliveries (line 15917) = 1%, flagged; England 24,295 of 216,295 (lines 15382-15383) = 11.2%.
            ("/?org=R0A&year=2021-22", "national-overview-2021-22", ["Manchester University NHS Foundation Trust, 2021-22",
                "Published rates, 2021-22", "11.5%", "England: 11.2%", "Coverage 1% (low coverage)"]),
            // The catalogue indicator's page: no monthly counts, the national benchmark with England and peers.
            ("/indicators/SMOKING_BOOKING?org=R0A", "national-indicator", ["Beside the national publication, 2022-23", "published, rounded to 5",
                "13.2%", "13.1 to 13.3 (approx.)", "Peer: ", "Region: London Commissioning Region", "lower"]),
            // A year not published: the latest is shown, and the page says so.
            ("/indicators/SMOKING_BOOKING?org=R0A&year=2030-31", "national-indicator-fallback", ["Beside the national publication, 2022-23",
                "'2030-31' is not a year this indicator is published in; showing the latest, 2022-23.", "13.2%"]),
            // R0A 2022-23: smoking 1,125 of 9,340 (lines 15158-15159) = 12.0%, coverage 9,340 of 14,120 (line 15665) = 66%.
            ("/national?org=R0A&year=2022-23", "national", ["National maternity statistics", "12.0%", "11.4 to 12.7 (approx.)", "66%", "2019-20 (annual)"]),
            // England 2022-23: 51,120 of 386,955 (lines 15134-15135) = 13.2%; R0A is lower.
            ("/national/SMOKING_BOOKING?org=R0A&year=2022-23", "national-rate", ["England", "13.2%", "13.1 to 13.3 (approx.)", "Peer: ", "lower", "2019-20"]),
            // R0A White 6,730 of 13,070 deliveries (lines 6199-6206) = 51.5%; England 361,155 of 531,000 = 68.0%.
            ("/national/profile?org=R0A&year=2022-23", "national-profile", ["Mother's ethnic group", "6,730", "51.5%", "68.0%", "01 - Most deprived"]),
        };
        foreach (var width in new[] { 1366, 390 })
        {
            var (page, errors) = await _session!.SignIn("public", width);
            Assert.Contains("National statistics", await page.ContentAsync(), StringComparison.Ordinal);
            foreach (var (path, name, shows) in pages)
            {
                var response = await page.GotoAsync($"{_session.Base}{path}");
                Assert.True(response!.Ok, $"{path}: HTTP {response.Status}");
                await Check(page, name, width, shows);
            }
            // The indicator page for an older year, picked with the block's year chooser (the organisation is kept):
            // England 2021-22 24,295 of 216,295 (lines 15382-15383 of the 2021-22 file) = 11.2% (11.1 to 11.4), coverage
            // 216,295 of 546,100 deliveries (line 15909) = 40%, low; R0A 15 of 130 (lines 15406-15407) = 11.5% (7.1 to 18.2),
            // coverage 1%, not compared; peers by 2021-22 size, nearest R0A's 16,470 deliveries (line 15917): Mid and South
            // Essex (RAJ, 12,155 deliveries, line 15928) first, 685 of 8,310 (lines 15439-15440) = 8.2%.
            await page.GotoAsync($"{_session.Base}/indicators/SMOKING_BOOKING?org=R0A");
            await page.SelectOptionAsync("#national-year", "2021-22");
            await page.ClickAsync("#national-benchmark button[type=submit]");
            await page.WaitForURLAsync(url => url.Contains("year=2021-22", StringComparison.Ordinal) && url.Contains("org=R0A", StringComparison.Ordinal));
            await Check(page, "national-indicator-2021-22", width, ["Beside the national publication, 2021-22", "11.2%", "11.1 to 11.4 (approx.)",
                "40%", "11.2% (low coverage)", "11.5%", "7.1 to 18.2 (approx.)", "not compared: coverage below the threshold",
                "Peer: Mid and South Essex NHS Foundation Trust", "8.2%", "Peers: the five other trusts whose size in 2021-22",
                "nearest Manchester University NHS Foundation Trust's (16,470)", "not a published peer group",
                "The trust and its peers over the years", "Every organisation and year (CSV)"]);
            Assert.Equal("2021-22", await page.InputValueAsync("#national-year"));
            // With no organisation hierarchy loaded, the page's organisation is chosen from the publication's trusts,
            // and it says that no local counts are loaded rather than that R0A has none.
            Assert.Equal("R0A", await page.InputValueAsync("#org"));
            Assert.Contains("No counts from records or returns are loaded: the national publication's figures are below.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The page shows every text, is screenshot, has no serious accessibility violation and does not scroll sideways.</summary>
    private static async Task Check(IPage page, string name, int width, string[] shows)
    {
        var text = await page.InnerTextAsync("main");
        Assert.All(shows, s => Assert.Contains(s, text, StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.Screenshots, $"{name}-{width}.png"), FullPage = true });
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{name}-{width}: {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"{name}-{width}: the page scrolls sideways");
    }

    private static string? Find(string file)
    {
        if (Environment.GetEnvironmentVariable("MATERNITY_SHARED_DATA") is { Length: > 0 } dir && File.Exists(Path.Combine(dir, file))) return Path.Combine(dir, file);
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "shared", "data", file);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
