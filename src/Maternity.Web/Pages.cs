using Maternity.Security;
using Maternity.Web.Components.Layout;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maternity.Web;

/// <summary>
/// Renders a page component on the server as the response to an endpoint (static server rendering: no circuit, no
/// WebAssembly). The endpoint does the work through Core, checks access and picks the status code; the component
/// only renders the model it is given, with the frame of the caller's role.
/// </summary>
public static class Pages
{
    /// <summary>The page <typeparamref name="TPage"/> with <paramref name="model"/>, for the caller.</summary>
    public static IResult Render<TPage>(HttpContext context, Access? access, object? model, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var parameters = new Dictionary<string, object?> { ["Viewer"] = ViewerOf(context, access) };
        if (model is not null) parameters["Model"] = model;
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };
    }

    /// <summary>Who the page is for: the menu of their role and their session's form token.</summary>
    public static Viewer ViewerOf(HttpContext context, Access? access)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return new Viewer(access?.Name, Viewer.MenuFor(access), context.Request.Path.Value ?? "/",
            tokens.RequestToken is { } value ? new FormToken(tokens.FormFieldName, value) : null);
    }

    /// <summary>Whether a request is for the JSON API (errors as problem details) rather than a page (errors as pages).</summary>
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
        || context.Request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal);
}
