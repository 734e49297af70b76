namespace Maternity.Web.Components.Layout;

/// <summary>The antiforgery field of the caller's session, put in every form that posts.</summary>
public sealed record FormToken(string Name, string Value);
