using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Maternity.Web.Tests;

/// <summary>
/// Adding and removing one row of a register from the browser: a sheet's rows listed with Change and Remove, a new row
/// saved at version 1 (an id already taken refused), a removal of a version no longer the latest told the row changed
/// (409), a row another sheet names refused with the rows that name it, and nothing of it open to a viewer.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class ProgrammeRowFormsTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static Dictionary<string, string> Assessment(string token, string id, string findings) => new()
    {
        ["__RequestVerificationToken"] = token, ["sheet"] = "eia.assessments", ["new"] = "1", ["id"] = id,
        ["Subject"] = "Community hub opening hours", ["Date"] = "2026-02-02", ["Author"] = "Equity lead",
        ["Groups"] = "Women working shifts; Young mothers", ["Findings"] = findings, ["Review"] = "2027-02-02", ["Status"] = "Open",
    };

    private static async Task<HttpResponseMessage> Post(HttpClient client, string path, Dictionary<string, string> fields)
    {
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(U(path), form, Cancel);
    }

    private static async Task<string> TokenOf(HttpClient client, string path) =>
        Token().Match(await client.GetStringAsync(U(path), Cancel)).Groups[1].Value;

    private static Dictionary<string, string> Removal(string token, string sheet, string id, int version) => new()
    {
        ["__RequestVerificationToken"] = token, ["sheet"] = sheet, ["id"] = id, ["version"] = version.ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task ARowIsAddedThroughTheNewRowFormThenRemovedWithAStaleRemovalRefused()
    {
        using var client = site.Client("analyst");
        var rows = await client.GetStringAsync(U("/programme/rows?sheet=eia.assessments"), Cancel);
        Assert.Contains("Add a row to", rows, StringComparison.Ordinal);
        Assert.Matches(RemoveLink(), rows);

        var form = await client.GetStringAsync(U("/programme/edit?sheet=eia.assessments"), Cancel);
        Assert.Contains("id=\"field-id\"", form, StringComparison.Ordinal);
        var token = Token().Match(form).Groups[1].Value;
        using var added = await Post(client, "/programme/edit", Assessment(token, "E-HUB", "Evening clinics missing"));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("E-HUB saved as version 1", await added.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Contains("Evening clinics missing", await client.GetStringAsync(U("/api/programme/sheets/eia.assessments?format=csv"), Cancel), StringComparison.Ordinal);

        // The same new-row form sent again: the id is taken, nothing changes.
        using var taken = await Post(client, "/programme/edit", Assessment(token, "E-HUB", "A second finding"));
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("eia.assessments already has a row with id E-HUB", await taken.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        // Changed by someone else (version 2) after the removal page was opened at version 1.
        var removeToken = await TokenOf(client, "/programme/remove?sheet=eia.assessments&id=E-HUB");
        using (var change = await Post(client, "/programme/edit", new Dictionary<string, string>(Assessment(token, "E-HUB", "Evening and weekend clinics missing")) { ["new"] = "", ["version"] = "1" }))
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        using var stale = await Post(client, "/programme/remove", Removal(removeToken, "eia.assessments", "E-HUB", 1));
        var refused = await stale.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("This row has changed since you opened it", refused, StringComparison.Ordinal);
        Assert.Contains("name=\"version\" value=\"2\"", refused, StringComparison.Ordinal);
        Assert.Contains("E-HUB", await client.GetStringAsync(U("/api/programme/sheets/eia.assessments?format=csv"), Cancel), StringComparison.Ordinal);

        using var removed = await Post(client, "/programme/remove", Removal(removeToken, "eia.assessments", "E-HUB", 2));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Contains("E-HUB removed from", await removed.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.DoesNotContain("E-HUB", await client.GetStringAsync(U("/api/programme/sheets/eia.assessments?format=csv"), Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamItsInstalmentsNameIsNotRemovedAndARemovalWithoutItsTokenIsRefused()
    {
        using var client = site.Client("admin");
        var page = await client.GetStringAsync(U("/programme/remove?sheet=funding.streams&id=CGM"), Cancel);
        var version = int.Parse(Version().Match(page).Groups[1].Value, CultureInfo.InvariantCulture);

        using var refused = await Post(client, "/programme/remove", Removal(Token().Match(page).Groups[1].Value, "funding.streams", "CGM", version));
        var html = await refused.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("This row cannot be removed yet", html, StringComparison.Ordinal);
        Assert.Contains("funding.instalments CGM-M10, CGM-M4 name CGM as its Stream: change or remove them first", html, StringComparison.Ordinal);
        Assert.Contains("CGM,", await client.GetStringAsync(U("/api/programme/sheets/funding.streams?format=csv"), Cancel), StringComparison.Ordinal);

        using var noToken = await Post(client, "/programme/remove", Removal("", "funding.streams", "GRANTS", 1));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }

    [Fact]
    public async Task AViewerMayNeitherListNorRemoveRows()
    {
        using var viewer = site.Client("viewer");
        using var rows = await viewer.GetAsync(U("/programme/rows?sheet=funding.streams"), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, rows.StatusCode);
        using var analyst = site.Client("analyst");
        var token = await TokenOf(analyst, "/programme/remove?sheet=funding.streams&id=GRANTS");
        using var remove = await Post(viewer, "/programme/remove", Removal(token, "funding.streams", "GRANTS", 1));
        Assert.True(remove.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, remove.StatusCode.ToString());
        Assert.Contains("GRANTS,", await analyst.GetStringAsync(U("/api/programme/sheets/funding.streams?format=csv"), Cancel), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("href=\"/programme/remove\\?lmns=LMNSX1&(amp;)?sheet=eia.assessments&(amp;)?id=E2\"")]
    private static partial Regex RemoveLink();

    [GeneratedRegex("name=\"version\" value=\"([0-9]+)\"")]
    private static partial Regex Version();
}
