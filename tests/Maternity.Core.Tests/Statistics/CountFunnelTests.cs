using Maternity.Statistics;

namespace Maternity.Tests.Statistics;

/// <summary>
/// Funnel plots of rates, ratios and directly standardised rates against PHEindicatormethods 2.1.0
/// (ukhsa-collaboration/PHEindicatormethods @ 093fd288d8f8, tests/testthat/testFunnels.R and its CSV fixtures),
/// base R 4.2 <c>poisson.test</c> (shared/reference/statistics/rates_exact_poisson.csv) and values computed from the
/// definition with mpmath 1.3 at 40 significant digits.
/// </summary>
public sealed class CountFunnelTests
{
    private static void Near(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected) + 1e-300,
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual / expected - 1):E2})");

    // The count limits at expected count E (99.8% lower, 95% lower, 95% upper, 99.8% upper): the O with
    // P(O + 1, E) = 1 − α (lower, 0 when E ≤ −ln α) and P(O, E) = α (upper), α = 0.001 or 0.025, P the regularised
    // lower incomplete gamma function. Computed with mpmath.gammainc(a, 0, E, regularized=True) and bisection at 40
    // digits; the whole-count points of this curve are PHEindicatormethods' own (checked in the next test).
    [Theory]
    [InlineData(0.01, 0, 0, 0.81457304032809186, 1.4451174194088366)]
    [InlineData(0.1, 0, 0, 1.4637135859825601, 2.4645320749610071)]
    [InlineData(0.5, 0, 0, 2.7156908924550209, 4.2495224424342228)]
    [InlineData(0.9, 0, 0, 3.6155183254204993, 5.453883642914741)]
    [InlineData(2.5, 0, 0, 6.4928584657564177, 9.0957663101006659)]
    [InlineData(7.3, 0.15256704608557584, 2.047508993192938, 13.518178336720714, 17.430653019578131)]
    [InlineData(40, 21.471055125179399, 27.604645322387072, 53.345919209811339, 61.399488041892907)]
    [InlineData(250, 202.09712960061667, 218.99416219435254, 281.95353574722982, 300.7559364532211)]
    [InlineData(12345.6, 12003.171370353531, 12127.801933961887, 12564.345230010627, 12690.878539774536)]
    public void CountLimitsAreTheCountsWhoseExactLimitsReachTheExpectedCount(double expected, double lower998, double lower95, double upper95, double upper998)
    {
        double[] want = [lower998, lower95, upper95, upper998];
        double[] got = [Funnel.PoissonLimit(expected, 0.001), Funnel.PoissonLimit(expected, 0.025), Funnel.PoissonLimit(expected, 0.975), Funnel.PoissonLimit(expected, 0.999)];
        for (var i = 0; i < 4; i++) Near(want[i], got[i], 1e-9);
    }

    // PHEindicatormethods testdata_funnel_ratio_outputs.csv (calculate_funnel_limits, statistic "ratio", ratio_type
    // "isr"): for O observed events, the expected counts at which O is on each line and the ratio × 100 there.
    // The package finds each expected count by bisection to 1e-7 on v = E/(1 + O + E), so its values are within
    // 5e-5 of the exact ones (worst: the 99.8% upper line at O = 1, E = 0.001): compared to 1e-4 relative.
    [Theory]
    [InlineData(1, 5.571644585, 17.94802207, 0.025317898, 3949.774946, 9.233410143, 10.83023482, 0.001000547, 99945.32721)]
    [InlineData(2, 7.224687515, 27.6828582, 0.242209467, 825.7315569, 11.22886836, 17.81123382, 0.04540199, 4405.093268)]
    [InlineData(3, 8.767273828, 34.21816244, 0.618671905, 484.9096876, 13.06224507, 22.96695541, 0.190533306, 1574.52787)]
    [InlineData(4, 10.24158653, 39.05644881, 1.089865762, 367.0176768, 14.79414916, 27.03771576, 0.42855244, 933.3746885)]
    [InlineData(5, 11.6683331, 42.85102213, 1.623486324, 307.979188, 16.45474478, 30.38637225, 0.739371928, 676.2496398)]
    [InlineData(9, 17.08479966, 52.67840524, 4.11537405, 218.6921502, 22.65737951, 39.72215762, 2.452425215, 366.9836676)]
    [InlineData(19, 29.67084937, 64.03591539, 11.43924075, 166.0949394, 36.70097961, 51.76973531, 8.305592877, 228.7615139)]
    [InlineData(45, 60.21353995, 74.73402168, 32.82330214, 137.0977235, 69.83304894, 64.43940324, 27.07762173, 166.1888937)]
    [InlineData(110, 132.5797211, 82.96894814, 90.4066103, 121.6725189, 146.424799, 75.12388663, 80.41448764, 136.7912714)]
    [InlineData(273, 307.3797133, 88.81523022, 241.5734099, 113.0091263, 328.0140726, 83.22813647, 224.7760705, 121.4542097)]
    [InlineData(684, 737.2376756, 92.77876357, 633.6939776, 107.9385357, 768.7368323, 88.97713382, 606.0208883, 112.8673967)]
    public void RatioFunnelLimitsMatchPheIndicatorMethods(int observed, double eLower95, double lower95, double eUpper95, double upper95,
        double eLower998, double lower998, double eUpper998, double upper998)
    {
        FunnelUnit[] units = [new("l95", observed, eLower95), new("u95", observed, eUpper95), new("l998", observed, eLower998), new("u998", observed, eUpper998)];
        var funnel = Funnel.Ratios(units, multiplier: 100);
        Assert.Equal(100, funnel.Target);
        Near(lower95, funnel.Units[0].Limits.Lower95, 1e-4);
        Near(upper95, funnel.Units[1].Limits.Upper95, 1e-4);
        Near(lower998, funnel.Units[2].Limits.Lower998, 1e-4);
        Near(upper998, funnel.Units[3].Limits.Upper998, 1e-4);
    }

    // PHEindicatormethods testdata_funnel_rate_outputs.csv (calculate_funnel_limits, statistic "rate", rate_type "dsr",
    // multiplier 1e5, years_of_data 3, baseline 116.1720835 per 100,000): for each count the population a year at
    // which it is on each line, and the rate there (the count over the whole population, 3 × the yearly one). 1e-4
    // relative (bisection, as above).
    [Theory]
    [InlineData(1, 1598.675694, 20.85059119, 7.264481402, 4588.535848, 2649.348525, 12.58170943, 0.287087625, 116108.569)]
    [InlineData(2, 2072.984403, 32.15975314, 69.49732367, 959.2695538, 3221.906682, 20.69168143, 13.02722321, 5117.48863)]
    [InlineData(3, 2515.599722, 39.75195225, 177.5159418, 563.3296872, 3747.958682, 26.68119061, 54.66984838, 1829.161832)]
    [InlineData(4, 2938.625247, 45.37269033, 312.7159093, 426.372082, 4244.895077, 31.41027773, 122.9648371, 1084.320823)]
    [InlineData(10, 5276.757672, 63.17010446, 1375.943768, 242.2579623, 6924.776769, 48.13632908, 849.4639547, 392.4043292)]
    [InlineData(32, 12961.93593, 82.29223416, 6280.33083, 169.8424328, 15387.79019, 69.31902848, 4968.583185, 214.6822599)]
    [InlineData(159, 53290.17651, 99.45547842, 38806.26443, 136.5758874, 57946.64861, 91.46344314, 35253.30678, 150.3405066)]
    [InlineData(1360, 411529.9259, 110.158048, 369759.5622, 122.6021934, 424043.2424, 106.9073359, 358342.3275, 126.5084525)]
    public void RateFunnelLimitsMatchPheIndicatorMethods(int events, double popLower95, double lower95, double popUpper95, double upper95,
        double popLower998, double lower998, double popUpper998, double upper998)
    {
        FunnelUnit[] units = [new("l95", events, 3 * popLower95), new("u95", events, 3 * popUpper95), new("l998", events, 3 * popLower998), new("u998", events, 3 * popUpper998)];
        var funnel = Funnel.Rates(units, target: 116.1720835, multiplier: 1e5);
        Near(lower95, funnel.Units[0].Limits.Lower95, 1e-4);
        Near(upper95, funnel.Units[1].Limits.Upper95, 1e-4);
        Near(lower998, funnel.Units[2].Limits.Lower998, 1e-4);
        Near(upper998, funnel.Units[3].Limits.Upper998, 1e-4);
    }

    // Base R 4.2 poisson.test (shared/reference/statistics/rates_exact_poisson.csv), count over 3,000 per 1,000: where the
    // target rate is the count's exact lower limit, the count is on the upper line; at its exact upper limit, on the lower
    // line. Expected counts from 0.19 to 176. 1e-9 relative.
    [Theory]
    [InlineData(3, 0.95, 0.206224040965201, 2.92242435658077)]
    [InlineData(3, 0.998, 0.0635111258561344, 4.35408025972936)]
    [InlineData(6, 0.95, 0.733964751163617, 4.35315800750623)]
    [InlineData(6, 0.998, 0.36903488675188, 6.02054561339969)]
    [InlineData(12, 0.95, 2.06685836957407, 6.98719501605898)]
    [InlineData(12, 0.998, 1.34748026347486, 9.00866039809611)]
    [InlineData(30, 0.95, 6.7469580071403, 14.2756217982692)]
    [InlineData(30, 0.998, 5.28972359904679, 17.0277080553081)]
    [InlineData(150, 0.95, 42.3187204337483, 58.6723886990249)]
    [InlineData(150, 0.998, 38.3272391963408, 63.946176718534)]
    public void ACountIsOnTheFunnelLineWhereTheTargetIsItsExactLimit(int count, double level, double exactLower, double exactUpper)
    {
        FunnelUnit[] unit = [new("X1A", count, 3000)];
        var rate = count / 3.0;
        var high = Funnel.Rates(unit, target: exactLower).Units[0].Limits;
        Near(rate, level == 0.95 ? high.Upper95 : high.Upper998, 1e-9);
        var low = Funnel.Rates(unit, target: exactUpper).Units[0].Limits;
        Near(rate, level == 0.95 ? low.Lower95 : low.Lower998, 1e-9);
    }

    [Fact]
    public void OneEventWhereAHundredthIsExpectedIsHighAtTheFivePercentLevelOnly()
    {
        // Pr(X ≥ 1 | E = 0.01) = 1 − e^−0.01 = 0.00995: significant at 2.5% one-sided, not at 0.1%.
        var funnel = Funnel.Ratios([new FunnelUnit("X1A", 1, 0.01)]);
        var unit = funnel.Units[0];
        Assert.Equal("High (0.025)", unit.Significance);
        Near(0.81457304032809186 / 0.01, unit.Limits.Upper95, 1e-9);
        Near(1.4451174194088366 / 0.01, unit.Limits.Upper998, 1e-9);
        Assert.Equal(0, unit.Limits.Lower95);
        Assert.True(unit.Value < unit.Limits.Upper998 && unit.Value > unit.Limits.Upper95);
    }

    // PHEindicatormethods testdata_funnel_ratio_inputs.csv: observed, expected and the package's assign_funnel_significance
    // (statistic "ratio"); 30 of its 300 rows, every label, and counts of 0, 6 and 8 (exact limits) as well as 10 and over (Byar's).
    [Theory]
    [InlineData(8, 6.239860227, "Not significant")]
    [InlineData(151, 106.4429719, "High (0.001)")]
    [InlineData(159, 232.9329036, "Low (0.001)")]
    [InlineData(191, 184.0963855, "Not significant")]
    [InlineData(124, 183.894409, "Low (0.001)")]
    [InlineData(220, 249.8012944, "Not significant")]
    [InlineData(150, 119.5695496, "High (0.025)")]
    [InlineData(0, 240.6273499, "Low (0.001)")]
    [InlineData(182, 196.799308, "Not significant")]
    [InlineData(206, 139.4719025, "High (0.001)")]
    [InlineData(101, 126.2973615, "Low (0.025)")]
    [InlineData(174, 141.4404162, "High (0.025)")]
    [InlineData(252, 218.7689904, "High (0.025)")]
    [InlineData(241, 288.6919023, "Low (0.025)")]
    [InlineData(157, 185.666982, "Low (0.025)")]
    [InlineData(16, 36.38844667, "Low (0.001)")]
    [InlineData(48, 86.81497558, "Low (0.001)")]
    [InlineData(47, 60.02554278, "Not significant")]
    [InlineData(6, 4.293052052, "Not significant")]
    [InlineData(40, 55.14959327, "Low (0.025)")]
    [InlineData(35, 56.15273544, "Low (0.025)")]
    [InlineData(39, 50.23183926, "Not significant")]
    [InlineData(48, 64, "Low (0.025)")]
    [InlineData(27, 26.73002673, "Not significant")]
    [InlineData(31, 57.81424841, "Low (0.001)")]
    [InlineData(49, 87.5, "Low (0.001)")]
    [InlineData(41, 58.50456621, "Low (0.025)")]
    [InlineData(28, 37.38816931, "Not significant")]
    [InlineData(355, 318.5570711, "High (0.025)")]
    [InlineData(129, 127.9000595, "Not significant")]
    public void RatioFlagsMatchPheIndicatorMethods(int observed, double expected, string significance)
    {
        Assert.Equal(significance, Funnel.Ratios([new FunnelUnit("A", observed, expected)]).Units[0].Significance);
    }

    // PHEindicatormethods testdata_funnel_rate_dsr_inputs.csv: count, DSR per 100,000, population and the package's
    // assign_funnel_significance for rate_type "dsr" (column dsr_per_100000_with_0) and, from count and population,
    // for rate_type "crude" (column crude_per_100000_with_0). All 40 rows: each funnel uses the whole set for its average.
    [Fact]
    public void DsrAndCrudeRateFlagsMatchPheIndicatorMethods()
    {
        var dsr = Funnel.Dsrs([.. Rows.Select((r, i) => new FunnelRateUnit($"A{i}", r.Count, r.Dsr))]);
        Assert.Equal(Rows.Select(r => r.DsrFlag), dsr.Units.Select(u => u.Significance));
        var crude = Funnel.Rates([.. Rows.Select((r, i) => new FunnelUnit($"A{i}", r.Count, r.Population))], multiplier: 1e5);
        Assert.Equal(Rows.Select(r => r.CrudeFlag), crude.Units.Select(u => u.Significance));
        var zero = dsr.Units[^1];
        Assert.Equal(Funnel.DsrNotApplicable, zero.Significance);
        Assert.True(double.IsNaN(zero.Denominator) && double.IsNaN(zero.Limits.Upper95));
    }

    [Fact]
    public void ADsrOfFewerThanTenEventsIsNotApplicable()
    {
        var funnel = Funnel.Dsrs([new FunnelRateUnit("A", 9, 50), new FunnelRateUnit("B", 400, 60), new FunnelRateUnit("C", 300, 40)]);
        Assert.Equal(Funnel.DsrNotApplicable, funnel.Units[0].Significance);
        // Derived populations 18,000, 666,667 and 750,000: the average is 709/1,434,667 per 100,000.
        Near(709 / (18_000 + 400 / 60.0 * 1e5 + 750_000) * 1e5, funnel.Target, 1e-12);
    }

    [Fact]
    public void OverdispersionWidensRatioLimitsWhenUnitsVaryMoreThanChance()
    {
        var spread = Enumerable.Range(0, 20).Select(i => new FunnelUnit($"T{i}", 50 + i * 10, 140)).ToList();
        var funnel = Funnel.Ratios(spread, overdispersion: true);
        Assert.True(funnel.Tau2 > 0);
        Assert.True(funnel.Units[0].AdjustedLimits!.Upper95 > funnel.Units[0].Limits.Upper95);
        Assert.Contains(funnel.Units, u => u.Significance != "Not significant" && u.AdjustedSignificance == "Not significant");
    }

    private static readonly (int Count, double Dsr, double Population, string DsrFlag, string CrudeFlag)[] Rows =
    [
        (2419, 907.6174266, 264102, "High (0.001)", "High (0.001)"),
        (2337, 948.5620216, 259711, "High (0.001)", "High (0.001)"),
        (2291, 799.9690496, 289247, "High (0.001)", "High (0.001)"),
        (2242, 852.5637927, 265029, "High (0.001)", "High (0.001)"),
        (2218, 868.5358183, 284649, "High (0.001)", "High (0.001)"),
        (2159, 769.6242217, 293578, "High (0.001)", "High (0.001)"),
        (2130, 752.3254955, 286718, "High (0.025)", "High (0.001)"),
        (2111, 710.2689402, 307381, "Not significant", "Not significant"),
        (2105, 815.3530325, 274145, "High (0.001)", "High (0.001)"),
        (2083, 717.7035916, 297424, "Not significant", "High (0.025)"),
        (2078, 755.8016993, 272628, "High (0.001)", "High (0.001)"),
        (2062, 825.9742848, 269656, "High (0.001)", "High (0.001)"),
        (2061, 702.2972468, 294692, "Not significant", "High (0.025)"),
        (2033, 785.6210132, 277710, "High (0.001)", "High (0.001)"),
        (2033, 743.6763018, 259213, "High (0.025)", "High (0.001)"),
        (2010, 781.8323058, 285516, "High (0.001)", "High (0.025)"),
        (2004, 772.6781064, 269449, "High (0.001)", "High (0.001)"),
        (2002, 652.3391553, 290888, "Low (0.001)", "Not significant"),
        (1977, 648.4969973, 287112, "Low (0.001)", "Not significant"),
        (1944, 727.5777428, 286492, "Not significant", "Not significant"),
        (1932, 625.6551186, 287012, "Low (0.001)", "Not significant"),
        (1922, 688.5582424, 291277, "Not significant", "Not significant"),
        (1912, 662.4465438, 289859, "Low (0.025)", "Not significant"),
        (1881, 627.1624732, 289653, "Low (0.001)", "Not significant"),
        (1844, 657.1114147, 282519, "Low (0.025)", "Not significant"),
        (1835, 724.8456714, 274220, "Not significant", "Not significant"),
        (1833, 659.7820553, 280271, "Low (0.025)", "Not significant"),
        (1825, 654.7053631, 284206, "Low (0.001)", "Not significant"),
        (1816, 624.4435507, 274508, "Low (0.001)", "Not significant"),
        (1809, 646.7588823, 288384, "Low (0.001)", "Low (0.025)"),
        (1798, 703.1689982, 287072, "Not significant", "Low (0.025)"),
        (1754, 567.9922764, 282744, "Low (0.001)", "Low (0.001)"),
        (1746, 617.7750715, 289208, "Low (0.001)", "Low (0.001)"),
        (1709, 610.8327232, 287736, "Low (0.001)", "Low (0.001)"),
        (1694, 608.5089462, 296175, "Low (0.001)", "Low (0.001)"),
        (1688, 662.3775859, 303255, "Low (0.025)", "Low (0.001)"),
        (1649, 667.6454503, 285959, "Low (0.025)", "Low (0.001)"),
        (1553, 604.1141693, 274661, "Low (0.001)", "Low (0.001)"),
        (1332, 469.5645784, 281425, "Low (0.001)", "Low (0.001)"),
        (0, double.NaN, 297820, "Not applicable for events less than 10 for dsrs", "Low (0.001)"),
    ];
}
