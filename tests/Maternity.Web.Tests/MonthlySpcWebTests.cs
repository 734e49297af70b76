using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maternity.Reports;

namespace Maternity.Web.Tests;

/// <summary>
/// One number everywhere for an indicator's chart: the monthly CSV's SPC columns (read by name), the API's SPC output and
/// the indicator page's monthly table give the same months, counts, mean, limits and verdict for the same caller; a
/// viewer's are the rounded counts with each month's verdict judged on the exact counts.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class MonthlySpcWebTests(OverviewTests.Site site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Theory]
    [InlineData("analyst", "LMNSX1")]
    [InlineData("viewer", "X1C")]
    public async Task TheMonthlyCsvTheApiAndThePageShowTheSameChart(string user, string org)
    {
        using var client = site.Client(user);
        // No month given: the CSV and the API take the page's default window, as the page does.
        using var response = await client.GetAsync(U($"/indicators/SATOD/monthly.csv?org={org}"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The file is named after the window's last month: SATOD-X1C-monthly-to-2025-09.csv.
        var file = response.Content.Headers.ContentDisposition!.FileName!.Trim('"');
        var to = DateOnly.ParseExact(file[^11..^4] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        foreach (var name in new[] { "period_start", "numerator", "denominator", "spc_mean", "spc_lower", "spc_upper", "spc_variation", "spc_incomplete" })
            Assert.True(column.ContainsKey(name), $"monthly.csv has no {name} column");
        var csv = lines.Skip(1).Select(l => l.Split(',')).ToList();
        using var api = JsonDocument.Parse(await client.GetStringAsync(U($"/api/indicators/SATOD/spc?org={org}"), Cancel));
        var json = api.RootElement.EnumerateArray().ToList();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(U($"/indicators/SATOD?org={org}"), Cancel));
        var table = html[html.IndexOf("id=\"monthly\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var page = RowPattern().Matches(table).Skip(1) // the heading row
            .Select(r => CellPattern().Matches(r.Value).Select(c => c.Groups["text"].Value.Trim()).ToList()).ToList();

        Assert.True(csv.Count >= 2, "the chart has at least two months");
        Assert.Equal(csv.Count, json.Count);
        Assert.Equal(csv.Count, page.Count);
        for (var i = 0; i < csv.Count; i++)
        {
            var (c, j, p) = (csv[i], json[i], page[i]);
            Assert.Equal(c[column["period_start"]], j.GetProperty("periodStart").GetString());
            Assert.Equal(long.Parse(c[column["numerator"]], CultureInfo.InvariantCulture), j.GetProperty("numerator").GetInt64());
            Assert.Equal(long.Parse(c[column["denominator"]], CultureInfo.InvariantCulture), j.GetProperty("denominator").GetInt64());
            // A limit that cannot be computed is empty in the CSV, null in the JSON and "-" on the page.
            var (mean, lower, upper) = (Number(c[column["spc_mean"]]), Number(c[column["spc_lower"]]), Number(c[column["spc_upper"]]));
            Assert.Equal(mean, Number(j.GetProperty("spcMean")));
            Assert.Equal(lower, Number(j.GetProperty("spcLower")));
            Assert.Equal(upper, Number(j.GetProperty("spcUpper")));
            Assert.Equal(c[column["spc_variation"]], j.GetProperty("spcVariation").GetString());
            Assert.Equal(bool.Parse(c[column["spc_incomplete"]]), j.GetProperty("spcIncomplete").GetBoolean());
            // The page's row: month, numerator, denominator, value, mean, limits, variation.
            Assert.Equal(Display.Count(long.Parse(c[column["numerator"]], CultureInfo.InvariantCulture)), p[1]);
            Assert.Equal(Display.Count(long.Parse(c[column["denominator"]], CultureInfo.InvariantCulture)), p[2]);
            Assert.Equal(Display.Number(mean), p[4]);
            Assert.Equal(Display.Interval(lower, upper), p[5]);
            Assert.Equal(c[column["spc_variation"]], p[6]);
            Assert.Equal(c[column["spc_variation"]] == Display.IncompleteMonth, bool.Parse(c[column["spc_incomplete"]]));
        }

        // Each month's verdict is the one the exact counts give, whoever asks; a viewer's counts are rounded (multiples of 5).
        var exact = IndicatorView.Build(site.Database, Maternity.Security.Access.System("test"), Maternity.Indicators.Catalogue.Find("SATOD")!, org, to);
        var verdicts = exact.Monthly.Select((m, i) => (m.PeriodStart, Verdict: Display.Describe(exact.Spc!.Points[i])))
            .ToDictionary(x => x.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), x => x.Verdict);
        Assert.All(csv, c => Assert.Equal(verdicts[c[column["period_start"]]], c[column["spc_variation"]]));
        if (user == "viewer")
        {
            Assert.All(csv, c => Assert.Equal(0, long.Parse(c[column["numerator"]], CultureInfo.InvariantCulture) % 5));
            Assert.All(csv, c => Assert.Equal(0, long.Parse(c[column["denominator"]], CultureInfo.InvariantCulture) % 5));
            Assert.Contains(csv, c => c[column["exactness"]] == "suppressed");
        }
    }

    private static double Number(string cell) => cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);

    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();

    [GeneratedRegex("<tr class=\"nhsuk-table__row\"[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<(td|th)[^>]*>\\s*(<span class=\"nhsuk-table__heading\"[^>]*>[^<]*</span>)?(?<text>.*?)</(td|th)>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();
}
