namespace Maternity.Assurance;

/// <summary>
/// A file of evidence carried by one declaration revision: its sanitised name, the media type its bytes show, size and
/// SHA-256, who added it and when. <see cref="Token"/> is the only way to reach its content (random, not guessable).
/// </summary>
public sealed record EvidenceFile(string Token, long DeclarationId, string FileName, string MediaType, long SizeBytes, string Sha256,
    string AddedBy, DateTime AddedAt)
{
    /// <summary>Where the file is downloaded from (the roles that may see the declaration only).</summary>
    public string Href => $"/assurance/evidence/{Token}";

    /// <summary>The size for people: "12 KB", "1.4 MB".</summary>
    public string Size => SizeBytes < 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, (SizeBytes + 1023) / 1024)} KB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SizeBytes / 1024.0 / 1024.0:0.0} MB");
}
