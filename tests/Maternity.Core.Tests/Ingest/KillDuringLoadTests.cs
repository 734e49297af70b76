using System.Diagnostics;
using Maternity.Ingest;

namespace Maternity.Tests.Ingest;

/// <summary>A <c>maternity ingest</c> process killed in the middle of a load leaves the store as it was before.</summary>
public sealed class KillDuringLoadTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void KilledLoadLeavesThePreviousStateIntact()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        IngestFixture.LoadParents(_store);
        var before = Snapshot();
        var path = Path.Combine(_store.Directory, "MSD101PregnancyBooking.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate,GestAgeBooking,ComplexSocialFactorsInd\n");
            for (var i = 0; i < 2_000_000; i++) writer.Write($"X1A,2024-09-01,Q{i},M1,2024-09-10,70,N\n");
        }

        string[] arguments = [cli!, "ingest", path, .. TestCli.StoreArguments(_store)];
        using var process = Process.Start(new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Thread.Sleep(2500);
        Assert.False(process.HasExited, "the load finished before it could be killed; make the file larger");
        process.Kill(entireProcessTree: true);
        process.WaitForExit();

        Assert.Equal(before, Snapshot());
        // The store is still usable: the same file loads in full afterwards.
        var report = Ingester.Ingest(_store.Database, _store.File("MSD101PregnancyBooking_small.csv", IngestFixture.Bookings));
        Assert.Equal(3, report.RowsLoaded);
    }

    private string Snapshot() =>
        $"{_store.Scalar("SELECT count(*) FROM MSD101PregnancyBooking")}/{_store.Scalar("SELECT count(*) FROM ingest_run")}/{_store.Scalar("SELECT count(*) FROM submission")}/{_store.Scalar("SELECT count(*) FROM quarantine")}";
}
