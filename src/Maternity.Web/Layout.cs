using System.Text;
using static System.Net.WebUtility;

namespace Maternity.Web;

/// <summary>The frame every server-rendered page shares: the NHS.UK design system's header, main wrapper and footer.</summary>
public static class Layout
{
    public static StringBuilder Begin(string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(HtmlEncode(title)).Append(" - Maternity Equity</title>")
            .Append("""
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="stylesheet" href="/nhsuk/site.css">
                <link rel="icon" href="/nhsuk/assets/images/favicon.svg" type="image/svg+xml">
                <script type="module" src="/nhsuk/init.js"></script>
                </head><body>
                <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
                <header class="nhsuk-header" role="banner">
                  <div class="nhsuk-header__container nhsuk-width-container">
                    <div class="nhsuk-header__service">
                      <a class="nhsuk-header__service-logo" href="/" aria-label="Maternity Equity homepage">
                        <svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
                          <title>NHS</title><path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"/>
                        </svg>
                        <span class="nhsuk-header__service-name">Maternity Equity</span>
                      </a>
                    </div>
                  </div>
                  <nav class="nhsuk-header__navigation" aria-label="Menu">
                    <div class="nhsuk-header__navigation-container nhsuk-width-container">
                      <ul class="nhsuk-header__navigation-list">
                        <li class="nhsuk-header__navigation-item"><a class="nhsuk-header__navigation-link" href="/">Indicators</a></li>
                        <li class="nhsuk-header__navigation-item"><a class="nhsuk-header__navigation-link" href="/quality">Data quality</a></li>
                        <li class="nhsuk-header__navigation-item"><a class="nhsuk-header__navigation-link" href="/plan">Action plan</a></li>
                        <li class="nhsuk-header__navigation-item"><a class="nhsuk-header__navigation-link" href="/reports">Board packs</a></li>
                        <li class="nhsuk-header__navigation-item"><a class="nhsuk-header__navigation-link" href="/uploads">Submit an extract</a></li>
                        <li class="nhsuk-header__navigation-item"><a class="nhsuk-header__navigation-link" href="/admin">Administration</a></li>
                        <li class="nhsuk-header__navigation-item"><a class="nhsuk-header__navigation-link" href="/signout">Sign out</a></li>
                      </ul>
                    </div>
                  </nav>
                </header>
                <div class="nhsuk-width-container"><main class="nhsuk-main-wrapper" id="maincontent" role="main">
                """);
        return html;
    }

    public static string End(StringBuilder html) => html.Append("""
        </main></div>
        <footer role="contentinfo"><div class="nhsuk-footer"><div class="nhsuk-width-container">
        <p class="nhsuk-footer__copyright">Maternity Equity: open-source tools for LMNS equity and equality programmes. Small numbers are suppressed for viewers.</p>
        </div></div></footer>
        </body></html>
        """).ToString();
}
