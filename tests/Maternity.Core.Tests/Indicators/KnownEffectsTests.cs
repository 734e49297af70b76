using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Synthetic;

namespace Maternity.Tests.Indicators;

/// <summary>Generated data with known effects, through ingest and the indicator engine: each true value lies in the 99.8% interval.</summary>
public sealed class KnownEffectsTests : IClassFixture<KnownEffectsTests.Generated>
{
    private const double Level = 0.998;
    private readonly Generated _data;

    public KnownEffectsTests(Generated data) => _data = data;

    public sealed class Generated : IDisposable
    {
        public Generated()
        {
            var dir = Path.Combine(Store.Directory, "gen");
            var manifest = LmnsGenerator.Generate(new GeneratorOptions(dir, 60_000, 12, Seed: 11));
            Manifest = manifest;
            OrgHierarchy.Demo.Store(Store.Database);
            ImdImporter.Import(Store.Database, Path.Combine(dir, manifest.ImdFile));
            Ingester.IngestAll(Store.Database, manifest.Files.Select(f => Path.Combine(dir, f)));
            IndicatorEngine.Compute(Store.Database);
            var periods = IndicatorSummary.Periods(Store.Database);
            (From, To) = (periods[0], periods[^1]);
        }

        public TestStore Store { get; } = new();

        public GeneratorManifest Manifest { get; }

        public DateOnly From { get; }

        public DateOnly To { get; }

        public IndicatorValue Value(string indicator, string org, string breakdown, string group) =>
            IndicatorSummary.For(Store.Database, TestAccess.Admin, Catalogue.Find(indicator)!, org, From, To, Level)
                .Single(r => r.Breakdown == breakdown && r.Group == group).Value;

        public void Dispose() => Store.Dispose();
    }

    [Theory]
    [InlineData("X1A", 97.0)]
    [InlineData("X1B", 97.0)]
    [InlineData("X1C", 80.0)]
    [InlineData("X1D", 97.0)]
    public void ValidEthnicityByTrustRecoversTheInjectedDefect(string trust, double expected) =>
        AssertContains(expected, _data.Value("DQ_ETHNICITY_VALID", trust, "Total", "Total"));

    [Theory]
    [InlineData("X1A", 99.0)]
    [InlineData("X1B", 92.0)]
    [InlineData("X1C", 99.0)]
    public void ResidenceRecordedByTrustRecoversTheInjectedDefect(string trust, double expected) =>
        AssertContains(expected, _data.Value("DQ_RESIDENCE_RECORDED", trust, "Total", "Total"));

    [Fact]
    public void PretermBirthRisesWithDeprivation()
    {
        for (var q = 1; q <= 5; q++)
            AssertContains(KnownEffects.PretermByQuintile[q - 1] * 100, _data.Value("PRETERM_37", "LMNSX1", "ImdQuintile", q.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(_data.Value("PRETERM_37", "LMNSX1", "ImdQuintile", "1").Interval.Lower > _data.Value("PRETERM_37", "LMNSX1", "ImdQuintile", "5").Interval.Value);
    }

    [Theory]
    [InlineData("White")]
    [InlineData("Mixed")]
    [InlineData("Asian")]
    [InlineData("Black")]
    [InlineData("Other")]
    public void StillbirthRateByEthnicGroupRecoversTheGeneratorRate(string group) =>
        AssertContains(KnownEffects.StillbirthPer1000[group], _data.Value("STILLBIRTH_RATE", "LMNSX1", "EthnicGroup", group));

    [Fact]
    public void StillbirthRateForBlackMothersIsAboutTwiceTheRateForWhiteMothers()
    {
        var black = _data.Value("STILLBIRTH_RATE", "LMNSX1", "EthnicGroup", "Black").Interval;
        var white = _data.Value("STILLBIRTH_RATE", "LMNSX1", "EthnicGroup", "White").Interval;
        var ratio = black.Value / white.Value;
        Assert.InRange(ratio, 1.4, 2.8);
        Assert.True(black.Lower > white.Value, $"Black {black} against White {white}");
    }

    private static void AssertContains(double expected, IndicatorValue value) =>
        Assert.True(value.Interval.Lower <= expected && expected <= value.Interval.Upper,
            $"{value.Definition.Id}: {expected} outside {value.Interval.Lower:F3}-{value.Interval.Upper:F3} (value {value.Interval.Value:F3}, {value.Numerator}/{value.Denominator})");
}

public sealed class KnownEffectsCatalogueTests(KnownEffectsTests.Generated data) : IClassFixture<KnownEffectsTests.Generated>
{
    [Fact]
    public void SmokingAtDeliveryFallsAcrossDeprivationDecilesAsGenerated()
    {
        for (var decile = 1; decile <= 10; decile++)
        {
            var value = data.Value("SATOD", "LMNSX1", "ImdDecile", decile.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var expected = KnownEffects.SmokingAtDelivery(decile) * 100;
            Assert.True(value.Interval.Lower <= expected && expected <= value.Interval.Upper, $"decile {decile}: {expected} outside {value.Interval}");
        }
    }

    [Fact]
    public void SlopeIndexOfSmokingAtDeliveryIsTheGeneratedGradient()
    {
        var definition = Catalogue.Find("SATOD")!;
        var results = IndicatorAnalysis.Compute(definition, IndicatorEngine.Read(data.Store.Database, TestAccess.Admin, "SATOD", "LMNSX1", "ImdDecile"), PeriodType.FinancialYear);
        var (_, _, gradient) = IndicatorAnalysis.DecileGradient(results.Where(r => r.PeriodStart == new DateOnly(2025, 4, 1))).Single();
        // Rates fall linearly by 17 points from decile 1 to decile 10; over the population rank the slope is about -17 to -20 points.
        Assert.InRange(gradient.Sii.Value, -22, -15);
        Assert.True(gradient.Sii.Upper < 0);
        Assert.True(gradient.Rii.Value < 0.4);
    }

    [Fact]
    public void ExtremePretermBirthsAreMostlyAtTheLevel3Unit()
    {
        var value = data.Value("EXTREME_PRETERM_LEVEL3", "LMNSX1", "Total", "Total");
        // 80% are moved to the level 3 site; X1A's own share of the rest lands there too (half of X1A's births are at X1A01).
        Assert.InRange(value.Interval.Value, 80, 90);
    }
}
