using System.CommandLine;
using System.Globalization;
using Maternity.Security;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity users</c> and <c>maternity audit</c>: who may sign in, with what role, and the audit trail.</summary>
internal static class SecurityCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Users(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var name = new Argument<string>("name") { Description = "User name (one word)" };
        var role = new Option<string>("--role") { Description = "admin, analyst (LMNS analyst), trust (trust user), viewer or public", Required = true };
        var orgs = new Option<string?>("--orgs") { Description = "Comma-separated organisation codes: the LMNS for an analyst, the trust(s) for a trust user" };
        var email = new Option<string?>("--email") { Description = "E-mail address to sign in with through OpenID Connect (Entra ID, NHS CIS2)" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (else prompted, or made up and shown once when there is no terminal)" };
        var noPassword = new Option<bool>("--no-password") { Description = "No password: the user signs in through OpenID Connect only (needs --email)" };

        var add = new Command("add", "Add a user (the first user of a store must be an admin).") { name, role, orgs, email, stdin, noPassword };
        add.SetAction(r => guard(() =>
        {
            var database = open(r);
            if (!Maternity.Security.Users.Any(database) && ParseRole(r.GetValue(role)!) != Role.Admin)
                throw new InvalidDataException("the first user must be an admin (--role admin)");
            var password = r.GetValue(noPassword) ? null : Password(r.GetValue(stdin));
            var user = Maternity.Security.Users.Add(database, Commands.Operator, r.GetValue(name)!, ParseRole(r.GetValue(role)!), Orgs(r.GetValue(orgs)), password, r.GetValue(email));
            AnsiConsole.WriteLine($"Added {user.Name} ({user.Role}{(user.Orgs.Count > 0 ? " of " + string.Join(", ", user.Orgs) : "")}).");
            return ExitCodes.Ok;
        }));

        var list = new Command("list", "List the users.");
        list.SetAction(r => guard(() =>
        {
            var table = new Table().AddColumns("User", "Role", "Organisations", "E-mail", "Password", "State");
            foreach (var u in Maternity.Security.Users.List(open(r), Commands.Operator))
                table.AddRow(Markup.Escape(u.Name), u.Role.ToString(), Markup.Escape(string.Join(", ", u.Orgs)), Markup.Escape(u.Email ?? ""), u.HasPassword ? "yes" : "no",
                    u.Disabled ? "[red]disabled[/]" : u.LockedUntil is { } l && l > Database.Now() ? $"locked until {l:HH:mm} UTC" : "active");
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var setRole = new Command("role", "Change a user's role and organisations.") { name, role, orgs };
        setRole.SetAction(r => guard(() =>
        {
            Maternity.Security.Users.SetRole(open(r), Commands.Operator, r.GetValue(name)!, ParseRole(r.GetValue(role)!), Orgs(r.GetValue(orgs)));
            AnsiConsole.WriteLine("Changed.");
            return ExitCodes.Ok;
        }));

        var password = new Command("password", "Set a user's password (and clear a lockout).") { name, stdin };
        password.SetAction(r => guard(() =>
        {
            Maternity.Security.Users.SetPassword(open(r), Commands.Operator, r.GetValue(name)!, Password(r.GetValue(stdin)));
            AnsiConsole.WriteLine("Password set.");
            return ExitCodes.Ok;
        }));

        var disable = new Command("disable", "Disable a user: their sessions and tokens stop working at once.") { name };
        disable.SetAction(r => guard(() =>
        {
            Maternity.Security.Users.SetDisabled(open(r), Commands.Operator, r.GetValue(name)!, true);
            AnsiConsole.WriteLine("Disabled.");
            return ExitCodes.Ok;
        }));
        var enable = new Command("enable", "Enable a disabled user.") { name };
        enable.SetAction(r => guard(() =>
        {
            Maternity.Security.Users.SetDisabled(open(r), Commands.Operator, r.GetValue(name)!, false);
            AnsiConsole.WriteLine("Enabled.");
            return ExitCodes.Ok;
        }));

        var label = new Option<string>("--label") { Description = "What the token is for", Required = true };
        var days = new Option<int>("--days") { Description = "Days until it expires", DefaultValueFactory = _ => 90 };
        var tokenRole = new Option<string?>("--role") { Description = "A narrower role than the user's (default: the user's)" };
        var create = new Command("create", "Create an API token for a user (shown once; send it as 'Authorization: Bearer TOKEN').") { name, label, days, tokenRole, orgs };
        create.SetAction(r => guard(() =>
        {
            var (secret, token) = Maternity.Security.Users.CreateToken(open(r), Commands.Operator, r.GetValue(name)!, r.GetValue(label)!,
                Database.Now().AddDays(r.GetValue(days)), r.GetValue(tokenRole) is { } tr ? ParseRole(tr) : null, r.GetValue(orgs) is { } o ? Orgs(o) : null);
            AnsiConsole.WriteLine($"Token {token.Id} for {token.UserName} ({token.Role}), expires {token.ExpiresAt:yyyy-MM-dd}. Keep it safe; it is not shown again:");
            Console.WriteLine(secret);
            return ExitCodes.Ok;
        }));
        var owner = new Argument<string?>("name") { Description = "Only this user's tokens", Arity = ArgumentArity.ZeroOrOne };
        var tokens = new Command("list", "List API tokens (never their secrets).") { owner };
        tokens.SetAction(r => guard(() =>
        {
            var table = new Table().AddColumns("Token", "User", "Label", "Role", "Organisations", "Expires", "State", "Last used");
            foreach (var t in Maternity.Security.Users.ListTokens(open(r), Commands.Operator, r.GetValue(owner)))
                table.AddRow(t.Id, Markup.Escape(t.UserName), Markup.Escape(t.Label), t.Role.ToString(), Markup.Escape(string.Join(", ", t.Orgs)), t.ExpiresAt.ToString("yyyy-MM-dd", Inv),
                    t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= Database.Now() ? "expired" : "active", t.LastUsedAt?.ToString("yyyy-MM-dd HH:mm", Inv) ?? "-");
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));
        var id = new Argument<string>("token") { Description = "The token's id (first column of 'users token list')" };
        var revoke = new Command("revoke", "Revoke an API token at once.") { id };
        revoke.SetAction(r => guard(() =>
        {
            Maternity.Security.Users.RevokeToken(open(r), Commands.Operator, r.GetValue(id)!);
            AnsiConsole.WriteLine("Revoked.");
            return ExitCodes.Ok;
        }));

        return new Command("users", "Who may sign in: local accounts, OpenID Connect users (by e-mail), roles scoped to organisations, API tokens.")
        {
            add, list, setRole, password, disable, enable, new Command("token", "API tokens for automation: hashed, scoped, expiring, revocable.") { create, tokens, revoke },
        };
    }

    public static Command Audit(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var head = new Option<string?>("--head") { Description = "A head hash noted from an earlier verify (in the board minutes, say): fail unless it is still the hash of an entry, which catches a trail cut short or rewritten and hashed again" };
        var verify = new Command("verify", "Check the audit trail's hash chain: exit 0 when intact, 1 at the first changed, removed or inserted entry. Note the head hash printed outside the store and give it with --head next time.") { head };
        verify.SetAction(r => guard(() =>
        {
            var result = AuditLog.Verify(open(r), r.GetValue(head));
            if (result.Intact)
            {
                AnsiConsole.WriteLine($"Audit trail intact: {result.Entries:N0} entries; head {result.HeadHash}");
                return ExitCodes.Ok;
            }
            AnsiConsole.MarkupLine(result.BrokenAt is null
                ? $"[red]Audit trail not as noted:[/] {Markup.Escape(result.Problem ?? "")}"
                : $"[red]Audit trail broken at entry {result.BrokenAt}:[/] {Markup.Escape(result.Problem ?? "")}");
            return ExitCodes.Failed;
        }));
        var limit = new Option<int>("--limit") { Description = "How many of the newest entries", DefaultValueFactory = _ => 50 };
        var action = new Option<string?>("--action") { Description = "Only this kind (signin, signin.failure, records.export, ingest, plan.edit, user.add, access.denied, ...)" };
        var list = new Command("list", "The newest audit entries.") { limit, action };
        list.SetAction(r => guard(() =>
        {
            var table = new Table().AddColumns("#", "When (UTC)", "Who", "What", "On", "Detail");
            foreach (var e in AuditLog.List(open(r), Commands.Operator, r.GetValue(limit), r.GetValue(action)))
                table.AddRow(e.Seq.ToString(Inv), e.At.ToString("yyyy-MM-dd HH:mm:ss", Inv), Markup.Escape(e.Actor), Markup.Escape(e.Action), Markup.Escape(e.Target), Markup.Escape(e.Detail));
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));
        return new Command("audit", "The tamper-evident audit trail: sign-ins, record-level views and exports, ingests, plan edits, user changes.") { verify, list };
    }

    private static Role ParseRole(string text) => text.ToLowerInvariant() switch
    {
        "admin" => Role.Admin,
        "analyst" or "lmns-analyst" => Role.Analyst,
        "trust" or "trust-user" or "trustuser" => Role.TrustUser,
        "viewer" => Role.Viewer,
        "public" => Role.Public,
        _ => throw new InvalidDataException($"--role '{text}' is not admin, analyst, trust, viewer or public"),
    };

    private static List<string> Orgs(string? text) => [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Password(bool fromStdin)
    {
        if (fromStdin) return Console.In.ReadLine()?.TrimEnd('\r', '\n') ?? throw new InvalidDataException("no password on standard input");
        if (!Console.IsInputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var first = AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
            var again = AnsiConsole.Prompt(new TextPrompt<string>("Again:").Secret());
            return first == again ? first : throw new InvalidDataException("the two passwords differ");
        }
        var made = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15));
        AnsiConsole.WriteLine($"Password (shown once): {made}");
        return made;
    }
}
