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
            items.Add(new("/registers", "Registers", [.. Registers.Select(r => r.Page.Href)]));
        }
        items.Add(new("/reports", "Board packs"));
        if (access.IsRecordLevel) items.Add(new("/returns", "Returns"));
        if (access.IsRecordLevel) items.Add(new("/uploads", "Submit an extract"));
        if (access.Role == Role.Admin) items.Add(new("/admin", "Administration"));
        return items;
    }

    /// <summary>
    /// The programme's registers beside the indicators, gathered under one menu item ("Registers") and listed with what
    /// each holds on its page. Every role but the public may open them.
    /// </summary>
    public static readonly IReadOnlyList<(MenuItem Page, string Holds)> Registers =
    [
        (new("/wres", "WRES"), "Race equality for maternity and neonatal staff: the nine Workforce Race Equality Standard indicators by trust, staff group and year."),
        (new("/assurance", "Assurance"), "Each trust's progress on the Maternity Incentive Scheme, Saving Babies' Lives, Ockenden and PSIRF, with evidence and the LMNS's assurance."),
        (new("/programme", "Programme"), "Funding, named posts, training, community assets, equality impact assessments and the plan's approvals."),
        (new("/safety", "Safety and learning"), "Incidents, perinatal reviews and investigations coded by ethnicity, language and deprivation, with themes and lessons learnt."),
        (new("/voices", "MNVP voices"), "The MNVP's engagement, how far those heard reflect the women booked, and what was done about what they said."),
    ];

    /// <summary>Whether <paramref name="item"/> is the section the page belongs to.</summary>
    public bool IsCurrent(MenuItem item) =>
        item.Href == "/" ? Path == "/" || Path.StartsWith("/indicators", StringComparison.Ordinal)
            : Path.StartsWith(item.Href, StringComparison.Ordinal) || (item.Sections?.Any(s => Path.StartsWith(s, StringComparison.Ordinal)) ?? false);
}
