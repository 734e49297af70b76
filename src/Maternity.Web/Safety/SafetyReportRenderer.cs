using Maternity.Safety;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Maternity.Web.Safety;

/// <summary>
/// The annual thematic analysis as self-contained HTML, rendered outside any request by <see cref="HtmlRenderer"/>
/// from the same analysis component as the /safety page: for the page's download and <c>maternity safety report</c>.
/// </summary>
public static class SafetyReportRenderer
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static string Render(SafetyAnalysis analysis, IReadOnlyList<SafetyLesson> lessons, string generatedBy, DateTime generatedAt) =>
        Render<SafetyReportDocument>(new Dictionary<string, object?>
        {
            ["Analysis"] = analysis, ["Lessons"] = lessons, ["GeneratedBy"] = generatedBy, ["GeneratedAt"] = generatedAt,
        });

    /// <summary>The analysis section alone, as the page and the report draw it.</summary>
    public static string RenderSection(SafetyAnalysis analysis) =>
        Render<SafetyAnalysisSection>(new Dictionary<string, object?> { ["Model"] = analysis });

    private static string Render<T>(Dictionary<string, object?> parameters) where T : IComponent
    {
        using var renderer = new HtmlRenderer(Services, Services.GetRequiredService<ILoggerFactory>());
        return renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString()).GetAwaiter().GetResult();
    }
}
