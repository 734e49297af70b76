using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Synthetic;
using Maternity.Voices;

namespace Maternity.Web.Tests;

/// <summary>The /voices page and API over the shared site with the demo MNVP's year loaded.</summary>
[Collection(SharedSite.Name)]
public sealed class VoicesTests
{
    private readonly OverviewTests.Site _site;

    public VoicesTests(OverviewTests.Site site)
    {
        _site = site;
        Load(site);
    }

    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>The demo MNVP's year, once per run (loading it again would only replace the same events).</summary>
    internal static void Load(OverviewTests.Site site)
    {
        lock (Gate)
        {
            if (_loaded) return;
            VoicesGenerator.Generate(site.Database, "LMNSX1");
            _loaded = true;
        }
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task ThePageFindsTheUnderRepresentationOfAsianWomenAndShowsTheApisFigures()
    {
        using var client = _site.Client("analyst");
        var page = await client.GetStringAsync(U("/voices"), Cancel);
        using var api = JsonDocument.Parse(await client.GetStringAsync(U("/api/voices"), Cancel));

        Assert.Contains("Ethnic group: Asian", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("Heard ", page, StringComparison.Ordinal);
        var asian = api.RootElement.EnumerateArray().Single(r => r.GetProperty("characteristic").GetString() == "EthnicGroup" && r.GetProperty("group").GetString() == "Asian");
        Assert.Equal(Representativeness.Under, asian.GetProperty("verdict").GetString());
        var row = page[Regex.Match(page, "Group</span>Asian").Index..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.True(Regex.IsMatch(row, $@"Heard</span>{asian.GetProperty("heard").GetInt64():N0}\s*</td>"), row);
        var csv = await client.GetStringAsync(U("/api/voices/feedback?format=csv"), Cancel);
        Assert.StartsWith("Lmns,HeardOn,Source,Theme,YouSaid,WeDid,ActionId,Status", csv, StringComparison.Ordinal);
        Assert.Contains("/plan/actions/", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AViewerGetsEveryCountOfPeopleRoundedAndThePublicNothing()
    {
        using var viewer = _site.Client("viewer");
        using var api = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/voices/events"), Cancel));
        Assert.All(api.RootElement.EnumerateArray(), e => Assert.Equal(0, e.GetProperty("people").GetInt64() % 5));
        Assert.All(api.RootElement.EnumerateArray(), e => Assert.True(e.GetProperty("suppressed").GetBoolean()));
        var page = await viewer.GetStringAsync(U("/voices"), Cancel);
        Assert.Contains("rounded to the nearest 5", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Load the MNVP", page, StringComparison.Ordinal);
        using var pub = _site.Client("public");
        Assert.Equal(HttpStatusCode.Forbidden, (await pub.GetAsync(U("/api/voices"), Cancel)).StatusCode);
    }

    [Fact]
    public async Task AnUploadWhoseGroupsDoNotAddUpIsRefusedWithItsRowAndAViewerMayNotUpload()
    {
        using var client = _site.Client("analyst");
        var page = await client.GetStringAsync(U("/voices"), Cancel);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var bad = "Date,Event,People heard,Ethnic group: White,Ethnic group: Asian\n2020-01-10,Old forum,10,6,3\n"u8.ToArray();
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bad), "file", "forums.csv" } };
        var response = await client.PostAsync(U("/voices"), form, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Row 2, Ethnic group: White, Ethnic group: Asian: forums.csv: the Ethnic group counts add up to 9, not the 10 people heard", WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        Assert.Empty(VoicesStore.Events(_site.Database, "LMNSX1", new(2020, 1, 1), new(2020, 12, 31)));

        using var viewer = _site.Client("viewer");
        var viewerPage = await viewer.GetStringAsync(U("/voices"), Cancel);
        var viewerToken = Regex.Match(viewerPage, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var good = Encoding.UTF8.GetBytes("Date,Event,People heard\n2020-01-10,Old forum,10\n");
        using var viewerForm = new MultipartFormDataContent { { new StringContent(viewerToken), "__RequestVerificationToken" }, { new ByteArrayContent(good), "file", "forums.csv" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(U("/voices"), viewerForm, Cancel)).StatusCode);
        Assert.Empty(VoicesStore.Events(_site.Database, "LMNSX1", new(2020, 1, 1), new(2020, 12, 31)));
    }

    [Fact]
    public async Task TheBoardPacksMnvpSectionShowsTheFiguresTheViewerSeesOnThePage()
    {
        var month = VoicesStore.LatestMonth(_site.Database, "LMNSX1")!.Value;
        var pack = BoardPack.Build(_site.Database, "LMNSX1", month, "test");
        var html = Maternity.Web.Reports.BoardPackRenderer.Render(pack);
        using var viewer = _site.Client("viewer");
        using var api = JsonDocument.Parse(await viewer.GetStringAsync(U($"/api/voices?period={month:yyyy-MM}"), Cancel));

        var section = html[html.IndexOf("<section id=\"voices\">", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("</section>", StringComparison.Ordinal))];
        foreach (var row in api.RootElement.EnumerateArray())
        {
            var ratio = row.GetProperty("ratio").GetDouble().ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"{ratio} (", section, StringComparison.Ordinal);
        }
        Assert.Equal(
            api.RootElement.EnumerateArray().Select(r => (r.GetProperty("group").GetString(), r.GetProperty("heard").GetInt64())),
            pack.Voices!.Representation.SelectMany(r => r.Rows.Select(x => ((string?)x.Group, x.Heard))));
        Assert.Contains("Under-represented", section, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", section, StringComparison.Ordinal);
    }
}
