using Microsoft.AspNetCore.HttpOverrides;
using Maternity.Storage;
using Maternity.Web.Overview;
using Maternity.Web.Measures;
using Maternity.Web.Plans;
using Maternity.Web.Quality;
using Maternity.Web.Reports;
using Maternity.Web.Safety;
using Maternity.Web.Security;
using Maternity.Web.Uploads;

namespace Maternity.Web;

/// <summary>Builds the web host over a store: the same app for <c>maternity serve</c>, <c>maternity demo</c> and the tests.</summary>
public static class WebApp
{
    public static WebApplication Create(Database database, string[]? args = null, string? urls = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [], ApplicationName = typeof(WebApp).Assembly.GetName().Name });
        if (urls is not null) builder.WebHost.UseUrls(urls);
        // Requests in a row share one open embedded store; two idle seconds later a command may open it.
        database.KeepOpen = TimeSpan.FromSeconds(2);
        builder.Services.AddSingleton(database);
        builder.Services.AddProblemDetails();
        // Pages are Razor components rendered on the server per request (no circuit, no WebAssembly).
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "maternity-antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.AddMaternitySecurity();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Maternity Equity API";
            document.Info.Description = "Indicators, data quality, the action plan and the audit trail, as the pages show them. Sign in with a session or send 'Authorization: Bearer TOKEN' (maternity users token create). Counts are suppressed for roles without record-level access.";
            return Task.CompletedTask;
        }));
        var app = builder.Build();
        // Behind a reverse proxy every request comes from the proxy's address: name the proxies, and the caller's address
        // (for the sign-in limit and the audit trail) and scheme are taken from the X-Forwarded-For and -Proto headers
        // they add. Only the proxies named are believed; with none named those headers are ignored.
        if (builder.Configuration.GetSection("Security:TrustedProxies").Get<string[]>() is { Length: > 0 } proxies)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                forwarded.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy.Trim(), out var address) ? address
                    : throw new InvalidOperationException($"Security:TrustedProxies: '{proxy}' is not an IP address"));
            app.UseForwardedHeaders(forwarded);
        }
        app.UseErrorPages();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Frame-Options"] = "DENY";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            await next(context);
        });
        // The NHS.UK design system, built beside the assembly by the build; served to everyone (no data in it).
        var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(assets))
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(assets),
                OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "public, max-age=86400",
            });
        // Strict-Transport-Security on HTTPS requests (behind a TLS-terminating proxy, forward the scheme).
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAccessDenials();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapSignIn();
        app.MapCountsFreshness(database);
        app.MapOverview();
        app.MapQuality();
        app.MapMeasures();
        app.MapReturnsForm();
        app.MapMeasuresAdmin();
        app.MapPlans();
        app.MapPlanImport();
        Wres.WresApi.MapWres(app);
        Assurance.AssuranceApi.MapAssurance(app);
        Maternity.Web.Programme.ProgrammeApi.MapProgramme(app);
        app.MapReports();
        app.MapSafety();
        National.NationalApi.MapNational(app);
        Voices.VoicesApi.MapVoices(app);
        app.MapUploads(builder.Configuration.GetValue("Security:MaxUploadMegabytes", 500L) * 1024 * 1024);
        return app;
    }
}
