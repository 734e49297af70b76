using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maternity.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Maternity.Web.Tests;

/// <summary>Every endpoint and export against every role, each denial tested; and what a viewer's responses may hold.</summary>
[Collection(SharedSite.Name)]
public sealed partial class AccessMatrixTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static readonly string[] Roles = ["admin", "analyst", "trust", "viewer", "public"];

    /// <summary>A month with records, an action owned by X1A and one that is not.</summary>
    private async Task<(string Month, string Own, string Other)> Facts()
    {
        using var admin = site.Client("admin");
        using var counts = JsonDocument.Parse(await admin.GetStringAsync(U("/api/indicators/DQ_ETHNICITY_VALID/counts?org=X1B&breakdown=Total"), Cancel));
        var month = counts.RootElement.EnumerateArray().First().GetProperty("periodStart").GetString()!;
        using var plan = JsonDocument.Parse(await admin.GetStringAsync(U("/api/plan"), Cancel));
        var actions = plan.RootElement.GetProperty("actions").EnumerateArray().ToList();
        static bool Owns(JsonElement a) => a.GetProperty("orgs").EnumerateArray().Any(o => o.GetString() == "X1A");
        return (month, actions.First(Owns).GetProperty("id").GetString()!, actions.Last(a => !Owns(a)).GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task ASessionEndsAtSignOutEvenWhereItsCookieWasCopied()
    {
        using var client = site.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var cookies = new Dictionary<string, string>();
        async Task<HttpResponseMessage> Send(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, U(path));
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            if (form is not null) request.Content = new FormUrlEncodedContent(form);
            var response = await client.SendAsync(request, Cancel);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }
            return response;
        }
        async Task<string> FormToken(string path) => Token().Match(await (await Send(HttpMethod.Get, path)).Content.ReadAsStringAsync(Cancel)).Groups[1].Value;

        var signIn = await Send(HttpMethod.Post, "/signin", new()
        {
            ["__RequestVerificationToken"] = await FormToken("/signin"), ["user"] = "public", ["password"] = OverviewTests.Site.Password, ["returnUrl"] = "/",
        });
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var copied = cookies["maternity-session"];
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/")).StatusCode);

        Assert.Equal(HttpStatusCode.SeeOther, (await Send(HttpMethod.Post, "/signout", new() { ["__RequestVerificationToken"] = await FormToken("/signout") })).StatusCode);
        // The copy of the cookie taken before sign-out no longer opens a page.
        cookies["maternity-session"] = copied;
        var after = await Send(HttpMethod.Get, "/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        var location = after.Headers.Location!;
        Assert.StartsWith("/signin", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordLevelDownloadsAreNeverCached()
    {
        var (month, _, _) = await Facts();
        using var client = site.Client("analyst");
        using var response = await client.GetAsync(U($"/quality/records.csv?org=X1A&month={month}"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task EveryEndpointAnswersEachRoleAsItsRightsSay()
    {
        var (month, own, other) = await Facts();
        // Expected status per role: admin, analyst, trust (X1A), viewer, public.
        (string Path, int[] Expected)[] matrix =
        [
            ("/", [200, 200, 200, 200, 200]),
            ("/api/indicators", [200, 200, 200, 200, 200]),
            ("/api/indicators/SATOD", [200, 200, 200, 200, 200]),
            ("/api/indicators/SATOD/results?org=X1B", [200, 200, 200, 200, 200]),
            ("/api/indicators/SATOD/counts?org=X1B", [200, 200, 200, 200, 200]),
            ("/api/indicators/SATOD/spc?org=X1B", [200, 200, 200, 200, 200]),
            ("/quality", [200, 200, 200, 200, 403]),
            ("/api/quality/scorecard", [200, 200, 200, 200, 403]),
            ("/api/quality/exceptions", [200, 200, 200, 200, 403]),
            ("/api/quality/profile?org=X1B", [200, 200, 200, 200, 403]),
            ("/api/quality/timeliness", [200, 200, 200, 200, 403]),
            ("/api/quality/cqim", [200, 200, 200, 403, 403]),
            ("/api/quality/cqim?org=X1B", [200, 200, 403, 403, 403]),
            ("/reports", [200, 200, 200, 200, 200]),
            ("/api/reports", [200, 200, 200, 200, 200]),
            ($"/quality/records.csv?org=X1A&month={month}", [200, 200, 200, 403, 403]),
            // A trust user asking for another trust's records.
            ($"/quality/records.csv?org=X1B&month={month}", [200, 200, 403, 403, 403]),
            ($"/quality/records.csv?org=LMNSX1&month={month}", [200, 200, 403, 403, 403]),
            ("/plan", [200, 200, 200, 200, 403]),
            ("/api/plan", [200, 200, 200, 200, 403]),
            ($"/plan/actions/{own}", [200, 200, 200, 200, 403]),
            ($"/api/plan/actions/{other}", [200, 200, 200, 200, 403]),
            ("/api/plan/exceptions", [200, 200, 200, 200, 403]),
            ("/api/plan/timeline", [200, 200, 200, 200, 403]),
            ("/api/plan/history", [200, 200, 200, 200, 403]),
            ("/plan/export.xlsx", [200, 200, 200, 200, 403]),
            ("/plan/import", [200, 200, 403, 403, 403]),
            ("/plan?plan=equity", [200, 200, 200, 200, 403]),
            ("/assurance", [200, 200, 200, 200, 403]),
            ("/assurance?framework=SBL3", [200, 200, 200, 200, 403]),
            ("/assurance/MIS6/SA2", [200, 200, 200, 200, 403]),
            ("/assurance/scorecard", [200, 200, 200, 200, 403]),
            ("/assurance/scorecard?scheme=MIS6", [200, 200, 200, 200, 403]),
            ("/api/assurance/frameworks", [200, 200, 200, 200, 403]),
            ("/api/assurance/grid?framework=OCK&format=csv", [200, 200, 200, 200, 403]),
            ("/api/assurance/concerns", [200, 200, 200, 200, 403]),
            ("/api/assurance/trajectory?framework=PSIRF", [200, 200, 200, 200, 403]),
            ("/api/assurance/history?framework=MIS6&item=SA2", [200, 200, 200, 200, 403]),
            ("/api/assurance/scorecard?format=csv", [200, 200, 200, 200, 403]),
            ("/api/assurance/scorecard/comparison", [200, 200, 200, 200, 403]),
            ("/api/assurance/actions/A002", [200, 200, 200, 200, 403]),
            // An evidence file: for the roles that may see declarations; its address is a random token.
            (AssuranceWebTests.EvidenceHref(site), [200, 200, 200, 200, 403]),
            ("/measures", [200, 200, 200, 200, 403]),
            ("/measures/STAFF_CULTURAL?org=X1B", [200, 200, 200, 200, 403]),
            ("/api/measures", [200, 200, 200, 200, 403]),
            ("/api/measures/STAFF_CULTURAL?format=csv", [200, 200, 200, 200, 403]),
            ("/api/measures/completeness", [200, 200, 200, 200, 403]),
            ("/programme", [200, 200, 200, 200, 403]),
            ("/api/programme", [200, 200, 200, 200, 403]),
            ("/api/programme/funding?format=csv", [200, 200, 200, 200, 403]),
            ("/api/programme/funding/months", [200, 200, 200, 200, 403]),
            ("/api/programme/training?format=csv", [200, 200, 200, 200, 403]),
            ("/api/programme/reviews", [200, 200, 200, 200, 403]),
            ("/api/programme/sheets/training.sessions?format=csv", [200, 200, 200, 200, 403]),
            ("/api/programme/sheets/funding.streams?format=xlsx", [200, 200, 200, 200, 403]),
            ("/api/programme/workbooks/funding", [200, 200, 200, 200, 403]),
            ("/programme/upload", [200, 200, 403, 403, 403]),
            ("/programme/edit?sheet=eia.assessments&id=E2", [200, 200, 403, 403, 403]),
            ("/programme/edit?sheet=eia.assessments", [200, 200, 403, 403, 403]),
            ("/programme/rows?sheet=funding.instalments", [200, 200, 403, 403, 403]),
            ("/programme/remove?sheet=eia.assessments&id=E2", [200, 200, 403, 403, 403]),
            ("/returns", [200, 200, 200, 403, 403]),
            ("/national", [200, 200, 200, 200, 200]),
            ("/national/SMOKING_BOOKING?org=X1A", [200, 200, 200, 200, 200]),
            ("/national/profile", [200, 200, 200, 200, 200]),
            ("/api/national/SMOKING_BOOKING?format=csv", [200, 200, 200, 200, 200]),
            ("/voices", [200, 200, 200, 200, 403]),
            ("/api/voices", [200, 200, 200, 200, 403]),
            ("/api/voices/events?format=csv", [200, 200, 200, 200, 403]),
            ("/api/voices/feedback", [200, 200, 200, 200, 403]),
            ("/voices/events/new", [200, 200, 403, 403, 403]),
            ("/measures/admin", [200, 200, 403, 403, 403]),
            ("/measures/admin/measures.xlsx", [200, 200, 403, 403, 403]),
            ("/measures/admin/targets.xlsx", [200, 200, 403, 403, 403]),
            ("/wres", [200, 200, 200, 200, 403]),
            ("/wres?org=X1B&group=Maternity", [200, 200, 200, 200, 403]),
            ("/api/wres?org=LMNSX1&format=csv", [200, 200, 200, 200, 403]),
            ("/api/wres/checks", [200, 200, 200, 200, 403]),
            ("/wres/import", [200, 200, 200, 403, 403]),
            ("/wres?org=QX1", [200, 200, 200, 200, 403]),
            ("/admin", [200, 403, 403, 403, 403]),
            ("/api/audit", [200, 403, 403, 403, 403]),
            ("/api/audit/verify", [200, 403, 403, 403, 403]),
            ("/safety", [200, 200, 200, 200, 403]),
            ("/safety?org=X1B", [200, 200, 200, 200, 403]),
            ("/safety/report.html", [200, 200, 200, 200, 403]),
            ("/api/safety/rates", [200, 200, 200, 200, 403]),
            ("/api/safety/rates?org=X1A&format=csv", [200, 200, 200, 200, 403]),
            ("/api/safety/kinds", [200, 200, 200, 200, 403]),
            ("/api/safety/themes", [200, 200, 200, 200, 403]),
            ("/api/safety/months", [200, 200, 200, 200, 403]),
            ("/api/safety/coding", [200, 200, 200, 200, 403]),
            ("/api/safety/lessons", [200, 200, 200, 200, 403]),
            // Logging a case by hand: record-level roles, for the trusts whose records they may load.
            ("/safety/cases/new?org=X1A", [200, 200, 200, 403, 403]),
            // Case details are record-level: the trust's own users and the LMNS's analysts.
            ("/api/safety/cases?org=X1A", [200, 200, 200, 403, 403]),
            ("/api/safety/cases?org=X1B", [200, 200, 403, 403, 403]),
            ("/api/safety/cases?org=LMNSX1", [200, 200, 403, 403, 403]),
            ("/health", [200, 200, 200, 200, 200]),
            ("/glossary", [200, 200, 200, 200, 200]),
            ("/registers", [200, 200, 200, 200, 403]),
            ("/equity", [200, 200, 200, 200, 200]),
        ];
        var failures = new List<string>();
        for (var r = 0; r < Roles.Length; r++)
        {
            using var client = site.Client(Roles[r]);
            foreach (var (path, expected) in matrix)
            {
                using var response = await client.GetAsync(U(path), Cancel);
                if ((int)response.StatusCode != expected[r]) failures.Add($"{Roles[r]} GET {path}: {(int)response.StatusCode}, expected {expected[r]}");
                // The API refuses with problem details; a page with the design system's "no access" page.
                var api = path.StartsWith("/api", StringComparison.Ordinal);
                if (response.StatusCode == HttpStatusCode.Forbidden && response.Content.Headers.ContentType?.MediaType != (api ? "application/problem+json" : "text/html"))
                    failures.Add($"{Roles[r]} GET {path}: a denial as {response.Content.Headers.ContentType?.MediaType}");
                if (response.StatusCode == HttpStatusCode.Forbidden && !api
                    && !(await response.Content.ReadAsStringAsync(Cancel)).Contains("You do not have access to this page", StringComparison.Ordinal))
                    failures.Add($"{Roles[r]} GET {path}: a denial page that does not say so");
            }
        }

        // Edits and progress updates: an action owned by X1A, and one owned by others.
        foreach (var (id, expected) in new[] { (own, new[] { 200, 200, 200, 403, 403 }), (other, new[] { 200, 200, 403, 403, 403 }) })
        {
            foreach (var write in new[] { "PUT", "POST update" })
            {
                for (var r = 0; r < Roles.Length; r++)
                {
                    using var admin = site.Client("admin");
                    using var current = JsonDocument.Parse(await admin.GetStringAsync(U($"/api/plan/actions/{id}"), Cancel));
                    var version = current.RootElement.GetProperty("stamp").GetProperty("version").GetInt32();
                    using var client = site.Client(Roles[r]);
                    using var response = write == "PUT"
                        ? await client.PutAsJsonAsync(U($"/api/plan/actions/{id}"), new { version, fields = new Dictionary<string, string> { ["Status note"] = $"edited by {Roles[r]}" } }, Cancel)
                        : await client.PostAsJsonAsync(U($"/api/plan/actions/{id}/updates"), new { version, text = $"update by {Roles[r]}" }, Cancel);
                    if ((int)response.StatusCode != expected[r]) failures.Add($"{Roles[r]} {write} action {id}: {(int)response.StatusCode}, expected {expected[r]}");
                }
            }
        }
        Assert.Empty(failures);

        // Each denial of record-level data is in the audit trail.
        using var auditor = site.Client("admin");
        var denials = await auditor.GetStringAsync(U("/api/audit?action=access.denied&limit=1000"), Cancel);
        Assert.Contains($"/quality/records.csv?org=X1B", denials, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"trust\"", denials, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutSigningInTheApiAnswers401AndPagesSendToSignIn()
    {
        using var client = site.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/api/indicators", "/api/plan", "/api/quality/scorecard", "/api/audit" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(U(path), Cancel)).StatusCode);
        foreach (var path in new[] { "/", "/plan", "/quality", "/admin" })
        {
            var response = await client.GetAsync(U(path), Cancel);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.OriginalString);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(U("/health"), Cancel)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mte_00000000_forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(U("/api/indicators"), Cancel)).StatusCode);
    }

    [Fact]
    public async Task EveryCountAViewerReceivesIsAMultipleOfFiveAndNoSuppressedCountCanBeRecovered()
    {
        using var viewer = site.Client("viewer");
        using var indicators = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/indicators"), Cancel));
        var checkedCounts = 0;
        var small = 0;
        foreach (var id in indicators.RootElement.EnumerateArray().Select(i => i.GetProperty("id").GetString()!))
        {
            using var counts = JsonDocument.Parse(await viewer.GetStringAsync(U($"/api/indicators/{id}/counts"), Cancel));
            var rows = counts.RootElement.EnumerateArray().Select(c => new Cell(
                c.GetProperty("orgCode").GetString()!, c.GetProperty("periodStart").GetString()!, c.GetProperty("breakdown").GetString()!, c.GetProperty("groupCode").GetString()!,
                c.GetProperty("numerator").GetInt64(), c.GetProperty("denominator").GetInt64())).ToList();
            foreach (var row in rows)
            {
                Assert.True(row.N % 5 == 0 && row.D % 5 == 0, $"{id} {row}");
                checkedCounts += 2;
            }
            small += rows.Count(r => r.N == 5);
            AssertNotRecoverable(id, rows);

            using var results = JsonDocument.Parse(await viewer.GetStringAsync(U($"/api/indicators/{id}/results?org=X1A"), Cancel));
            foreach (var r in results.RootElement.EnumerateArray())
            {
                var (n, d) = (r.GetProperty("numerator").GetInt64(), r.GetProperty("denominator").GetInt64());
                Assert.True(n % 5 == 0 && d % 5 == 0, $"{id} results {n}/{d}");
                // The rate is computed from the suppressed counts.
                if (d > 0 && r.GetProperty("value").ValueKind == JsonValueKind.Number)
                    Assert.Equal(n / (double)d, r.GetProperty("value").GetDouble() / Multiplier(indicators, id), 9);
            }
        }
        Assert.True(small > 0, "the test data should hold small counts for suppression to act on");

        using var scorecard = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/quality/scorecard"), Cancel));
        foreach (var c in scorecard.RootElement.EnumerateArray().SelectMany(r => r.GetProperty("criteria").EnumerateArray()))
            Assert.True(c.GetProperty("numerator").GetInt64() % 5 == 0 && c.GetProperty("denominator").GetInt64() % 5 == 0);
        using var profile = JsonDocument.Parse(await viewer.GetStringAsync(U("/api/quality/profile"), Cancel));
        foreach (var p in profile.RootElement.EnumerateArray())
        {
            long Get(string field) => p.GetProperty(field).GetInt64();
            foreach (var field in new[] { "valid", "default", "invalid", "missing", "denominator" })
                Assert.True(Get(field) % 5 == 0, $"profile {field}");
            var where = $"{p.GetProperty("orgCode").GetString()} {p.GetProperty("month").GetString()} {p.GetProperty("item").GetString()}";
            Check("profile", where, [.. new[] { "valid", "default", "invalid", "missing" }.Select(f => new Cell("", "", "", f, Get(f), Get(f)))], new Cell("", "", "", "rows", Get("denominator"), Get("denominator")));
        }

        // The overview page's numerator and denominator cells too.
        var page = await viewer.GetStringAsync(U("/"), Cancel);
        var cells = PageCounts().Matches(page).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Select(v => long.Parse(v.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(cells);
        Assert.All(cells, v => Assert.Equal(0, v % 5));
        Assert.True(checkedCounts > 10_000, $"only {checkedCounts} counts checked");
    }

    private static double Multiplier(JsonDocument indicators, string id) =>
        indicators.RootElement.EnumerateArray().First(i => i.GetProperty("id").GetString() == id).GetProperty("unit").GetString() == "%" ? 100 : 1000;

    private sealed record Cell(string Org, string Period, string Breakdown, string Group, long N, long D);

    /// <summary>The true counts a shown count may stand for under the NHS rule: 0; 5 from 1-7; else within 2 (and above 7).</summary>
    private static (long Lo, long Hi) Range(long shown) => shown switch
    {
        0 => (0, 0),
        5 => (1, 7),
        _ => (Math.Max(8, shown - 2), shown + 2),
    };

    /// <summary>
    /// For every group shown as 5 (a count of 1-7), the values it could have, given its breakdown's Total and the
    /// other groups (and given the LMNS and its trusts), must be more than one: the table beside it never pins it down.
    /// </summary>
    private static void AssertNotRecoverable(string id, List<Cell> rows)
    {
        foreach (var set in rows.GroupBy(r => (r.Org, r.Period, r.Breakdown)).Where(g => g.Key.Breakdown != "Total"))
        {
            var total = rows.FirstOrDefault(r => r.Org == set.Key.Org && r.Period == set.Key.Period && r.Breakdown == "Total");
            if (total is null) continue;
            Check(id, $"{set.Key}", [.. set], total);
        }
        var trusts = new[] { "X1A", "X1B", "X1C", "X1D" };
        foreach (var set in rows.Where(r => trusts.Contains(r.Org)).GroupBy(r => (r.Period, r.Breakdown, r.Group)))
        {
            var lmns = rows.FirstOrDefault(r => r.Org == "LMNSX1" && r.Period == set.Key.Period && r.Breakdown == set.Key.Breakdown && r.Group == set.Key.Group);
            if (lmns is null || set.Count() != trusts.Length) continue;
            Check(id, $"LMNS {set.Key}", [.. set], lmns);
        }
    }

    private static void Check(string id, string where, List<Cell> parts, Cell total)
    {
        foreach (var selector in new Func<Cell, long>[] { c => c.N, c => c.D })
        {
            var (tlo, thi) = Range(selector(total));
            for (var i = 0; i < parts.Count; i++)
            {
                if (selector(parts[i]) != 5) continue;
                var others = parts.Where((_, j) => j != i).Select(p => Range(selector(p))).ToList();
                var lo = Math.Max(1, tlo - others.Sum(o => o.Hi));
                var hi = Math.Min(7, thi - others.Sum(o => o.Lo));
                Assert.True(hi - lo >= 1, $"{id} {where} {parts[i].Group}: the suppressed count is pinned to {lo}..{hi}; total {selector(total)}, parts {string.Join(" ", parts.Select(p => $"{p.Group}={selector(p)}"))}");
            }
        }
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountAndSignInIsRateLimited()
    {
        Users.Add(site.Database, Access.System("test"), "locky", Role.Viewer, [], OverviewTests.Site.Password);
        using var client = site.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        async Task<HttpResponseMessage> Attempt(HttpClient c, string password)
        {
            var page = await c.GetStringAsync(U("/signin"), Cancel);
            var token = Token().Match(page).Groups[1].Value;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["user"] = "locky", ["password"] = password });
            return await c.PostAsync(U("/signin"), form, Cancel);
        }
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await Attempt(client, "not the password")).StatusCode);
        var locked = await Attempt(client, "not the password");
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var stillLocked = await Attempt(client, OverviewTests.Site.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, stillLocked.StatusCode);
        Assert.Contains("locked", await stillLocked.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        // A host allowing three sign-in posts a minute from one address refuses the fourth.
        using var strict = site.Factory.WithWebHostBuilder(b => b.UseSetting("Security:SignInsPerMinute", "3"));
        using var hammer = strict.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) codes.Add((await Attempt(hammer, "guess " + i)).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task BehindANamedProxyTheSignInLimitCountsEachCallerAndOtherwiseIgnoresForwardedHeaders()
    {
        async Task<List<HttpStatusCode>> FourAttempts(WebApplicationFactory<Program> factory)
        {
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var codes = new List<HttpStatusCode>();
            foreach (var from in new[] { "10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.2" })
            {
                var page = await client.GetStringAsync(U("/signin"), Cancel);
                using var request = new HttpRequestMessage(HttpMethod.Post, U("/signin"))
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value, ["user"] = "nobody", ["password"] = "guess" }),
                };
                request.Headers.Add("X-Forwarded-For", from);
                codes.Add((await client.SendAsync(request, Cancel)).StatusCode);
            }
            return codes;
        }
        // Named proxy: the fourth post comes from a second caller and is answered; the first caller's fourth would not be.
        using (var proxied = site.Factory.WithWebHostBuilder(b => b.UseSetting("Security:SignInsPerMinute", "3").UseSetting("Security:TrustedProxies:0", "127.0.0.1")))
            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], await FourAttempts(proxied));
        // No proxy named: the header is anyone's to send, so it is ignored and all four count against one address.
        using (var direct = site.Factory.WithWebHostBuilder(b => b.UseSetting("Security:SignInsPerMinute", "3")))
            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], await FourAttempts(direct));
        var audit = AuditLog.List(site.Database, Access.System("test"), 50, "signin.failure");
        Assert.Contains(audit, e => e.Detail.Contains("from 10.0.0.2", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> SignIn(HttpClient client, string user, string password, string returnUrl)
    {
        var page = await client.GetStringAsync(U("/signin"), Cancel);
        var token = Token().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["user"] = user, ["password"] = password, ["returnUrl"] = returnUrl,
        });
        return await client.PostAsync(U("/signin"), form, Cancel);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/plan\\..\\..\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/plan\r\nSet-Cookie: x=1")]
    [InlineData("/plan\n")]
    public async Task SigningInSendsOnlyToAPathOnThisSite(string returnUrl)
    {
        using var client = site.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await SignIn(client, "viewer", OverviewTests.Site.Password, returnUrl);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var local = await SignIn(client, "viewer", OverviewTests.Site.Password, "/plan?asAt=2024-06-30");
        Assert.Equal("/plan?asAt=2024-06-30", local.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInThroughAnOrganisationAccountIsNotFoundWhenItIsNotSetUp()
    {
        using var client = site.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(U("/signin/oidc?returnUrl=%2Fplan"), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheSignInRedirectIsAPathWhateverHostTheRequestNames()
    {
        using var client = site.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, U("/plan?asAt=2024-06-30"));
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fplan%3FasAt%3D2024-06-30", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AFailedSignInKeepsOnlyTheStartOfTheNameAndAHugeFormIsRefusedUnread()
    {
        using var client = site.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var name = "flood" + new string('x', 2_000);

        var failed = await SignIn(client, name, "guess", "/");
        var huge = await SignIn(client, "flood" + new string('y', 3 * 1024 * 1024), "guess", "/");

        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.True(huge.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, huge.StatusCode.ToString());
        var entries = AuditLog.List(site.Database, Access.System("test"), 10_000, "signin.failure").Where(e => e.Actor.StartsWith("flood", StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(entries);
        Assert.Equal(name[..Users.AuditedNameLength] + "…", entry.Actor);
        Assert.Equal(entry.Actor, entry.Target);
    }

    [Fact]
    public async Task PagesCarryTheSecurityHeadersAndFormsTheirToken()
    {
        using var client = await site.SignedIn("analyst");
        var response = await client.GetAsync(U("/plan"), Cancel);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var part in new[] { "default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'" })
            Assert.Contains(part, csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var session = await client.GetAsync(U("/signout"), Cancel);
        Assert.Contains("__RequestVerificationToken", await session.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("aria-hidden=\"true\">Numerator</span>([\\d,]+)</td>\\s*<td[^>]*><span class=\"nhsuk-table__heading\" aria-hidden=\"true\">Denominator</span>([\\d,]+)</td>")]
    private static partial Regex PageCounts();
}
