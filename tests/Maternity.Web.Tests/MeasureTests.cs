using System.Net;
using System.Text.Json;

namespace Maternity.Web.Tests;

/// <summary>The LMNS's own measures on the page and in the API: the same figures, rounded for a viewer, judged against the trajectory.</summary>
[Collection(SharedSite.Name)]
public sealed class MeasureTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task TheMeasuresPageListsTheLmnsMeasuresByPriorityWithTheReturnsDue()
    {
        using var client = site.Client("analyst");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(U("/measures"), Cancel));

        Assert.Contains("Priority 3", html, StringComparison.Ordinal);
        Assert.Contains("Staff trained in cultural competence", html, StringComparison.Ordinal);
        Assert.Contains("Returns now due", html, StringComparison.Ordinal);
        Assert.Contains("2 of 4 trusts have sent", html, StringComparison.Ordinal);
        Assert.Contains("X1C, X1D", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMeasurePageShowsTheSameLatestFigureAsTheApiAndAViewerSeesItRounded()
    {
        using var analyst = site.Client("analyst");
        using var api = JsonDocument.Parse(await analyst.GetStringAsync(U("/api/measures"), Cancel));
        var staff = api.RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "STAFF_CULTURAL");
        var shown = staff.GetProperty("shown").GetString()!;
        var rag = staff.GetProperty("rag").GetString()!;
        Assert.EndsWith("%", shown, StringComparison.Ordinal);
        Assert.Contains(rag, new[] { "Red", "Amber", "Green" });

        var page = WebUtility.HtmlDecode(await analyst.GetStringAsync(U("/measures/STAFF_CULTURAL"), Cancel));
        Assert.Contains($": {shown}", page, StringComparison.Ordinal);
        Assert.Contains("So far 2 of 4 trusts have sent this period", page, StringComparison.Ordinal);
        Assert.Contains("Registered midwives", page, StringComparison.Ordinal);
        Assert.Contains("SWL plan objective 3", page, StringComparison.Ordinal);

        // The viewer's counts are rounded to 5 (the suppression rule), so its numerator and denominator are multiples of 5.
        using var viewer = site.Client("viewer");
        using var rounded = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/measures/STAFF_CULTURAL?org=X1A"), Cancel));
        Assert.All(rounded.RootElement.EnumerateArray(), p =>
        {
            Assert.Equal(0, p.GetProperty("numerator").GetDouble() % 5);
            Assert.Equal(0, p.GetProperty("denominator").GetDouble() % 5);
        });
        using var exact = JsonDocument.Parse(await analyst.GetStringAsync(U("/api/measures/STAFF_CULTURAL?org=X1A"), Cancel));
        Assert.Contains(exact.RootElement.EnumerateArray(), p => p.GetProperty("numerator").GetDouble() % 5 != 0);
    }

    [Fact]
    public async Task AnUnknownMeasureIsNotFoundAndABuiltInOneOpensItsIndicatorPage()
    {
        using var client = site.Client("analyst");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(U("/measures/NO_SUCH"), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(U("/api/measures/NO_SUCH"), Cancel)).StatusCode);
        using var noRedirect = site.Factory.CreateClient(new() { AllowAutoRedirect = false });
        noRedirect.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var builtIn = await noRedirect.GetAsync(U("/measures/SATOD"), Cancel);
        Assert.Equal("/indicators/SATOD", builtIn.Headers.Location?.OriginalString);
    }
}
