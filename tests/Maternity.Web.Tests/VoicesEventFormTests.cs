using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Maternity.Security;
using Maternity.Voices;

namespace Maternity.Web.Tests;

/// <summary>The single-event form linked from /voices and the upload's column mapping, over the shared site.</summary>
[Collection(SharedSite.Name)]
public sealed class VoicesEventFormTests
{
    private readonly OverviewTests.Site _site;

    public VoicesEventFormTests(OverviewTests.Site site)
    {
        _site = site;
        VoicesTests.Load(site);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    /// <summary>The page's success notice, or its error summary when there is none (so a failure says what the page said).</summary>
    private static string Notice(string page)
    {
        var notice = Regex.Match(page, "notification-banner__heading\">(.*?)</p>", RegexOptions.Singleline);
        var errors = Regex.Match(page, "nhsuk-error-summary__body\">(.*?)</div>", RegexOptions.Singleline);
        return WebUtility.HtmlDecode(notice.Success ? notice.Groups[1].Value : errors.Success ? errors.Groups[1].Value : page[..Math.Min(page.Length, 3000)]);
    }

    private static string Token(string page) => Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task AnEventWhoseCountsDoNotAddUpIsRefusedBesideItsFieldsAndAGoodOneIsStoredAndAudited()
    {
        // Signed in with a cookie, so the redirect back to /voices is followed as the same user.
        using var client = await _site.SignedIn("analyst");
        Assert.Contains("href=\"/voices/events/new\"", await client.GetStringAsync(U("/voices"), Cancel), StringComparison.Ordinal);
        var form = await client.GetStringAsync(U("/voices/events/new"), Cancel);
        Assert.Contains("name=\"voices-ethnic-group--asian\"", form, StringComparison.Ordinal);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form), ["voices-date"] = "2019-05-14", ["voices-event"] = "Coffee morning",
            ["voices-kind"] = "outreach", ["voices-people-heard"] = "12", ["voices-ethnic-group--white"] = "5", ["voices-ethnic-group--asian"] = "6",
        };

        using var bad = new FormUrlEncodedContent(fields);
        var refused = await client.PostAsync(U("/voices/events"), bad, Cancel);
        var body = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Cancel));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The Ethnic group counts add up to 11, not the 12 people heard: the event is refused", body, StringComparison.Ordinal);
        Assert.Contains("href=\"#voices-ethnic-group--white\"", body, StringComparison.Ordinal);
        Assert.Contains("value=\"Coffee morning\"", body, StringComparison.Ordinal);
        Assert.Empty(VoicesStore.Events(_site.Database, "LMNSX1", new(2019, 5, 1), new(2019, 5, 31)));

        fields["voices-ethnic-group--asian"] = "7";
        using var good = new FormUrlEncodedContent(fields);
        var stored = await client.PostAsync(U("/voices/events"), good, Cancel);

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode); // followed the 303 back to /voices
        Assert.Contains("Event Coffee morning on 2019-05-14 recorded", Notice(await stored.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        var e = Assert.Single(VoicesStore.Events(_site.Database, "LMNSX1", new(2019, 5, 1), new(2019, 5, 31)));
        Assert.Equal(7, e.Groups.Single(g => g.Group == "Asian").People);
        Assert.Contains(AuditLog.List(_site.Database, Access.System("test"), action: "voices.load"), a => a.Detail.StartsWith("web form", StringComparison.Ordinal));

        using var viewer = _site.Client("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(U("/voices/events/new"), Cancel)).StatusCode);
    }

    [Fact]
    public async Task TheUploadReadsASignUpExportThroughAColumnMapping()
    {
        // Signed in with a cookie, so the redirect back to /voices is followed as the same user.
        using var client = await _site.SignedIn("analyst");
        var token = Token(await client.GetStringAsync(U("/voices"), Cancel));
        var export = Encoding.UTF8.GetBytes("Session,When,Ethnic origin,Full name\nWinter forum,05.01.2019,2,Amina Qureshi\nWinter forum,05.01.2019,1,Zofia Nowak\n");
        var mapping = Encoding.UTF8.GetBytes("""
            { "columns": { "Session": "Event Name", "When": "Event Date", "Ethnic origin": "Ethnicity", "Full name": "Name" },
              "values": { "Ethnicity": { "1": "White", "2": "Asian" } }, "dateFormats": [ "dd.MM.yyyy" ] }
            """);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(export), "file", "signups.csv" },
            { new ByteArrayContent(mapping), "mapping", "mapping.json" },
        };

        var response = await client.PostAsync(U("/voices"), form, Cancel);
        var body = Notice(await response.Content.ReadAsStringAsync(Cancel));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("signups.csv: 1 added, 0 replaced. Dropped and not stored: 2 names", body, StringComparison.Ordinal);
        var e = Assert.Single(VoicesStore.Events(_site.Database, "LMNSX1", new(2019, 1, 1), new(2019, 1, 31)));
        Assert.Equal(1, e.Groups.Single(g => g.Group == "Asian").People);
    }
}
