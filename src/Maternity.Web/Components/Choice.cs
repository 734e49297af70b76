namespace Maternity.Web.Components;

/// <summary>One choice of a select: the value sent and the text shown.</summary>
public sealed record Choice(string Value, string Text);
