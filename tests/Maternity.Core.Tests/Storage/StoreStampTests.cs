using Dapper;
using Maternity.Reference;
using Maternity.Security;

namespace Maternity.Tests.Storage;

/// <summary>
/// What pages keep between requests (the organisations, a token and its user) is answered without a query only while the
/// store is unchanged: a write by any path, with or without the commit gate, by this program or another, is seen at once.
/// </summary>
public sealed class StoreStampTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void AnOrganisationAddedBehindTheGateIsSeenByTheNextRead()
    {
        var database = _store.Database;
        database.KeepOpen = TimeSpan.FromSeconds(30);
        Assert.Empty(OrgHierarchy.Read(database).Orgs);
        var stamp = database.Stamp();
        if (_store.ConnectionString is null)
        {
            // Unchanged: kept, not read again (PostgreSQL has no stamp; each read asks the server).
            Assert.Same(OrgHierarchy.Read(database), OrgHierarchy.Read(database));
            Assert.Equal(stamp, database.Stamp());
        }
        else Assert.Null(stamp);

        // A plain statement on its own connection, not through the write gate: only the store's files tell of it.
        using (var connection = database.Open())
            connection.Execute("INSERT INTO org (org_code, org_name, org_type, parent_code) VALUES ('LMNS1', 'Test LMNS', 'LMNS', NULL)");
        if (_store.ConnectionString is null) Assert.NotEqual(stamp, database.Stamp());
        Assert.Equal("LMNS1", Assert.Single(OrgHierarchy.Read(database).Orgs).Code);
        Assert.Equal("LMNS1", OrgHierarchy.Read(database).LmnsOf("LMNS1"));
    }

    [Fact]
    public void ARevokedTokenOrDisabledUserIsRefusedOnTheNextRequest()
    {
        var database = _store.Database;
        database.KeepOpen = TimeSpan.FromSeconds(30);
        var admin = Access.System("test");
        Users.Add(database, admin, "root", Role.Admin, [], "a long enough password 0");
        Users.Add(database, admin, "ana", Role.Analyst, ["LMNSX1"], "a long enough password 1");
        var (secret, token) = Users.CreateToken(database, admin, "ana", "script", DateTime.UtcNow.AddDays(1));
        Assert.NotNull(Users.Authenticate(database, secret));
        Assert.NotNull(Users.Authenticate(database, secret));
        Users.RevokeToken(database, admin, token.Id);
        Assert.Null(Users.Authenticate(database, secret));

        var (second, _) = Users.CreateToken(database, admin, "ana", "script 2", DateTime.UtcNow.AddDays(1));
        Assert.NotNull(Users.Authenticate(database, second));
        Users.SetDisabled(database, admin, "ana", true);
        Assert.Null(Users.Authenticate(database, second));
    }

    [Fact]
    public void AnotherProgramsWriteIsSeenOnceTheStoreIsOpenedAgain()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var database = _store.Database;
        Assert.Empty(OrgHierarchy.Read(database).Orgs);
        var path = Path.Combine(_store.Directory, "orgs.json");
        File.WriteAllText(path, """{"orgs":[{"code":"LMNSX1","name":"LMNS X1","type":"LMNS"},{"code":"X1A","name":"Trust A","type":"Trust","parent":"LMNSX1"}]}""");
        var load = TestCli.Run(cli!, ["reference", "import-orgs", path, .. TestCli.StoreArguments(_store)]);
        Assert.True(load.Exit == 0, load.Output);
        Assert.Equal(["LMNSX1", "X1A"], OrgHierarchy.Read(database).Orgs.Select(o => o.Code));
    }
}
