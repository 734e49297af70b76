using System.Collections.Concurrent;
using Dapper;
using Maternity.Ingest;
using Maternity.Storage;
using Maternity.Tests.Ingest;

namespace Maternity.Tests.Storage;

/// <summary>Several instances over one store: migrations run once, and readers never see half a submission.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void InstancesStartingTogetherApplyEachMigrationOnce()
    {
        // The store is migrated already; drop its record and tables so that four instances race to build it again.
        using (var connection = _store.Database.Open())
        {
            var tables = connection.Query<string>(_store.Database.Dialect.IsPostgreSql
                ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").ToList();
            foreach (var table in tables) connection.Execute($"DROP TABLE {table}");
        }

        var applied = new ConcurrentBag<int>();
        Parallel.For(0, 4, _ =>
        {
            foreach (var version in Migrator.Migrate(_store.Database)) applied.Add(version);
        });

        var known = Migrator.For(_store.Database.Dialect);
        Assert.Equal(known.Select(m => m.Version).Order(), applied.Order());
        Assert.Equal(known.Count, _store.Scalar("SELECT count(*) FROM schema_version"));
        // A migration for one engine applies to that engine only (0025 drops an index DuckDB does not need).
        Assert.Equal(!_store.Database.Dialect.IsPostgreSql, known.Any(m => m.Name == "0025_counts_scanned.duckdb"));
    }

    [Fact]
    public async Task ReadersSeeTheOldSubmissionOrTheNewOneNeverHalf()
    {
        IngestFixture.LoadParents(_store);
        const int big = 150_000;
        var path = Path.Combine(_store.Directory, "MSD101PregnancyBooking.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate\n");
            for (var i = 0; i < big; i++) writer.Write($"X1A,2024-09-01,Q{i},M1,2024-09-10\n");
        }
        var seen = new ConcurrentBag<long>();
        using var done = new CancellationTokenSource();
        using var reading = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            using var connection = _store.Database.Open();
            while (!done.IsCancellationRequested)
            {
                using (_store.Database.Reading())
                    seen.Add(connection.ExecuteScalar<long>("SELECT count(PregnancyID) FROM MSD101PregnancyBooking WHERE RPStartDate = DATE '2024-09-01' AND LPIDMother = 'M1' OR (RPStartDate = DATE '2024-09-01' AND LPIDMother <> 'M1')"));
                reading.Set();
            }
        });

        // The reader is reading before the resubmission starts (on a busy machine its first read could otherwise come after).
        Assert.True(reading.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the reader never read");
        var report = Ingester.Ingest(_store.Database, path);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await done.CancelAsync();
        await reader;

        Assert.Equal(big, report.RowsLoaded);
        Assert.Contains(3L, seen);
        Assert.Contains((long)big, seen);
        Assert.All(seen, count => Assert.True(count is 3 or big, $"a reader saw {count} rows"));
    }
}
