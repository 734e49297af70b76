using System.Net;
using System.Text.RegularExpressions;

namespace Maternity.Web.Tests;

/// <summary>
/// An action's explicit target groups through the web: the edit form (with its antiforgery token) sets them by code or
/// name, the action page shows them and its figures are for exactly those groups, the API returns their codes, and a
/// name that is no group is refused naming the field.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class TargetGroupsWebTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    /// <summary>An action with catalogue indicators that no other test edits or reads for its groups.</summary>
    private string ActionId() =>
        Maternity.Plans.PlanStore.Load(site.Database, Maternity.Security.Access.System("test"), "LMNSX1", DateOnly.FromDateTime(DateTime.UtcNow)).Actions
            .Where(a => a.Id is not "A011" && a.Id != EquityDetailWebTests.TargetedAction(site)
                && a.Indicators.Any(i => Maternity.Indicators.Catalogue.Find(i) is not null))
            .Select(a => a.Id).Last();

    [Fact]
    public async Task TheEditFormSetsTheTargetGroupsAndTheActionPageShowsTheirFigures()
    {
        var id = ActionId();
        using var client = await site.SignedIn("analyst", new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync(U($"/plan/actions/{id}"), Cancel);
        Assert.Contains("name=\"Target groups\"", page, StringComparison.Ordinal);
        var token = Token().Match(page).Groups[1].Value;
        var version = Version().Match(page).Groups[1].Value;

        using (var bad = await client.PostAsync(U($"/plan/actions/{id}"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["version"] = version, ["Target groups"] = "Left-handed women",
        }), Cancel))
        {
            Assert.NotEqual(HttpStatusCode.SeeOther, bad.StatusCode);
            var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Cancel));
            Assert.Contains("The change was not saved", html, StringComparison.Ordinal);
            Assert.Contains("Target groups", html, StringComparison.Ordinal);
            Assert.Contains("Left-handed women", html, StringComparison.Ordinal);
        }
        using (var saved = await client.PostAsync(U($"/plan/actions/{id}"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["version"] = version, ["Target groups"] = "Most deprived fifth\nEthnicGroup:Black",
        }), Cancel))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }

        var after = WebUtility.HtmlDecode(await client.GetStringAsync(U($"/plan/actions/{id}"), Cancel));
        Assert.Contains("Black women; The most deprived fifth", after, StringComparison.Ordinal);
        var figures = after[after.IndexOf("id=\"group-figures\"", StringComparison.Ordinal)..];
        figures = figures[..figures.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Contains("The most deprived fifth", figures, StringComparison.Ordinal);
        Assert.Contains("Black women", figures, StringComparison.Ordinal);
        Assert.DoesNotContain("Asian women", figures, StringComparison.Ordinal);

        var api = await client.GetStringAsync(U($"/api/plan/actions/{id}"), Cancel);
        Assert.Contains("\"targetGroups\":[\"EthnicGroup:Black\",\"ImdQuintile:1\"]", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDemoPlansTargetGroupsShowOnTheActionAndOnItsIndicatorsPages()
    {
        var edited = ActionId();
        var actions = Maternity.Plans.PlanStore.Load(site.Database, Maternity.Security.Access.System("test"), "LMNSX1", DateOnly.FromDateTime(DateTime.UtcNow)).Actions;
        Assert.True(actions.Count(a => a.TargetGroups is { Count: > 0 }) >= 5, "several demo actions name their target groups");
        var action = actions.First(a => a.Id != edited && a.TargetGroups is { Count: > 0 } && a.Indicators.Any(i => Maternity.Indicators.Catalogue.Find(i) is not null));
        var headings = string.Join("; ", action.TargetGroups!.Select(c => Maternity.Plans.TargetGroups.Find(c)!.Heading));
        using var client = site.Client("analyst");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(U($"/plan/actions/{action.Id}"), Cancel));
        Assert.Contains(headings, page, StringComparison.Ordinal);
        Assert.Contains("id=\"group-figures\"", page, StringComparison.Ordinal);
        var indicator = action.Indicators.First(i => Maternity.Indicators.Catalogue.Find(i) is not null);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(U($"/indicators/{indicator}"), Cancel));
        var table = html[html.IndexOf("id=\"actions\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var row = table[table.IndexOf($"/plan/actions/{action.Id}\"", StringComparison.Ordinal)..];
        Assert.Contains(headings, row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex Version();
}
