using Maternity.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Maternity.Web.Reports;

/// <summary>
/// The board pack's HTML, rendered outside any request by ASP.NET Core's <see cref="HtmlRenderer"/> from the same
/// components as the pages. Passed to <see cref="BoardPackStore.Generate"/> by the web and the command line.
/// </summary>
public static class BoardPackRenderer
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static string Render(BoardPack pack)
    {
        using var renderer = new HtmlRenderer(Services, Services.GetRequiredService<ILoggerFactory>());
        return renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<BoardPackDocument>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Pack"] = pack }));
            return output.ToHtmlString();
        }).GetAwaiter().GetResult();
    }
}
