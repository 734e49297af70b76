namespace Maternity.Web.Components.Layout;

/// <summary>
/// One item of the header's menu. <paramref name="Sections"/> are the other paths whose pages belong under it (the
/// registers under "Registers"), so the item is marked current on them too.
/// </summary>
public sealed record MenuItem(string Href, string Text, IReadOnlyList<string>? Sections = null);
