using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Maternity.Storage;
using Microsoft.AspNetCore.Identity;

namespace Maternity.Security;

/// <summary>
/// Local accounts (passwords hashed with ASP.NET Core Identity's hasher: PBKDF2 with HMAC-SHA512, salted, iterated),
/// lockout after repeated failures, people signing in through OpenID Connect (matched by e-mail), and API tokens for
/// automation (only a hash kept; each with its own role and organisations, never more than its user's; expiring,
/// revocable). Every change and every sign-in, failed or not, is written to the audit trail.
/// </summary>
public static class Users
{
    /// <summary>Failed sign-ins in a row that lock an account, and for how long.</summary>
    public const int LockoutFailures = 5;

    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    public const int MinimumPasswordLength = 12;

    private const string TokenPrefix = "mte_";

    private static readonly PasswordHasher<string> Hasher = new();

    /// <param name="SessionsValidFrom">Sessions signed in before this moment (UTC) are ended: set by sign-out and by a password change.</param>
    public sealed record User(string Name, string? DisplayName, string? Email, Role Role, IReadOnlyList<string> Orgs, bool Disabled, int FailedSignIns,
        DateTime? LockedUntil, bool HasPassword, DateTime? SessionsValidFrom = null);

    /// <summary>The longest an API token may live: a year.</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(366);

    public sealed record Token(string Id, string UserName, string Label, Role Role, IReadOnlyList<string> Orgs, DateTime ExpiresAt, DateTime? RevokedAt, DateTime CreatedAt, DateTime? LastUsedAt);

    public enum SignInOutcome
    {
        SignedIn,
        Failed,
        LockedOut,
    }

    public sealed record SignInResult(SignInOutcome Outcome, User? User, string Message);

    /// <summary>Adds a user. Organisations must be LMNS codes for an analyst and trust codes for a trust user (when the organisations are loaded).</summary>
    public static User Add(Database database, Access actor, string name, Role role, IReadOnlyList<string> orgs, string? password, string? email = null, string? displayName = null)
    {
        RequireAdminOrFirst(database, actor, role);
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) throw new InvalidDataException("a user name is one word, without spaces");
        CheckOrgs(database, role, orgs);
        if (password is not null) CheckPassword(password);
        if (password is null && email is null) throw new InvalidDataException("a user needs a password, or an e-mail address to sign in with through OpenID Connect");
        using var connection = database.Open();
        if (connection.ExecuteScalar<long>(connection.Sql("SELECT count(*) FROM app_user WHERE lower(user_name) = lower($name)"), new { name }) > 0)
            throw new InvalidDataException($"a user named '{name}' already exists");
        using (database.Writing())
        {
            connection.Execute(connection.Sql("""
                INSERT INTO app_user (user_name, display_name, email, role, orgs, password_hash, failed_sign_ins, locked_until, disabled, created_at, created_by)
                VALUES ($name, $displayName, $email, $role, $orgs, $hash, 0, NULL, FALSE, $now, $by)
                """), new { name, displayName, email, role = role.ToString(), orgs = string.Join(',', orgs), hash = password is null ? null : Hasher.HashPassword(name, password), now = Database.Now(), by = actor.Name });
        }
        AuditLog.Append(database, actor.Name, "user.add", name, $"role {role}; orgs {string.Join(",", orgs)}{(email is null ? "" : "; email " + email)}");
        return Find(database, name)!;
    }

    /// <summary>Changes a user's role and organisations (admin only).</summary>
    public static void SetRole(Database database, Access actor, string name, Role role, IReadOnlyList<string> orgs)
    {
        actor.Demand(actor.Role == Role.Admin, "change users");
        CheckOrgs(database, role, orgs);
        Update(database, name, "role = $role, orgs = $orgs", new { name, role = role.ToString(), orgs = string.Join(',', orgs) });
        AuditLog.Append(database, actor.Name, "user.role", name, $"role {role}; orgs {string.Join(",", orgs)}");
    }

    /// <summary>Sets a password (admin, or the user for themselves) and clears any lockout.</summary>
    public static void SetPassword(Database database, Access actor, string name, string password)
    {
        actor.Demand(actor.Role == Role.Admin || actor.Name.Equals(name, StringComparison.OrdinalIgnoreCase), "change another user's password");
        CheckPassword(password);
        // A new password ends every session signed in with the old one.
        Update(database, name, "password_hash = $hash, failed_sign_ins = 0, locked_until = NULL, sessions_valid_from = $now",
            new { name, hash = Hasher.HashPassword(name, password), now = Database.Now() });
        AuditLog.Append(database, actor.Name, "user.password", name);
    }

    /// <summary>Ends every session of <paramref name="name"/> signed in until now (sign-out): a copied session cookie stops working too.</summary>
    public static void EndSessions(Database database, string name) =>
        Update(database, name, "sessions_valid_from = $now", new { name, now = Database.Now() });

    /// <summary>Disables or enables a user (admin only); a disabled user's sessions and tokens stop working at once.</summary>
    public static void SetDisabled(Database database, Access actor, string name, bool disabled)
    {
        actor.Demand(actor.Role == Role.Admin, "change users");
        Update(database, name, "disabled = $disabled", new { name, disabled });
        AuditLog.Append(database, actor.Name, disabled ? "user.disable" : "user.enable", name);
    }

    public static User? Find(Database database, string name)
    {
        using var connection = database.Open();
        return Find(connection, name);
    }

    private static User? Find(System.Data.Common.DbConnection connection, string name) =>
        connection.Query<(string, string?, string?, string, string, string?, int, DateTime?, bool, DateTime?)>(connection.Sql("""
            SELECT user_name, display_name, email, role, orgs, password_hash, failed_sign_ins, locked_until, disabled, sessions_valid_from FROM app_user WHERE lower(user_name) = lower($name)
            """), new { name }).Select(ToUser).FirstOrDefault();

    public static User? FindByEmail(Database database, string email)
    {
        using var connection = database.Open();
        return connection.Query<(string, string?, string?, string, string, string?, int, DateTime?, bool, DateTime?)>(connection.Sql("""
            SELECT user_name, display_name, email, role, orgs, password_hash, failed_sign_ins, locked_until, disabled, sessions_valid_from FROM app_user WHERE lower(email) = lower($email)
            """), new { email }).Select(ToUser).FirstOrDefault();
    }

    public static IReadOnlyList<User> List(Database database, Access actor)
    {
        actor.Demand(actor.Role == Role.Admin, "list users");
        using var connection = database.Open();
        return [.. connection.Query<(string, string?, string?, string, string, string?, int, DateTime?, bool, DateTime?)>(
            "SELECT user_name, display_name, email, role, orgs, password_hash, failed_sign_ins, locked_until, disabled, sessions_valid_from FROM app_user ORDER BY user_name").Select(ToUser)];
    }

    public static bool Any(Database database)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM app_user") > 0;
    }

    /// <summary>The most of an unknown user name a failed sign-in keeps in the audit trail.</summary>
    public const int AuditedNameLength = 64;

    /// <summary>
    /// What every refused sign-in says, whatever the reason (unknown name, wrong password, locked, disabled): a caller
    /// cannot tell which names exist from the message.
    /// </summary>
    public static readonly string NotSignedIn =
        $"The user name or password is not right. After {LockoutFailures} wrong passwords in a row an account is locked for " +
        $"{LockoutTime.TotalMinutes:F0} minutes; an administrator can unlock it sooner.";

    /// <summary>A hash of no one's password, checked when there is no real one so that every refusal costs the same time.</summary>
    private static readonly Lazy<string> NoOnesHash = new(() => Hasher.HashPassword("", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));

    /// <summary>
    /// Checks a password. After <see cref="LockoutFailures"/> failures in a row the account is locked for
    /// <see cref="LockoutTime"/>, and even the right password is refused until then. Every attempt is audited;
    /// an unknown name, a locked or disabled account and a wrong password all fail with the same message after the
    /// same work (one password hash checked), so neither the answer nor its timing tells which names exist.
    /// </summary>
    public static SignInResult SignIn(Database database, string name, string password, string from)
    {
        var user = Find(database, name);
        var now = Database.Now();
        if (user is null || user.Disabled || !user.HasPassword)
        {
            Hasher.VerifyHashedPassword("", NoOnesHash.Value, password);
            // Anyone may send any name: the trail keeps only its start, so failed sign-ins cannot flood it.
            var tried = name.Length <= AuditedNameLength ? name : name[..AuditedNameLength] + "…";
            AuditLog.Append(database, tried, "signin.failure", tried, $"from {from}: {(user is null ? "unknown user" : user.Disabled ? "disabled" : "no password")}");
            return new(SignInOutcome.Failed, null, NotSignedIn);
        }
        using var connection = database.Open();
        var hash = connection.ExecuteScalar<string>(connection.Sql("SELECT password_hash FROM app_user WHERE user_name = $name"), new { name = user.Name })!;
        var verdict = Hasher.VerifyHashedPassword(user.Name, hash, password);
        if (user.LockedUntil is { } until && until > now)
        {
            AuditLog.Append(database, user.Name, "signin.failure", user.Name, $"from {from}: locked until {until:yyyy-MM-dd HH:mm} UTC");
            return new(SignInOutcome.LockedOut, null, NotSignedIn);
        }
        if (verdict == PasswordVerificationResult.Failed)
        {
            // Counted in the store, one failure at a time, so attempts racing each other cannot each see the same count.
            int failures;
            using (database.Writing())
                failures = connection.ExecuteScalar<int>(connection.Sql(
                    "UPDATE app_user SET failed_sign_ins = failed_sign_ins + 1 WHERE user_name = $name RETURNING failed_sign_ins"), new { name = user.Name });
            DateTime? lockUntil = failures >= LockoutFailures ? now + LockoutTime : null;
            if (lockUntil is not null)
                Update(database, user.Name, "failed_sign_ins = 0, locked_until = $lockUntil", new { name = user.Name, lockUntil });
            AuditLog.Append(database, user.Name, "signin.failure", user.Name, $"from {from}: wrong password ({failures} in a row){(lockUntil is null ? "" : "; locked")}");
            return new(lockUntil is null ? SignInOutcome.Failed : SignInOutcome.LockedOut, null, NotSignedIn);
        }
        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user.Name, password) : hash;
        Update(database, user.Name, "failed_sign_ins = 0, locked_until = NULL, password_hash = $rehash", new { name = user.Name, rehash });
        AuditLog.Append(database, user.Name, "signin", user.Name, $"from {from}: password");
        return new(SignInOutcome.SignedIn, user with { FailedSignIns = 0, LockedUntil = null }, "Signed in.");
    }

    /// <summary>
    /// Creates an API token for <paramref name="userName"/>: its role and organisations default to the user's and may
    /// only narrow them. The secret is returned once and never stored.
    /// </summary>
    public static (string Secret, Token Token) CreateToken(Database database, Access actor, string userName, string label, DateTime expiresAt, Role? role = null, IReadOnlyList<string>? orgs = null)
    {
        actor.Demand(actor.Role == Role.Admin || actor.Name.Equals(userName, StringComparison.OrdinalIgnoreCase), "create tokens for another user");
        var user = Find(database, userName) ?? throw new InvalidDataException($"no user '{userName}'");
        var tokenRole = role ?? user.Role;
        var tokenOrgs = orgs ?? user.Orgs;
        if (tokenRole < user.Role) throw new InvalidDataException($"a token cannot have more rights ({tokenRole}) than its user ({user.Role})");
        if (user.Role != Role.Admin && tokenOrgs.Except(user.Orgs, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } extra)
            throw new InvalidDataException($"a token cannot reach {extra}: {user.Name}'s organisations are {string.Join(", ", user.Orgs)}");
        CheckOrgs(database, tokenRole, tokenOrgs);
        if (expiresAt <= Database.Now()) throw new InvalidDataException("a token's expiry must be in the future");
        if (expiresAt > Database.Now() + MaxTokenLifetime)
            throw new InvalidDataException($"a token lives at most {MaxTokenLifetime.TotalDays:0} days: make a new one when it expires");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        using var connection = database.Open();
        using (database.Writing())
        {
            connection.Execute(connection.Sql("""
                INSERT INTO api_token (token_id, user_name, label, token_hash, role, orgs, expires_at, revoked_at, created_at, last_used_at)
                VALUES ($id, $user, $label, $hash, $role, $orgs, $expiresAt, NULL, $now, NULL)
                """), new { id, user = user.Name, label, hash = Sha(secret), role = tokenRole.ToString(), orgs = string.Join(',', tokenOrgs), expiresAt, now = Database.Now() });
        }
        AuditLog.Append(database, actor.Name, "token.create", $"{user.Name}/{id}", $"{label}; role {tokenRole}; orgs {string.Join(",", tokenOrgs)}; expires {expiresAt:yyyy-MM-dd}");
        return ($"{TokenPrefix}{id}_{secret}", ListTokens(database, actor, user.Name).Single(t => t.Id == id));
    }

    public static void RevokeToken(Database database, Access actor, string tokenId)
    {
        using var connection = database.Open();
        var owner = connection.ExecuteScalar<string?>(connection.Sql("SELECT user_name FROM api_token WHERE token_id = $tokenId"), new { tokenId })
            ?? throw new InvalidDataException($"no token '{tokenId}'");
        actor.Demand(actor.Role == Role.Admin || actor.Name.Equals(owner, StringComparison.OrdinalIgnoreCase), "revoke another user's token");
        using (database.Writing())
            connection.Execute(connection.Sql("UPDATE api_token SET revoked_at = $now WHERE token_id = $tokenId AND revoked_at IS NULL"), new { tokenId, now = Database.Now() });
        AuditLog.Append(database, actor.Name, "token.revoke", $"{owner}/{tokenId}");
    }

    public static IReadOnlyList<Token> ListTokens(Database database, Access actor, string? userName = null)
    {
        actor.Demand(actor.Role == Role.Admin || (userName is not null && actor.Name.Equals(userName, StringComparison.OrdinalIgnoreCase)), "list other users' tokens");
        using var connection = database.Open();
        return [.. connection.Query<(string, string, string, string, string, DateTime, DateTime?, DateTime, DateTime?)>(connection.Sql("""
            SELECT token_id, user_name, label, role, orgs, expires_at, revoked_at, created_at, last_used_at FROM api_token
            WHERE ($user IS NULL OR lower(user_name) = lower($user)) ORDER BY created_at
            """), new { user = userName }).Select(t => new Token(t.Item1, t.Item2, t.Item3, Enum.Parse<Role>(t.Item4), SplitOrgs(t.Item5), t.Item6, t.Item7, t.Item8, t.Item9))];
    }

    /// <summary>
    /// The user and the role and organisations a bearer token grants, or null when it is unknown, wrong, expired,
    /// revoked, or its user is disabled (or has since lost the role or organisations the token names).
    /// </summary>
    public static (User User, Role Role, IReadOnlyList<string> Orgs)? Authenticate(Database database, string presented)
    {
        if (!presented.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        var parts = presented[TokenPrefix.Length..].Split('_', 2);
        if (parts.Length != 2) return null;
        // A client's requests in a row read the token and its user once while the embedded store is unchanged; any
        // change (a revocation, a disabled user) moves the store's stamp and they are read again.
        var token = database.ReadOrKept($"api-token:{parts[0]}", connection =>
            connection.QueryFirstOrDefault<(string User, string Hash, string Role, string Orgs, DateTime Expires, DateTime? Revoked, DateTime? LastUsed)?>(connection.Sql(
                "SELECT user_name, token_hash, role, orgs, expires_at, revoked_at, last_used_at FROM api_token WHERE token_id = $id"), new { id = parts[0] }), gated: false);
        if (token is not { } t) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sha(parts[1])), Encoding.ASCII.GetBytes(t.Hash))) return null;
        var now = Database.Now();
        if (t.Revoked is not null || t.Expires <= now) return null;
        var user = database.ReadOrKept($"token-user:{t.User}", connection => Find(connection, t.User), gated: false);
        if (user is null || user.Disabled) return null;
        var role = Enum.Parse<Role>(t.Role);
        var orgs = SplitOrgs(t.Orgs);
        if (role < user.Role || (user.Role != Role.Admin && orgs.Except(user.Orgs, StringComparer.OrdinalIgnoreCase).Any())) return null;
        // Last use to the minute: no write on every request of a busy client, and none that would wait for a load's
        // commit (a later request records it).
        if (t.LastUsed is not { } used || now - used > TimeSpan.FromMinutes(1))
            using (var connection = database.Open())
            using (var writing = database.TryWriting())
                if (writing is not null)
                    connection.Execute(connection.Sql("UPDATE api_token SET last_used_at = $now WHERE token_id = $id"), new { id = parts[0], now });
        return (user, role, orgs);
    }

    private static void RequireAdminOrFirst(Database database, Access actor, Role role)
    {
        // The first user of a new store is created from the command line by whoever holds the store, and must be an admin.
        if (!Any(database))
        {
            if (role != Role.Admin) throw new InvalidDataException("the first user must be an admin (--role admin)");
            return;
        }
        actor.Demand(actor.Role == Role.Admin, "add users");
    }

    private static void CheckOrgs(Database database, Role role, IReadOnlyList<string> orgs)
    {
        if (role is Role.Analyst or Role.TrustUser && orgs.Count == 0)
            throw new InvalidDataException($"a {(role == Role.Analyst ? "LMNS analyst needs the LMNS code(s)" : "trust user needs the trust code(s)")} they work for (--orgs)");
        using var connection = database.Open();
        var known = connection.Query<(string Code, string Type)>("SELECT org_code, org_type FROM org").ToDictionary(o => o.Code, o => o.Type, StringComparer.OrdinalIgnoreCase);
        if (known.Count == 0) return;
        var wanted = role switch { Role.Analyst => "LMNS", Role.TrustUser => "Trust", _ => null };
        foreach (var org in orgs)
        {
            if (!known.TryGetValue(org, out var type)) throw new InvalidDataException($"no organisation '{org}' is loaded");
            if (wanted is not null && type != wanted) throw new InvalidDataException($"{org} is a {type}; a {role} works for {(wanted == "LMNS" ? "an LMNS" : "a trust")}");
        }
    }

    private static void CheckPassword(string password)
    {
        if (password.Length < MinimumPasswordLength) throw new InvalidDataException($"a password needs at least {MinimumPasswordLength} characters");
    }

    private static void Update(Database database, string name, string set, object parameters)
    {
        using var connection = database.Open();
        int changed;
        using (database.Writing()) changed = connection.Execute(connection.Sql($"UPDATE app_user SET {set} WHERE user_name = $name"), parameters);
        if (changed == 0) throw new InvalidDataException($"no user '{name}'");
    }

    private static User ToUser((string Name, string? Display, string? Email, string Role, string Orgs, string? Hash, int Failed, DateTime? Locked, bool Disabled,
        DateTime? SessionsValidFrom) r) =>
        new(r.Name, r.Display, r.Email, Enum.Parse<Role>(r.Role), SplitOrgs(r.Orgs), r.Disabled, r.Failed, r.Locked, r.Hash is not null, r.SessionsValidFrom);

    private static List<string> SplitOrgs(string orgs) => [.. orgs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '.');

}
