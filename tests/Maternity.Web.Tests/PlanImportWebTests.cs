using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maternity.Plans;
using Maternity.Security;

namespace Maternity.Web.Tests;

/// <summary>
/// Importing a plan from the browser: the preview stores nothing, a bad file is refused naming its row and column, the
/// confirmation loads the previewed file (audited), only as the plan named; the other plan is then on the plan pages
/// (chosen with ?plan=) and in the board pack. Those who may not change the plan are refused.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class PlanImportWebTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    /// <summary>A general LMNS plan: its own objectives, not the equity guidance's priorities.</summary>
    internal const string GeneralPlan = """
        Objective,Action,Responsible leads,Target date,Status,How we will measure success,RAG note
        Objective 1: Safer births,Roll out fetal monitoring training to every midwife,Fetal Monitoring Leads,March 2025,On track,Midwives trained in fetal monitoring,on plan
        ,Review every stillbirth with the family's questions,Bereavement Midwives / Governance Leads,by the end of 2025/26,Not started,Reviews with the family's questions answered,
        Objective 2: A workforce to match,Recruit midwives to the funded establishment,Heads of Midwifery,after the pilot,At risk,Midwife vacancy rate,
        """;

    private static async Task<HttpResponseMessage> Preview(HttpClient client, string fileName, string csv, string plan)
    {
        var page = await client.GetStringAsync(U("/plan/import"), Cancel);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent(plan), "plan" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", fileName },
        };
        return await client.PostAsync(U("/plan/import"), form, Cancel);
    }

    [Fact]
    public async Task AColumnMappingSentWithThePlanReadsItsOwnHeadersAndAMappingToKeepIsOfferedWhenSomeAreNot()
    {
        using var client = site.Client("analyst");
        // Without a mapping, "RAG note" is none of the table's columns: listed with its nearest, and a mapping file offered to keep.
        using var plain = await Preview(client, "general.csv", GeneralPlan, "mapped");
        var first = await plain.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("id=\"unknown-columns\"", first, StringComparison.Ordinal);
        var offered = Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Match(first, "href=\"data:text/csv;base64,([^\"]+)\"").Groups[1].Value));
        Assert.Contains("RAG note,,", offered, StringComparison.Ordinal);

        // With the mapping filled in (RAG note read as the Status note), the header is read and nothing is offered.
        var page = await client.GetStringAsync(U("/plan/import"), Cancel);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent("mapped"), "plan" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(GeneralPlan)), "file", "general.csv" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Header,Column\nRAG note,Status note\n")), "columns", "plan-columns.csv" },
        };
        using var mapped = await client.PostAsync(U("/plan/import"), form, Cancel);
        var html = await mapped.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        Assert.DoesNotContain("id=\"unknown-columns\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"column-map\"", html, StringComparison.Ordinal);

        using var confirm = new MultipartFormDataContent
        {
            { new StringContent(Hidden(html, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new StringContent(Hidden(html, "plan")), "plan" }, { new StringContent(Hidden(html, "fileName")), "fileName" },
            { new StringContent(Hidden(html, "content")), "content" },
            { new StringContent(Hidden(html, "columnsContent")), "columnsContent" }, { new StringContent(Hidden(html, "columnsName")), "columnsName" },
        };
        using var loaded = await client.PostAsync(U("/plan/import/confirm"), confirm, Cancel);
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        var plan = PlanStore.Load(site.Database, Access.System("test"), "LMNSX1", plan: "mapped");
        Assert.Equal("on plan", plan.Actions.Single(a => a.Descriptor.StartsWith("Roll out fetal monitoring", StringComparison.Ordinal)).StatusNote);

        // A mapping naming a column the table does not have is refused beside its field, naming the file and row.
        page = await client.GetStringAsync(U("/plan/import"), Cancel);
        using var bad = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent("mapped"), "plan" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(GeneralPlan)), "file", "general.csv" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Header,Column\nRAG note,Statsu note\n")), "columns", "plan-columns.csv" },
        };
        using var refused = await client.PostAsync(U("/plan/import"), bad, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("plan-columns.csv row 2: &#x27;Statsu note&#x27; is not a column of the plan table", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);

    [Fact]
    public async Task APreviewStoresNothingAndTheConfirmationLoadsThePlanNamedAudited()
    {
        using var client = site.Client("analyst");
        var plansBefore = PlanStore.PlanNames(site.Database, Access.System("test"), "LMNSX1");
        var equityBefore = PlanStore.Load(site.Database, Access.System("test"), "LMNSX1").Actions.Count;

        using var preview = await Preview(client, "general.csv", GeneralPlan, "general");
        var html = await preview.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("This is a preview: nothing is stored yet", html, StringComparison.Ordinal);
        Assert.Contains("How each row was read", html, StringComparison.Ordinal);
        // Three actions under two objectives; two of them fall due ("after the pilot" names no date and is kept as text).
        Assert.Contains("2 of 3: 2 at a target date, 0 at the end of their financial year", html, StringComparison.Ordinal);
        Assert.Contains("after the pilot", html, StringComparison.Ordinal);
        Assert.Contains("RAG note", html, StringComparison.Ordinal);
        Assert.Equal(plansBefore, PlanStore.PlanNames(site.Database, Access.System("test"), "LMNSX1"));

        // The confirmation without its form token is refused and stores nothing.
        using (var noToken = new MultipartFormDataContent { { new StringContent("general"), "plan" }, { new StringContent("general.csv"), "fileName" },
                   { new StringContent(Hidden(html, "content")), "content" } })
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(U("/plan/import/confirm"), noToken, Cancel)).StatusCode);
        Assert.DoesNotContain("general", PlanStore.PlanNames(site.Database, Access.System("test"), "LMNSX1"));

        using var confirm = new MultipartFormDataContent
        {
            { new StringContent(Hidden(html, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new StringContent(Hidden(html, "plan")), "plan" }, { new StringContent(Hidden(html, "fileName")), "fileName" },
            { new StringContent(Hidden(html, "content")), "content" },
        };
        using var loaded = await client.PostAsync(U("/plan/import/confirm"), confirm, Cancel);
        var done = await loaded.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        Assert.Contains("general.csv is now the general plan:", done, StringComparison.Ordinal);

        var general = PlanStore.Load(site.Database, Access.System("test"), "LMNSX1", plan: "general");
        Assert.Equal(3, general.Actions.Count);
        Assert.Equal(["Bereavement Midwives", "Governance Leads"], general.Actions[1].Leads);
        Assert.Equal(equityBefore, PlanStore.Load(site.Database, Access.System("test"), "LMNSX1").Actions.Count);
        Assert.Contains(AuditLog.List(site.Database, Access.System("test"), action: "plan.import"), e => e.Target == "LMNSX1/general");

        // The plan pages show it when asked for, its links keep it, and the choice of plans is offered.
        var page = await client.GetStringAsync(U("/plan?plan=general&today=2025-06-30"), Cancel);
        Assert.Contains("LMNSX1 general plan", page, StringComparison.Ordinal);
        Assert.Contains("Safer births", page, StringComparison.Ordinal);
        Assert.Contains("Actions (3 of 3)", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"general\" selected", page, StringComparison.Ordinal);
        var id = general.Actions[0].Id;
        Assert.Contains($"/plan/actions/{id}?plan=general", page, StringComparison.Ordinal);
        var action = await client.GetStringAsync(U($"/plan/actions/{id}?plan=general"), Cancel);
        Assert.Contains("Roll out fetal monitoring training", action, StringComparison.Ordinal);
        using var api = JsonDocument.Parse(await client.GetStringAsync(U("/api/plan?plan=general&today=2025-06-30"), Cancel));
        Assert.Equal(3, api.RootElement.GetProperty("actions").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(U("/api/plan?plan=nosuch"), Cancel)).StatusCode);
        // The equity plan is still the default.
        Assert.Contains("LMNSX1 equity and equality action plan", await client.GetStringAsync(U("/plan"), Cancel), StringComparison.Ordinal);

        // The board pack (as it stands today, after the import) reports the other plan: the training action due by
        // 31 March 2025 and the reviews due by 31 March 2026 are overdue, the recruitment (no date) is at risk.
        var pack = Maternity.Reports.BoardPack.Build(site.Database, "LMNSX1", new DateOnly(2025, 5, 1), "test");
        var other = Assert.Single(pack.OtherPlans!, p => p.Name == "general");
        Assert.Equal((3, 0, 2), (other.Actions, other.Complete, other.Overdue));
        Assert.Equal(3, other.Exceptions.Count);
        Assert.Contains(other.Exceptions, e => e.Action.Id == id);
    }

    [Fact]
    public async Task ABadFileIsRefusedNamingItsRowAndColumnAndNothingIsStored()
    {
        using var client = site.Client("analyst");
        var csv = GeneralPlan.Replace("Not started", "Half done", StringComparison.Ordinal);
        using var response = await Preview(client, "broken.csv", csv, "broken");
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("broken.csv cannot be loaded: nothing was changed", html, StringComparison.Ordinal);
        Assert.Contains("Row 3, Status: not a status", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Load this plan", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/tmp", html, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", PlanStore.PlanNames(site.Database, Access.System("test"), "LMNSX1"));

        using var badName = await Preview(client, "general.csv", GeneralPlan, "My Plan!");
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("is not a plan name", await badName.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyThoseWhoMayChangeThePlanMayImportIt()
    {
        foreach (var user in new[] { "trust", "viewer" })
        {
            using var client = site.Client(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(U("/plan/import"), Cancel)).StatusCode);
            var page = await client.GetStringAsync(U("/plan"), Cancel);
            Assert.DoesNotContain("href=\"/plan/import", page, StringComparison.Ordinal);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
                { new StringContent("general"), "plan" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(GeneralPlan)), "file", "general.csv" },
            };
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(U("/plan/import"), form, Cancel)).StatusCode);
        }
        using var analyst = site.Client("analyst");
        // The plan page links to the upload for those who may use it (not the menu).
        Assert.Contains("href=\"/plan/import?lmns=LMNSX1\"", await analyst.GetStringAsync(U("/plan"), Cancel), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
