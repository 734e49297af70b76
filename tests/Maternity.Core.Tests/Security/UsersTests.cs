using Dapper;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Tests.Security;

public sealed class UsersTests : IDisposable
{
    private const string Password = "a long enough password";
    private readonly TestStore _store = new();

    public UsersTests()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        Users.Add(_store.Database, TestAccess.Admin, "root", Role.Admin, [], Password);
        Users.Add(_store.Database, TestAccess.Admin, "tina", Role.TrustUser, ["X1A"], Password);
    }

    public void Dispose() => _store.Dispose();

    private string Stored(string sql)
    {
        using var connection = _store.Database.Open();
        return connection.ExecuteScalar<string>(sql)!;
    }

    [Fact]
    public void WrongPasswordsTriedAtOnceStillLockTheAccountAfterFive()
    {
        // Five guesses racing each other: each failure is counted, so the fifth locks however they interleave.
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<Users.SignInOutcome>();
        Parallel.For(0, Users.LockoutFailures, new ParallelOptions { MaxDegreeOfParallelism = Users.LockoutFailures },
            i => outcomes.Add(Users.SignIn(_store.Database, "tina", "guess " + i, "test").Outcome));
        Assert.NotNull(Users.Find(_store.Database, "tina")!.LockedUntil);
        Assert.Contains(Users.SignInOutcome.LockedOut, outcomes);
        Assert.Equal(Users.SignInOutcome.LockedOut, Users.SignIn(_store.Database, "tina", Password, "test").Outcome);
    }

    [Fact]
    public void ARefusedSignInSaysTheSameAndTakesAsLongWhetherOrNotTheNameExists()
    {
        Users.Add(_store.Database, TestAccess.Admin, "locked-lucy", Role.Viewer, [], Password);
        for (var i = 0; i < Users.LockoutFailures; i++) Users.SignIn(_store.Database, "locked-lucy", "wrong " + i, "test");
        var answers = new[] { "nobody-at-all", "tina", "locked-lucy" }.Select(n => Users.SignIn(_store.Database, n, "wrong password!!", "test")).ToList();
        Assert.Equal([Users.SignInOutcome.Failed, Users.SignInOutcome.Failed, Users.SignInOutcome.LockedOut], answers.Select(a => a.Outcome));
        Assert.All(answers, a => Assert.Equal(Users.NotSignedIn, a.Message));

        // Each refusal checks one password hash (tens of milliseconds by design); without it an unknown name would be
        // answered in well under a millisecond. The medians of several tries are compared, not a time limit.
        double Median(string name) => Enumerable.Range(0, 7).Select(_ =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Users.SignIn(_store.Database, name, "wrong password!!", "test");
            return clock.Elapsed.TotalMilliseconds;
        }).Order().ElementAt(3);
        var known = Median("locked-lucy");
        var unknown = Median("nobody-at-all");
        Assert.True(unknown > known / 3, $"an unknown name was refused in {unknown:F1} ms, a known one in {known:F1} ms");
    }

    [Fact]
    public void ATokenLivesAtMostAYear()
    {
        var tooLong = Assert.Throws<InvalidDataException>(() => Users.CreateToken(_store.Database, TestAccess.Admin, "tina", "forever", DateTime.UtcNow.AddYears(5)));
        Assert.Contains("at most 366 days", tooLong.Message, StringComparison.Ordinal);
        var (_, token) = Users.CreateToken(_store.Database, TestAccess.Admin, "tina", "a year", DateTime.UtcNow.AddDays(365));
        Assert.Equal("a year", token.Label);
    }

    [Fact]
    public void SignOutAndANewPasswordEndTheSessionsBeforeThem()
    {
        Assert.Null(Users.Find(_store.Database, "tina")!.SessionsValidFrom);
        var before = Database.Now();
        Users.EndSessions(_store.Database, "tina");
        var signedOut = Users.Find(_store.Database, "tina")!.SessionsValidFrom;
        Assert.NotNull(signedOut);
        Assert.True(signedOut >= before.AddSeconds(-1), $"{signedOut} before {before}");
        Thread.Sleep(5);
        Users.SetPassword(_store.Database, TestAccess.Admin, "tina", Password + " changed");
        Assert.True(Users.Find(_store.Database, "tina")!.SessionsValidFrom > signedOut);
    }

    [Fact]
    public void PasswordsAreKeptOnlyAsIdentityHashes()
    {
        var hash = Stored("SELECT password_hash FROM app_user WHERE user_name = 'tina'");
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
        // ASP.NET Core Identity's v3 format: PBKDF2, salted, base64 with a 0x01 format marker.
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]);
        Assert.Equal(Users.SignInOutcome.SignedIn, Users.SignIn(_store.Database, "tina", Password, "test").Outcome);
        Assert.Equal(Users.SignInOutcome.Failed, Users.SignIn(_store.Database, "tina", Password + "x", "test").Outcome);
        Assert.Equal(Users.SignInOutcome.Failed, Users.SignIn(_store.Database, "nobody", Password, "test").Outcome);
    }

    [Fact]
    public void FiveFailuresLockTheAccountEvenAgainstTheRightPassword()
    {
        for (var i = 1; i < Users.LockoutFailures; i++) Assert.Equal(Users.SignInOutcome.Failed, Users.SignIn(_store.Database, "tina", "wrong password!!", "test").Outcome);
        Assert.Equal(Users.SignInOutcome.LockedOut, Users.SignIn(_store.Database, "tina", "wrong password!!", "test").Outcome);
        Assert.Equal(Users.SignInOutcome.LockedOut, Users.SignIn(_store.Database, "tina", Password, "test").Outcome);

        using (var connection = _store.Database.Open())
            connection.Execute("UPDATE app_user SET locked_until = TIMESTAMP '2000-01-01 00:00:00' WHERE user_name = 'tina'");
        Assert.Equal(Users.SignInOutcome.SignedIn, Users.SignIn(_store.Database, "tina", Password, "test").Outcome);
        var audit = AuditLog.List(_store.Database, TestAccess.Admin, 100);
        Assert.Equal(6, audit.Count(e => e.Action == "signin.failure" && e.Target == "tina"));
        Assert.True(AuditLog.Verify(_store.Database).Intact);
    }

    [Fact]
    public void TokensAreHashedScopedExpiringAndRevocable()
    {
        var (secret, token) = Users.CreateToken(_store.Database, TestAccess.Admin, "tina", "nightly export", DateTime.UtcNow.AddDays(30));
        Assert.DoesNotContain(secret.Split('_')[^1], Stored("SELECT token_hash FROM api_token"), StringComparison.Ordinal);
        var found = Users.Authenticate(_store.Database, secret);
        Assert.Equal(("tina", Role.TrustUser, "X1A"), (found!.Value.User.Name, found.Value.Role, string.Join(",", found.Value.Orgs)));
        Assert.Null(Users.Authenticate(_store.Database, secret + "x"));
        Assert.Null(Users.Authenticate(_store.Database, "mte_" + token.Id + "_guess"));

        // A token may narrow its user's rights, never widen them.
        Assert.Throws<InvalidDataException>(() => Users.CreateToken(_store.Database, TestAccess.Admin, "tina", "wider", DateTime.UtcNow.AddDays(1), Role.Analyst, ["LMNSX1"]));
        Assert.Throws<InvalidDataException>(() => Users.CreateToken(_store.Database, TestAccess.Admin, "tina", "other trust", DateTime.UtcNow.AddDays(1), null, ["X1B"]));
        var viewer = Users.CreateToken(_store.Database, TestAccess.Admin, "tina", "board", DateTime.UtcNow.AddDays(1), Role.Viewer, []).Secret;
        Assert.Equal(Role.Viewer, Users.Authenticate(_store.Database, viewer)!.Value.Role);

        using (var connection = _store.Database.Open())
            connection.Execute($"UPDATE api_token SET expires_at = TIMESTAMP '2000-01-01 00:00:00' WHERE token_id = '{token.Id}'");
        Assert.Null(Users.Authenticate(_store.Database, secret));
        Users.RevokeToken(_store.Database, TestAccess.Admin, Users.ListTokens(_store.Database, TestAccess.Admin).Single(t => t.Label == "board").Id);
        Assert.Null(Users.Authenticate(_store.Database, viewer));
    }

    [Fact]
    public void ADisabledUserCanNeitherSignInNorUseATokenAndOnlyAdminsManageUsers()
    {
        var secret = Users.CreateToken(_store.Database, TestAccess.Admin, "tina", "t", DateTime.UtcNow.AddDays(1)).Secret;
        Users.SetDisabled(_store.Database, TestAccess.Admin, "tina", true);
        Assert.Equal(Users.SignInOutcome.Failed, Users.SignIn(_store.Database, "tina", Password, "test").Outcome);
        Assert.Null(Users.Authenticate(_store.Database, secret));

        var tina = Access.Resolve(_store.Database, "tina", Role.TrustUser, ["X1A"]);
        Assert.Throws<AccessDeniedException>(() => Users.Add(_store.Database, tina, "mallory", Role.Admin, [], Password));
        Assert.Throws<AccessDeniedException>(() => Users.SetRole(_store.Database, tina, "tina", Role.Admin, []));
        Assert.Throws<InvalidDataException>(() => Users.Add(_store.Database, TestAccess.Admin, "trusty", Role.TrustUser, ["LMNSX1"], Password));
        Assert.Throws<InvalidDataException>(() => Users.Add(_store.Database, TestAccess.Admin, "shorty", Role.Viewer, [], "short"));
    }
}
