using Maternity.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// The site served by Kestrel on a loopback port and Debian's Chromium driven by Playwright, for the browser tests;
/// nothing is started when Chromium is absent (the tests then skip, saying why).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    /// <summary>The site's address, without a trailing slash.</summary>
    public string Base { get; private set; } = "";

    public static async Task<BrowserSession> Start(Database database)
    {
        var session = new BrowserSession();
        if (!File.Exists(Chromium)) return session;
        session._app = WebApp.Create(database, urls: "http://127.0.0.1:0");
        await session._app.StartAsync();
        session.Base = session._app.Urls.First().TrimEnd('/');
        session._playwright = await Playwright.CreateAsync();
        session.Browser = await session._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
        return session;
    }

    /// <summary>
    /// A new browser window <paramref name="width"/> pixels wide, signed in as <paramref name="user"/> (the site's test
    /// password) and back on the overview; <c>Errors</c> collects what the page writes to the console as errors. Close
    /// it with <c>page.Context.CloseAsync()</c>.
    /// </summary>
    public async Task<(IPage Page, List<string> Errors)> SignIn(string user, int width)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync($"{Base}/signin");
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", OverviewTests.Site.Password);
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync($"{Base}/");
        return (page, errors);
    }

    public static void RequireChromium() =>
        Assert.SkipWhen(!File.Exists(Chromium), $"browser tests need Chromium at {Chromium} (apt-get install chromium; .ci/run installs it)");

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}
