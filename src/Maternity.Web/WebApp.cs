using Maternity.Storage;
using Maternity.Web.Overview;
using Maternity.Web.Plans;
using Maternity.Web.Quality;

namespace Maternity.Web;

/// <summary>Builds the web host over a store: the same app for <c>maternity serve</c>, <c>maternity demo</c> and the tests.</summary>
public static class WebApp
{
    public static WebApplication Create(Database database, string[]? args = null, string? urls = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [], ApplicationName = typeof(WebApp).Assembly.GetName().Name });
        if (urls is not null) builder.WebHost.UseUrls(urls);
        builder.Services.AddSingleton(database);
        builder.Services.AddProblemDetails();
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "maternity-antiforgery");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        app.MapOverview();
        app.MapQuality();
        app.MapPlans();
        return app;
    }
}
