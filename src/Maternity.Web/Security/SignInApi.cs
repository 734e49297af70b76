using System.Globalization;
using Maternity.Security;
using Maternity.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using static System.Net.WebUtility;

namespace Maternity.Web.Security;

/// <summary>Sign-in and sign-out pages, and the admin pages: the audit trail (with its verification) and the users.</summary>
public static class SignInApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (string? returnUrl, HttpContext context, IConfiguration configuration) =>
            Results.Content(Page(context, returnUrl, null, !string.IsNullOrEmpty(configuration["Authentication:OpenIdConnect:Authority"])), "text/html; charset=utf-8"))
            .AllowAnonymous();
        app.MapPost("/signin", async ([FromForm] IFormCollection form, HttpContext context, Database database, IConfiguration configuration) =>
        {
            var returnUrl = form["returnUrl"].ToString();
            var result = Users.SignIn(database, form["user"].ToString().Trim(), form["password"].ToString(), context.Connection.RemoteIpAddress?.ToString() ?? "local");
            if (result.Outcome != Users.SignInOutcome.SignedIn)
                return Results.Content(Page(context, returnUrl, result.Message, !string.IsNullOrEmpty(configuration["Authentication:OpenIdConnect:Authority"])), "text/html; charset=utf-8", null, StatusCodes.Status401Unauthorized);
            await context.SignInAsync(WebSecurity.CookieScheme, WebSecurity.Principal(result.User!, "password"));
            context.Response.Headers.Location = IsLocal(returnUrl) ? returnUrl : "/";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }).AllowAnonymous().RequireRateLimiting("signin").WithFormToken();
        app.MapGet("/signin/oidc", (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/" }, [WebSecurity.OidcScheme])).AllowAnonymous();
        app.MapGet("/signout", (HttpContext context) =>
        {
            var html = Layout.Begin("Sign out");
            html.Append(Inv, $"<h1>Sign out</h1><form method=\"post\" action=\"/signout\">{WebSecurity.FormToken(context)}<button type=\"submit\">Sign out</button></form>");
            return Results.Content(Layout.End(html), "text/html; charset=utf-8");
        });
        app.MapPost("/signout", async (HttpContext context, Database database) =>
        {
            AuditLog.Append(database, context.User.Identity?.Name ?? "anonymous", "signout", context.User.Identity?.Name ?? "");
            await context.SignOutAsync(WebSecurity.CookieScheme);
            context.Response.Headers.Location = "/signin";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }).WithFormToken();

        app.MapGet("/api/audit", (int? limit, string? action, Access access, Database database) => AuditLog.List(database, access, Math.Clamp(limit ?? 200, 1, 10_000), action));
        app.MapGet("/api/audit/verify", (Access access, Database database) =>
        {
            access.Demand(access.Role == Role.Admin, "verify the audit trail");
            return AuditLog.Verify(database);
        });
        app.MapGet("/admin", (Access access, Database database) =>
        {
            var entries = AuditLog.List(database, access, 200);
            var check = AuditLog.Verify(database);
            var users = Users.List(database, access);
            var html = Layout.Begin("Administration");
            html.Append("<h1>Administration</h1><h2>Audit trail</h2>");
            html.Append(check.Intact
                ? string.Create(Inv, $"<p class=\"pass\">The chain of {check.Entries:N0} entries is intact. Head hash <code>{check.HeadHash}</code> (note it outside the store to detect a cut-off end).</p>")
                : string.Create(Inv, $"<div class=\"error\" role=\"alert\"><p>The audit trail has been tampered with at entry {check.BrokenAt}: {HtmlEncode(check.Problem)}.</p></div>"));
            html.Append("<table><caption>The latest 200 entries</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">When (UTC)</th><th scope=\"col\">Who</th><th scope=\"col\">What</th><th scope=\"col\">On</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
            foreach (var e in entries)
                html.Append(Inv, $"<tr><td class=\"n\">{e.Seq}</td><td>{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{HtmlEncode(e.Actor)}</td><td>{HtmlEncode(e.Action)}</td><td>{HtmlEncode(e.Target)}</td><td>{HtmlEncode(e.Detail)}</td></tr>");
            html.Append("</tbody></table><h2>Users</h2><p>Users are added and changed with <code>maternity users</code>.</p>");
            html.Append("<table><thead><tr><th scope=\"col\">User</th><th scope=\"col\">Role</th><th scope=\"col\">Organisations</th><th scope=\"col\">Sign-in</th><th scope=\"col\">State</th></tr></thead><tbody>");
            foreach (var u in users)
                html.Append(Inv, $"<tr><td>{HtmlEncode(u.Name)}</td><td>{u.Role}</td><td>{HtmlEncode(string.Join(", ", u.Orgs))}</td><td>{(u.HasPassword ? "password" : "")}{(u.Email is { } email ? (u.HasPassword ? ", " : "") + "OpenID Connect " + HtmlEncode(email) : "")}</td><td>{(u.Disabled ? "disabled" : u.LockedUntil is { } l && l > Database.Now() ? $"locked until {l:HH:mm}" : "active")}</td></tr>");
            html.Append("</tbody></table>");
            return Results.Content(Layout.End(html), "text/html; charset=utf-8");
        });
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static string Page(HttpContext context, string? returnUrl, string? error, bool oidc)
    {
        var html = Layout.Begin("Sign in");
        html.Append("<h1>Sign in</h1>");
        if (error is not null) html.Append(Inv, $"<div class=\"error\" role=\"alert\"><p>{HtmlEncode(error)}</p></div>");
        if (oidc) html.Append(Inv, $"<p><a href=\"/signin/oidc?returnUrl={Uri.EscapeDataString(returnUrl ?? "/")}\">Sign in with your organisation account</a></p><p>Or with a Maternity Equity account:</p>");
        html.Append(Inv, $"""
            <form method="post" action="/signin">{WebSecurity.FormToken(context)}
            <input type="hidden" name="returnUrl" value="{HtmlEncode(returnUrl ?? "/")}">
            <label for="user">User name</label><input id="user" name="user" autocomplete="username" required>
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button></form>
            """);
        return Layout.End(html);
    }
}
