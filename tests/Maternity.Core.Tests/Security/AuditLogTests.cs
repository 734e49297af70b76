using Dapper;
using Maternity.Security;

namespace Maternity.Tests.Security;

public sealed class AuditLogTests : IDisposable
{
    private readonly TestStore _store = new();

    public AuditLogTests()
    {
        for (var i = 1; i <= 6; i++) AuditLog.Append(_store.Database, $"user{i}", "records.export", $"X1A 2025-0{i}", $"records to fix: {i * 10} rows");
    }

    public void Dispose() => _store.Dispose();

    private void Execute(string sql)
    {
        using var connection = _store.Database.Open();
        connection.Execute(sql);
    }

    [Fact]
    public void AnUntouchedTrailVerifies()
    {
        var result = AuditLog.Verify(_store.Database);
        Assert.True(result.Intact);
        Assert.Equal(6, result.Entries);
        Assert.Equal(AuditLog.List(_store.Database, TestAccess.Admin, 1)[0].Hash, result.HeadHash);
    }

    [Theory]
    [InlineData("actor = 'someone else'")]
    [InlineData("action_name = 'signin'")]
    [InlineData("target = 'X1B 2025-03'")]
    [InlineData("detail = 'records to fix: 1 rows'")]
    [InlineData("logged_at = TIMESTAMP '2020-01-01 00:00:00'")]
    [InlineData("hash = '0000000000000000000000000000000000000000000000000000000000000001'")]
    [InlineData("prev_hash = '0000000000000000000000000000000000000000000000000000000000000001'")]
    public void ChangingAnyColumnOfAnyEntryBreaksTheChainThere(string change)
    {
        Execute($"UPDATE audit_log SET {change} WHERE seq = 3");
        var result = AuditLog.Verify(_store.Database);
        Assert.False(result.Intact);
        Assert.InRange(result.BrokenAt!.Value, 3, 4);
    }

    [Fact]
    public void RemovingInsertingOrRenumberingAnEntryBreaksTheChain()
    {
        Execute("DELETE FROM audit_log WHERE seq = 2");
        Assert.Equal((false, 3L), (AuditLog.Verify(_store.Database).Intact, AuditLog.Verify(_store.Database).BrokenAt!.Value));

        using var other = new TestStore();
        AuditLog.Append(other.Database, "a", "signin", "a");
        AuditLog.Append(other.Database, "b", "signin", "b");
        using (var connection = other.Database.Open())
            connection.Execute("INSERT INTO audit_log VALUES (3, TIMESTAMP '2025-01-01 00:00:00', 'x', 'signin', 'x', '', 'forged', 'forged')");
        Assert.Equal(3, AuditLog.Verify(other.Database).BrokenAt);

        using var third = new TestStore();
        AuditLog.Append(third.Database, "a", "signin", "a");
        AuditLog.Append(third.Database, "b", "signin", "b");
        using (var connection = third.Database.Open())
        {
            connection.Execute("UPDATE audit_log SET seq = 10 WHERE seq = 1");
            connection.Execute("UPDATE audit_log SET seq = 1 WHERE seq = 2");
            connection.Execute("UPDATE audit_log SET seq = 2 WHERE seq = 10");
        }
        Assert.False(AuditLog.Verify(third.Database).Intact);
    }

    [Fact]
    public void TheVerifyCommandFailsOnceAnEntryIsChanged()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var intact = TestCli.Run(cli!, ["audit", "verify", .. TestCli.StoreArguments(_store)]);
        Assert.Equal(0, intact.Exit);
        Assert.Contains("Audit trail intact: 6 entries", intact.Output, StringComparison.Ordinal);

        Execute("UPDATE audit_log SET detail = 'records to fix: 0 rows' WHERE seq = 5");
        var broken = TestCli.Run(cli!, ["audit", "verify", .. TestCli.StoreArguments(_store)]);
        Assert.Equal(1, broken.Exit);
        Assert.Contains("broken at entry 5", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ATrailRewrittenAndHashedAgainOrCutShortFailsAgainstTheHeadNotedEarlier()
    {
        var noted = AuditLog.Verify(_store.Database).HeadHash;
        AuditLog.Append(_store.Database, "later", "signin", "later");
        Assert.True(AuditLog.Verify(_store.Database, noted).Intact, "entries added after the noted head keep it in the chain");

        // Someone with write access to the store drops the newest entries and writes their own, hashed properly.
        Execute("DELETE FROM audit_log WHERE seq >= 4");
        foreach (var who in new[] { "x", "y", "z" }) AuditLog.Append(_store.Database, who, "signin", who);
        Assert.True(AuditLog.Verify(_store.Database).Intact, "a rewritten chain is whole on its own");
        var rewritten = AuditLog.Verify(_store.Database, noted);
        Assert.False(rewritten.Intact);
        Assert.Contains("is the hash of no entry", rewritten.Problem, StringComparison.Ordinal);

        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var run = TestCli.Run(cli!, ["audit", "verify", "--head", noted, .. TestCli.StoreArguments(_store)]);
        Assert.Equal(1, run.Exit);
        Assert.Contains("not as noted", run.Output, StringComparison.Ordinal);
        var now = AuditLog.Verify(_store.Database).HeadHash;
        Assert.Equal(0, TestCli.Run(cli!, ["audit", "verify", "--head", now, .. TestCli.StoreArguments(_store)]).Exit);
    }

    [Fact]
    public void OnlyAnAdminMayReadTheTrail()
    {
        Assert.Throws<AccessDeniedException>(() => AuditLog.List(_store.Database, new Access("v", Role.Viewer, [], new HashSet<string>())));
        Assert.Throws<AccessDeniedException>(() => AuditLog.List(_store.Database, new Access("a", Role.Analyst, ["LMNSX1"], new HashSet<string> { "LMNSX1" })));
    }
}
