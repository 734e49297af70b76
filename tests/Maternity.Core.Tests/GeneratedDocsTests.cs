using Maternity.Indicators;
using Maternity.Ingest;

namespace Maternity.Tests;

/// <summary>The reference documents in docs/ are generated from the code; these fail when someone edits one side only.</summary>
public sealed class GeneratedDocsTests
{
    [Fact]
    public void DataModelDocumentIsUpToDate() => AssertCurrent("data-model.md", DataModelDocument.Markdown());

    [Fact]
    public void IndicatorDocumentIsUpToDate() => AssertCurrent("indicators.md", IndicatorDocument.Markdown());

    private static void AssertCurrent(string name, string generated)
    {
        var path = RepositoryFile(Path.Combine("docs", name));
        Assert.SkipWhen(path is null, "docs/ is not above the test output (tests run outside the checkout)");
        Assert.True(File.ReadAllText(path!) == generated, $"docs/{name} is out of date: run 'dotnet run --project src/Maternity.Cli -- docs'");
    }

    private static string? RepositoryFile(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Maternity.slnx"))) return Path.Combine(d.FullName, relative);
        }
        return null;
    }
}
