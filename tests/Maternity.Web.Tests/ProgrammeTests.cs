using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Maternity.Web.Tests;

/// <summary>The programme page, its API and CSV, what a viewer may see of it, and its board pack section.</summary>
[Collection(SharedSite.Name)]
public sealed class ProgrammeTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    /// <summary>15 November of the financial year the demo registers cover (they are made for the current one).</summary>
    private static string November()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var fy = today.Month >= 4 ? today.Year : today.Year - 1;
        return new DateOnly(fy, 11, 15).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ThePageShowsEachRegisterAndTheMapOfEveryLoadedLsoa()
    {
        using var client = site.Client("analyst");
        var html = await client.GetStringAsync(U($"/programme?today={November()}"), Cancel);

        foreach (var id in new[] { "funding-streams", "funding-instalments", "funding-months", "posts-table", "training-coverage", "eia-table", "approvals-table", "assets-table" })
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Equal(600, System.Text.RegularExpressions.Regex.Count(html, "<path d=\"M"));
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Count(html, "class=\"app-map-asset\""));
        Assert.Contains("General implementation (targeted), H1", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUnpaidH1InstalmentIsOverdueInTheApiAndItsCsv()
    {
        using var client = site.Client("analyst");
        using var json = JsonDocument.Parse(await client.GetStringAsync(U($"/api/programme/funding?today={November()}"), Cancel));
        var gen = json.RootElement.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "GEN-H1");
        Assert.Equal("Overdue", gen.GetProperty("state").GetString());
        var csv = await client.GetStringAsync(U($"/api/programme/funding?today={November()}&format=csv"), Cancel);
        Assert.StartsWith("Id,Stream,Purpose,When,Amount,Due,Received,State,Risk\n", csv, StringComparison.Ordinal);
        Assert.Contains("GEN-H1,GEN,General implementation (targeted),H1,45000,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AViewerSeesStaffCountsRoundedAndAnAnalystExactly()
    {
        static List<long> Attended(string csv) =>
            [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => long.Parse(l.Split(',')[5], CultureInfo.InvariantCulture))];
        using var analyst = site.Client("analyst");
        using var viewer = site.Client("viewer");
        var exact = Attended(await analyst.GetStringAsync(U("/api/programme/sheets/training.sessions?format=csv"), Cancel));
        var shown = Attended(await viewer.GetStringAsync(U("/api/programme/sheets/training.sessions?format=csv"), Cancel));

        Assert.Contains(exact, n => n % 5 != 0);
        Assert.All(shown, n => Assert.Equal(0, n % 5));
        Assert.Equal(exact.Count, shown.Count);
        using var coverage = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/programme/training"), Cancel));
        Assert.All(coverage.RootElement.EnumerateArray(), r => Assert.True(r.GetProperty("rounded").GetBoolean()));
    }

    [Fact]
    public async Task AnUnknownSheetIsAProblemAndThePublicIsRefused()
    {
        using var analyst = site.Client("analyst");
        using var missing = await analyst.GetAsync(U("/api/programme/sheets/funding.nothing"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("funding.instalments", await missing.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var @public = site.Client("public");
        using var refused = await @public.GetAsync(U("/api/programme/sheets/posts.posts"), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task TheBoardPackHasTheProgrammeSectionWithTheOverdueReview()
    {
        var id = await ReportTests.Make(site, "analyst");
        using var client = site.Client("viewer");
        var html = await client.GetStringAsync(U($"/reports/{id}.html"), Cancel);

        Assert.Contains("<section id=\"programme\">", html, StringComparison.Ordinal);
        Assert.Contains("Instalments overdue", html, StringComparison.Ordinal);
        // The demo's first assessment was due for review two months ago.
        Assert.Contains("Continuity of carer teams in the most deprived areas", html, StringComparison.Ordinal);
    }
}
