using Maternity.Indicators;
using Maternity.Reports;
using Maternity.Statistics;

namespace Maternity.Tests.Statistics;

/// <summary>
/// Incomplete months (data still arriving) are drawn on an SPC chart but kept out of its limits and its signals, so a
/// series that drops towards 0% where the data end raises no special cause.
/// </summary>
public sealed class SpcIncompleteMonthsTests
{
    // Twelve complete months of x / 100: 42, 45, 50, 55, 58, 50, 45, 55, 50, 50, 42, 58, then two incomplete months 2 / 40
    // (5%) and 0 / 30 (0%). Worked by hand for the standard p-chart over the complete months: Σx = 600, Σn = 1,200, so
    // p̄ = 0.5; σ = √(0.5 × 0.5 / 100) = 0.05; limits 50% ± 3σ = 35% to 65%; 2σ lines 40% and 60%. No complete month is
    // beyond a 2σ line, no run of 7 on one side, the longest rise is 5 points: common cause throughout.
    private static readonly long[] Numerators = [42, 45, 50, 55, 58, 50, 45, 55, 50, 50, 42, 58, 2, 0];
    private static readonly long[] Denominators = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 40, 30];

    [Fact]
    public void IncompleteMonthsNearZeroGiveNoSignalAndTheLimitsOfTheCompleteMonths()
    {
        var spc = Spc.PChart(Numerators, Denominators, options: new SpcOptions(Excluded: [12, 13]));

        foreach (var p in spc.Points.Take(12))
        {
            Assert.Equal(50, p.Mean, 9);
            Assert.Equal(35, p.Lower, 9);
            Assert.Equal(65, p.Upper, 9);
        }
        // The incomplete months are drawn against the same p̄ with their own n: 50% − 3√(0.25 / 40) = 26.28%.
        Assert.Equal(50, spc.Points[12].Mean, 9);
        Assert.Equal(26.28, spc.Points[12].Lower, 2);
        Assert.All(spc.Points, p => Assert.Equal((SpcRule.None, VariationType.CommonCause), (p.Rule, p.Type)));
        Assert.Equal([12, 13], spc.Points.Where(p => p.Excluded).Select(p => p.Index));
        Assert.Equal(VariationType.CommonCause, spc.Variation);
        // The same limits as the twelve complete months alone.
        var complete = Spc.PChart(Numerators[..12], Denominators[..12]);
        Assert.Equal(complete.Points.Select(p => (p.Mean, p.Lower, p.Upper)), spc.Points.Take(12).Select(p => (p.Mean, p.Lower, p.Upper)));
    }

    [Fact]
    public void WithoutTheExclusionTheSameMonthsSignalConcern()
    {
        // Counted in, the two months pull p̄ to 602 / 1,270 = 0.474; 5% of 40 and 0% of 30 lie far below their lower limits
        // (p̄ − 3√(p̄(1 − p̄)/n) = 23.7% and 20.1%): special-cause concern, the artefact the exclusion removes.
        var spc = Spc.PChart(Numerators, Denominators);
        Assert.Equal(602.0 / 1270 * 100, spc.Points[0].Mean, 9);
        Assert.Equal(23.7, spc.Points[12].Lower, 1);
        Assert.Equal(20.1, spc.Points[13].Lower, 1);
        Assert.Equal([SpcRule.BelowLowerLimit, SpcRule.BelowLowerLimit], spc.Points.Skip(12).Select(p => p.Rule));
        Assert.Equal(VariationType.SpecialCauseConcern, spc.Variation);
    }

    [Fact]
    public void LaneysLimitsAndTheXmRLimitsIgnoreTheIncompleteMonthsToo()
    {
        var laney = Spc.PChart(Numerators, Denominators, laney: true, new SpcOptions(Excluded: [12, 13]));
        var laneyComplete = Spc.PChart(Numerators[..12], Denominators[..12], laney: true);
        Assert.Equal(laneyComplete.Points.Select(p => (p.Mean, p.Lower, p.Upper)), laney.Points.Take(12).Select(p => (p.Mean, p.Lower, p.Upper)));
        Assert.DoesNotContain(laney.Points, p => p.Type != VariationType.CommonCause);

        // XmR of 10, 12, 11, 13, 12, 12 then 0 and 1 incomplete: centre 70 / 6 = 11.667; moving ranges 2, 1, 2, 1, 0, mean
        // 1.2; limits 11.667 ± 2.66 × 1.2 = 8.475 to 14.859. The incomplete 0 and 1 add no range and fire no rule.
        var xmr = Spc.XmR([10, 12, 11, 13, 12, 12, 0, 1], new SpcOptions(Excluded: [6, 7]));
        Assert.Equal(70.0 / 6, xmr.Points[0].Mean, 9);
        Assert.Equal(70.0 / 6 - 2.66 * 1.2, xmr.Points[7].Lower, 9);
        Assert.Equal(70.0 / 6 + 2.66 * 1.2, xmr.Points[7].Upper, 9);
        Assert.All(xmr.Points, p => Assert.Equal(SpcRule.None, p.Rule));
    }

    [Fact]
    public void TheIndicatorViewKeepsTheSourcesIncompleteMonthsOutOfItsChart()
    {
        // "Booked by 10 weeks" over 14 months whose bookings are complete for the first 12 only (the last two hold a
        // fraction of the usual rows): the view's chart marks those two, keeps them out of its limits and tells no concern.
        var booking = Catalogue.Find("BOOKED_BY_10W")! with { Target = 95, Polarity = Polarity.HigherIsBetter };
        var months = Enumerable.Range(0, 14).Select(i => new DateOnly(2025, 1, 1).AddMonths(i)).ToList();
        IndicatorCount[] counts = [.. months.Select((m, i) =>
            new IndicatorCount(booking.Id, booking.Version, "LMNS", "L", "Month", m, "Total", "Total", Numerators[i], Denominators[i], IndicatorEngine.RecordLevel, "exact"))];
        var coverage = new[] { new DataCoverage.Source("MSD101PregnancyBooking", "bookings", months, months[..12]) };

        var view = IndicatorView.Compute(counts, counts, booking, "L", null, 12, new Dictionary<string, string>(), coverage: coverage);
        var without = IndicatorView.Compute(counts, counts, booking, "L", null, 12, new Dictionary<string, string>());

        Assert.Equal(VariationType.SpecialCauseConcern, without.Spc!.Variation);
        Assert.Equal(VariationType.CommonCause, view.Spc!.Variation);
        Assert.Equal([false, false, false, false, false, false, false, false, false, false, false, false, true, true], view.Spc.Points.Select(p => p.Excluded));
        Assert.DoesNotContain(view.Spc.Points, p => p.Type != VariationType.CommonCause);
        Assert.Equal(50, view.Spc.Points[0].Mean, 9);
        Assert.Equal(Display.IncompleteMonth, Display.Describe(view.Spc.Points[13]));
    }
}
