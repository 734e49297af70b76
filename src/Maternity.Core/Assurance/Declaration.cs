namespace Maternity.Assurance;

/// <summary>
/// One revision of a trust's declaration on a framework item for a period (the month it is made for): its status, the
/// evidence in words and links (a measure's page, a plan action, a web address), who made it and when, why it replaced
/// the revision before it, when it was itself superseded, and the LMNS's latest review of it.
/// </summary>
public sealed record Declaration(long Id, string FrameworkId, string ItemId, string OrgCode, DateOnly Period, int Revision,
    Compliance Status, string Evidence, IReadOnlyList<string> Links, string? Reason, string DeclaredBy, DateTime DeclaredAt,
    DateTime? SupersededAt, Review? Review)
{
    public bool IsCurrent => SupersededAt is null;

    /// <summary>Met or not applicable: nothing more is due.</summary>
    public bool IsDone => Status is Compliance.Met or Compliance.NotApplicable;

    /// <summary>The plan actions the evidence links to (<c>/plan/actions/ID</c>).</summary>
    public IEnumerable<string> PlanActionIds => Links
        .Where(l => l.StartsWith(PlanActionLink, StringComparison.OrdinalIgnoreCase))
        .Select(l => Uri.UnescapeDataString(l[PlanActionLink.Length..].Split('?', '#')[0]))
        .Where(id => id.Length > 0);

    public const string PlanActionLink = "/plan/actions/";
}

/// <summary>The LMNS's assurance of one declaration revision: accepted, or queried with the reason.</summary>
public sealed record Review(long Id, long DeclarationId, string Outcome, string Reason, string ReviewedBy, DateTime ReviewedAt)
{
    public const string Accepted = "accepted";
    public const string Queried = "queried";
}

/// <summary>A declaration to make: from a form, a file row (<paramref name="Row"/>, 0 for a form) or the generator.</summary>
public sealed record DeclarationInput(string FrameworkId, string ItemId, string OrgCode, DateOnly Period, Compliance Status,
    string Evidence, IReadOnlyList<string> Links, string? Reason, long Row = 0)
{
    /// <summary>Evidence files to carry (<see cref="EvidenceFiles"/>): on an unchanged declaration they are added to the one in force.</summary>
    public IReadOnlyList<EvidenceFiles.Upload> Files { get; init; } = [];
}
