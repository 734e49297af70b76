using Maternity.Security;

namespace Maternity.Web.Components.Layout;

/// <summary>
/// Who a page is rendered for: their name (null before sign-in), the menu items their role may open, the path of the
/// page (marked as current in the menu) and the antiforgery field for its forms.
/// </summary>
public sealed record Viewer(string? Name, IReadOnlyList<MenuItem> Menu, string Path, FormToken? Token)
{
    /// <summary>
    /// The pages a role may open, in menu order. The rules are Core's (the scorecard and plan refuse the public role,
    /// loading needs a record-level role, administration an admin): the menu offers nothing the page would refuse.
    /// </summary>
    public static IReadOnlyList<MenuItem> MenuFor(Access? access)
    {
        if (access is null) return [];
        var items = new List<MenuItem> { new("/", "Indicators"), new("/equity", "Equity overview"), new("/national", "National statistics") };
        if (access.Role != Role.Public)
        {
            items.Add(new("/quality", "Data quality"));
            items.Add(new("/measures", "Measures"));
            items.Add(new("/plan", "Action plan"));
            items.Add(new("/wres", "WRES"));
            items.Add(new("/assurance", "Assurance"));
            items.Add(new("/programme", "Programme"));
            items.Add(new("/safety", "Safety and learning"));
            items.Add(new("/voices", "MNVP voices"));
        }
        items.Add(new("/reports", "Board packs"));
        if (access.IsRecordLevel) items.Add(new("/returns", "Returns"));
        if (access.IsRecordLevel) items.Add(new("/uploads", "Submit an extract"));
        if (access.Role == Role.Admin) items.Add(new("/admin", "Administration"));
        items.Add(new("/glossary", "Words explained"));
        return items;
    }

    /// <summary>Whether <paramref name="item"/> is the section the page belongs to.</summary>
    public bool IsCurrent(MenuItem item) =>
        item.Href == "/" ? Path == "/" || Path.StartsWith("/indicators", StringComparison.Ordinal) : Path.StartsWith(item.Href, StringComparison.Ordinal);
}
