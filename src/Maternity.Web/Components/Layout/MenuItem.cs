namespace Maternity.Web.Components.Layout;

/// <summary>One item of the header's menu.</summary>
public sealed record MenuItem(string Href, string Text);
