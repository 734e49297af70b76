using System.Net;
using System.Text.Json;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Synthetic;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Maternity.Web.Tests;

/// <summary>One generated LMNS and web host for every web test: the host reads its data directory from the environment once.</summary>
[CollectionDefinition(Name)]
public sealed class SharedSite : ICollectionFixture<OverviewTests.Site>
{
    public const string Name = "site";
}

/// <summary>The minimal overview page and API over a small generated LMNS.</summary>
[Collection(SharedSite.Name)]
public sealed class OverviewTests
{
    private readonly Site _site;

    public OverviewTests(Site site) => _site = site;

    public sealed class Site : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "maternity-web-tests", Guid.NewGuid().ToString("N"));

        public Site()
        {
            Environment.SetEnvironmentVariable("MATERNITY_DATA", _directory);
            var database = Database.DuckDbFile(Path.Combine(_directory, "maternity.duckdb"));
            Migrator.Migrate(database);
            var input = Path.Combine(_directory, "input");
            var manifest = LmnsGenerator.Generate(new GeneratorOptions(input, 6_000, 6));
            OrgHierarchy.Demo.Store(database);
            ImdImporter.Import(database, Path.Combine(input, manifest.ImdFile));
            Ingester.IngestAll(database, manifest.Files.Select(f => Path.Combine(input, f)));
            IndicatorEngine.Compute(database);
            var admin = Access.System("test");
            Maternity.Plans.PlanStore.Replace(database, admin, PlanGenerator.Generate("LMNSX1", 40, seed: 5));
            MeasureGenerator.Generate(database, "LMNSX1", DateOnly.FromDateTime(DateTime.UtcNow));
            ProgrammeGenerator.Generate(database, "LMNSX1", DateOnly.FromDateTime(DateTime.UtcNow));
            foreach (var (name, role, orgs) in Users)
            {
                Maternity.Security.Users.Add(database, admin, name, role, orgs, Password);
                _tokens[name] = Maternity.Security.Users.CreateToken(database, admin, name, "tests", DateTime.UtcNow.AddDays(1)).Secret;
            }
            Database = database;
            Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Security:SignInsPerMinute", "1000"));
        }

        /// <summary>One user per role: the LMNS analyst of LMNSX1, a trust user of X1A, a viewer and a public user.</summary>
        public static readonly (string Name, Role Role, string[] Orgs)[] Users =
        [
            ("admin", Role.Admin, []), ("analyst", Role.Analyst, ["LMNSX1"]), ("trust", Role.TrustUser, ["X1A"]), ("viewer", Role.Viewer, []), ("public", Role.Public, []),
        ];

        public const string Password = "correct horse battery staple";

        private readonly Dictionary<string, string> _tokens = [];

        public WebApplicationFactory<Program> Factory { get; }

        public Database Database { get; }

        /// <summary>A client calling as <paramref name="user"/> with its API token.</summary>
        public HttpClient Client(string user)
        {
            var client = Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _tokens[user]);
            return client;
        }

        /// <summary>A browser-like client (cookies) signed in as <paramref name="user"/> through the sign-in form.</summary>
        public async Task<HttpClient> SignedIn(string user, WebApplicationFactoryClientOptions? options = null)
        {
            var client = Factory.CreateClient(options ?? new WebApplicationFactoryClientOptions());
            var page = await client.GetStringAsync(new Uri("/signin", UriKind.Relative), TestContext.Current.CancellationToken);
            var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["user"] = user, ["password"] = Password, ["returnUrl"] = "/" });
            using var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), form, TestContext.Current.CancellationToken);
            if (response.StatusCode is not (HttpStatusCode.SeeOther or HttpStatusCode.OK)) throw new InvalidOperationException($"sign-in as {user} gave {response.StatusCode}");
            return client;
        }

        public void Dispose()
        {
            Factory.Dispose();
            try { Directory.Delete(_directory, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task OverviewPageShowsEveryIndicatorWithSecurityHeaders()
    {
        using var client = _site.Client("analyst");
        var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var definition in Catalogue.Definitions) Assert.Contains(definition.Title, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task CountsApiReturnsTheStoredCounts()
    {
        using var client = _site.Client("analyst");
        var json = await client.GetStringAsync(new Uri("/api/indicators/PRETERM_37/counts?org=LMNSX1&breakdown=Total", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(json);

        Assert.True(document.RootElement.GetArrayLength() >= 6);
        Assert.All(document.RootElement.EnumerateArray(), c => Assert.Equal("LMNSX1", c.GetProperty("orgCode").GetString()));
    }

    [Fact]
    public async Task UnknownIndicatorIsAProblemDetails404()
    {
        using var client = _site.Client("analyst");
        var response = await client.GetAsync(new Uri("/api/indicators/NOPE/counts", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

[Collection(SharedSite.Name)]
public sealed class IndicatorApiTests(OverviewTests.Site site)
{
    [Fact]
    public async Task ResultsApiGivesValuesIntervalsComparisonsAndRag()
    {
        using var client = site.Client("analyst");
        var json = await client.GetStringAsync(new Uri("/api/indicators/SATOD/results?org=LMNSX1&breakdown=EthnicGroup&periodType=Quarter", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(json);

        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("Quarter", r.GetProperty("periodType").GetString()));
        var black = rows.First(r => r.GetProperty("group").GetString() == "Black");
        Assert.Equal("White", black.GetProperty("referenceGroup").GetString());
        Assert.True(black.GetProperty("lower").GetDouble() <= black.GetProperty("value").GetDouble());
        Assert.Contains(black.GetProperty("rag").GetString(), new[] { "Green", "Amber", "Red" });
    }

    [Fact]
    public async Task DefinitionApiShowsTheDefinitionAsComputed()
    {
        using var client = site.Client("analyst");
        var json = await client.GetStringAsync(new Uri("/api/indicators/stillbirth_rate", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("STILLBIRTH_RATE", document.RootElement.GetProperty("id").GetString());
        Assert.Contains("PregOutcome", document.RootElement.GetProperty("numeratorSql").GetString(), StringComparison.Ordinal);
    }
}

[Collection(SharedSite.Name)]
public sealed class QualityApiTests(OverviewTests.Site site)
{
    [Fact]
    public async Task ScorecardApiShowsTheWeakTrustFailingEthnicity()
    {
        using var client = site.Client("analyst");
        var json = await client.GetStringAsync(new Uri("/api/quality/scorecard?org=X1C", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(json);

        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        var ethnicity = rows.SelectMany(r => r.GetProperty("criteria").EnumerateArray()).Where(c => c.GetProperty("ruleId").GetString() == "ETHNICITY").ToList();
        Assert.True(ethnicity.Count(c => !c.GetProperty("passed").GetBoolean()) > ethnicity.Count / 2);
    }

    [Fact]
    public async Task ProfileApiGivesVodimCounts()
    {
        using var client = site.Client("analyst");
        var json = await client.GetStringAsync(new Uri("/api/quality/profile?org=X1A", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(json);
        var row = document.RootElement.EnumerateArray().First(r => r.GetProperty("item").GetString() == "EthnicCategoryMother");
        Assert.Equal(row.GetProperty("denominator").GetInt64(),
            row.GetProperty("valid").GetInt64() + row.GetProperty("default").GetInt64() + row.GetProperty("invalid").GetInt64() + row.GetProperty("missing").GetInt64());
    }
}

[Collection(SharedSite.Name)]
public sealed class QualityPageTests(OverviewTests.Site site)
{
    [Fact]
    public async Task QualityPageShowsTheHistoryAndTheWeakTrustsExceptions()
    {
        using var client = site.Client("analyst");
        var html = await client.GetStringAsync(new Uri("/quality", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("Data-quality scorecard", html, StringComparison.Ordinal);
        Assert.Contains("ETHNICITY (at least 90%)", html, StringComparison.Ordinal);
        // The exceptions table has a row of X1C failing the ethnic-category rule.
        var exceptions = html[html.IndexOf("id=\"exceptions\"", StringComparison.Ordinal)..html.IndexOf("</table>", html.IndexOf("id=\"exceptions\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Matches(@"aria-hidden=""true"">Organisation</span>X1C</th>\s*<td[^>]*><span[^>]*>Rule</span>Valid ethnic category", exceptions);
    }
}

/// <summary>Indicator pages of age-sensitive outcomes show each trust's age-standardised ratio beside its crude rate.</summary>
[Collection(SharedSite.Name)]
public sealed class AgeStandardisedPageTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Section(string html)
    {
        var decoded = WebUtility.HtmlDecode(html);
        var start = decoded.IndexOf("id=\"age-standardised\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no age-standardised table");
        return decoded[start..decoded.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// X1A's ratio worked out here from the age-band counts the same caller gets from the counts API: observed over
    /// Σ X1A's band births × LMNSX1's band rate, every month of the generated data (6, inside the page's 12).
    /// </summary>
    private static async Task<double> RatioFromTheApi(HttpClient client)
    {
        async Task<List<(string Band, long Events, long Births)>> Bands(string org)
        {
            using var counts = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/indicators/PRETERM_37/counts?org={org}&breakdown=AgeBand", UriKind.Relative), Cancel));
            return [.. counts.RootElement.EnumerateArray().Where(c => c.GetProperty("periodType").GetString() == "Month")
                .GroupBy(c => c.GetProperty("groupCode").GetString()!)
                .Select(g => (g.Key, g.Sum(c => c.GetProperty("numerator").GetInt64()), g.Sum(c => c.GetProperty("denominator").GetInt64())))];
        }
        var lmns = (await Bands("LMNSX1")).ToDictionary(b => b.Band);
        var trust = await Bands("X1A");
        var expected = trust.Sum(b => b.Births * (double)lmns[b.Band].Events / lmns[b.Band].Births);
        return trust.Sum(b => b.Events) / expected;
    }

    [Fact]
    public async Task AnAgeSensitiveOutcomeShowsEachTrustsStandardisedRatio()
    {
        using var client = site.Client("analyst");
        var section = Section(await client.GetStringAsync(new Uri("/indicators/PRETERM_37?org=LMNSX1", UriKind.Relative), Cancel));
        foreach (var trust in new[] { "X1A", "X1B", "X1C", "X1D" }) Assert.Contains($">{trust}<", section, StringComparison.Ordinal);
        Assert.Contains($"{await RatioFromTheApi(client):F2} (", section, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/indicators/PRETERM_37?org=X1A", UriKind.Relative), Cancel));
        Assert.Contains("Trusts standardised for the mother's age", page, StringComparison.Ordinal);
        Assert.Contains(Catalogue.Find("PRETERM_37")!.AgeSensitivity!, page, StringComparison.Ordinal);
        Assert.DoesNotContain("rounded to the nearest 5", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AViewerSeesRatiosFromTheRoundedCountsTheyAreShown()
    {
        using var viewer = site.Client("viewer");
        var html = await viewer.GetStringAsync(new Uri("/indicators/PRETERM_37?org=LMNSX1", UriKind.Relative), Cancel);
        Assert.Contains("rounded to the nearest 5", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"{await RatioFromTheApi(viewer):F2} (", Section(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherOutcomesShowNoStandardisedRates()
    {
        using var client = site.Client("analyst");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/indicators/SATOD?org=LMNSX1", UriKind.Relative), Cancel));
        Assert.DoesNotContain("age-standardised", html, StringComparison.Ordinal);
        Assert.DoesNotContain("standardised for the mother's age", html, StringComparison.Ordinal);
    }
}
