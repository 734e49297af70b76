using Maternity.Reference;

namespace Maternity.Tests.Reference;

public sealed class ImdImporterTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private const string Header = "\uFEFFLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile";

    [Fact]
    public void ReadsTheOfficialLayoutWithQuotedThousandsAndBom()
    {
        var file = _store.File("imd.csv", $"""
            {Header}
            E01000001,City of London 001A,E09000001,City of London,"29,199",9
            E01000005,City of London 001E,E09000001,City of London,"14,486",5
            E01000006,"Barking and Dagenham 016A",E09000002,"Bristol, City of",422,1
            """);

        var result = ImdImporter.Import(_store.Database, file);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(3, result.Rows);
        Assert.Equal(29_199, _store.Scalar("SELECT imd_rank FROM imd_lsoa WHERE lsoa_code = 'E01000001'"));
        Assert.Equal(1, _store.Scalar("SELECT imd_decile FROM imd_lsoa WHERE lsoa_code = 'E01000006'"));
    }

    [Fact]
    public void BadRowRefusesTheWholeFileAndKeepsTheEditionLoaded()
    {
        ImdImporter.Import(_store.Database, _store.File("good.csv", $"{Header}\nE01000001,A,E09000001,X,\"29,199\",9\n"));

        var result = ImdImporter.Import(_store.Database, _store.File("bad.csv", $"{Header}\nE01000002,A,E09000001,X,100,1\nE0100000X,B,E09000001,X,200,11\n"));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Contains("bad.csv row 3", StringComparison.Ordinal));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM imd_lsoa"));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM imd_lsoa WHERE lsoa_code = 'E01000001'"));
    }

    [Fact]
    public void FileWithoutTheImdColumnsIsRefused()
    {
        var result = ImdImporter.Import(_store.Database, _store.File("other.csv", "code,value\nE01000001,3\n"));
        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Contains("LSOA code", StringComparison.Ordinal));
    }

    /// <summary>The published IMD 2019 File 1 (in ../shared/data beside the checkout in CI) through the product's importer.</summary>
    [Fact]
    public void ImportsThePublishedImd2019File()
    {
        var path = SharedData.Find("IMD2019.csv");
        Assert.SkipWhen(path is null, "the published IMD2019.csv is not beside the checkout (../shared/data); CI provides it");

        var result = ImdImporter.Import(_store.Database, path!);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(32_844, result.Rows);
        Assert.Equal(1, _store.Scalar("SELECT imd_rank FROM imd_lsoa WHERE lsoa_code = 'E01021988'"));
        Assert.Equal(32_844, _store.Scalar("SELECT imd_rank FROM imd_lsoa WHERE lsoa_code = 'E01017787'"));
        Assert.Equal(2852, _store.Scalar("SELECT imd_rank FROM imd_lsoa WHERE lsoa_code = 'E01013651'"));
        Assert.Equal(2852, _store.Scalar("SELECT imd_rank FROM imd_lsoa WHERE lsoa_code = 'E01020912'"));
        Assert.Equal(3_284, _store.Scalar("SELECT min(n) FROM (SELECT count(*) AS n FROM imd_lsoa GROUP BY imd_decile) d"));
    }
}
