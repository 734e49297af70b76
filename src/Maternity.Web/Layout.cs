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
                .fail{color:#d5281b;font-weight:bold}.pass{color:#007f3b}nav a{margin-right:1rem}
                label{display:block;margin-top:.6rem;font-weight:bold}input,select,textarea{font:inherit;max-width:40rem;width:100%}
                input[type=checkbox]{width:auto}button{margin-top:.8rem;font:inherit;padding:.3rem 1rem}
                .filters fieldset{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:0 1rem;border:1px solid #d8dde0}
                .rag{padding:0 .3rem}.rag.completed{background:#005eb8;color:#fff}.rag.on-track{background:#007f3b;color:#fff}
                .rag.at-risk{background:#ffb81c;color:#212b32}.rag.delayed{background:#d5281b;color:#fff}.rag.not-started{background:#aeb7bd;color:#212b32}
                .gantt td{min-width:2.2rem;text-align:center;border:1px solid #fff}.scroll{overflow-x:auto}
                .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
                .error{border:4px solid #d5281b;padding:0 1rem}.notice{border:4px solid #007f3b;padding:0 1rem}
                dt{font-weight:bold;margin-top:.4rem}dd{margin-left:1rem}
                @media print{nav,form{display:none}.rag{-webkit-print-color-adjust:exact;print-color-adjust:exact}}</style></head><body>
                <nav aria-label="Main"><a href="/">Indicators</a><a href="/quality">Data quality</a><a href="/plan">Action plan</a><a href="/admin">Administration</a><a href="/signout">Sign out</a></nav><main>
                """);
        return html;
    }

    public static string End(StringBuilder html) => html.Append("</main></body></html>").ToString();
}
