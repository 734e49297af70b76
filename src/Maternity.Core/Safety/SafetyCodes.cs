namespace Maternity.Safety;

/// <summary>
/// The coded lists of the safety log: kinds of case, harm levels (the Learn from Patient Safety Events levels), statuses,
/// age bands, the built-in themes (an LMNS adds its own) and contributory factors. Codes are what files carry after the
/// mapping; titles are what pages show.
/// </summary>
public static class SafetyCodes
{
    public const string NotRecorded = "Not recorded";
    public const string Unknown = "Unknown";
    public const string Closed = "closed";

    /// <summary>Kinds of case: code and title.</summary>
    public static IReadOnlyList<(string Code, string Title)> Kinds { get; } =
    [
        ("PSII", "Patient safety incident investigation or serious incident"),
        ("PMRT", "Perinatal Mortality Review Tool review"),
        ("MNSI", "National maternity investigation (MNSI, formerly HSIB)"),
        ("MATERNAL_DEATH", "Maternal death (MBRRACE-UK notification)"),
        ("NEONATAL_BRAIN_INJURY", "Neonatal brain injury"),
        ("ATAIN", "Term admission to neonatal care (ATAIN review)"),
        ("COMPLAINT", "Complaint"),
    ];

    /// <summary>The kinds the plans ask to be coded by ethnicity ("all SIs and PMRT and HSIB cases"), and the equity rates default to.</summary>
    public static IReadOnlyList<string> Investigations { get; } = ["PSII", "PMRT", "MNSI", "MATERNAL_DEATH", "NEONATAL_BRAIN_INJURY"];

    public static IReadOnlyList<string> Harms { get; } = ["none", "low", "moderate", "severe", "death"];

    public static IReadOnlyList<string> Statuses { get; } = ["reported", "under review", Closed];

    public static IReadOnlyList<string> AgeBands { get; } = ["Under 20", "20-24", "25-29", "30-34", "35-39", "40-44", "45 and over"];

    /// <summary>Themes every LMNS has; its own are added to these.</summary>
    public static IReadOnlyList<(string Code, string Title)> Themes { get; } =
    [
        ("COMMUNICATION", "Communication with the woman and family"),
        ("INTERPRETING", "Interpreting and language"),
        ("BIAS", "Bias, racism or discrimination"),
        ("ESCALATION", "Recognition and escalation of deterioration"),
        ("FETAL_MONITORING", "Fetal monitoring"),
        ("TRIAGE", "Triage and telephone advice"),
        ("RISK_ASSESSMENT", "Risk assessment and care planning"),
        ("STAFFING", "Staffing and acuity"),
        ("SAFEGUARDING", "Safeguarding and social complexity"),
        ("DISCHARGE", "Discharge and handover"),
    ];

    /// <summary>Contributory factors (a short version of the PSIRF and PMRT factor lists).</summary>
    public static IReadOnlyList<(string Code, string Title)> Factors { get; } =
    [
        ("COMMUNICATION", "Communication"),
        ("INTERPRETING", "Interpreting not offered or not used"),
        ("BIAS", "Bias or assumptions about the woman"),
        ("STAFFING", "Staffing"),
        ("GUIDELINE", "Guideline not followed or not available"),
        ("TRAINING", "Training and competence"),
        ("EQUIPMENT", "Equipment or IT"),
        ("TEAMWORK", "Teamwork and handover"),
        ("ACCESS", "Access to care (late booking, missed appointments)"),
    ];

    public static string KindTitle(string code) => Kinds.FirstOrDefault(k => k.Code == code).Title ?? code;

    /// <summary>The order groups are shown in: the five ethnic groups, then not recorded; quintiles 1 to 5, then unknown.</summary>
    public static IReadOnlyList<string> EthnicGroups { get; } =
        [Reference.EthnicCategory.White, Reference.EthnicCategory.Mixed, Reference.EthnicCategory.Asian,
         Reference.EthnicCategory.Black, Reference.EthnicCategory.Other, NotRecorded];

    public static IReadOnlyList<string> Quintiles { get; } = ["1", "2", "3", "4", "5", Unknown];
}
