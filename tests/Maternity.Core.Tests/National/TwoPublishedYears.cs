using Maternity.Returns;

namespace Maternity.Tests.National;

/// <summary>
/// A fresh store holding the real 2021-22 and 2022-23 annual files (../shared/data), loaded through the product's own
/// importer; <see cref="Require"/> skips a test where the files are not beside the checkout (CI provides them).
/// </summary>
public sealed class TwoPublishedYears : IDisposable
{
    private readonly bool _loaded;

    public TwoPublishedYears()
    {
        var files = new[] { "hosp-epis-stat-mat-msdscsv-2021-22.csv", "hosp-epis-stat-mat-msdscsv-2022-23.csv" }.Select(SharedData.Find).ToList();
        if (files.Any(f => f is null)) return;
        foreach (var file in files) NationalStatistics.Import(Store.Database, file!);
        _loaded = true;
    }

    public TestStore Store { get; } = new();

    public void Require() =>
        Assert.SkipWhen(!_loaded, "the 2021-22 and 2022-23 annual files are not beside the checkout (../shared/data); CI provides them");

    public void Dispose() => Store.Dispose();
}
