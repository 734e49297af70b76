using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maternity.Reports;
using Maternity.Statistics;
using Microsoft.AspNetCore.Mvc.Testing;
using MiniExcelLibs;

namespace Maternity.Web.Tests;

/// <summary>Board packs on the web: who may make and open them, and every number in a pack equal to the dashboard's for the same LMNS and month.</summary>
[Collection(SharedSite.Name)]
public sealed partial class ReportTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    /// <summary>Makes a pack through the API as <paramref name="user"/>; returns its id.</summary>
    internal static async Task<string> Make(OverviewTests.Site site, string user, string? period = null)
    {
        using var client = site.Client(user);
        using var response = await client.PostAsJsonAsync(U("/api/reports/board"), new { lmns = "LMNSX1", period }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return body.RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task OnlyTheLmnsAnalystsAndAdminsMakePacksAndEveryRoleMayOpenThem()
    {
        var made = new List<string>();
        foreach (var (user, expected) in new[] { ("admin", 201), ("analyst", 201), ("trust", 403), ("viewer", 403), ("public", 403) })
        {
            using var client = site.Client(user);
            using var response = await client.PostAsJsonAsync(U("/api/reports/board"), new { lmns = "LMNSX1" }, Cancel);
            Assert.True(expected == (int)response.StatusCode, $"{user}: {(int)response.StatusCode}, expected {expected}");
            if (response.StatusCode == HttpStatusCode.Created) made.Add(response.Headers.Location!.OriginalString);
        }
        Assert.Equal(2, made.Count);
        foreach (var user in OverviewTests.Site.Users.Select(u => u.Name))
        {
            using var client = site.Client(user);
            foreach (var path in new[] { "/reports", "/api/reports", made[0], made[0].Replace(".html", ".xlsx", StringComparison.Ordinal) })
                Assert.True(HttpStatusCode.OK == (await client.GetAsync(U(path), Cancel)).StatusCode, $"{user} GET {path}");
        }
        using var analyst = site.Client("analyst");
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(U("/reports/LMNSX1-1999-01-1.html"), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(U(made[0].Replace(".html", ".docx", StringComparison.Ordinal)), Cancel)).StatusCode);
        using var bad = await analyst.PostAsJsonAsync(U("/api/reports/board"), new { lmns = "LMNSX1", period = "March" }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'March' is not a month", await bad.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var unknown = await analyst.PostAsJsonAsync(U("/api/reports/board"), new { lmns = "LMNSZZ" }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        // The page's button: a form with its token; without the token it is refused and nothing is made.
        using var browser = await site.SignedIn("analyst", new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync(U("/"), Cancel);
        Assert.Contains("Make the board pack for LMNSX1", page, StringComparison.Ordinal);
        var before = (await browser.GetStringAsync(U("/api/reports"), Cancel)).Split("\"id\"").Length;
        using var refused = await browser.PostAsync(U("/reports"), new FormUrlEncodedContent(new Dictionary<string, string> { ["lmns"] = "LMNSX1" }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var posted = await browser.PostAsync(U("/reports"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["lmns"] = "LMNSX1", ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
        }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(before + 1, (await browser.GetStringAsync(U("/api/reports"), Cancel)).Split("\"id\"").Length);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task EveryNumberInThePackEqualsTheDashboardsForTheSameLmnsAndMonth()
    {
        using var viewer = site.Client("viewer");
        using var overview = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/overview?org=LMNSX1"), Cancel));
        var latest = DateOnly.Parse(overview.RootElement[0].GetProperty("to").GetString()!, CultureInfo.InvariantCulture);
        var period = latest.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var id = await Make(site, "analyst", period);
        using var analyst = site.Client("analyst");
        var xlsx = await analyst.GetByteArrayAsync(U($"/reports/{id}.xlsx"), Cancel);

        // Indicators: the viewer's overview for the same LMNS and month.
        using var dashboard = JsonDocument.Parse(await viewer.GetStringAsync(U($"/api/overview?org=LMNSX1&to={period}"), Cancel));
        var api = dashboard.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        var rows = Sheet(xlsx, "Indicators");
        Assert.Equal(api.Count, rows.Count);
        foreach (var row in rows)
        {
            var d = api[(string)row["Indicator"]!];
            Assert.Equal(d.GetProperty("numerator").GetInt64(), Convert.ToInt64(row["Numerator"], CultureInfo.InvariantCulture));
            Assert.Equal(d.GetProperty("denominator").GetInt64(), Convert.ToInt64(row["Denominator"], CultureInfo.InvariantCulture));
            foreach (var (column, property) in new[] { ("Value", "value"), ("Lower", "lower"), ("Upper", "upper") })
                Assert.Equal(d.GetProperty(property).GetDouble(), Convert.ToDouble(row[column], CultureInfo.InvariantCulture), 9);
            Assert.Equal(d.GetProperty("rag").GetString(), (string?)row["RAG"] ?? "");
            Assert.Equal(Display.Describe(Enum.Parse<VariationType>(d.GetProperty("variation").GetString()!)), row["Variation"]);
            Assert.Equal(period, ((DateTime)row["To"]!).ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }

        // Breakdowns of the indicators needing attention: the viewer's 12-month table of the indicator page.
        var breakdowns = Sheet(xlsx, "Breakdowns");
        Assert.NotEmpty(breakdowns);
        foreach (var indicator in breakdowns.GroupBy(r => (string)r["Indicator"]!))
        {
            var lines = (await viewer.GetStringAsync(U($"/indicators/{indicator.Key}/window.csv?org=LMNSX1&to={period}"), Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // Columns by name: the export may gain columns.
            var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
            var csv = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => $"{c[column["breakdown"]]} {c[column["group"]]}");
            foreach (var row in indicator)
            {
                var c = csv[$"{row["Breakdown"]} {row["Group"]}"];
                Assert.Equal(c[column["numerator"]], Convert.ToInt64(row["Numerator"], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                Assert.Equal(c[column["denominator"]], Convert.ToInt64(row["Denominator"], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                Assert.Equal(double.Parse(c[column["value"]], CultureInfo.InvariantCulture), Convert.ToDouble(row["Value"], CultureInfo.InvariantCulture), 9);
            }
        }

        // Data quality: the viewer's scorecard, same organisations and months.
        using var scorecard = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/quality/scorecard"), Cancel));
        var criteria = scorecard.RootElement.EnumerateArray().SelectMany(r => r.GetProperty("criteria").EnumerateArray().Select(c =>
            (Key: $"{r.GetProperty("orgCode").GetString()} {r.GetProperty("month").GetString()} {c.GetProperty("ruleId").GetString()}", c))).ToDictionary(x => x.Key, x => x.c);
        var quality = Sheet(xlsx, "Data quality");
        Assert.NotEmpty(quality);
        foreach (var row in quality)
        {
            var c = criteria[$"{row["Org"]} {(DateTime)row["Month"]!:yyyy-MM-dd} {row["Rule"]}"];
            Assert.Equal(c.GetProperty("numerator").GetInt64(), Convert.ToInt64(row["Numerator"], CultureInfo.InvariantCulture));
            Assert.Equal(c.GetProperty("denominator").GetInt64(), Convert.ToInt64(row["Denominator"], CultureInfo.InvariantCulture));
            Assert.Equal(c.GetProperty("value").GetDouble(), Convert.ToDouble(row["Value"], CultureInfo.InvariantCulture), 9);
        }

        // Actions: the plan's exception list as the dashboard shows it today.
        using var exceptions = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/plan/exceptions"), Cancel));
        Assert.Equal(exceptions.RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString()), Sheet(xlsx, "Actions").Select(r => (string?)r["Action"]));
    }

    private static List<IDictionary<string, object?>> Sheet(byte[] xlsx, string name)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. MiniExcel.Query(stream, useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>()];
    }
}
