using System.Security.Cryptography;
using Maternity.Ingest;
using Maternity.Synthetic;

namespace Maternity.Tests.Synthetic;

public sealed class GeneratorTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void SameSeedGivesTheSameFilesByteForByte()
    {
        var a = LmnsGenerator.Generate(new GeneratorOptions(Path.Combine(_store.Directory, "a"), 2_400, 3, Seed: 7));
        var b = LmnsGenerator.Generate(new GeneratorOptions(Path.Combine(_store.Directory, "b"), 2_400, 3, Seed: 7));
        var c = LmnsGenerator.Generate(new GeneratorOptions(Path.Combine(_store.Directory, "c"), 2_400, 3, Seed: 8));

        foreach (var file in a.Files.Append(a.ImdFile))
        {
            Assert.Equal(Hash("a", file), Hash("b", file));
        }
        Assert.NotEqual(Hash("a", "MSD401BabyDemographics.csv"), Hash("c", "MSD401BabyDemographics.csv"));
        Assert.Equal(a.RowsWritten, b.RowsWritten);
    }

    [Fact]
    public void IngestRejectsExactlyTheRowsTheGeneratorBroke()
    {
        var dir = Path.Combine(_store.Directory, "gen");
        var manifest = LmnsGenerator.Generate(new GeneratorOptions(dir, 12_000, 6, InvalidRowRate: 0.005));
        Assert.True(manifest.DefectsInjected.Values.Sum() > 20);

        var reports = Ingester.IngestAll(_store.Database, manifest.Files.Select(f => Path.Combine(dir, f)));

        foreach (var report in reports)
        {
            Assert.Equal(manifest.RowsWritten[report.Table], report.RowsRead);
            Assert.Equal(report.RowsRead, report.RowsLoaded + report.RowsQuarantined);
            Assert.Equal(manifest.ExpectedQuarantined[report.Table], report.RowsQuarantined);
        }
    }

    private string Hash(string run, string file) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(_store.Directory, run, file))));
}
