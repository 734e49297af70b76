using System.Diagnostics;
using Dapper;
using Maternity.Storage;

namespace Maternity.Tests.Storage;

/// <summary>
/// The command line and another program on one store: while `maternity ingest` loads, the embedded store (one
/// process at a time) makes the other side wait and then say plainly that a load holds it, never a raw engine error;
/// once the load ends the store opens with the load in it. On PostgreSQL a reader is never kept waiting.
/// </summary>
public sealed class StoreBusyTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void WhileALoadRunsAnotherProgramWaitsThenIsToldTheStoreIsBusyAndOpensItAfterwards()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        Ingest.IngestFixture.LoadParents(_store);
        var path = Path.Combine(_store.Directory, "load", "MSD101PregnancyBooking.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var writer = new StreamWriter(path))
        {
            writer.Write("OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate,GestAgeBooking,ComplexSocialFactorsInd\n");
            for (var i = 0; i < 400_000; i++) writer.Write($"X1A,2024-09-01,P{i},M{1 + i % 3},2024-09-10,70,N\n");
        }
        using var load = Process.Start(new ProcessStartInfo("dotnet", [cli!, "ingest", path, .. TestCli.StoreArguments(_store)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        load.OutputDataReceived += (_, _) => { };
        load.ErrorDataReceived += (_, _) => { };
        load.BeginOutputReadLine();
        load.BeginErrorReadLine();

        // This test's side waits only briefly, so it sees the load holding the store rather than outwaiting it.
        var other = _store.Database;
        other.BusyWait = TimeSpan.FromMilliseconds(200);
        StoreBusyException? busy = null;
        var clock = Stopwatch.StartNew();
        while (!load.HasExited && busy is null && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var connection = other.Open();
                connection.ExecuteScalar<long>("SELECT count(*) FROM submission");
                Thread.Sleep(20);
            }
            catch (StoreBusyException e)
            {
                busy = e;
            }
        }
        load.WaitForExit();
        Assert.True(load.ExitCode is 0 or 3, $"the load ended with {load.ExitCode}");
        if (_store.ConnectionString is null)
        {
            Assert.NotNull(busy);
            Assert.Contains(_store.Directory, busy.Message, StringComparison.Ordinal);
            Assert.Contains("is in use by another Maternity Equity program", busy.Message, StringComparison.Ordinal);
            Assert.Contains("try again", busy.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(busy);
        }
        using var after = other.Open();
        Assert.Equal(400_000L, after.ExecuteScalar<long>("SELECT count(*) FROM MSD101PregnancyBooking WHERE OrgCodeProvider = 'X1A'"));
    }

    [Fact]
    public void AStoreKeptOpenBetweenRequestsIsLetGoOnceIdleSoACommandCanOpenIt()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        // As the web server does: requests in a row share the open store, which is let go after a quiet spell.
        var database = _store.Database;
        database.KeepOpen = TimeSpan.FromSeconds(4);
        using (var connection = database.Open()) Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT 1"));
        Dictionary<string, string> noWait = new() { ["MATERNITY_STORE_WAIT"] = "0" };

        var kept = TestCli.RunWith(noWait, cli!, ["users", "list", .. TestCli.StoreArguments(_store)]);
        if (_store.ConnectionString is not null)
        {
            // PostgreSQL is never held by one process: the command opens the store at once.
            Assert.True(kept.Exit == 0, kept.Output);
            return;
        }

        // The request's connection is closed, but the embedded store is still held: a command that will not wait is told so.
        Assert.NotEqual(0, kept.Exit);
        Assert.Contains("is in use by another Maternity Equity program", kept.Output, StringComparison.Ordinal);

        // Idle for longer than twice the time kept (the check runs once per that time): the command opens the store.
        Thread.Sleep(TimeSpan.FromSeconds(9));
        var idle = TestCli.RunWith(noWait, cli!, ["users", "list", .. TestCli.StoreArguments(_store)]);
        Assert.True(idle.Exit == 0, idle.Output);
    }
}
