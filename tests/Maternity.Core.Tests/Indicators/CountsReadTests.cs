using Dapper;
using Maternity.Indicators;
using Maternity.Security;

namespace Maternity.Tests.Indicators;

/// <summary>
/// The stored counts as each caller reads them: a viewer's are the exact counts kept for every caller, put through the
/// viewer's suppression policy, identical to the policy applied to the counts read straight from the store; and the
/// reader gives back every column of every stored count as stored.
/// </summary>
public sealed class CountsReadTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void AViewersCountsAreThePolicyAppliedToTheStoredCountsAndFollowARecompute()
    {
        _store.LoadSynthetic(births: 1_200, months: 3, seed: 7);
        var database = _store.Database;
        var viewer = Access.Resolve(database, "viewer", Role.Viewer, ["LMNSX1"]);
        foreach (var id in new[] { "SATOD", "PRETERM_37" })
        {
            // Exact first (kept for every caller), then the viewer's built from those.
            var exact = IndicatorEngine.Read(database, TestAccess.Admin, id);
            var shown = IndicatorEngine.Read(database, viewer, id);
            using var connection = database.Open();
            var straight = viewer.Apply(IndicatorEngine.Read(connection, id, null, null, null));
            Assert.NotEmpty(exact);
            Assert.Contains(shown, c => c.Exactness == "suppressed");
            Assert.Equal(straight, shown);
        }

        // After a recompute that changes the counts, the viewer is shown the new ones, not those kept before.
        using (var connection = database.Open())
            connection.Execute("DELETE FROM MSD401BabyDemographics WHERE OrgCodeProvider = 'X1A'");
        IndicatorEngine.Compute(database, full: true);
        var after = IndicatorEngine.Read(database, viewer, "PRETERM_37");
        using (var connection = database.Open())
            Assert.Equal(viewer.Apply(IndicatorEngine.Read(connection, "PRETERM_37", null, null, null)), after);
        Assert.DoesNotContain(after, c => c.OrgCode == "X1A" && c.Denominator > 0);
    }

    [Fact]
    public void TheReaderGivesBackEveryStoredCountAsStored()
    {
        _store.LoadSynthetic(births: 600, months: 2, seed: 3);
        using var connection = _store.Database.Open();
        var read = IndicatorEngine.Read(connection, null, null, null, null);
        var stored = connection.Query<(string, int, string, string, string, DateTime, string, string, long, long, string, string)>("""
            SELECT indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown, group_code,
                   numerator, denominator, source, exactness
            FROM indicator_count ORDER BY indicator_id, org_level, org_code, period_start, breakdown, group_code
            """).Select(r => new IndicatorCount(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, DateOnly.FromDateTime(r.Item6),
                r.Item7, r.Item8, r.Item9, r.Item10, r.Item11, r.Item12)).ToList();
        Assert.True(stored.Count > 1000, $"{stored.Count} counts");
        Assert.Equal(stored.Count, read.Count);
        Assert.Equal(stored.ToHashSet(), read.ToHashSet());
    }
}
