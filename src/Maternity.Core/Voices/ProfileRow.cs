namespace Maternity.Voices;

/// <summary>One group of an uploaded population profile (ONS census or a local birth profile): people or births, or a share.</summary>
public sealed record ProfileRow(string Characteristic, string Group, double People, string Source);
