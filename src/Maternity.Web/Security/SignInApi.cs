using System.Globalization;
using Maternity.Security;
using Maternity.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Maternity.Web.Security;

/// <summary>Sign-in and sign-out pages, and the admin pages: the audit trail (with its verification) and the users.</summary>
public static class SignInApi
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (string? returnUrl, HttpContext context, IConfiguration configuration) =>
            Page(context, returnUrl, null, !string.IsNullOrEmpty(configuration["Authentication:OpenIdConnect:Authority"])))
            .AllowAnonymous();
        app.MapPost("/signin", async ([FromForm] IFormCollection form, HttpContext context, Database database, IConfiguration configuration) =>
        {
            var returnUrl = form["returnUrl"].ToString();
            var result = Users.SignIn(database, form["user"].ToString().Trim(), form["password"].ToString(), context.Connection.RemoteIpAddress?.ToString() ?? "local");
            if (result.Outcome != Users.SignInOutcome.SignedIn)
                return Page(context, returnUrl, result.Message, !string.IsNullOrEmpty(configuration["Authentication:OpenIdConnect:Authority"]), StatusCodes.Status401Unauthorized);
            await context.SignInAsync(WebSecurity.CookieScheme, WebSecurity.Principal(result.User!, "password"));
            context.Response.Headers.Location = IsLocal(returnUrl) ? returnUrl : "/";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }).AllowAnonymous().RequireRateLimiting("signin").WithFormToken()
            // Nobody signed in posts here: a form of more than a few short fields is refused before it is read whole.
            .WithFormOptions(valueCountLimit: 16, keyLengthLimit: 64, valueLengthLimit: MaxFieldLength)
            .WithMetadata(new RequestSizeLimitAttribute(MaxFormBytes));
        app.MapGet("/signin/oidc", (string? returnUrl, HttpContext context, IConfiguration configuration) =>
            string.IsNullOrEmpty(configuration["Authentication:OpenIdConnect:Authority"])
                ? ErrorPages.NotFound(context, null, "Signing in through an organisation account is not set up on this server.")
                : Results.Challenge(new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/" }, [WebSecurity.OidcScheme]))
            .AllowAnonymous();
        app.MapGet("/signout", (HttpContext context, Access access) => Pages.Render<SignOutPage>(context, access, null));
        app.MapPost("/signout", async (HttpContext context, Database database) =>
        {
            AuditLog.Append(database, context.User.Identity?.Name ?? "anonymous", "signout", context.User.Identity?.Name ?? "");
            // Server-side: every session of this user signed in until now ends, so a copied cookie stops working too.
            if (context.User.Identity is { AuthenticationType: WebSecurity.CookieScheme, Name: { } name }) Users.EndSessions(database, name);
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
        app.MapGet("/admin", (Access access, Database database, HttpContext context) =>
        {
            var entries = AuditLog.List(database, access, 200);
            var users = Users.List(database, access).Select(u => (u, u.Disabled ? "disabled"
                : u.LockedUntil is { } l && l > Database.Now() ? $"locked until {l.ToString("HH:mm", Inv)} UTC" : "active")).ToList();
            return Pages.Render<AdminPage>(context, access, new AdminPage.PageModel(AuditLog.Verify(database), entries, users));
        });
    }

    /// <summary>The longest field the sign-in form takes (user name, password, return address, token).</summary>
    public const int MaxFieldLength = 4096;

    public const long MaxFormBytes = 32 * 1024;

    /// <summary>
    /// Whether <paramref name="url"/> is a path on this site: Url.IsLocalUrl's rule ("/" not followed by "/" or "\"),
    /// and stricter, no control character or backslash anywhere. Browsers drop tabs and newlines from a Location and
    /// read "\" as "/", so "/\t/evil.example" would leave the site; and a newline cannot go in a header at all.
    /// </summary>
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || url[1] != '/')
        && !url.Any(c => char.IsControl(c) || c == '\\');

    private static IResult Page(HttpContext context, string? returnUrl, string? error, bool oidc, int status = StatusCodes.Status200OK) =>
        Pages.Render<SignInPage>(context, null, new SignInPage.PageModel(IsLocal(returnUrl) ? returnUrl! : "/", error, oidc), status);
}
