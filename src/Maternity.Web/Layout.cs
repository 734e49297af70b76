using System.Text;

namespace Maternity.Web;

/// <summary>The frame every server-rendered page shares: head, styles and navigation.</summary>
public static class Layout
{
    public static StringBuilder Begin(string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(System.Net.WebUtility.HtmlEncode(title)).Append(" - Maternity Equity</title>")
            .Append("""
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:Arial,sans-serif;margin:2rem;color:#212b32}table{border-collapse:collapse}
                th,td{border-bottom:1px solid #d8dde0;padding:.3rem .6rem;text-align:left}td.n{text-align:right}
                .fail{color:#d5281b;font-weight:bold}.pass{color:#007f3b}nav a{margin-right:1rem}</style></head><body>
                <nav aria-label="Main"><a href="/">Indicators</a><a href="/quality">Data quality</a></nav><main>
                """);
        return html;
    }

    public static string End(StringBuilder html) => html.Append("</main></body></html>").ToString();
}
