namespace Maternity.Indicators;

/// <summary>
/// The indicator definitions. Adding an indicator means adding a definition here: the engine computes
/// every definition of a cohort in the same single grouped query, and docs/indicators.md is generated
/// from this list.
/// </summary>
public static class Catalogue
{
    private static readonly Breakdown[] All = [Breakdown.Total, Breakdown.EthnicGroup, Breakdown.ImdQuintile];

    public static IReadOnlyList<IndicatorDefinition> Definitions { get; } =
    [
        new("DQ_ETHNICITY_VALID", "Valid ethnic category at booking", Cohort.Bookings,
            "Pregnancies whose mother's ethnic category is one of the 16 valid codes (A-S)",
            "Pregnancies booked in the month",
            "None. 'Not stated' (Z), 'not known' (99), missing and any other value count as not valid.",
            "EthnicCategoryMother IN ('A','B','C','D','E','F','G','H','J','K','L','M','N','P','R','S')",
            "TRUE",
            "%", 100, true, 90, "CNST Maternity Incentive Scheme safety action 2: valid ethnic category for at least 90% of women booked in the month",
            All, 1),
        new("DQ_RESIDENCE_RECORDED", "Postcode or LSOA of residence recorded at booking", Cohort.Bookings,
            "Pregnancies whose mother has a well-formed postcode or LSOA of residence",
            "Pregnancies booked in the month",
            "None.",
            "residence_recorded",
            "TRUE",
            "%", 100, true, 95, "LMNS equity plans: postcode recorded for at least 95% of bookings (local threshold)",
            [Breakdown.Total, Breakdown.EthnicGroup], 1),
        new("PRETERM_37", "Preterm birth (before 37+0 weeks)", Cohort.Births,
            "Live births with gestation at birth under 259 days (37+0 weeks)",
            "Live births with gestation at birth recorded",
            "Stillbirths; births with no gestation recorded.",
            "GestationLengthBirth < 259",
            "PregOutcome = '01' AND GestationLengthBirth IS NOT NULL",
            "%", 100, false, null, null,
            All, 1),
        new("STILLBIRTH_RATE", "Stillbirths per 1,000 total births", Cohort.Births,
            "Babies born with no signs of life (PregOutcome 02, 03 or 04) at 24+0 weeks (168 days) or more",
            "Live births and stillbirths at 24+0 weeks or more",
            "Births before 24+0 weeks (late fetal losses) and births with no gestation recorded (MBRRACE-UK definition).",
            "PregOutcome IN ('02','03','04')",
            "PregOutcome IN ('01','02','03','04') AND GestationLengthBirth >= 168",
            "per 1,000", 1000, false, null, null,
            All, 1),
    ];

    public static IndicatorDefinition? Find(string id) =>
        Definitions.FirstOrDefault(d => d.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
}
