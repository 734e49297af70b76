using Maternity.Indicators;
using Maternity.Quality;
using Maternity.Security;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Synthetic;

namespace Maternity.Tests.Security;

/// <summary>What each role gets from the Core functions that read records and counts.</summary>
public sealed class AccessTests(AccessTests.Small data) : IClassFixture<AccessTests.Small>
{
    /// <summary>A small generated LMNS: four trusts, three months.</summary>
    public sealed class Small : IDisposable
    {
        public Small()
        {
            Store.LoadSynthetic(4_800, 3, seed: 3);
        }

        public TestStore Store { get; } = new();

        public void Dispose() => Store.Dispose();
    }

    private Access As(Role role, params string[] orgs) => Access.Resolve(data.Store.Database, role.ToString(), role, orgs);

    [Fact]
    public void ATrustUserSeesItsOwnRecordsAndExactCountsAndOthersOnlySuppressed()
    {
        var trust = As(Role.TrustUser, "X1A");
        Assert.True(trust.SeesRecordsOf("X1A"));
        Assert.False(trust.SeesRecordsOf("X1B"));
        Assert.False(trust.SeesRecordsOf("LMNSX1"));
        var month = IndicatorEngine.Read(data.Store.Database, TestAccess.Admin, "DQ_ETHNICITY_VALID", "X1A", "Total").First(c => c.Numerator < c.Denominator).PeriodStart;
        using var writer = new StringWriter();
        Assert.True(Scorecard.WriteRecordsToFix(data.Store.Database, trust, "X1A", month, writer) > 0);
        Assert.All(writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), line => Assert.StartsWith("X1A,", line, StringComparison.Ordinal));
        var denied = Assert.Throws<AccessDeniedException>(() => Scorecard.WriteRecordsToFix(data.Store.Database, trust, "X1B", month, new StringWriter()));
        Assert.Contains("X1B", denied.Message, StringComparison.Ordinal);
        Assert.Throws<AccessDeniedException>(() => Maternity.Returns.TrustReturn.Export(data.Store.Database, trust, "X1B", month).ToList());

        var exact = IndicatorEngine.Read(data.Store.Database, TestAccess.Admin, "SATOD");
        var seen = IndicatorEngine.Read(data.Store.Database, trust, "SATOD");
        // Tables that would let a small count be worked out are withheld (Disclosure), never the trust's own; others'
        // tables are audited together across trusts, sites and breakdowns, so many of them are withheld.
        Assert.InRange(seen.Count, exact.Count(c => c.OrgCode.StartsWith("X1A", StringComparison.Ordinal)), exact.Count);
        // Its trust and the trust's sites exact; the LMNS and other trusts suppressed.
        Assert.Equal(exact.Where(c => c.OrgCode.StartsWith("X1A", StringComparison.Ordinal)), seen.Where(c => c.OrgCode.StartsWith("X1A", StringComparison.Ordinal)));
        Assert.All(seen.Where(c => !c.OrgCode.StartsWith("X1A", StringComparison.Ordinal)), c => Assert.Equal(("suppressed", 0L, 0L), (c.Exactness, c.Numerator % 5, c.Denominator % 5)));
        Assert.Contains(exact, c => !c.OrgCode.StartsWith("X1A", StringComparison.Ordinal) && c.Numerator % 5 != 0);
    }

    [Fact]
    public void AnAnalystSeesTheTrustsOfItsLmnsAndAViewerNothingRecordLevel()
    {
        var analyst = As(Role.Analyst, "LMNSX1");
        Assert.All(new[] { "LMNSX1", "X1A", "X1B", "X1C", "X1D" }, o => Assert.True(analyst.SeesRecordsOf(o)));
        Assert.Equal(IndicatorEngine.Read(data.Store.Database, TestAccess.Admin, "PRETERM_37"), IndicatorEngine.Read(data.Store.Database, analyst, "PRETERM_37"));

        var viewer = As(Role.Viewer);
        var month = IndicatorEngine.Read(data.Store.Database, TestAccess.Admin, "SATOD", "X1A")[0].PeriodStart;
        Assert.Throws<AccessDeniedException>(() => Scorecard.WriteRecordsToFix(data.Store.Database, viewer, "X1A", month, new StringWriter()));
        Assert.Throws<AccessDeniedException>(() => CqimGates.Evaluate(data.Store.Database, viewer, new Dictionary<string, double>()));
        var counts = IndicatorEngine.Read(data.Store.Database, viewer);
        Assert.NotEmpty(counts);
        Assert.All(counts, c => Assert.True(c.Numerator % 5 == 0 && c.Denominator % 5 == 0, $"{c.IndicatorId} {c.OrgCode} {c.Numerator}/{c.Denominator}"));
        Assert.All(FieldProfile.Compute(data.Store.Database, viewer), p => Assert.True(new[] { p.Valid, p.Default, p.Invalid, p.Missing, p.Denominator }.All(n => n % 5 == 0)));
        Assert.All(Scorecard.Build(data.Store.Database, viewer).SelectMany(r => r.Criteria), c => Assert.True(c.Numerator % 5 == 0 && c.Denominator % 5 == 0));
    }

    [Fact]
    public void ThePublicSeesOnlyPublishedCounts()
    {
        var visitor = As(Role.Public);
        Assert.Empty(IndicatorEngine.Read(data.Store.Database, visitor));
        Assert.Throws<AccessDeniedException>(() => Scorecard.Build(data.Store.Database, visitor));
        Assert.Throws<AccessDeniedException>(() => FieldProfile.Compute(data.Store.Database, visitor));
        Assert.Throws<AccessDeniedException>(() => Maternity.Plans.PlanStore.Load(data.Store.Database, visitor, "LMNSX1"));
    }
}
