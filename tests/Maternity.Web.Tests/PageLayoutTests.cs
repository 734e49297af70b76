using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// Every page, in every role, at a laptop width (1366 px) and a phone width (390 px), in real headless Chromium: checked
/// for layout as a person would see it, not only for accessibility. Each form control has its visible label right
/// before it; nothing is wider than the window except inside a table's or chart's own scrolling frame; no table cell
/// clips its text; chart text is at least 9.5 pixels; no "NaN", "Infinity" or "undefined"; the menu offers exactly the
/// pages the role may open; the plan's timeline draws one bar per action with its quarters; no serious or critical
/// axe-core violation. Screenshots are kept in TestResults/screenshots as layout-ROLE-PAGE-WIDTH.png.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class PageLayoutTests(OverviewTests.Site site) : IAsyncLifetime
{
    private BrowserSession _session = new();

    private IBrowser? Browser => _session.Browser;

    private string Base => _session.Base;


    private static readonly int[] Widths = [1366, 390];

    private static readonly string[] Everyone = ["/", "/equity", "/national", "/indicators/SATOD", "/reports", "/glossary"];
    private static readonly string[] Readers = ["/registers", "/quality", "/measures", "/measures/STAFF_CULTURAL", "/plan", "/plan/actions/A003", "/wres", "/programme", "/voices", "/safety", "/assurance"];

    /// <summary>The menu each role should be offered, and the pages checked for it.</summary>
    private static readonly (string User, string[] Menu, string[] Pages, string[] Refused)[] Roles =
    [
        ("admin", ["Indicators", "Equity overview", "National statistics", "Data quality", "Measures", "Action plan", "Registers", "Board packs", "Returns", "Submit an extract", "Administration"],
            [.. Everyone, .. Readers, "/uploads", "/admin", "/indicators/PRETERM_37?org=X1A", "/measures/BFI_STAGE?org=X1B", "/measures/WAIT_DAYS", "/measures/CSF_RECORDED?org=X1A", "/returns?org=LMNSX1"], []),
        ("analyst", ["Indicators", "Equity overview", "National statistics", "Data quality", "Measures", "Action plan", "Registers", "Board packs", "Returns", "Submit an extract"],
            [.. Everyone, .. Readers, "/uploads", "/returns"], ["/admin"]),
        ("trust", ["Indicators", "Equity overview", "National statistics", "Data quality", "Measures", "Action plan", "Registers", "Board packs", "Returns", "Submit an extract"],
            [.. Everyone, .. Readers, "/uploads", "/?org=X1A", "/returns"], ["/admin"]),
        ("viewer", ["Indicators", "Equity overview", "National statistics", "Data quality", "Measures", "Action plan", "Registers", "Board packs"], [.. Everyone, .. Readers, "/indicators/SATOD?org=X1C"], ["/uploads", "/returns", "/admin"]),
        ("public", ["Indicators", "Equity overview", "National statistics", "Board packs"], Everyone, ["/quality", "/measures", "/plan", "/registers", "/wres", "/assurance", "/programme", "/safety", "/voices", "/uploads", "/returns", "/admin"]),
    ];

    public async ValueTask InitializeAsync()
    {
        _session = await BrowserSession.Start(site.Database);
        Directory.CreateDirectory(BrowserTests.Screenshots);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task EveryPageInEveryRoleIsLaidOutForALaptopAndAPhone()
    {
        BrowserSession.RequireChromium();
        var problems = new List<string>();
        foreach (var width in Widths)
        {
            var anonymous = await (await Browser!.NewContextAsync(Viewport(width))).NewPageAsync();
            await Check(anonymous, "anonymous", "/signin", width, [], problems);
            foreach (var (user, menu, pages, refused) in Roles)
            {
                var page = await SignIn(user, width);
                foreach (var path in pages) await Check(page, user, path, width, menu, problems);
                foreach (var path in refused)
                {
                    var response = await page.GotoAsync(Base + path);
                    if (response!.Status != 403) problems.Add($"{user} {path}: HTTP {response.Status}, expected 403");
                    else if (await page.TextContentAsync("h1") != "You do not have access to this page") problems.Add($"{user} {path}: the 403 page has no heading");
                }
                await page.Context.CloseAsync();
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static BrowserNewContextOptions Viewport(int width) => new() { ViewportSize = new ViewportSize { Width = width, Height = 900 } };

    private async Task<IPage> SignIn(string user, int width)
    {
        var page = await (await Browser!.NewContextAsync(Viewport(width))).NewPageAsync();
        await page.GotoAsync($"{Base}/signin");
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", OverviewTests.Site.Password);
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync($"{Base}/");
        return page;
    }

    private async Task Check(IPage page, string user, string path, int width, string[] menu, List<string> problems)
    {
        var errors = new List<string>();
        void OnConsole(object? _, IConsoleMessage m) { if (m.Type == "error") errors.Add(m.Text); }
        page.Console += OnConsole;
        var response = await page.GotoAsync(Base + path);
        var where = $"{user} {path} at {width} px";
        if (!response!.Ok) { problems.Add($"{where}: HTTP {response.Status}"); return; }
        var name = string.Concat(path.Select(c => char.IsLetterOrDigit(c) ? c : '-')).Trim('-');
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserTests.Screenshots, $"layout-{user}-{(name.Length == 0 ? "overview" : name)}-{width}.png"),
            FullPage = true,
        });
        var found = await page.EvaluateAsync<string[]>(LayoutScript);
        problems.AddRange(found.Select(p => $"{where}: {p}"));

        var shown = (await page.Locator("nav[aria-label=Menu] .nhsuk-header__navigation-link").AllTextContentsAsync())
            .Select(t => t.Trim()).Where(t => t != "Browse More" && t != "More").ToList();
        if (!shown.SequenceEqual(menu)) problems.Add($"{where}: menu {string.Join(", ", shown)}; expected {string.Join(", ", menu)}");

        if (path.StartsWith("/plan", StringComparison.Ordinal) && path == "/plan")
        {
            var rows = await page.Locator("#timeline tbody tr").CountAsync();
            var bars = await page.Locator("#timeline tbody tr .app-gantt__bar").AllTextContentsAsync();
            var none = await page.Locator("#timeline tbody tr .app-gantt__none").CountAsync();
            if (rows == 0 || bars.Count + none != rows) problems.Add($"{where}: timeline has {rows} rows, {bars.Count} bars and {none} undated");
            if (bars.Count == 0) problems.Add($"{where}: the timeline draws no bars");
            foreach (var bar in bars.Where(b => !System.Text.RegularExpressions.Regex.IsMatch(b, @"20\d\d-\d\d Q[1-4]")))
                problems.Add($"{where}: a timeline bar without its quarters: {bar}");
            var hidden = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('#timeline .app-gantt__bar')].filter(b => b.getBoundingClientRect().width < 4 || getComputedStyle(b).visibility === 'hidden').length");
            if (hidden > 0) problems.Add($"{where}: {hidden} timeline bars are not drawn");
        }

        // Accessibility at the phone width (the laptop width is checked by BrowserTests), to keep the run short.
        if (width > 400) { page.Console -= OnConsole; problems.AddRange(errors.Select(e => $"{where}: console error {e}")); return; }
        var axe = await page.RunAxe();
        problems.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{where}: axe {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}"));
        problems.AddRange(errors.Select(e => $"{where}: console error {e}"));
        page.Console -= OnConsole;
    }

    /// <summary>The layout rules, run in the page; each broken rule comes back as a sentence.</summary>
    private const string LayoutScript = """
        () => {
          const problems = [];
          const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
          const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
          // Every control with its visible label immediately before it (a hint or error message may sit between);
          // a checkbox or radio with its label immediately after, as the design system draws them.
          for (const c of document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')) {
            if (!visible(c)) continue;
            const after = c.type === 'checkbox' || c.type === 'radio';
            let label = after ? c.nextElementSibling : c.previousElementSibling;
            while (!after && label && (label.classList.contains('nhsuk-hint') || label.classList.contains('nhsuk-error-message'))) label = label.previousElementSibling;
            if (!label || label.tagName !== 'LABEL' || label.htmlFor !== c.id || !visible(label) || !label.textContent.trim())
              problems.push(`the control ${describe(c)} has no visible label right ${after ? 'after' : 'before'} it`);
          }
          // Nothing wider than the window, except inside a scrolling frame of a table or chart.
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth > width + 1) problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
          for (const e of document.querySelectorAll('body *')) {
            if (e.closest('.app-table-frame, .app-chart__frame, .nhsuk-skip-link, .nhsuk-u-visually-hidden, .nhsuk-table__heading, .nhsuk-header__menu')) continue;
            if (!visible(e)) continue;
            const r = e.getBoundingClientRect();
            if (r.right > width + 1 || r.left < -1) { problems.push(`${describe(e)} reaches ${Math.round(r.left)} to ${Math.round(r.right)} px in a ${width} px window`); break; }
          }
          // Scrolling frames really scroll (so what they hold can be reached).
          for (const f of document.querySelectorAll('.app-table-frame, .app-chart__frame'))
            if (f.scrollWidth > f.clientWidth + 1 && !['auto', 'scroll'].includes(getComputedStyle(f).overflowX)) problems.push(`${describe(f)} is cut off without a scroll bar`);
          // No clipped text in table cells.
          for (const c of document.querySelectorAll('td, th')) {
            if (visible(c) && c.scrollWidth > c.clientWidth + 1) { problems.push(`the cell "${c.textContent.trim().slice(0, 40)}" clips its text`); break; }
          }
          // Chart text large enough to read.
          for (const svg of document.querySelectorAll('.app-chart svg')) {
            const box = svg.viewBox.baseVal;
            if (!box || !box.width) continue;
            const scale = svg.getBoundingClientRect().width / box.width;
            for (const t of svg.querySelectorAll('text')) {
              const size = parseFloat(t.getAttribute('font-size') || t.closest('[font-size]')?.getAttribute('font-size') || '16') * scale;
              if (size < 9.5) { problems.push(`chart text "${t.textContent}" is ${size.toFixed(1)} px`); break; }
            }
          }
          const text = document.body.innerText;
          for (const word of ['NaN', 'Infinity', 'undefined'])
            if (new RegExp('\\b' + word + '\\b').test(text)) problems.push(`the text shows "${word}"`);
          return problems;
        }
        """;
}
