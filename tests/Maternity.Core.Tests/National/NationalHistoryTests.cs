using Dapper;
using Maternity.National;
using Maternity.Returns;

namespace Maternity.Tests.National;

/// <summary>
/// A replaced national publication keeps its rows, so a revision can be compared with the load it replaced. The
/// revision is the published 2022-23 file with two cells edited by hand: R0A's smokers at booking (line 15159) from
/// 1,125 to 1,130, and R0A's missing smoking status (line 15160) removed.
/// </summary>
public sealed class NationalHistoryTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private static string? Published() => SharedData.Find("hosp-epis-stat-mat-msdscsv-2022-23.csv");

    private string Revised(string published)
    {
        var lines = File.ReadAllLines(published).ToList();
        Assert.Equal("2022-23,SmokingStatusGroupBooking,Provider,R0A,MANCHESTER UNIVERSITY NHS FOUNDATION TRUST,Smoker,Deliveries,1125", lines[15158]);
        Assert.StartsWith("2022-23,SmokingStatusGroupBooking,Provider,R0A,MANCHESTER UNIVERSITY NHS FOUNDATION TRUST,Missing value", lines[15159], StringComparison.Ordinal);
        lines[15158] = lines[15158][..^4] + "1130";
        lines.RemoveAt(15159);
        return _store.File("msds-2022-23-revised.csv", string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void ARevisionKeepsTheReplacedRowsAndListsWhatChanged()
    {
        var published = Published();
        Assert.SkipWhen(published is null, "hosp-epis-stat-mat-msdscsv-2022-23.csv is not beside the checkout (../shared/data); CI provides it");
        NationalStatistics.Import(_store.Database, published!);
        NationalStatistics.Import(_store.Database, Revised(published!));

        var load = Assert.Single(NationalHistory.Loads(_store.Database));
        Assert.Equal(("2022-23", "hosp-epis-stat-mat-msdscsv-2022-23.csv", "msds-2022-23-revised.csv"), (load.Label, load.File, load.ReplacedBy));
        Assert.Equal((15_785L, 15_785L), (load.Rows, load.RowsKept));
        using (var connection = _store.Database.Open())
            Assert.Equal(15_784L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM national_count"));

        var c = NationalHistory.Compare(_store.Database, load);
        Assert.Equal("the current load", c.Against);
        var changed = Assert.Single(c.Changed);
        Assert.Equal(("SmokingStatusGroupBooking", "Smoker", "R0A", 1_125L, 1_130L), (changed.Dimension, changed.Category, changed.Org, changed.Before, changed.After));
        var removed = Assert.Single(c.Removed);
        Assert.Equal((NationalMapping.Missing, "R0A", 3_735L, false), (removed.Category, removed.Org, removed.Before, removed.AfterPresent));
        Assert.Empty(c.Added);
        Assert.Equal(15_783L, c.Unchanged);
    }

    [Fact]
    public void TheHistoryCommandListsTheReplacedLoadAndItsChangedCells()
    {
        var published = Published();
        Assert.SkipWhen(published is null, "hosp-epis-stat-mat-msdscsv-2022-23.csv is not beside the checkout (../shared/data); CI provides it");
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        NationalStatistics.Import(_store.Database, published!);
        NationalStatistics.Import(_store.Database, Revised(published!));

        var run = TestCli.Run(cli!, ["national", "history", "--year", "2022-23", .. TestCli.StoreArguments(_store)]);
        Assert.True(run.Exit == 0, run.Output);
        // The console wraps long lines at its width: compare with the line breaks taken out.
        var output = System.Text.RegularExpressions.Regex.Replace(run.Output, @"\s+", " ");
        Assert.Contains("2022-23 (annual): hosp-epis-stat-mat-msdscsv-2022-23.csv", output, StringComparison.Ordinal);
        Assert.Contains("15,785 of 15,785 rows kept", output, StringComparison.Ordinal);
        Assert.Contains("15,783 cells unchanged, 1 changed, 0 added, 1 removed", output, StringComparison.Ordinal);
        Assert.Contains("changed: SmokingStatusGroupBooking / Smoker, R0A", output, StringComparison.Ordinal);
        Assert.Contains("1,125 -> 1,130", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AReplacedLoadIsComparedWithTheLoadThatReplacedItNotTheLatest()
    {
        var published = Published();
        Assert.SkipWhen(published is null, "hosp-epis-stat-mat-msdscsv-2022-23.csv is not beside the checkout (../shared/data); CI provides it");
        NationalStatistics.Import(_store.Database, published!);
        NationalStatistics.Import(_store.Database, Revised(published!));
        NationalStatistics.Import(_store.Database, published!);

        var loads = NationalHistory.Loads(_store.Database);
        Assert.Equal(["msds-2022-23-revised.csv", "hosp-epis-stat-mat-msdscsv-2022-23.csv"], loads.Select(l => l.File));
        // The first load against the revision that replaced it: one cell changed, one removed.
        var first = NationalHistory.Compare(_store.Database, loads[1]);
        Assert.Equal(("msds-2022-23-revised.csv", 1, 1), (first.Against, first.Changed.Count, first.Removed.Count));
        // The revision against the published file loaded again: the cell changed back, the removed one added.
        var revision = NationalHistory.Compare(_store.Database, loads[0]);
        Assert.Equal(("the current load", 1_130L, 1_125L), (revision.Against, revision.Changed.Single().Before, revision.Changed.Single().After));
        Assert.Equal(3_735L, Assert.Single(revision.Added).After);
    }
}
