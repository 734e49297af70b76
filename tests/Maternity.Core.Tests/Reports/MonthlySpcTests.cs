using System.Globalization;
using Maternity.Indicators;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Statistics;

namespace Maternity.Tests.Reports;

/// <summary>
/// The monthly CSV's SPC columns: the chart's mean, Laney limits and verdict per month, an incomplete month marked and not
/// judged; for a viewer, the rounded counts, the limits drawn from them and each month's verdict judged on the exact counts.
/// </summary>
public sealed class MonthlySpcTests(MonthlySpcTests.Generated data) : IClassFixture<MonthlySpcTests.Generated>
{
    public sealed class Generated : IDisposable
    {
        public Generated() => Store.LoadSynthetic(3_000, 14, seed: 5);

        public TestStore Store { get; } = new();

        public void Dispose() => Store.Dispose();
    }

    private static readonly long[] Numerators = [42, 45, 50, 55, 58, 50, 45, 55, 50, 50, 42, 58, 2, 0];
    private static readonly long[] Denominators = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 40, 30];

    [Fact]
    public void TheMonthlyCsvCarriesEachMonthsMeanLaneyLimitsAndVerdict()
    {
        // Twelve complete months of x / 100 (p̄ = 600 / 1,200 = 0.5, σ = √(0.25 / 100) = 0.05) and two incomplete months.
        // Laney's p′ worked by hand: z = (p − 0.5) / 0.05 = −1.6, −1, 0, 1, 1.6, 0, −1, 1, 0, 0, −1.6, 1.6; moving ranges
        // 0.6, 1, 1, 0.6, 1.6, 1, 2, 1, 0, 1.6, 3.2, sum 13.6, mean 13.6 / 11 = 1.23636; σz = 1.23636 / 1.128 = 1.09607.
        // Limits 50% ± 3 × 5 × 1.09607 = 33.559% to 66.441%; for the incomplete month of 40, 50 ± 3 × 7.9057 × 1.09607 =
        // 24.00% to 76.00%. Every complete month within the limits, no run of 7, no trend of 7: common cause.
        var booking = Catalogue.Find("BOOKED_BY_10W")! with { Target = 95, Polarity = Polarity.HigherIsBetter };
        var months = Enumerable.Range(0, 14).Select(i => new DateOnly(2025, 1, 1).AddMonths(i)).ToList();
        IndicatorCount[] counts = [.. months.Select((m, i) => new IndicatorCount(booking.Id, booking.Version, "LMNS", "L", "Month", m, "Total", "Total",
            Numerators[i], Denominators[i], IndicatorEngine.RecordLevel, "exact"))];
        var coverage = new[] { new DataCoverage.Source("MSD101PregnancyBooking", "bookings", months, months[..12]) };
        var view = IndicatorView.Compute(counts, counts, booking, "L", null, 12, new Dictionary<string, string>(), coverage: coverage);

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(14, MonthlySpc.WriteCsv(view, writer));
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        double Cell(string[] row, string name) => double.Parse(row[column[name]], CultureInfo.InvariantCulture);

        Assert.Equal(MonthlySpc.CsvHeader, lines[0]);
        Assert.All(rows, r => Assert.Equal(50, Cell(r, "spc_mean"), 9));
        Assert.All(rows.Take(12), r => Assert.Equal(33.559, Cell(r, "spc_lower"), 3));
        Assert.All(rows.Take(12), r => Assert.Equal(66.441, Cell(r, "spc_upper"), 3));
        Assert.Equal(24.00, Cell(rows[12], "spc_lower"), 2);
        Assert.Equal(76.00, Cell(rows[12], "spc_upper"), 2);
        Assert.All(rows.Take(12), r => Assert.Equal(("Common cause variation", "false"), (r[column["spc_variation"]], r[column["spc_incomplete"]])));
        Assert.All(rows.Skip(12), r => Assert.Equal((Display.IncompleteMonth, "true"), (r[column["spc_variation"]], r[column["spc_incomplete"]])));
        Assert.Equal(["2026-01-01", "2026-02-01"], rows.Skip(12).Select(r => r[column["period_start"]]));
        Assert.Equal("2", rows[12][column["numerator"]]);
    }

    [Fact]
    public void AViewWithOneMonthHasNoChartColumns()
    {
        var d = Catalogue.Find("SATOD")!;
        IndicatorCount[] counts = [new(d.Id, d.Version, "LMNS", "L", "Month", new DateOnly(2025, 1, 1), "Total", "Total", 10, 100, IndicatorEngine.RecordLevel, "exact")];
        var view = IndicatorView.Compute(counts, counts, d, "L", null, 12, new Dictionary<string, string>());
        var row = Assert.Single(MonthlySpc.Rows(view));
        Assert.Equal((null, null, null, "", false), (row.Mean, row.Lower, row.Upper, row.Variation, row.Incomplete));
    }

    [Fact]
    public void AViewersRowsAreTheRoundedCountsWithEachVerdictJudgedOnTheExactCounts()
    {
        var database = data.Store.Database;
        var coverage = DataCoverage.Read(database, "LMNSX1");
        var to = DataCoverage.LatestComplete(coverage) ?? IndicatorSummary.Periods(database).Max();
        var viewer = new Access("board", Role.Viewer, [], new HashSet<string>());
        foreach (var id in new[] { "SATOD", "PRETERM_37", "BOOKED_BY_10W" })
        {
            var d = Catalogue.Find(id)!;
            var shown = IndicatorView.Build(database, viewer, d, "X1C", to);
            var exact = IndicatorView.Build(database, TestAccess.Admin, d, "X1C", to);
            var rows = MonthlySpc.Rows(shown);
            Assert.True(rows.Count(r => !r.Incomplete) >= 2, $"{id}: the generated LMNS has complete months");
            Assert.Equal(exact.Monthly.Select(m => m.PeriodStart), rows.Select(r => r.Month.PeriodStart));
            // The counts shown are rounded (0, or a multiple of 5), and the mean and limits are the chart of those counts.
            Assert.All(rows, r => Assert.Equal((0, 0), (r.Month.Numerator % 5, r.Month.Denominator % 5)));
            var drawn = Spc.PChart([.. rows.Select(r => r.Month.Numerator)], [.. rows.Select(r => r.Month.Denominator)], laney: true,
                new SpcOptions(Excluded: [.. rows.Select((r, i) => (r, i)).Where(x => x.r.Incomplete).Select(x => x.i)]), d.Multiplier);
            Assert.Equal(drawn.Points.Select(p => (double?)p.Mean), rows.Select(r => r.Mean));
            Assert.Equal(drawn.Points.Select(p => double.IsFinite(p.Upper) ? p.Upper : (double?)null), rows.Select(r => r.Upper));
            // Each month's verdict is the exact chart's.
            Assert.Equal(exact.Spc!.Points.Select(Display.Describe), rows.Select(r => r.Variation));
        }
    }

    [Fact]
    public void TheCommandWritesThePagesMonthlyCsv()
    {
        var database = data.Store.Database;
        var view = MonthlySpc.PageView(database, TestAccess.Admin, Catalogue.Find("SATOD")!, "X1C", null);
        using var expected = new StringWriter(CultureInfo.InvariantCulture);
        MonthlySpc.WriteCsv(view, expected);
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var run = TestCli.Run(cli!, ["equity", "spc", "SATOD", "--org", "X1C", .. TestCli.StoreArguments(data.Store)]);
        Assert.True(run.Exit == 0, run.Output);
        Assert.Equal(expected.ToString().Trim(), run.Output.Trim());
    }
}
