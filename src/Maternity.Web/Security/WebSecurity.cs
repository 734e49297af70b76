using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Maternity.Security;
using Maternity.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Maternity.Web.Security;

/// <summary>
/// Sign-in for the web host: a session cookie after a local password or OpenID Connect sign-in, or an API token in an
/// Authorization: Bearer header. Every endpoint needs a signed-in caller unless marked otherwise; what the caller may
/// then see is decided in Core by the <see cref="Access"/> built here for each request from the store (so a role
/// change or a disabled account takes effect at once).
/// </summary>
public static class WebSecurity
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string TokenScheme = "Token";
    public const string OidcScheme = "oidc";
    private const string Smart = "CookieOrToken";
    public const string RoleClaim = "maternity:role";
    public const string OrgsClaim = "maternity:orgs";

    public static void AddMaternitySecurity(this WebApplicationBuilder builder)
    {
        var auth = builder.Services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, "Session cookie or API token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "maternity-session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/signin";
                o.Events.OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = context =>
                {
                    // A disabled or removed account is signed out at its next request.
                    var database = context.HttpContext.RequestServices.GetRequiredService<Database>();
                    try
                    {
                        // A disabled or removed account, or a session older than the user's last sign-out or password change, ends here.
                        if (context.Principal?.Identity?.Name is not { } name || Users.Find(database, name) is not { Disabled: false } user
                            || (user.SessionsValidFrom is { } from && Issued(context.Principal) < from))
                            context.RejectPrincipal();
                    }
                    catch (StoreBusyException) when (context.HttpContext.Request.Path == "/health")
                    {
                        // The health check never fails because a load holds the store.
                    }
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, TokenHandler>(TokenScheme, null);

        var oidc = builder.Configuration.GetSection("Authentication:OpenIdConnect");
        if (!string.IsNullOrEmpty(oidc["Authority"]))
        {
            // Entra ID or NHS CIS2: configured, not coded. People are matched to local users by e-mail.
            auth.AddOpenIdConnect(OidcScheme, o =>
            {
                oidc.Bind(o);
                o.SignInScheme = CookieScheme;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.Scope.Add("email");
                o.Events.OnTokenValidated = OnOidcSignIn;
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var perMinute = builder.Configuration.GetValue("Security:SignInsPerMinute", 10);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy("signin", context => RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        builder.Services.AddDataProtection().SetApplicationName("Maternity Equity");
        builder.Services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(services =>
            new ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new StoreKeyRepository(services.GetRequiredService<Database>())));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped(services => AccessOf(services.GetRequiredService<IHttpContextAccessor>().HttpContext!, services.GetRequiredService<Database>()));
    }

    /// <summary>The caller's access, read from the store on each request (the token's own role and organisations for a token).</summary>
    public static Access AccessOf(HttpContext context, Database database)
    {
        var user = context.User;
        if (user.Identity is not { IsAuthenticated: true, Name: { } name }) throw new AccessDeniedException("not signed in");
        if (user.Identity.AuthenticationType == TokenScheme)
        {
            var role = Enum.Parse<Role>(user.FindFirstValue(RoleClaim)!);
            var orgs = (user.FindFirstValue(OrgsClaim) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            return Access.Resolve(database, name, role, orgs);
        }
        var stored = Users.Find(database, name);
        if (stored is null || stored.Disabled) throw new AccessDeniedException($"{name} may not sign in");
        return Access.Resolve(database, stored.Name, stored.Role, stored.Orgs);
    }

    /// <summary>The principal of a signed-in local user, stamped with when the session began.</summary>
    public static ClaimsPrincipal Principal(Users.User user, string method) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim("maternity:method", method),
            new Claim(IssuedClaim, Database.Now().Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture))], CookieScheme));

    private const string IssuedClaim = "maternity:issued";

    /// <summary>When a session began (the earliest possible time for a session stamped before sessions were stamped).</summary>
    private static DateTime Issued(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(IssuedClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            ? new DateTime(ticks, DateTimeKind.Unspecified) : DateTime.MinValue;

    /// <summary>Forms post with an antiforgery token; a post without a valid one is refused with 400.</summary>
    public static RouteHandlerBuilder WithFormToken(this RouteHandlerBuilder builder) =>
        builder.DisableAntiforgery().AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
                return Results.Problem(statusCode: 400, title: "Form expired", detail: "The form's security token was missing or invalid: reload the page and submit again.");
            return await next(context);
        });

    /// <summary>Turns a refusal from Core into 403 (problem details for the API, a page for pages), and records it in the audit trail.</summary>
    public static void UseAccessDenials(this WebApplication app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (AccessDeniedException e) when (!context.Response.HasStarted)
        {
            var database = context.RequestServices.GetRequiredService<Database>();
            AuditLog.Append(database, context.User.Identity?.Name ?? "anonymous", "access.denied", $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", e.Message);
            context.Response.Clear();
            // The API answers with problem details; a page with the design system's "no access" page.
            await (Pages.IsApi(context)
                ? Results.Problem(statusCode: 403, title: "Not allowed", detail: e.Message)
                : ErrorPages.Forbidden(context, ErrorPages.TryAccess(context), e.Message)).ExecuteAsync(context);
        }
    });

    /// <summary>Pages send the browser to the sign-in page; the API answers with the status code.</summary>
    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            // A path on this site, never the absolute address the cookie handler builds from the request's Host header.
            var request = context.Request;
            var back = request.PathBase + request.Path + request.QueryString;
            context.Response.Redirect($"{request.PathBase}/signin?returnUrl={Uri.EscapeDataString(back)}");
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task OnOidcSignIn(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext context)
    {
        var database = context.HttpContext.RequestServices.GetRequiredService<Database>();
        var email = context.Principal?.FindFirstValue(ClaimTypes.Email) ?? context.Principal?.FindFirstValue("email")
            ?? context.Principal?.FindFirstValue("preferred_username") ?? context.Principal?.FindFirstValue(ClaimTypes.Upn);
        var user = email is null ? null : Users.FindByEmail(database, email);
        if (user is null || user.Disabled)
        {
            AuditLog.Append(database, email ?? "unknown", "signin.failure", email ?? "unknown", $"OpenID Connect: {(user is null ? "no Maternity Equity user with this e-mail" : "disabled")}");
            context.Fail("You signed in, but you are not a Maternity Equity user (or your account is disabled): ask an administrator.");
            return Task.CompletedTask;
        }
        AuditLog.Append(database, user.Name, "signin", user.Name, $"OpenID Connect as {email}");
        context.Principal = Principal(user, "oidc");
        return Task.CompletedTask;
    }

    /// <summary>Authenticates an API token (Authorization: Bearer mte_...): the token's own role and organisations.</summary>
    private sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Database database)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
            if (Users.Authenticate(database, header["Bearer ".Length..].Trim()) is not { } found)
                return Task.FromResult(AuthenticateResult.Fail("The API token is unknown, expired or revoked."));
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, found.User.Name), new Claim(RoleClaim, found.Role.ToString()), new Claim(OrgsClaim, string.Join(',', found.Orgs))], TokenScheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), TokenScheme)));
        }
    }
}
