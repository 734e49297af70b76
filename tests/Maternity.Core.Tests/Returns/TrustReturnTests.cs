using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Returns;
using Maternity.Synthetic;

namespace Maternity.Tests.Returns;

public sealed class TrustReturnTests : IDisposable
{
    private static readonly string[] Trusts = ["X1A", "X1B", "X1C"];
    private readonly List<TestStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }

    private TestStore NewStore()
    {
        var store = new TestStore();
        _stores.Add(store);
        OrgHierarchy.Demo.Store(store.Database);
        return store;
    }

    /// <summary>Loads the generated files, keeping only the rows of the given trusts (OrgCodeProvider is the first column).</summary>
    private static void LoadTrusts(TestStore store, string generated, GeneratorManifest manifest, params string[] trusts)
    {
        ImdImporter.Import(store.Database, Path.Combine(generated, manifest.ImdFile));
        var dir = Path.Combine(store.Directory, "input-" + string.Join("-", trusts));
        Directory.CreateDirectory(dir);
        foreach (var file in manifest.Files)
        {
            var lines = File.ReadLines(Path.Combine(generated, file)).Select((l, i) => (l, i)).Where(x => x.i == 0 || trusts.Any(t => x.l.StartsWith(t + ",", StringComparison.Ordinal))).Select(x => x.l);
            File.WriteAllLines(Path.Combine(dir, file), lines);
        }
        Ingester.IngestAll(store.Database, manifest.Files.Select(f => Path.Combine(dir, f)));
        IndicatorEngine.Compute(store.Database);
    }

    [Fact]
    public void AnLmnsFedOnlyByReturnsShowsTheSameNumbersAsOneFedTheRecords()
    {
        var direct = NewStore();
        var generated = Path.Combine(direct.Directory, "generated");
        var manifest = LmnsGenerator.Generate(new GeneratorOptions(generated, 6_000, 3));
        LoadTrusts(direct, generated, manifest, Trusts);

        var lmns = NewStore();
        var imported = 0;
        foreach (var trust in Trusts)
        {
            var instance = NewStore();
            LoadTrusts(instance, generated, manifest, trust);
            foreach (var month in IndicatorEngine.Read(instance.Database, TestAccess.Admin, null, trust).Select(c => c.PeriodStart).Distinct())
            {
                // Half the returns travel as XLSX, half as CSV.
                var path = Path.Combine(instance.Directory, $"return-{trust}-{month:yyyy-MM}.{(month.Month % 2 == 0 ? "xlsx" : "csv")}");
                TrustReturn.Write(TrustReturn.Export(instance.Database, TestAccess.Admin, trust, month), path);
                var result = TrustReturn.Import(lmns.Database, path);
                Assert.True(result.Imported, string.Join("; ", result.Issues.Take(5)));
                imported++;
            }
        }

        Assert.True(imported > 10);
        static string Key(IndicatorCount c) => $"{c.IndicatorId}|{c.OrgLevel}|{c.OrgCode}|{c.PeriodStart:yyyy-MM}|{c.Breakdown}|{c.GroupCode}|{c.Numerator}|{c.Denominator}";
        var expected = IndicatorEngine.Read(direct.Database, TestAccess.Admin).Where(c => c.OrgLevel is "Provider" or "LMNS").Select(Key).Order(StringComparer.Ordinal).ToList();
        var actual = IndicatorEngine.Read(lmns.Database, TestAccess.Admin).Select(Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 10_000);
        Assert.Equal(expected, actual);
        Assert.All(IndicatorEngine.Read(lmns.Database, TestAccess.Admin, null, "X1A"), c => Assert.StartsWith("return X1A", c.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void AReturnWithBadCellsIsRefusedCellByCellAndChangesNothing()
    {
        var store = NewStore();
        var good = store.File("good.csv", $"""
            {TrustReturn.Header}
            X1A,2025-04,SATOD,Total,Total,10,100
            X1A,2025-04,SATOD,ImdQuintile,1,6,40
            X1A,2025-04,SATOD,ImdQuintile,5,4,60
            """);
        Assert.True(TrustReturn.Import(store.Database, good).Imported);
        var before = IndicatorEngine.Read(store.Database, TestAccess.Admin).Count;

        var bad = store.File("bad.csv", $"""
            {TrustReturn.Header}
            X1A,2025-04,SATOD,Total,Total,10,100
            X1A,2025-04,NO_SUCH,Total,Total,1,2
            X1A,2025-04,SATOD,ImdQuintile,9,1,2
            X1A,2025-04,SATOD,EthnicGroup,White,-1,5
            X1A,2025-04,SATOD,EthnicGroup,Black,8,5
            X1B,2025-04,SATOD,AgeBand,25-29,1,1
            X1A,April,SATOD,AgeBand,30-34,1,1
            """);
        var result = TrustReturn.Import(store.Database, bad);

        Assert.False(result.Imported);
        Assert.Contains(result.Issues, i => i.Row == 3 && i.Column == "IndicatorId");
        Assert.Contains(result.Issues, i => i.Row == 4 && i.Column == "Group");
        Assert.Contains(result.Issues, i => i.Row == 5 && i.Column == "Numerator" && i.Reason.Contains("0 or more", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Row == 6 && i.Column == "Numerator" && i.Reason.Contains("greater than the denominator", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Row == 7 && i.Column == "OrgCode");
        Assert.Contains(result.Issues, i => i.Row == 8 && i.Column == "Period");
        Assert.Equal(before, IndicatorEngine.Read(store.Database, TestAccess.Admin).Count);
        Assert.Equal(10, IndicatorEngine.Read(store.Database, TestAccess.Admin, "SATOD", "X1A", "Total").Single().Numerator);
    }

    [Theory]
    [InlineData("ZZZ9", "not an organisation of the hierarchy")]
    [InlineData("LMNSX1", "a return is for a trust, and LMNSX1 is a LMNS")]
    public void AReturnForAnOrganisationThatIsNotAKnownTrustIsRefused(string org, string reason)
    {
        var store = NewStore();
        var result = TrustReturn.Import(store.Database, store.File("unknown.csv", $"""
            {TrustReturn.Header}
            {org},2025-04,SATOD,Total,Total,10,100
            """));

        Assert.False(result.Imported);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((2L, "OrgCode", org), (issue.Row, issue.Column, issue.Value));
        Assert.Contains(reason, issue.Reason, StringComparison.Ordinal);
        Assert.Empty(IndicatorEngine.Read(store.Database, TestAccess.Admin));
    }

    [Fact]
    public void AReturnForAMonthNotYetBegunIsRefusedNamingRowAndColumn()
    {
        var store = NewStore();
        var result = TrustReturn.Import(store.Database, store.File("future.csv", $"""
            {TrustReturn.Header}
            X1A,2099-04,SATOD,Total,Total,10,100
            """));

        Assert.False(result.Imported);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((2L, "Period", "2099-04"), (issue.Row, issue.Column, issue.Value));
        Assert.Contains("after the current month", issue.Reason, StringComparison.Ordinal);
        Assert.Empty(IndicatorEngine.Read(store.Database, TestAccess.Admin));
    }

    [Fact]
    public void BreakdownsThatDoNotAddUpToTheTotalAreRefused()
    {
        var store = NewStore();
        var result = TrustReturn.Import(store.Database, store.File("sum.csv", $"""
            {TrustReturn.Header}
            X1A,2025-04,SATOD,Total,Total,10,100
            X1A,2025-04,SATOD,ImdQuintile,1,6,40
            X1A,2025-04,SATOD,ImdQuintile,5,3,60
            """));
        Assert.Contains("adds up to 9/100, but its Total row is 10/100", Assert.Single(result.Issues).Reason, StringComparison.Ordinal);
        Assert.Empty(IndicatorEngine.Read(store.Database, TestAccess.Admin));
    }

    [Fact]
    public void ABlankTemplateListsEveryIndicatorAndGroup()
    {
        using var writer = new StringWriter();
        var rows = TrustReturn.WriteCsv(TrustReturn.Template("X1A", new DateOnly(2025, 4, 1)), writer);
        var expectedPerIndicator = TrustReturn.Groups().Sum(g => g.Groups.Count);
        Assert.Equal(Catalogue.Definitions.Count * expectedPerIndicator, rows);
        Assert.StartsWith(TrustReturn.Header, writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnXlsxReturnWithABadCellNamesTheSheetRowAndColumn()
    {
        var store = NewStore();
        var path = Path.Combine(store.Directory, "return.xlsx");
        TrustReturn.Write(
        [
            new TrustReturn.Line("X1A", "2025-04", "SATOD", "Total", "Total", "10", "100"),
            new TrustReturn.Line("X1A", "2025-04", "SATOD", "ImdQuintile", "1", "ten", "100"),
        ], path);

        var result = TrustReturn.Import(store.Database, path);

        var issue = Assert.Single(result.Issues);
        Assert.Equal((3L, "Numerator"), (issue.Row, issue.Column));
        Assert.StartsWith("sheet Return, ", issue.Reason, StringComparison.Ordinal);
        Assert.Empty(IndicatorEngine.Read(store.Database, TestAccess.Admin));
    }
}
