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

    [Fact]
    public async Task ATrustFillsTheReturnFormSavesADraftSubmitsAndNeedsAReasonToChangeIt()
    {
        using var client = await site.SignedIn("trust", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(U("/returns?org=X1A&period=2024-05"), Cancel);
        Assert.Contains("Returns of", page, StringComparison.Ordinal);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        // The row of the serious-incidents measure's total (the form numbers its cells c0, c1, ...).
        var index = System.Text.RegularExpressions.Regex.Matches(page, "name=\"c(\\d+)\\.measure\" value=\"SI_ETHNIC_CODE\"")[0].Groups[1].Value;

        async Task<HttpResponseMessage> Post(string action, string numerator, string denominator, string reason = "")
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["org"] = "X1A", ["period"] = "2024-05", ["action"] = action,
                [$"c{index}.numerator"] = numerator, [$"c{index}.denominator"] = denominator, [$"c{index}.reason"] = reason,
            });
            return await client.PostAsync(U("/returns"), form, Cancel);
        }
        async Task<double?> Stored()
        {
            using var values = JsonDocument.Parse(await site.Client("analyst").GetStringAsync(U("/api/measures/SI_ETHNIC_CODE?org=X1A"), Cancel));
            return values.RootElement.EnumerateArray().Where(p => p.GetProperty("period").GetString() == "2024/25 Q1" && p.GetProperty("org").GetString() == "X1A")
                .Select(p => (double?)p.GetProperty("numerator").GetDouble()).FirstOrDefault();
        }

        var bad = await Post("submit", "12", "10");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("greater than the denominator 10", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"#c{index}-numerator\"", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.SeeOther, (await Post("draft", "6", "10")).StatusCode);
        Assert.Null(await Stored());
        Assert.Contains("(draft)", await client.GetStringAsync(U("/returns?org=X1A&period=2024-05"), Cancel), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.SeeOther, (await Post("submit", "6", "10")).StatusCode);
        Assert.Equal(6, await Stored());
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("submit", "7", "10")).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await Post("submit", "7", "10", "one more incident coded on review")).StatusCode);
        Assert.Equal(7, await Stored());

        // A trust user may not enter another trust's return: the form offers only its own.
        var other = await client.GetStringAsync(U("/returns?org=X1B"), Cancel);
        Assert.DoesNotContain("value=\"X1B\"", other, StringComparison.Ordinal);
    }
}
