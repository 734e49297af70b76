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

        // A monthly measure with two years of returns is charted month by month as Making Data Count would.
        var monthly = WebUtility.HtmlDecode(await analyst.GetStringAsync(U("/measures/CSF_RECORDED?org=X1A"), Cancel));
        Assert.Contains("Variation month by month", monthly, StringComparison.Ordinal);
        Assert.Contains("A p′ chart (Laney): mean (solid), process limits (dashed)", monthly, StringComparison.Ordinal);
        Assert.DoesNotContain("Variation month by month", page, StringComparison.Ordinal);

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

    [Fact]
    public async Task TheOverviewShowsTheLmnsOwnMeasuresAsTilesByPriorityAndATrustItsReturns()
    {
        using var analyst = site.Client("analyst");
        var lmns = WebUtility.HtmlDecode(await analyst.GetStringAsync(U("/?org=LMNSX1"), Cancel));
        Assert.Contains("LMNSX1's own measures", lmns, StringComparison.Ordinal);
        Assert.Contains("Staff trained in cultural competence", lmns, StringComparison.Ordinal);
        Assert.Contains("Listening forums held", lmns, StringComparison.Ordinal);
        // The tile's value is the API's, for the same caller.
        using var api = JsonDocument.Parse(await analyst.GetStringAsync(U("/api/measures"), Cancel));
        var pcsp = api.RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "PCSP_APP");
        Assert.Contains($">{pcsp.GetProperty("shown").GetString()}</strong>", lmns, StringComparison.Ordinal);

        // A trust's overview: its own returns only, not the LMNS's entries.
        var trust = WebUtility.HtmlDecode(await analyst.GetStringAsync(U("/?org=X1A"), Cancel));
        Assert.Contains("Staff trained in cultural competence", trust, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening forums held", trust, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnalystAdministersMeasuresTargetsAndThePriorityCohortAndABadFileChangesNothing()
    {
        using var client = await site.SignedIn("analyst", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(U("/measures/admin"), Cancel);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var before = await client.GetStringAsync(U("/api/measures?format=csv"), Cancel);

        // The measures file downloads as a workbook and goes back in unchanged.
        var xlsx = await client.GetByteArrayAsync(U("/measures/admin/measures.xlsx"), Cancel);
        Assert.Equal((byte)'P', xlsx[0]);
        var again = await Upload("measures", "measures.xlsx", xlsx);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        // Every measure the LMNS holds comes back unchanged (the demo's own, and those the registers' demos define).
        var saved = System.Text.RegularExpressions.Regex.Match(Uri.UnescapeDataString(again.Headers.Location!.OriginalString),
            "0 measures added, 0 changed, 0 new versions, ([0-9]+) unchanged");
        Assert.True(saved.Success, again.Headers.Location.OriginalString);
        Assert.True(int.Parse(saved.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 16, saved.Value);

        // A file with a bad cell is refused naming its row and column, and nothing changes.
        var csv = "Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority\n"
            + "NEW_ONE,A new measure,Something,proportion,,,Done,All,higher,fortnightly,,trust return,1\n";
        var refused = await Upload("measures", "measures.csv", System.Text.Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("Nothing was changed", html, StringComparison.Ordinal);
        Assert.Contains("row 2", html, StringComparison.Ordinal);
        Assert.Contains("Frequency", html, StringComparison.Ordinal);
        Assert.Equal(before, await client.GetStringAsync(U("/api/measures?format=csv"), Cancel));

        // The priority cohort: bad criteria refused by field, good ones set and shown.
        var bad = await Cohort(["Black"], "0-3");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'0-3' is not a decile 1-10", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await Cohort(["Black", "Asian", "Mixed"], "1-2")).StatusCode);
        Assert.Contains("set by analyst", WebUtility.HtmlDecode(await client.GetStringAsync(U("/measures/admin"), Cancel)), StringComparison.Ordinal);
        Assert.Contains("Priority cohort of LMNSX1: Black, Asian or Mixed ethnic group, or living in IMD deciles 1-2",
            WebUtility.HtmlDecode(await client.GetStringAsync(U("/indicators/COC_PATHWAY_29W_PRIORITY"), Cancel)), StringComparison.Ordinal);

        // Viewers and trust users may not administer the measures.
        Assert.Equal(HttpStatusCode.Forbidden, (await site.Client("viewer").GetAsync(U("/measures/admin"), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await site.Client("trust").GetAsync(U("/measures/admin/targets.xlsx"), Cancel)).StatusCode);

        async Task<HttpResponseMessage> Upload(string kind, string name, byte[] content)
        {
            using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(content), "file", name } };
            return await client.PostAsync(U($"/measures/admin/{kind}"), form, Cancel);
        }

        async Task<HttpResponseMessage> Cohort(string[] groups, string deciles)
        {
            var fields = groups.Select(g => new KeyValuePair<string, string>("groups", g)).Append(new("deciles", deciles))
                .Append(new("source", "Equity plan, p. 4")).Append(new("__RequestVerificationToken", token));
            using var form = new FormUrlEncodedContent(fields);
            return await client.PostAsync(U("/measures/admin/cohort"), form, Cancel);
        }
    }

    /// <summary>
    /// Two trusts' returns, one typed into the form and one uploaded as a workbook, then found with the same figure and RAG
    /// on the overview, the measure page, an action that targets the measure, the API and the board pack.
    /// </summary>
    [Fact]
    public async Task TwoTrustsReturnsByFormAndWorkbookAppearEverywhereWithTheRagAgainstTheTarget()
    {
        using var client = await site.SignedIn("analyst", new() { AllowAutoRedirect = false });
        const string Measure = "SI_ETHNIC_CODE";
        var form = await client.GetStringAsync(U("/returns?org=X1C"), Cancel);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var index = System.Text.RegularExpressions.Regex.Match(form, $"name=\"c(\\d+)\\.measure\" value=\"{Measure}\"").Groups[1].Value;

        // X1C by the form: 10 of 100 serious incidents with a valid ethnic code, in the return now due.
        using (var typed = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["org"] = "X1C", ["period"] = "", ["action"] = "submit",
            [$"c{index}.numerator"] = "10", [$"c{index}.denominator"] = "100",
        }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await client.PostAsync(U("/returns"), typed, Cancel)).StatusCode);
        }

        // X1D by a workbook: the template downloaded, one row filled in, uploaded.
        var template = await client.GetByteArrayAsync(U("/returns/template.xlsx?org=X1D"), Cancel);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(template), useHeaderRow: true, sheetName: "Return").Cast<IDictionary<string, object?>>()
            .Select(r => r.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "")).ToList();
        var row = rows.Single(r => r["Measure"] == Measure && r["Breakdown"] == "Total");
        var period = row["Period"];
        row["Numerator"] = "30";
        row["Denominator"] = "150";
        var filled = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(filled, new Dictionary<string, object> { ["Return"] = new[] { row } });
        using (var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("X1D"), "org" }, { new StringContent(""), "period" },
            { new ByteArrayContent(filled.ToArray()), "file", "x1d-return.xlsx" },
        })
        {
            var sent = await client.PostAsync(U("/returns/upload"), upload, Cancel);
            Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
            Assert.Contains("x1d-return.xlsx submitted: 1 added", Uri.UnescapeDataString(sent.Headers.Location!.OriginalString), StringComparison.Ordinal);
        }

        // The LMNS's figure adds up all four trusts now: each trust's value from the API, summed here.
        using var analyst = site.Client("analyst");
        double numerator = 0, denominator = 0;
        foreach (var trust in new[] { "X1A", "X1B", "X1C", "X1D" })
        {
            using var values = JsonDocument.Parse(await analyst.GetStringAsync(U($"/api/measures/{Measure}?org={trust}"), Cancel));
            var p = values.RootElement.EnumerateArray().First(v => v.GetProperty("period").GetString() == period && v.GetProperty("org").GetString() == trust);
            numerator += p.GetProperty("numerator").GetDouble();
            denominator += p.GetProperty("denominator").GetDouble();
        }
        using var list = JsonDocument.Parse(await analyst.GetStringAsync(U("/api/measures"), Cancel));
        var latest = list.RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == Measure);
        Assert.Equal(period, latest.GetProperty("period").GetString());
        Assert.Equal(numerator, latest.GetProperty("numerator").GetDouble());
        Assert.Equal(denominator, latest.GetProperty("denominator").GetDouble());
        var shown = latest.GetProperty("shown").GetString()!;
        Assert.Equal($"{100 * numerator / denominator:0.0}%", shown);
        // 90% is due; the value is far below it with hundreds of incidents, so the whole interval misses it: Red.
        Assert.True(100 * numerator / denominator < 75);
        Assert.Equal("Red", latest.GetProperty("rag").GetString());

        var overview = WebUtility.HtmlDecode(await analyst.GetStringAsync(U("/?org=LMNSX1"), Cancel));
        var tile = overview[overview.IndexOf("Serious incidents with a valid ethnic code", StringComparison.Ordinal)..];
        Assert.StartsWith($"Serious incidents with a valid ethnic code</a></h3>", tile, StringComparison.Ordinal);
        Assert.Contains($">{shown}</strong>", tile[..600], StringComparison.Ordinal);
        Assert.DoesNotContain("of 4 trusts", tile[..600], StringComparison.Ordinal);

        var page = WebUtility.HtmlDecode(await analyst.GetStringAsync(U($"/measures/{Measure}"), Cancel));
        Assert.Contains($": {shown}", page, StringComparison.Ordinal);

        // An action that targets the measure shows its latest value and RAG.
        var action = await client.GetStringAsync(U("/plan/actions/A030"), Cancel);
        var version = System.Text.RegularExpressions.Regex.Match(action, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        using (var edit = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["version"] = version, ["Indicators"] = Measure,
        }))
        {
            var saved = await client.PostAsync(U("/plan/actions/A030"), edit, Cancel);
            Assert.True(saved.StatusCode == HttpStatusCode.SeeOther, await saved.Content.ReadAsStringAsync(Cancel));
        }
        var linked = WebUtility.HtmlDecode(await client.GetStringAsync(U("/plan/actions/A030"), Cancel));
        Assert.Contains("Serious incidents with a valid ethnic code", linked, StringComparison.Ordinal);
        Assert.Contains(shown, linked, StringComparison.Ordinal);

        // The board pack is as of its month: the measure's latest period ended by then, with the API's figure and RAG for it.
        var id = await ReportTests.Make(site, "analyst");
        var html = WebUtility.HtmlDecode(await analyst.GetStringAsync(U($"/reports/{id}.html"), Cancel));
        var inPack = html[html.IndexOf("pack-measures", StringComparison.Ordinal)..];
        inPack = inPack[inPack.IndexOf("Serious incidents with a valid ethnic code", StringComparison.Ordinal)..];
        var cells = System.Text.RegularExpressions.Regex.Matches(inPack[..inPack.IndexOf("</tr>", StringComparison.Ordinal)], "<td[^>]*>(.*?)</td>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => System.Text.RegularExpressions.Regex.Replace(m.Groups[1].Value, "<[^>]+>", "").Trim()).ToList();
        // The pack is read as a viewer of the LMNS reads (counts rounded to protect small numbers): so is the API here.
        using var series = JsonDocument.Parse(await site.Client("viewer").GetStringAsync(U($"/api/measures/{Measure}?org=LMNSX1"), Cancel));
        var atPack = series.RootElement.EnumerateArray().Single(v => v.GetProperty("org").GetString() == "LMNSX1" && v.GetProperty("dimension").GetString() == "Total"
            && v.GetProperty("period").GetString() == cells[0]);
        Assert.Equal(atPack.GetProperty("shown").GetString(), cells[1]);
        Assert.Equal(atPack.GetProperty("rag").GetString(), cells[3]);
        Assert.Equal("90.0%", cells[2]);
    }
}
