using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maternity.Plans;

namespace Maternity.Web.Tests;

/// <summary>The action plan's pages, forms and API over the shared site's synthetic 40-action plan.</summary>
[Collection(SharedSite.Name)]
public sealed partial class PlanTests
{
    private readonly OverviewTests.Site _site;

    public PlanTests(OverviewTests.Site site) => _site = site;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task ThePlanPageShowsProgressExceptionsAndTimelineAndItsFiltersAreLinks()
    {
        using var client = _site.Client("analyst");
        var all = await client.GetStringAsync(U("/plan?today=2024-06-30"), Cancel);
        Assert.Contains("Progress by priority", all, StringComparison.Ordinal);
        Assert.Contains("Exceptions for the board", all, StringComparison.Ordinal);
        Assert.Contains("id=\"timeline\"", all, StringComparison.Ordinal);
        Assert.Contains("Actions (40 of 40)", all, StringComparison.Ordinal);

        using var api = JsonDocument.Parse(await client.GetStringAsync(U("/api/plan?today=2024-06-30&lead=LMNS%20Team"), Cancel));
        var expected = api.RootElement.GetProperty("actions").GetArrayLength();
        Assert.InRange(expected, 1, 39);
        var filtered = await client.GetStringAsync(U("/plan?today=2024-06-30&lead=LMNS%20Team"), Cancel);
        Assert.Contains($"Actions ({expected} of 40)", filtered, StringComparison.Ordinal);
        foreach (var action in api.RootElement.GetProperty("actions").EnumerateArray())
            Assert.Contains($"/plan/actions/{action.GetProperty("id").GetString()}", filtered, StringComparison.Ordinal);

        using var exceptions = JsonDocument.Parse(await client.GetStringAsync(U("/api/plan/exceptions?today=2024-06-30"), Cancel));
        Assert.Contains($"Exceptions for the board ({exceptions.RootElement.GetArrayLength()})", all, StringComparison.Ordinal);

        var bad = await client.GetAsync(U("/api/plan?status=Half%20done"), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task AnIndicatorListsTheActionsThatTargetItAndThePlanFiltersByIndicatorAndGroup()
    {
        using var client = _site.Client("analyst");
        using var all = JsonDocument.Parse(await client.GetStringAsync(U("/api/plan/actions?today=2024-06-30"), Cancel));
        var actions = all.RootElement.EnumerateArray().Select(a => (Id: a.GetProperty("id").GetString()!,
            Indicators: a.GetProperty("indicators").GetString()!.Split("; ", StringSplitOptions.RemoveEmptyEntries),
            Groups: a.GetProperty("groups").GetString()!.Split("; ", StringSplitOptions.RemoveEmptyEntries))).ToList();
        var indicator = actions.SelectMany(a => a.Indicators).GroupBy(i => i).OrderByDescending(g => g.Count()).First().Key;
        var targeting = actions.Where(a => a.Indicators.Contains(indicator)).Select(a => a.Id).ToList();
        Assert.InRange(targeting.Count, 1, 39);

        var page = await client.GetStringAsync(U($"/indicators/{indicator}?org=LMNSX1"), Cancel);
        Assert.Contains("What we are doing about it", page, StringComparison.Ordinal);
        foreach (var id in targeting) Assert.Contains($"/plan/actions/{id}", page, StringComparison.Ordinal);
        Assert.Contains($"/plan?indicator={indicator}", page, StringComparison.Ordinal);

        var filtered = await client.GetStringAsync(U($"/plan?today=2024-06-30&indicator={indicator}"), Cancel);
        Assert.Contains($"Actions ({targeting.Count} of 40)", filtered, StringComparison.Ordinal);
        var group = actions.SelectMany(a => a.Groups).First();
        var byGroup = actions.Count(a => a.Groups.Any(g => g.Contains(group, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains($"Actions ({byGroup} of 40)", await client.GetStringAsync(U($"/plan?today=2024-06-30&group={Uri.EscapeDataString(group)}"), Cancel), StringComparison.Ordinal);

        // An indicator no action names says so, and the viewer's page of the same indicator has no plan section to leak.
        var untargeted = Maternity.Indicators.Catalogue.Definitions.Select(d => d.Id).First(i => !actions.Any(a => a.Indicators.Contains(i)));
        Assert.Contains("No action of the plan names this indicator", await client.GetStringAsync(U($"/indicators/{untargeted}?org=LMNSX1"), Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApiEditToAVersionSomeoneElseChangedIsRefusedWith409()
    {
        using var client = _site.Client("analyst");
        using var action = JsonDocument.Parse(await client.GetStringAsync(U("/api/plan/actions/A010"), Cancel));
        var version = action.RootElement.GetProperty("stamp").GetProperty("version").GetInt32();

        var first = await client.PutAsJsonAsync(U("/api/plan/actions/A010"), new { version, fields = new Dictionary<string, string> { ["Status note"] = "first editor" } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await client.PutAsJsonAsync(U("/api/plan/actions/A010"), new { version, fields = new Dictionary<string, string> { ["Status note"] = "second editor" } }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        using var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("was changed by", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(version + 1, problem.RootElement.GetProperty("currentVersion").GetInt32());
        using var now = JsonDocument.Parse(await client.GetStringAsync(U("/api/plan/actions/A010"), Cancel));
        Assert.Equal("first editor", now.RootElement.GetProperty("action").GetProperty("statusNote").GetString());

        var invalid = await client.PutAsJsonAsync(U("/api/plan/actions/A010"), new { version = version + 1, fields = new Dictionary<string, string> { ["Target date"] = "31/02/2025" } }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Target date", await invalid.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEditFormSavesWithItsTokenAndRefusesAStaleVersionOrAMissingToken()
    {
        using var client = await _site.SignedIn("analyst", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(U("/plan/actions/A011"), Cancel);
        var token = Token().Match(page).Groups[1].Value;
        var version = Version().Match(page).Groups[1].Value;
        Assert.NotEmpty(token);

        Dictionary<string, string> Form(string note, string? withToken) => new Dictionary<string, string>
        {
            ["version"] = version, ["Status note"] = note, ["Status"] = "At risk",
        }.Concat(withToken is null ? [] : [new KeyValuePair<string, string>("__RequestVerificationToken", withToken)]).ToDictionary();

        using (var saved = await client.PostAsync(U("/plan/actions/A011"), new FormUrlEncodedContent(Form("from the form", token)), Cancel))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }
        using (var stale = await client.PostAsync(U("/plan/actions/A011"), new FormUrlEncodedContent(Form("stale form", token)), Cancel))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            var html = await stale.Content.ReadAsStringAsync(Cancel);
            Assert.Contains("The change was not saved", html, StringComparison.Ordinal);
            Assert.Contains("was changed by", html, StringComparison.Ordinal);
            Assert.Contains("stale form", html, StringComparison.Ordinal);
        }
        using (var forged = await client.PostAsync(U("/plan/actions/A011"), new FormUrlEncodedContent(Form("forged", null)), Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        var after = await client.GetStringAsync(U("/api/plan/actions/A011"), Cancel);
        Assert.Contains("from the form", after, StringComparison.Ordinal);
        Assert.Contains("AtRisk", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnalystCannotEditAnotherLmnssPlanThroughTheLmnsParameter()
    {
        PlanStore.Replace(_site.Database, Maternity.Security.Access.System("test"), Maternity.Synthetic.PlanGenerator.Generate("LMNSX2", 3, seed: 7));
        using var client = _site.Client("analyst");
        using var action = JsonDocument.Parse(await client.GetStringAsync(U("/api/plan/actions/A001?lmns=LMNSX2"), Cancel));
        var version = action.RootElement.GetProperty("stamp").GetProperty("version").GetInt32();

        var edit = await client.PutAsJsonAsync(U("/api/plan/actions/A001?lmns=LMNSX2"),
            new { version, fields = new Dictionary<string, string> { ["Status note"] = "not my LMNS" } }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.NotEqual("not my LMNS", PlanStore.Load(_site.Database, Maternity.Security.Access.System("test"), "LMNSX2").Action("A001")!.StatusNote);
    }

    [Fact]
    public async Task ATrustUserCannotAddOrRemoveAnotherOwnerOfItsAction()
    {
        var admin = Maternity.Security.Access.System("test");
        var plan = PlanStore.Load(_site.Database, admin, "LMNSX1");
        // An action X1A owns, shared with X1B (it stays X1A's, as the other tests expect).
        var own = plan.Actions.First(a => a.Orgs.Contains("X1A"));
        var id = own.Id;
        var owners = new[] { "X1A", "X1B" }.Union(own.Orgs).ToList();
        var version = PlanStore.SaveAction(_site.Database, admin, "LMNSX1", own with { Orgs = owners }, plan.ActionStamps[id].Version).Version;
        using var client = _site.Client("trust");

        foreach (var changed in new string[][] { [.. owners, "X1Z"], [.. owners, "LMNSX1"], ["X1A"], owners.Where(o => o != "X1B").ToArray() })
        {
            var edit = await client.PutAsJsonAsync(U($"/api/plan/actions/{id}"),
                new { version, fields = new Dictionary<string, string> { ["Owning organisations"] = string.Join("\n", changed) } }, Cancel);
            Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        }
        var note = await client.PutAsJsonAsync(U($"/api/plan/actions/{id}"),
            new { version, fields = new Dictionary<string, string> { ["Status note"] = "X1A's progress" } }, Cancel);

        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Equal(owners, PlanStore.Load(_site.Database, admin, "LMNSX1").Action(id)!.Orgs);
    }

    [Fact]
    public async Task AnUpdateWithAnEvidenceFileCanBeDownloadedAndOnlyAllowedFilesAreTaken()
    {
        using var client = await _site.SignedIn("analyst", new() { AllowAutoRedirect = false });
        async Task<HttpResponseMessage> Post(string fileName, byte[] content)
        {
            var page = await client.GetStringAsync(U("/plan/actions/A012"), Cancel);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
                { new StringContent(Version().Match(page).Groups[1].Value), "version" },
                { new StringContent("Audit completed at both sites"), "text" },
                { new StringContent("Audit report"), "evidence" },
                { new ByteArrayContent(content), "files", fileName },
            };
            return await client.PostAsync(U("/plan/actions/A012/updates"), form, Cancel);
        }

        using (var ok = await Post("audit.txt", "94% recorded"u8.ToArray()))
            Assert.Equal(HttpStatusCode.SeeOther, ok.StatusCode);
        using (var refused = await Post("payload.html", "<script>alert(1)</script>"u8.ToArray()))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var page = await client.GetStringAsync(U("/plan/actions/A012"), Cancel);
        var link = FileLink().Match(page).Groups[1].Value;
        using var file = await client.GetAsync(U(link), Cancel);
        Assert.Equal("94% recorded", await file.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.DoesNotContain("payload.html", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDownloadedWorkbookIsThePlan()
    {
        using var client = _site.Client("analyst");
        var bytes = await client.GetByteArrayAsync(U("/plan/export.xlsx"), Cancel);
        var path = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, bytes, Cancel);
        try
        {
            var read = PlanTable.Read(path, "LMNSX1", measures: PlanStore.MeasureIds(_site.Database, "LMNSX1"));
            Assert.Empty(read.Issues);
            using var api = JsonDocument.Parse(await client.GetStringAsync(U("/api/plan"), Cancel));
            Assert.Equal(api.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("id").GetString()), read.Plan!.Actions.Select(a => a.Id));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex Version();

    [GeneratedRegex("href=\"(/plan/files/[0-9a-f]{64})\"")]
    private static partial Regex FileLink();

    [Fact]
    public async Task AGanttChartImportedFromAGridShowsEachQuartersStatusOnThePlanAndActionPages()
    {
        // A Gantt chart laid out as the North West London plan's: financial years over quarters, headings in the
        // Objective and Actions columns, a colour word, "Completed" or "Milestone" in each quarter's cell.
        var path = Path.Combine(Path.GetTempPath(), $"gantt-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, """
            ,,2022-23,,2023-24,
            Objective,Actions,Q3,Q4,Q1,Q2
            Priority 3: Ensure datasets are complete and timely,Intervention 1: improve ethnic coding,,,,
            ,Develop and Submit the Maternity Digital Strategy,Completed,Milestone,,
            ,Upgrade maternity IT systems,,Amber,Amber,Red
            """, Cancel);
        try
        {
            var read = PlanTable.Read(path, "LMNSGANTT");
            Assert.Empty(read.Issues);
            PlanStore.Replace(_site.Database, Maternity.Security.Access.System("test"), read.Plan!);
        }
        finally
        {
            File.Delete(path);
        }
        using var client = _site.Client("admin");

        var page = await client.GetStringAsync(U("/plan?lmns=LMNSGANTT&today=2023-06-30"), Cancel);
        var timeline = page[page.IndexOf("id=\"timeline\"", StringComparison.Ordinal)..];
        Assert.Contains("2022-23 Q3", timeline, StringComparison.Ordinal);
        Assert.Contains("app-gantt__bar--complete\">Complete", timeline, StringComparison.Ordinal);
        Assert.Matches("app-gantt__bar--milestone\">[^<]* Milestone<", timeline);
        Assert.Contains("app-gantt__bar--at-risk\">At risk", timeline, StringComparison.Ordinal);
        Assert.Contains("app-gantt__bar--delayed\">Delayed", timeline, StringComparison.Ordinal);

        var action = await client.GetStringAsync(U("/plan/actions/A002?lmns=LMNSGANTT"), Cancel);
        Assert.Contains("Gantt chart", action, StringComparison.Ordinal);
        Assert.Contains("2023-24 Q2", action, StringComparison.Ordinal);
        Assert.Contains(">Red<", action, StringComparison.Ordinal);
        Assert.Contains(">Amber<", action, StringComparison.Ordinal);
    }
}

[Collection(SharedSite.Name)]
public sealed class OpenApiTests(OverviewTests.Site site)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesTheJsonApi()
    {
        using var client = site.Client("viewer");
        var json = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        foreach (var path in new[] { "/api/indicators/{id}/results", "/api/indicators/{id}/counts", "/api/quality/scorecard", "/api/quality/profile", "/api/plan", "/api/plan/actions/{id}", "/api/plan/exceptions", "/api/audit" })
            Assert.Contains($"\"{path}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryApiTableComesAsCsvAndAViewersCsvCountsAreSuppressedToo()
    {
        using var viewer = site.Client("viewer");
        var csv = await viewer.GetStringAsync(new Uri("/api/quality/scorecard?format=csv", UriKind.Relative), TestContext.Current.CancellationToken);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("OrgLevel,OrgCode,Month,RuleId,Title,Indicator,Threshold,Numerator,Denominator,Value,Passed,Score", lines[0]);
        Assert.True(lines.Length > 10);
        Assert.All(lines.Skip(1), l =>
        {
            var cells = l.Split(',');
            Assert.Equal(0, long.Parse(cells[^5], System.Globalization.CultureInfo.InvariantCulture) % 5);
            Assert.Equal(0, long.Parse(cells[^4], System.Globalization.CultureInfo.InvariantCulture) % 5);
        });
        foreach (var path in new[] { "/api/quality/exceptions", "/api/quality/profile", "/api/quality/timeliness", "/api/indicators/SATOD/results?org=X1A", "/api/indicators/SATOD/counts?org=X1A", "/api/plan/exceptions", "/indicators/SATOD/window.csv?org=X1A", "/indicators/SATOD/monthly.csv", "/api/overview", "/api/plan/actions", "/api/plan/progress", "/api/plan/timeline", "/api/plan/gaps" })
        {
            using var response = await viewer.GetAsync(new Uri(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=csv", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task TheQualityPageOffersRecordsToFixOnlyForTheTrustsTheCallerMaySee()
    {
        using var trust = site.Client("trust");
        var html = await trust.GetStringAsync(new Uri("/quality", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("/quality/records.csv?org=X1A", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/quality/records.csv?org=X1B", html, StringComparison.Ordinal);
        using var viewer = site.Client("viewer");
        Assert.DoesNotContain("/quality/records.csv", await viewer.GetStringAsync(new Uri("/quality", UriKind.Relative), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}

[Collection(SharedSite.Name)]
public sealed class UploadTests(OverviewTests.Site site)
{
    [Fact]
    public async Task ATrustUserLoadsItsOwnRecordsAndAnotherTrustsRowsAreQuarantined()
    {
        using var client = await site.SignedIn("trust", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(new Uri("/uploads", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var csv = "OrgCodeProvider,RPStartDate,LPIDMother,PersonBirthDateMother,EthnicCategoryMother\nX1A,2026-01-01,UPLOAD1,1990-01-01,A\nX1B,2026-01-01,UPLOAD2,1991-01-01,B\n"u8.ToArray();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(csv), "files", "MSD001MotherDemog.csv" },
        };
        using var response = await client.PostAsync(new Uri("/uploads", UriKind.Relative), form, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2 rows read: 1 loaded, 1 quarantined", html, StringComparison.Ordinal);
        Assert.Contains("trust may not load records of X1B", html, StringComparison.Ordinal);
        Assert.Contains("X1A Jan 2026", html, StringComparison.Ordinal);
        using var viewer = site.Client("viewer");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await viewer.GetAsync(new Uri("/uploads", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AnUploadThatIsNotAWellFormedCsvIsRefusedNamingFileAndRow()
    {
        using var client = await site.SignedIn("trust", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(new Uri("/uploads", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var csv = "OrgCodeProvider,RPStartDate,LPIDMother,PersonBirthDateMother,EthnicCategoryMother\nX1A,2026-01-01,\"BROKEN1,1990-01-01,A\n"u8.ToArray();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(csv), "files", "MSD001MotherDemog.csv" },
        };

        using var response = await client.PostAsync(new Uri("/uploads", UriKind.Relative), form, TestContext.Current.CancellationToken);

        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MSD001MotherDemog.csv row 2: a quoted value is not closed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/tmp", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilesUploadedChildrenFirstAreLoadedParentsFirst()
    {
        using var client = await site.SignedIn("trust", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(new Uri("/uploads", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var bookings = "OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate,GestAgeBooking\nX1A,2026-01-01,ORDER-P1,ORDER-M1,2026-01-10,70\n"u8.ToArray();
        var mothers = "OrgCodeProvider,RPStartDate,LPIDMother,PersonBirthDateMother,EthnicCategoryMother\nX1A,2026-01-01,ORDER-M1,1990-01-01,A\n"u8.ToArray();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bookings), "files", "MSD101PregnancyBooking.csv" },
            { new ByteArrayContent(mothers), "files", "MSD001MotherDemog.csv" },
        };

        using var response = await client.PostAsync(new Uri("/uploads", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var connection = site.Database.Open();
        Assert.Equal(1L, Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM MSD101PregnancyBooking WHERE PregnancyID = 'ORDER-P1'"));
        Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM quarantine WHERE value = 'ORDER-M1'"));
    }
}
