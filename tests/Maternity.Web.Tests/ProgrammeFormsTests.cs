using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Maternity.Web.Tests;

/// <summary>
/// Keeping the registers from the browser: a register's workbook downloaded and uploaded again changes nothing, a bad
/// file is refused naming file, row and column with nothing changed, a row is changed through its form, and an edit of a
/// version that is no longer the latest (also two at once) is told the row changed since it was opened.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class ProgrammeFormsTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string register, string fileName, byte[] content)
    {
        var page = await client.GetStringAsync(U("/programme/upload"), Cancel);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent(register), "register" },
            { new StringContent(""), "sheet" },
            { new ByteArrayContent(content), "file", fileName },
        };
        return await client.PostAsync(U("/programme/upload"), form, Cancel);
    }

    [Fact]
    public async Task ARegistersWorkbookDownloadedAndUploadedAgainChangesNothing()
    {
        using var client = site.Client("analyst");
        using var download = await client.GetAsync(U("/api/programme/workbooks/approvals"), Cancel);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType?.MediaType);
        var workbook = await download.Content.ReadAsByteArrayAsync(Cancel);

        using var upload = await Upload(client, "approvals", "approvals.xlsx", workbook);
        var html = await upload.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Contains("approvals.xlsx (approvals.approvals): 0 added, 0 changed, 0 removed,\n      6 unchanged", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadFileIsRefusedNamingFileRowAndColumnAndNothingChanges()
    {
        using var client = site.Client("analyst");
        var before = await client.GetStringAsync(U("/api/programme/sheets/eia.assessments?format=csv"), Cancel);
        const string csv = "Id,Subject,Date,Author,Groups,Review\nE9,New service,2026-01-01,Lead,Black women,2026-13-01\n";

        using var upload = await Upload(client, "eia", "eia.csv", Encoding.UTF8.GetBytes(csv));
        var html = await upload.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("eia.csv was not loaded: nothing was changed", html, StringComparison.Ordinal);
        Assert.Contains("eia.csv, row 2, column Review: not a date", html, StringComparison.Ordinal);
        Assert.Equal(before, await client.GetStringAsync(U("/api/programme/sheets/eia.assessments?format=csv"), Cancel));
        using var viewer = site.Client("viewer");
        using var refused = await viewer.GetAsync(U("/programme/upload"), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static async Task<(string Token, int Version)> Open(HttpClient client, string id)
    {
        var page = await client.GetStringAsync(U($"/programme/edit?sheet=eia.assessments&id={id}"), Cancel);
        return (Token().Match(page).Groups[1].Value, int.Parse(Version().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<HttpResponseMessage> Save(HttpClient client, string token, string id, int version, string findings)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["sheet"] = "eia.assessments", ["id"] = id, ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Subject"] = "Interpreting service change", ["Date"] = "2026-01-05", ["Author"] = "Head of midwifery",
            ["Groups"] = "Women not speaking English; Deaf women", ["Findings"] = findings,
            ["Mitigations"] = "Face-to-face interpreters kept for labour", ["Review"] = "2027-01-05", ["Status"] = "Open",
        });
        return await client.PostAsync(U("/programme/edit"), form, Cancel);
    }

    [Fact]
    public async Task ARowIsChangedThroughItsFormAndAStaleVersionIsToldItChangedSinceItWasOpened()
    {
        using var client = site.Client("analyst");
        var (token, version) = await Open(client, "E3");

        using var saved = await Save(client, token, "E3", version, "Video interpreting fails in two community clinics");
        var html = await saved.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains($"E3 saved as version {version + 1}", html, StringComparison.Ordinal);
        Assert.Contains("Video interpreting fails in two community clinics", await client.GetStringAsync(U("/api/programme/sheets/eia.assessments?format=csv"), Cancel),
            StringComparison.Ordinal);

        // The same form sent again, still at the version it was opened at.
        using var stale = await Save(client, token, "E3", version, "An older finding");
        var refused = await stale.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("This row has changed since you opened it", refused, StringComparison.Ordinal);
        Assert.Contains($"value=\"{version + 1}\"", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfTwoSavesOfTheSameVersionAtOnceOneIsKeptAndTheOtherToldTheRowChanged()
    {
        using var first = site.Client("analyst");
        using var second = site.Client("admin");
        var (token1, version) = await Open(first, "E2");
        var (token2, _) = await Open(second, "E2");

        var answers = await Task.WhenAll(Save(first, token1, "E2", version, "First finding"), Save(second, token2, "E2", version, "Second finding"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        foreach (var a in answers) a.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"version\" value=\"([0-9]+)\"")]
    private static partial Regex Version();
}
