namespace Maternity.Plans;

/// <summary>
/// One action of the plan. <see cref="NodeIds"/> holds the node it sits under first, then any other objectives it
/// also serves. Leads are roles and teams ("Digital Midwives", "LMNS Team"), not people; <see cref="Orgs"/> are the
/// owning trusts or the LMNS. <see cref="TargetChanges"/> is the target date's revision history, oldest first.
/// </summary>
public sealed record PlanAction(
    string Id,
    IReadOnlyList<string> NodeIds,
    string Descriptor,
    string? Detail,
    IReadOnlyList<PlanAction.Milestone> Milestones,
    IReadOnlyList<string> Leads,
    IReadOnlyList<string> Orgs,
    string? FinancialYear,
    Horizon? Horizon,
    FinancialQuarter? PlannedStart,
    FinancialQuarter? PlannedEnd,
    PlanDate? TargetDate,
    IReadOnlyList<PlanAction.TargetChange> TargetChanges,
    ActionStatus Status,
    string? StatusNote,
    string? Metrics,
    IReadOnlyList<string> Indicators,
    IReadOnlyList<string> Groups,
    IReadOnlyList<PlanAction.Update> Updates,
    IReadOnlyList<string> GapIds,
    int Order)
{
    /// <summary>
    /// The action's row of a Gantt chart: each quarter's cell as the plan wrote it ("Completed", "Milestone", "Green",
    /// "Amber", "Red", "Grey"), blank quarters left out; null when the plan has no Gantt chart.
    /// </summary>
    public IReadOnlyList<QuarterStatus>? Gantt { get; init; }

    /// <summary>
    /// The groups the action targets, named explicitly by their codes (<see cref="TargetGroups"/>: "EthnicGroup:Black",
    /// "ImdQuintile:1"); null when the plan names none, and then they are read from the words of <see cref="Groups"/>.
    /// </summary>
    public IReadOnlyList<string>? TargetGroups { get; init; }

    /// <summary>The target-date cell as the plan wrote it when it is neither a date nor a status word, kept as text.</summary>
    public string? TargetText { get; init; }

    /// <summary>Cells of columns the table does not define, kept as text under the plan's own header; null when none.</summary>
    public IReadOnlyDictionary<string, string>? Other { get; init; }

    /// <summary>One quarter of a Gantt chart and its cell as written.</summary>
    public sealed record QuarterStatus(FinancialQuarter Quarter, string Status);

    /// <summary>A key milestone; <see cref="Done"/> when it was reached.</summary>
    public sealed record Milestone(string Title, PlanDate? Due, DateOnly? Done);

    /// <summary>A change of target date: when, by whom, from, to and why. Imported plans may give only "changed from X to Y".</summary>
    public sealed record TargetChange(DateOnly? On, string? By, PlanDate? From, PlanDate? To, string? Reason);

    /// <summary>A dated progress update with its evidence; an undated one is a comment carried over from an imported plan.</summary>
    public sealed record Update(DateOnly? Date, string? By, string Text, string? Evidence, IReadOnlyList<EvidenceFile> Files);

    /// <summary>A file kept as evidence, stored once by the SHA-256 of its content.</summary>
    public sealed record EvidenceFile(string Name, string Sha256);

    public bool IsComplete => Status is ActionStatus.Complete or ActionStatus.CompleteAndEmbedded;

    /// <summary>The date of the latest dated update, if any.</summary>
    public DateOnly? LastUpdated => Updates.Where(u => u.Date is not null).Select(u => u.Date).Max();
}
