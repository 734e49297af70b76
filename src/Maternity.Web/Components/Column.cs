namespace Maternity.Web.Components;

/// <summary>A column of a <see cref="DataTable"/>: its heading, and whether it holds numbers (right-aligned).</summary>
public sealed record Column(string Heading, bool Numeric = false);
