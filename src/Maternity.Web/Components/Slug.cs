namespace Maternity.Web.Components;

/// <summary>Text made safe for an element id or a class name: lower case, anything but letters and digits as '-'.</summary>
public static class Slug
{
    public static string Of(string text) => string.Concat(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
