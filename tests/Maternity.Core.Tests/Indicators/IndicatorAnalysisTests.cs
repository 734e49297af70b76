using Maternity.Indicators;
using Maternity.Statistics;

namespace Maternity.Tests.Indicators;

public sealed class IndicatorAnalysisTests
{
    private static readonly IndicatorDefinition Satod = Catalogue.Find("SATOD")!;

    private static IndicatorCount Count(int year, int month, string group, long numerator, long denominator, string breakdown = "EthnicGroup") =>
        new("SATOD", 1, "Provider", "X1A", "Month", new DateOnly(year, month, 1), breakdown, group, numerator, denominator, "record-level", "exact");

    [Fact]
    public void QuartersAndFinancialYearsAreSumsOfTheMonths()
    {
        var months = Enumerable.Range(0, 12).Select(i => Count(2025, 4, "White", 10, 100) with { PeriodStart = new DateOnly(2025, 4, 1).AddMonths(i), Numerator = i }).ToList();

        var quarters = IndicatorAnalysis.Compute(Satod, months, PeriodType.Quarter);
        var year = Assert.Single(IndicatorAnalysis.Compute(Satod, months, PeriodType.FinancialYear));

        Assert.Equal(4, quarters.Count);
        Assert.Equal((0L + 1 + 2, 300L), (quarters.Single(q => q.PeriodStart == new DateOnly(2025, 4, 1)).Numerator, quarters[0].Denominator));
        Assert.Equal(new DateOnly(2025, 6, 30), quarters.Single(q => q.PeriodStart == new DateOnly(2025, 4, 1)).PeriodEnd);
        Assert.Equal((66L, 1200L, 12), (year.Numerator, year.Denominator, year.MonthsCovered));
        Assert.Equal(new DateOnly(2026, 3, 31), year.PeriodEnd);
        Assert.Equal(Proportion.Wilson(66, 1200, 0.95, 100), year.Value);
    }

    [Fact]
    public void RollingTwelveMonthsStartOnceTwelveMonthsExist()
    {
        var months = Enumerable.Range(0, 14).Select(i => Count(2025, 1, "White", 1, 10) with { PeriodStart = new DateOnly(2025, 1, 1).AddMonths(i) }).ToList();

        var rolling = IndicatorAnalysis.Compute(Satod, months, PeriodType.Rolling12Months);

        Assert.Equal(3, rolling.Count);
        Assert.All(rolling, r => Assert.Equal((12L, 120L, 12), (r.Numerator, r.Denominator, r.MonthsCovered)));
        Assert.Equal(new DateOnly(2026, 2, 28), rolling.Max(r => r.PeriodEnd));
    }

    [Fact]
    public void GroupsAreComparedWithTheReferenceGroup()
    {
        var results = IndicatorAnalysis.Compute(Satod, [Count(2025, 4, "White", 50, 1000), Count(2025, 4, "Black", 30, 300)]);

        var black = results.Single(r => r.Group == "Black");
        var white = results.Single(r => r.Group == "White");
        Assert.Equal("White", black.ReferenceGroup);
        Assert.Equal(Comparison.RiskRatio(30, 300, 50, 1000), black.Ratio);
        Assert.Equal(Comparison.ProportionDifference(30, 300, 50, 1000, 0.95, 100), black.Difference);
        Assert.Null(white.Ratio);
    }

    [Theory]
    [InlineData(50, 1000, "Green")] // 5.0% meets 6% or less
    [InlineData(65, 1000, "Amber")] // 6.5%, interval 5.1-8.2 straddles 6
    [InlineData(150, 1000, "Red")] // 15%, interval wholly above 6
    public void RagComparesTheValueAndItsIntervalWithTheTarget(long numerator, long denominator, string rag) =>
        Assert.Equal(rag, IndicatorAnalysis.Compute(Satod, [Count(2025, 4, "Total", numerator, denominator, "Total")]).Single().Rag);

    [Fact]
    public void IndicatorsWithoutATargetHaveNoRag() =>
        Assert.Equal("", IndicatorAnalysis.Compute(Catalogue.Find("PRETERM_37")!, [Count(2025, 4, "Total", 5, 100, "Total") with { IndicatorId = "PRETERM_37" }]).Single().Rag);

    [Fact]
    public void CountsOfDifferentProvenanceAreNeverSummedTogether()
    {
        var recordLevel = Count(2025, 4, "Total", 10, 100, "Total");
        var returned = recordLevel with { Source = "return X1A 2025-04", Numerator = 20 };
        var published = recordLevel with { Source = "national file.csv", Exactness = "published-rounded", PeriodType = "FinancialYear", Numerator = 30 };

        var months = IndicatorAnalysis.Compute(Satod, [recordLevel, returned, published]);
        var years = IndicatorAnalysis.Compute(Satod, [recordLevel, returned, published], PeriodType.FinancialYear);

        Assert.Equal([("record-level", 10L), ("return", 20L)], months.Select(r => (r.Source, r.Numerator)).OrderBy(x => x.Item1).ToArray());
        Assert.Equal([("national", 30L, "published-rounded"), ("record-level", 10L, "exact"), ("return", 20L, "exact")],
            years.Select(r => (r.Source, r.Numerator, r.Exactness)).OrderBy(x => x.Item1).ToArray());
    }
}
