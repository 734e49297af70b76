using Maternity.Indicators;
using Maternity.Reports;

namespace Maternity.Tests.Indicators;

/// <summary>
/// Trusts' age-standardised ratios and rates on the indicator pages of age-sensitive outcomes, checked by hand from
/// small counts: indirect standardisation against the LMNS's own age-band rates over the same months.
/// </summary>
public sealed class AgeStandardisationTests
{
    private static readonly IndicatorDefinition Stillbirths = Catalogue.Find("STILLBIRTH_RATE")!;
    private static readonly DateOnly Month = new(2024, 4, 1);

    private static IndicatorCount Count(string level, string org, string band, long events, long births, string exactness = "exact") =>
        new(Stillbirths.Id, 1, level, org, "Month", Month, band == "Total" ? "Total" : nameof(Breakdown.AgeBand), band, events, births,
            IndicatorEngine.RecordLevel, exactness);

    // The LMNS is the two trusts together. Stillbirths / births by age band at booking:
    //            Under 20     25-29       40-44      all
    //   A        1 / 200      2 / 1,000   3 / 600    6 / 1,800
    //   B        5 / 800      5 / 1,000   4 / 400   14 / 2,200
    //   LMNS     6 / 1,000    7 / 2,000   7 / 1,000  20 / 4,000   (6, 3.5 and 7 per 1,000; 5 overall)
    // Expected for A = 200 x 0.006 + 1,000 x 0.0035 + 600 x 0.007 = 1.2 + 3.5 + 4.2 = 8.9, ratio 6/8.9 = 0.674157303370787;
    // for B = 800 x 0.006 + 1,000 x 0.0035 + 400 x 0.007 = 4.8 + 3.5 + 2.8 = 11.1, ratio 14/11.1 = 1.26126126126126.
    // Standardised rates: ratio x 5 per 1,000 = 3.37078651685393 and 6.30630630630631 per 1,000.
    private static readonly IndicatorCount[] Counts =
    [
        Count("Provider", "A", "Under 20", 1, 200), Count("Provider", "A", "25-29", 2, 1000), Count("Provider", "A", "40-44", 3, 600),
        Count("Provider", "B", "Under 20", 5, 800), Count("Provider", "B", "25-29", 5, 1000), Count("Provider", "B", "40-44", 4, 400),
        Count("LMNS", "L", "Under 20", 6, 1000), Count("LMNS", "L", "25-29", 7, 2000), Count("LMNS", "L", "40-44", 7, 1000),
        Count("Provider", "A", "Total", 6, 1800), Count("Provider", "B", "Total", 14, 2200), Count("LMNS", "L", "Total", 20, 4000),
    ];

    private static void Near(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void EachTrustIsComparedWithTheEventsTheLmnsAgeBandRatesPredict()
    {
        var rates = IndicatorAnalysis.AgeStandardise(Stillbirths, Counts, "L", ["A", "B"]);
        Assert.Equal(["A", "B"], rates.Select(r => r.OrgCode));
        var (a, b) = (rates[0], rates[1]);
        Assert.Equal(("L", 6L, 1800L, "exact"), (a.Reference, a.Observed, a.Denominator, a.Exactness));
        Near(8.9, a.Expected);
        Near(0.674157303370787, a.Ratio.Value);
        Near(3.37078651685393, a.Rate.Value);
        Near(6 / 1.8, a.Crude.Value);
        // 6 events: the exact Poisson limits of the count, 3 x 0.733964751163617 and 3 x 4.35315800750623 (base R
        // poisson.test(6, 3) per 1,000 over 3,000: shared/reference/statistics/rates_exact_poisson.csv), over E.
        Assert.Equal("Exact", a.Ratio.Method);
        Near(3 * 0.733964751163617 / 8.9, a.Ratio.Lower, 1e-9);
        Near(3 * 4.35315800750623 / 8.9, a.Ratio.Upper, 1e-9);
        Near(3 * 0.733964751163617 / 8.9 * 5, a.Rate.Lower, 1e-9);

        Near(11.1, b.Expected);
        Near(1.26126126126126, b.Ratio.Value);
        Near(6.30630630630631, b.Rate.Value);
        // 14 events: Byar's 14(1 - 1/126 - z/(3 sqrt 14))^3 = 7.647530699988864 and
        // 15(1 - 1/135 + z/(3 sqrt 15))^3 = 23.490997778574652, z = 1.959963984540054.
        Assert.Equal("Byars", b.Ratio.Method);
        Near(7.647530699988864 / 11.1, b.Ratio.Lower, 1e-12);
        Near(23.490997778574652 / 11.1, b.Ratio.Upper, 1e-12);
    }

    [Fact]
    public void ABandTheReferenceLacksGivesNoRatioRatherThanAWrongOne()
    {
        var rates = IndicatorAnalysis.AgeStandardise(Stillbirths, [.. Counts, Count("Provider", "A", "Unknown", 1, 10)], "L", ["A"]);
        Assert.True(double.IsNaN(rates[0].Ratio.Value));
        Assert.Equal(IndicatorAnalysis.ReferenceBandMissing, rates[0].Ratio.Method);
        Assert.Empty(IndicatorAnalysis.AgeStandardise(Stillbirths, Counts, "NOT-THERE", ["A"]));
    }

    [Fact]
    public void TheViewStandardisesFromTheCountsTheCallerIsShownNotTheExactOnes()
    {
        // What a viewer is shown: every count rounded by the NHS rule (1-7 to 5, else the nearest 5).
        IndicatorCount[] shown = [.. Counts.Select(c => c with
        {
            Numerator = Maternity.Security.Access.Policy.Apply(c.Numerator)!.Value,
            Denominator = Maternity.Security.Access.Policy.Apply(c.Denominator)!.Value,
            Exactness = "suppressed",
        })];
        var parents = new Dictionary<string, string> { ["A"] = "L", ["B"] = "L" };
        var view = IndicatorView.Compute(shown, Counts, Stillbirths, "L", null, 12, parents);
        var a = view.AgeStandardised![0];
        // A's rounded bands: 5/200, 5/1,000, 5/600 = 15 events; the LMNS's 5/1,000, 5/2,000, 5/1,000: expected
        // 200 x 0.005 + 1,000 x 0.0025 + 600 x 0.005 = 6.5.
        Assert.Equal((15L, "suppressed"), (a.Observed, a.Exactness));
        Near(6.5, a.Expected);
        Near(15 / 6.5, a.Ratio.Value);

        // The same for an admin, from the exact counts; and no standardisation for an outcome that is not age-sensitive.
        Near(6 / 8.9, IndicatorView.Compute(Counts, Counts, Stillbirths, "A", null, 12, parents).AgeStandardised![0].Ratio.Value);
        var smoking = Catalogue.Find("SATOD")!;
        Assert.False(smoking.IsAgeSensitive);
        Assert.Null(IndicatorView.Compute([.. Counts.Select(c => c with { IndicatorId = smoking.Id })], Counts, smoking, "L", null, 12, parents).AgeStandardised);
    }

    [Fact]
    public void OnlyOutcomesThatDependOnTheMothersAgeAreMarkedAndEachSaysWhy()
    {
        var marked = Catalogue.Definitions.Where(d => d.IsAgeSensitive).Select(d => d.Id).ToList();
        Assert.Equal(["PRETERM_37", "LBW_TERM", "STILLBIRTH_RATE", "ROBSON_01_CS", "ROBSON_02_CS"], marked);
        Assert.All(Catalogue.Definitions.Where(d => d.IsAgeSensitive), d => Assert.Contains("age", d.AgeSensitivity!, StringComparison.Ordinal));
        Assert.All(Catalogue.Definitions.Where(d => d.IsAgeSensitive), d => Assert.Equal("Outcomes", d.Domain));
    }
}
