using Maternity.Security;
using Maternity.Web.Security;
using Maternity.Web.Components.Layout;

namespace Maternity.Web;

/// <summary>
/// Errors of pages as NHS.UK pages (403, 404, 500 with a reference id), errors of the API as problem details: the
/// middleware that turns Core's refusals, unknown paths and faults into either, by the path asked for.
/// </summary>
public static class ErrorPages
{
    /// <summary>404 as a page: <paramref name="what"/> says what was not found.</summary>
    public static IResult NotFound(HttpContext context, Access? access, string what) =>
        Pages.Render<ErrorPage>(context, access, new ErrorPage.PageModel("Page not found",
            [what, "If you typed the web address, check it is correct. If you followed a link, it may be out of date."]), StatusCodes.Status404NotFound);

    /// <summary>403 as a page.</summary>
    public static IResult Forbidden(HttpContext context, Access? access, string why) =>
        Pages.Render<ErrorPage>(context, access, new ErrorPage.PageModel("You do not have access to this page",
            [$"Your role does not allow it: {why}.", "If you need it for your work, ask an administrator to change your role or organisations."]),
            StatusCodes.Status403Forbidden);

    /// <summary>The caller's access if they are signed in, else null (an error page must render for anyone).</summary>
    public static Access? TryAccess(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true) return null;
        try
        {
            return WebSecurity.AccessOf(context, context.RequestServices.GetRequiredService<Storage.Database>());
        }
        catch (AccessDeniedException)
        {
            return null;
        }
    }

    /// <summary>Pages: unknown paths and empty error responses as pages; faults as a page with a reference id (logged).</summary>
    public static void UseErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            // A fresh scope: the failed page's renderer must not be reused for the error page.
            CreateScopeForErrors = true,
            ExceptionHandler = async context =>
            {
                // A request that could not be read (a form over its limits, a body too large) is the sender's, not a fault.
                if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad)
                {
                    await Results.Problem(statusCode: bad.StatusCode, title: "The request could not be read", detail: bad.Message).ExecuteAsync(context);
                    return;
                }
                if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is Storage.StoreBusyException busy)
                {
                    // A load by the command line holds the embedded store: say so, and when to come back.
                    context.Response.Headers.RetryAfter = "30";
                    await (Pages.IsApi(context)
                        ? Results.Problem(statusCode: 503, title: "The store is busy", detail: busy.Message)
                        : Pages.Render<ErrorPage>(context, null, new ErrorPage.PageModel("The dashboard is busy loading data",
                            ["Another program is loading data into the store, so the figures cannot be read for the moment. Try again in a minute: "
                                + "nothing you saved is lost.", $"Details: {busy.Message}."]), StatusCodes.Status503ServiceUnavailable)).ExecuteAsync(context);
                    return;
                }
                if (Pages.IsApi(context))
                {
                    await Results.Problem(statusCode: 500, title: "Something went wrong",
                        extensions: new Dictionary<string, object?> { ["reference"] = context.TraceIdentifier }).ExecuteAsync(context);
                    return;
                }
                await Pages.Render<ErrorPage>(context, TryAccess(context), new ErrorPage.PageModel("Sorry, there is a problem with the service",
                    ["Something went wrong on our side. Try again later; what you had already saved is kept."], context.TraceIdentifier),
                    StatusCodes.Status500InternalServerError).ExecuteAsync(context);
            },
        });
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var code = context.Response.StatusCode;
            if (Pages.IsApi(context) || code is not (404 or 403 or 405 or 400))
            {
                await Results.Problem(statusCode: code).ExecuteAsync(context);
                return;
            }
            var access = TryAccess(context);
            var page = code switch
            {
                404 => NotFound(context, access, "There is no page at this address."),
                403 => Forbidden(context, access, "this page is not open to your role"),
                _ => Pages.Render<ErrorPage>(context, access, new ErrorPage.PageModel("The request could not be handled",
                    ["Go back and try again. If it happens again, ask your administrator."]), code),
            };
            await page.ExecuteAsync(context);
        });
    }
}
