using Maternity.Statistics;

namespace Maternity.Tests.Statistics;

/// <summary>
/// Directly and indirectly standardised rates against PHEindicatormethods 2.1.0 (ukhsa-collaboration/PHEindicatormethods
/// @ 093fd288d8f8): inputs from tests/testthat/testdata_DSR_ISR.xlsx (sheets testdata_multiarea and refdata), expected
/// values test_DSR_results and the ISR/ISRate results of testDSRs.R, testISRatios.R and testISRates.R, as transcribed
/// in shared/reference/statistics/peer-cases.md sections 1.5 and 1.6 (they agree with the formulas to 2e-14).
/// </summary>
public sealed class StandardisationTests
{
    private static void Near(double expected, double actual, double relative = 1e-9) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual / expected - 1):E2})");

    // 19 age bands 0-4 … 90+: population (the same for the three areas) and events in the big, small and tiny areas.
    private static readonly double[] Population = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207];
    private static readonly double[] Big = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91];
    private static readonly double[] Small = [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4];
    private static readonly double[] Tiny = [0, 0, double.NaN, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3];
    private static readonly double[] ReferenceCount = [10303, 2824, 0, 3615, 3641, 3490, 3789, 3213, 3031, 2771, 3089, 3490, 3595, 4745, 5514, 7125, 5694, 6210, 5757];
    private static readonly double[] ReferencePopulation = [50520, 57173, 60213, 54659, 44345, 50128, 62163, 67423, 62899, 55463, 60479, 49974, 44140, 40888, 37239, 30819, 18136, 15325, 13918];

    private static Standardisation.Band[] Direct(double[] counts, double[] population, IReadOnlyList<double> weights) =>
        [.. counts.Select((c, i) => new Standardisation.Band(c, population[i], weights[i]))];

    private static Standardisation.ReferenceBand[] Indirect(double[] counts, double[] population) =>
        [.. counts.Select((c, i) => new Standardisation.ReferenceBand(c, population[i], ReferenceCount[i], ReferencePopulation[i]))];

    [Theory]
    [InlineData("big", 895, 10430.247991469423, 9717.709067985681, 11178.94091547925, 9323.287880219903, 11620.595999522058)]
    [InlineData("small", 91, 1103.212025300104, 877.455767536709, 1367.0882227251795, 763.6420357939879, 1530.0328948244762)]
    public void DirectlyStandardisedRatesMatchPheIndicatorMethods(string area, double observed, double value, double lower95, double upper95, double lower998, double upper998)
    {
        var counts = area == "big" ? Big : Small;
        var r95 = Standardisation.DirectRate(Direct(counts, Population, Standardisation.Esp2013));
        var r998 = Standardisation.DirectRate(Direct(counts, Population, Standardisation.Esp2013), 0.998);
        Assert.Equal(observed, r95.Observed);
        Assert.Equal(8970, r95.Population);
        Near(value, r95.Interval.Value);
        Near(lower95, r95.Interval.Lower);
        Near(upper95, r95.Interval.Upper);
        Near(lower998, r998.Interval.Lower);
        Near(upper998, r998.Interval.Upper);
        Assert.Equal("Dobson", r95.Interval.Method);
        var per10000 = Standardisation.DirectRate(Direct(counts, Population, Standardisation.Esp2013), multiplier: 10_000);
        Near(value / 10, per10000.Interval.Value);
        Near(upper95 / 10, per10000.Interval.Upper);
    }

    [Fact]
    public void ADirectlyStandardisedRateOfFewerThanTenEventsIsNotCalculated()
    {
        // The tiny area: 9 events (one band's count missing, counted as 0).
        var r = Standardisation.DirectRate(Direct(Tiny, Population, Standardisation.Esp2013));
        Assert.Equal(9, r.Observed);
        Assert.True(double.IsNaN(r.Interval.Value) && double.IsNaN(r.Interval.Lower) && double.IsNaN(r.Interval.Upper));
        Assert.Equal(Standardisation.DsrNotCalculated, r.Interval.Method);
    }

    [Fact]
    public void ADirectlyStandardisedRateTakesAUserStandardPopulation()
    {
        // testDSRs.R "with user specified stdpop": the big area's first 18 bands with ESP1976 weights (85+ last), 95%.
        double[] esp1976 = [8000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 6000, 5000, 4000, 3000, 2000, 1000, 1000];
        var r = Standardisation.DirectRate(Direct(Big[..18], Population[..18], esp1976), multiplier: 10_000);
        Assert.Equal(804, r.Observed);
        Assert.Equal(8763, r.Population);
        Near(859.2097585022366, r.Interval.Value);
        Near(799.1160931442103, r.Interval.Lower);
        Near(922.5253880318318, r.Interval.Upper);
    }

    [Theory]
    [InlineData("big", "Byars", 895, 1.0707232939020275, 1.0017147712553987, 1.143233287249895, 0.9635155619614437, 1.1860070415876287)]
    [InlineData("small", "Byars", 91, 0.10886683770400503, 0.08765040101829405, 0.1336657632841891, 0.07695425528392111, 0.14897920510466744)]
    [InlineData("tiny", "Exact", 9, 0.010767049882813684, 0.004923380825095776, 0.02043921455549973, 0.0029339306550682617, 0.02710589651469021)]
    public void IndirectlyStandardisedRatiosMatchPheIndicatorMethods(string area, string method, double observed, double value, double lower95, double upper95, double lower998, double upper998)
    {
        var counts = area switch { "big" => Big, "small" => Small, _ => Tiny };
        var r95 = Standardisation.IndirectRatio(Indirect(counts, Population));
        var r998 = Standardisation.IndirectRatio(Indirect(counts, Population), 0.998);
        Assert.Equal(observed, r95.Observed);
        Near(835.8835612311743, r95.Expected);
        Assert.Equal(method, r95.Interval.Method);
        Near(value, r95.Interval.Value);
        Near(lower95, r95.Interval.Lower);
        Near(upper95, r95.Interval.Upper);
        Near(lower998, r998.Interval.Lower);
        Near(upper998, r998.Interval.Upper);
        var smr = Standardisation.IndirectRatio(Indirect(counts, Population), referenceValue: 100);
        Near(value * 100, smr.Interval.Value);
        Near(lower95 * 100, smr.Interval.Lower);
    }

    [Theory]
    [InlineData("big", 10011.137622091057, 9365.91600297888, 10689.097582910616, 9008.7578618655, 11089.02718538338)]
    [InlineData("small", 1017.8922051511577, 819.521002506463, 1249.75926013832, 719.5132903528245, 1392.9381508991678)]
    [InlineData("tiny", 100.6706576523123, 46.03303513307893, 191.10426659054028, 27.43190862554234, 253.4369635219236)]
    public void IndirectlyStandardisedRatesMatchPheIndicatorMethods(string area, double value, double lower95, double upper95, double lower998, double upper998)
    {
        var counts = area switch { "big" => Big, "small" => Small, _ => Tiny };
        var r95 = Standardisation.IndirectRate(Indirect(counts, Population));
        var r998 = Standardisation.IndirectRate(Indirect(counts, Population), 0.998);
        Near(value, r95.Interval.Value);
        Near(lower95, r95.Interval.Lower);
        Near(upper95, r95.Interval.Upper);
        Near(lower998, r998.Interval.Lower);
        Near(upper998, r998.Interval.Upper);
    }

    [Fact]
    public void ABandWithNoLocalPopulationAddsNothingToTheExpectedEvents()
    {
        // testISRatios.R test_err2: the big area with population 0 in band 5-9 (where it has 25 events), ratio × 100, 95%.
        var population = Population.ToArray();
        population[1] = 0;
        var r = Standardisation.IndirectRatio(Indirect(Big, population), referenceValue: 100);
        Assert.Equal(895, r.Observed);
        Near(808.3217400918253, r.Expected);
        Near(110.72323749430866, r.Interval.Value);
        Near(103.58708281676485, r.Interval.Lower);
        Near(118.22147841228508, r.Interval.Upper);
        var rate = Standardisation.IndirectRate(Indirect(Big, population));
        Near(10352.493261629017, rate.Interval.Value);
        Near(9685.271141999323, rate.Interval.Lower);
        Near(11053.570021432142, rate.Interval.Upper);
    }
}
