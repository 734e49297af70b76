using System.Diagnostics;
using Dapper;

namespace Maternity.Tests.Ingest;

/// <summary>
/// A resubmission killed (SIGKILL) at any moment, the commit included, leaves the store holding exactly the previous
/// submission or exactly the new one: rows, quarantine, submission bookkeeping, load runs and audit entries agree.
/// </summary>
public sealed class KillDuringCommitTests : IDisposable
{
    // Loads are started until this many were killed while still running (a load that finished first proves less).
    private const int Kills = 24;
    private const int MaxLoads = 60;
    private static readonly int[] Rows = [200_000, 150_000];
    private readonly TestStore _store = new();
    private readonly ITestOutputHelper _output = TestContext.Current.TestOutputHelper!;

    public void Dispose() => _store.Dispose();

    [Fact]
    public void AResubmissionKilledAtAnyMomentLeavesExactlyTheOldOrTheNewSubmission()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        IngestFixture.LoadParents(_store);
        // Two versions of X1A's September bookings, told apart by their size; each has some rows quarantined.
        var versions = new[] { Bookings("a", Rows[0]), Bookings("b", Rows[1]) };
        // How long a whole load takes here (DuckDB or PostgreSQL, a quiet or a busy machine): random kills are spread
        // over it and a little past it, so they land before, during and after the commit wherever the test runs.
        var whole = Stopwatch.StartNew();
        Load(cli!, versions[0]);
        var loadMs = (int)Math.Max(600, whole.ElapsedMilliseconds);
        var state = Check(expected: null);
        Assert.Equal(0, state);

        var random = new Random(18);
        var wal = Path.Combine(_store.Directory, "maternity.duckdb.wal");
        var clock = Stopwatch.StartNew();
        var outcomes = new int[2];
        var killed = 0;
        var load = 0;
        for (; load < MaxLoads && killed < Kills; load++)
        {
            var next = 1 - state;
            var started = Stopwatch.StartNew();
            using var process = Start(cli!, versions[next]);
            long exitedAfter = -1;
            process.Exited += (_, _) => Interlocked.Exchange(ref exitedAfter, started.ElapsedMilliseconds);
            process.EnableRaisingEvents = true;
            // Half the kills land at a random moment of the whole run; the other half just after the commit starts
            // writing (the DuckDB write-ahead log appears), where a split commit would show.
            if (load % 2 == 0 || _store.ConnectionString is not null)
            {
                // On a busy machine a load can take longer than the one timed, so the kills reach past it too.
                Thread.Sleep(random.Next(loadMs / 5, loadMs * 3 / 2));
            }
            else
            {
                var waited = Stopwatch.StartNew();
                while (!process.HasExited && !(File.Exists(wal) && new FileInfo(wal).Length > 0) && waited.ElapsedMilliseconds < 10_000) Thread.Sleep(2);
                Thread.Sleep(random.Next(0, 250));
            }
            var finished = process.HasExited;
            if (!finished) killed++;
            // The machine can get quieter (or busier) while the test runs: a load that finished before its kill says how
            // long a load takes now, and the next random kills are spread over that instead of the first timing.
            else loadMs = (int)Math.Max(600, Interlocked.Read(ref exitedAfter) is >= 0 and var ms ? ms : started.ElapsedMilliseconds);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            state = Check(expected: null);
            outcomes[state == next ? 1 : 0]++;
            _output.WriteLine($"load {load}: {(finished ? "finished before the kill" : "killed")}, store holds version {(state == next ? "new" : "old")}");
        }
        _output.WriteLine($"{load} loads, {killed} killed while running, in {clock.Elapsed.TotalSeconds:F0} s: " +
            $"{outcomes[0]} left the old submission, {outcomes[1]} the new");
        // The kills must have hit running loads on both sides of the commit, or the test proved nothing.
        Assert.True(killed >= Kills, $"only {killed} of {load} loads were still running when killed");
        Assert.True(outcomes[0] > 0 && outcomes[1] > 0, $"old {outcomes[0]}, new {outcomes[1]}");
    }

    private string Bookings(string version, int rows)
    {
        var path = Path.Combine(_store.Directory, $"bookings-{version}", "MSD101PregnancyBooking.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path);
        writer.Write("OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate,GestAgeBooking,ComplexSocialFactorsInd\n");
        for (var i = 0; i < rows; i++) writer.Write($"X1A,2024-09-01,{version}{i},M{1 + i % 3},2024-09-10,{(i % 1000 == 0 ? "x" : "70")},N\n");
        return path;
    }

    private Process Start(string cli, string path)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", [cli, "ingest", path, .. TestCli.StoreArguments(_store)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Load(string cli, string path)
    {
        var (exit, output) = TestCli.Run(cli, ["ingest", path, .. TestCli.StoreArguments(_store)]);
        Assert.True(exit is 0 or 3, output);
    }

    /// <summary>Which version the store holds (0 or 1), failing unless everything about the submission agrees on one.</summary>
    private int Check(int? expected)
    {
        using var connection = _store.Database.Open();
        var rows = connection.Query<(string Prefix, long N)>("""
            SELECT substr(PregnancyID, 1, 1), count(*) FROM MSD101PregnancyBooking
            WHERE OrgCodeProvider = 'X1A' AND RPStartDate = DATE '2024-09-01' GROUP BY 1
            """).ToList();
        Assert.True(rows.Count == 1, $"the store holds bookings of {rows.Count} versions at once: {string.Join(", ", rows)}");
        var version = rows[0].Prefix == "a" ? 0 : 1;
        if (expected is { } e) Assert.Equal(e, version);
        // Every thousandth row has a bad gestation and is quarantined.
        var bad = (long)Rows[version] / 1000;
        var good = Rows[version] - bad;
        Assert.Equal(good, rows[0].N);
        var quarantined = connection.ExecuteScalar<long>("""
            SELECT count(DISTINCT row_number) FROM quarantine WHERE table_name = 'MSD101PregnancyBooking' AND org_code = 'X1A' AND rp_start_date = DATE '2024-09-01'
            """);
        Assert.Equal(bad, quarantined);
        var submission = connection.QuerySingle<(long RunId, long Loaded, long Quarantined)>("""
            SELECT run_id, rows_loaded, rows_quarantined FROM submission
            WHERE table_name = 'MSD101PregnancyBooking' AND org_code = 'X1A' AND rp_start_date = DATE '2024-09-01'
            """);
        Assert.Equal((good, bad), (submission.Loaded, submission.Quarantined));
        var run = connection.QuerySingle<(long RunId, long Loaded, string File)>("SELECT run_id, rows_loaded, file_name FROM ingest_run ORDER BY run_id DESC LIMIT 1");
        Assert.Equal((submission.RunId, good), (run.RunId, run.Loaded));
        // Every load that committed has its audit entry, and no entry speaks of a load that did not commit.
        var runs = connection.ExecuteScalar<long>("SELECT count(*) FROM ingest_run");
        var audited = connection.ExecuteScalar<long>("SELECT count(*) FROM audit_log WHERE action_name = 'ingest'");
        Assert.Equal(runs, audited);
        return version;
    }
}
