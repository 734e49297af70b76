namespace Maternity.Safety;

/// <summary>
/// One case of the safety and learning log: a patient safety incident investigation, a perinatal mortality review, a
/// national investigation, a maternal death, a neonatal brain injury, a term admission to neonatal care or a complaint.
/// Identified by the trust and its own local reference only; it never holds a name, an NHS number or a date of birth.
/// <see cref="ImdDecile"/> is read from the IMD reference table through <see cref="Lsoa"/> (null when either is missing).
/// </summary>
public sealed record SafetyCase(
    string OrgCode, string CaseRef, string Kind, DateOnly EventDate, string? Category, string? Harm,
    string? EthnicCategory, string? Language, string? Interpreter, string? Lsoa, string? AgeBand, int? GestationWeeks,
    string? CarePlanFlags, string Status, string? Grading, IReadOnlyList<string> Themes, IReadOnlyList<string> Factors,
    DateOnly? ReviewDue)
{
    public int? ImdDecile { get; init; }

    /// <summary>IMD quintile 1 (most deprived) to 5, or "Unknown".</summary>
    public string Quintile => ImdDecile is { } d ? ((d + 1) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture) : SafetyCodes.Unknown;

    /// <summary>The ethnic group of the woman (White, Mixed, Asian, Black, Other) or <see cref="SafetyCodes.NotRecorded"/>.</summary>
    public string EthnicGroup => Reference.EthnicCategory.IsValid(EthnicCategory)
        ? Reference.EthnicCategory.GroupOf(EthnicCategory) : SafetyCodes.NotRecorded;

    /// <summary>Still open on <paramref name="today"/> after its review was due.</summary>
    public bool IsOverdue(DateOnly today) => Status != SafetyCodes.Closed && ReviewDue is { } due && due < today;
}
