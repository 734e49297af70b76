using Deque.AxeCore.Playwright;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Synthetic;
using Microsoft.Playwright;

namespace Maternity.Web.Tests;

/// <summary>
/// A sheet's rows with their Change and Remove links, the new-row form and the removal page, and the births map of an
/// LMNS with no record-level data (it says why no LSOA is shaded), in real headless Chromium at a laptop (1366 px) and a
/// phone (390 px) width: no console errors, no serious or critical axe-core violation, nothing wider than the window
/// outside its own scrolling frame. Screenshots: TestResults/screenshots/programme-rows-NAME-WIDTH.png.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class ProgrammeRowsBrowserTests(OverviewTests.Site site)
{
    private static async Task Check(BrowserSession session, string user, (string Name, string Path, string Shows)[] pages)
    {
        var problems = new List<string>();
        foreach (var width in new[] { 1366, 390 })
            foreach (var (name, path, shows) in pages)
            {
                var (page, errors) = await session.SignIn(user, width);
                var response = await page.GotoAsync($"{session.Base}{path}");
                var where = $"{name} at {width} px";
                if (!response!.Ok) { problems.Add($"{where}: HTTP {response.Status}"); continue; }
                var shot = Path.Combine(BrowserTests.Screenshots, $"programme-rows-{name}-{width}.png");
                if (name == "births-absent") await page.Locator("#assets").ScreenshotAsync(new LocatorScreenshotOptions { Path = shot });
                else await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
                if (!(await page.InnerTextAsync("main")).Contains(shows, StringComparison.Ordinal)) problems.Add($"{where}: does not show '{shows}'");
                var axe = await page.RunAxe();
                problems.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{where}: axe {v.Id} ({v.Impact}) {v.Help} x{v.Nodes.Length}"));
                problems.AddRange(errors.Select(e => $"{where}: console error {e}"));
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                if (overflow > 0) problems.Add($"{where}: the page is {overflow} px wider than the window");
                await page.Context.CloseAsync();
            }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ASheetsRowsTheNewRowFormAndTheRemovalPageAreLaidOutForALaptopAndAPhone()
    {
        BrowserSession.RequireChromium();
        Directory.CreateDirectory(BrowserTests.Screenshots);
        await using var session = await BrowserSession.Start(site.Database);
        await Check(session, "analyst",
        [
            ("list", "/programme/rows?sheet=funding.instalments", "Add a row to"),
            ("new", "/programme/edit?sheet=eia.assessments", "Add a row to Equality impact assessments"),
            ("remove", "/programme/remove?sheet=funding.streams&id=GRANTS", "Remove GRANTS"),
        ]);
    }

    [Fact]
    public async Task AnLmnsWithoutRecordsIsToldWhyTheBirthsMapIsNotShaded()
    {
        BrowserSession.RequireChromium();
        Directory.CreateDirectory(BrowserTests.Screenshots);
        var directory = Path.Combine(Path.GetTempPath(), "maternity-web-tests", "programme-norecords-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The registers and the LSOA grid of the demo, but no records and no returns.
            var database = Database.DuckDbFile(Path.Combine(directory, "maternity.duckdb"));
            Migrator.Migrate(database);
            OrgHierarchy.Demo.Store(database);
            var today = DateOnly.FromDateTime(DateTime.Today);
            PlanStore.Replace(database, Access.System("test"), PlanGenerator.Generate("LMNSX1", 60, today: today));
            ProgrammeGenerator.Generate(database, "LMNSX1", today);
            Users.Add(database, Access.System("test"), "admin", Role.Admin, [], OverviewTests.Site.Password);
            await using var session = await BrowserSession.Start(database);
            await Check(session, "admin", [("births-absent", "/programme?map=births", "No record-level data are loaded for LMNSX1")]);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
