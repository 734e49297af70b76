namespace Maternity.Voices;

/// <summary>How many of the people heard at an event were in <paramref name="Group"/> of <paramref name="Characteristic"/>.</summary>
public sealed record GroupCount(string Characteristic, string Group, long People);
