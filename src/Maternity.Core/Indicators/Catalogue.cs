using Maternity.Reference;

namespace Maternity.Indicators;

/// <summary>
/// The indicator definitions. Adding an indicator means adding a definition here: the engine computes every
/// definition of a cohort in one grouped query, and docs/indicators.md is generated from this list. The
/// predicates use the cohort columns listed in docs/indicators.md.
/// </summary>
public static class Catalogue
{
    private const string Vaginal = "DeliveryMethodCode IN ('0','1','2','3','4','5','6')";
    private const string Caesarean = "DeliveryMethodCode IN ('7','8')";
    private const string TermCephalic = "GestationLengthBirth >= 259 AND FetusPresentation = '1'";
    private const string Nulliparous = "PreviousLiveBirths = 0 AND PreviousStillBirths = 0";
    private const string Births = "PregOutcome IN ('01','02','03','04')";
    private const string Live = "PregOutcome = '01'";
    /// <summary>The pregnancy has reached the given gestation (days) or is still ongoing.</summary>
    private static string Reached(int days) => $"(birth_gestation IS NULL OR birth_gestation >= {days})";

    private static readonly IndicatorDefinition[] Defined =
    [
        // Data quality and completeness
        new("DQ_ETHNICITY_VALID", "Valid ethnic category at booking", "Data quality", Cohort.Bookings,
            "Pregnancies whose mother's ethnic category is one of the 16 valid codes (A-S)",
            "Pregnancies booked in the month",
            "None. 'Not stated' (Z), 'not known' (99), missing and any other value count as not valid.",
            $"EthnicCategoryMother IN ({EthnicCategory.SqlList(EthnicCategory.Valid.Select(c => c.Code))})", "TRUE",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("DQ_RESIDENCE_RECORDED", "Postcode or LSOA of residence recorded at booking", "Data quality", Cohort.Bookings,
            "Pregnancies whose mother has a well-formed postcode or LSOA of residence",
            "Pregnancies booked in the month", "None.",
            "residence_recorded", "TRUE",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("DQ_BMI_BY_15W", "Height and weight, or BMI, recorded by 15+0 weeks", "Data quality", Cohort.Reaching15Weeks,
            "Pregnancies with height and weight, or a BMI, recorded at a contact by 15+0 weeks (day 105)",
            "Pregnancies reaching 15+0 weeks in the month",
            "Pregnancies that ended before 15+0 weeks; pregnancies with no gestation at booking (no cohort date).",
            "(height_by_15w = 1 AND weight_by_15w = 1) OR bmi_by_15w = 1", Reached(105),
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("DQ_CSF_RECORDED", "Complex social factors indicator recorded at booking", "Data quality", Cohort.Bookings,
            "Pregnancies with ComplexSocialFactorsInd Y or N", "Pregnancies booked in the month",
            "None; missing and invalid values count as not recorded.",
            "ComplexSocialFactorsInd IN ('Y','N')", "TRUE",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("DQ_PCSP_RECORDED", "Antenatal personalised care plan fields recorded", "Data quality", Cohort.Bookings,
            "Pregnancies with an antenatal care plan (type 05) whose PCSP indicator is Y or N", "Pregnancies booked in the month",
            "None.",
            "pcsp_fields_recorded = 1", "TRUE",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("DQ_COC_CARE_PLAN", "Antenatal care plan with pathway indicator by 29 weeks (COC_DQ04)", "Data quality", Cohort.Reaching29Weeks,
            "Pregnancies with an antenatal care plan (type 05) carrying the continuity-of-carer pathway indicator by 28+6 weeks (day 203)",
            "Pregnancies reaching 29+0 weeks in the month",
            "Pregnancies that ended before 29+0 weeks.",
            "coc_ind IS NOT NULL", Reached(203),
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("DQ_COC_LEAD_AND_TEAM", "Lead midwife and team recorded on the 29-week care plan (COC_DQ05)", "Data quality", Cohort.Reaching29Weeks,
            "Pregnancies whose latest antenatal care plan by 28+6 weeks names a care professional and a team",
            "Pregnancies reaching 29+0 weeks in the month",
            "Pregnancies that ended before 29+0 weeks.",
            "coc_ind IS NOT NULL AND coc_prof IS NOT NULL AND coc_team IS NOT NULL", Reached(203),
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("DQ_COC_CARE_PROFESSIONAL", "Valid care professional local identifier on continuity-of-carer records", "Data quality", Cohort.Reaching29Weeks,
            "Of the pregnancies on a continuity-of-carer pathway at 29 weeks, those whose plan carries a care professional local identifier",
            "Pregnancies reaching 29+0 weeks on a continuity-of-carer pathway",
            "Pregnancies not on a pathway or with no 29-week plan.",
            "coc_prof IS NOT NULL", "coc_ind = 'Y'",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("DQ_INTERPRETER_RECORDED", "Interpreter need recorded at booking", "Data quality", Cohort.Bookings,
            "Pregnancies with the interpreter-required indicator Y or N", "Pregnancies booked in the month", "None.",
            "InterpreterReqInd IN ('Y','N')", "TRUE",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),

        // Access and personalisation
        new("BOOKED_BY_10W", "Booked by 10+0 weeks", "Access", Cohort.Bookings,
            "Pregnancies booked at 70 days' gestation or less", "Pregnancies booked in the month with gestation at booking recorded",
            "Bookings with no gestation recorded.",
            "GestAgeBooking <= 70", "GestAgeBooking IS NOT NULL",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("BOOKED_BY_13W", "Booked by 12+6 weeks", "Access", Cohort.Bookings,
            "Pregnancies booked at 90 days' gestation or less", "Pregnancies booked in the month with gestation at booking recorded",
            "Bookings with no gestation recorded.",
            "GestAgeBooking <= 90", "GestAgeBooking IS NOT NULL",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("PCSP_ANTENATAL_BY_17W", "Antenatal personalised care and support plan by 17+0 weeks", "Access", Cohort.Reaching37Weeks,
            "Pregnancies with an antenatal care plan (05) marked as a PCSP by day 119", "Pregnancies reaching 37+0 weeks in the month",
            "Pregnancies that ended before 37+0 weeks.",
            "pcsp_antenatal_17w = 1", Reached(259),
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("PCSP_ALL_PATHWAYS", "Personalised care and support plans for all three pathways", "Access", Cohort.Reaching37Weeks,
            "Pregnancies with PCSPs for antenatal care by day 119 (05), birth by day 245 (06) and postnatal care by day 259 (07)",
            "Pregnancies reaching 37+0 weeks in the month",
            "Pregnancies that ended before 37+0 weeks.",
            "pcsp_antenatal_17w = 1 AND pcsp_birth_35w = 1 AND pcsp_postnatal_37w = 1", Reached(259),
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("COC_PATHWAY_29W", "On a continuity-of-carer pathway at 29 weeks", "Access", Cohort.Reaching29Weeks,
            "Pregnancies whose latest antenatal care plan by 28+6 weeks has the pathway indicator Y",
            "Pregnancies reaching 29+0 weeks with an antenatal care plan carrying the pathway indicator by 28+6 weeks",
            "Pregnancies with no such plan (counted by DQ_COC_CARE_PLAN).",
            "coc_ind = 'Y'", "coc_ind IS NOT NULL",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("COC_PATHWAY_29W_PRIORITY", "Continuity of carer at 29 weeks for the LMNS's priority cohort", "Access", Cohort.Reaching29Weeks,
            "As COC_PATHWAY_29W, for the priority cohort",
            "As COC_PATHWAY_29W, for women in the priority cohort of the LMNS their trust belongs to, as the LMNS defines it "
            + "(by default women of Black, Asian or Mixed ethnic group or living in IMD deciles 1-2; see docs/measures.md)",
            "Women outside the priority cohort.",
            "coc_ind = 'Y'", "coc_ind IS NOT NULL AND in_priority",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("INTERPRETER_NEEDED", "Interpreter needed", "Access", Cohort.Bookings,
            "Pregnancies with an interpreter required (Y)", "Pregnancies booked in the month with the need recorded",
            "Bookings with no recorded need.",
            "InterpreterReqInd = 'Y'", "InterpreterReqInd IN ('Y','N')",
            "%", 100, Polarity.NoJudgement, null, null, 1),

        // Prevention
        new("SMOKING_BOOKING", "Smoking at booking", "Prevention", Cohort.Bookings,
            "Pregnancies whose smoking status within 14 days of booking is 'smoker'", "Pregnancies booked in the month with smoking status known at booking",
            "Unknown smoking status.",
            "smoker_booking = 1", "smoking_known_booking = 1",
            "%", 100, Polarity.LowerIsBetter, null, null, 1, "CQIMSmokingBooking"),
        new("SATOD", "Smoking at time of delivery", "Prevention", Cohort.Births,
            "Births whose mother's smoking status in the 14 days before birth is 'smoker'", "Births with the mother's smoking status known at delivery",
            "Unknown smoking status.",
            "smoker_delivery = 1", $"{Births} AND smoking_known_delivery = 1",
            "%", 100, Polarity.LowerIsBetter, null, null, 1, "CQIMSmokingDelivery"),
        new("CO_TEST_BOOKING", "Carbon monoxide test at booking", "Prevention", Cohort.Bookings,
            "Pregnancies with a CO reading within 14 days of booking", "Pregnancies booked in the month", "None.",
            "co_at_booking = 1", "TRUE",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("CO_TEST_36W", "Carbon monoxide test at 36 weeks", "Prevention", Cohort.Births,
            "Births with a CO reading between 35+0 and 37+6 weeks", "Births at 36+0 weeks or later",
            "Births before 36+0 weeks.",
            "co_36w = 1", $"{Births} AND GestationLengthBirth >= 252",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("OBESITY_AT_BOOKING", "Obesity (BMI 30 or more) in early pregnancy", "Prevention", Cohort.Reaching15Weeks,
            "Pregnancies with a BMI of 30 or more from the height and weight (or BMI) recorded by 15+0 weeks",
            "Pregnancies reaching 15+0 weeks with a BMI recorded", "Pregnancies with no BMI.",
            "bmi_at_booking >= 30", "bmi_at_booking IS NOT NULL",
            "%", 100, Polarity.LowerIsBetter, null, null, 1),

        // Outcomes
        new("PRETERM_37", "Preterm birth (before 37+0 weeks)", "Outcomes", Cohort.Births,
            "Live births with gestation at birth under 259 days (37+0 weeks)", "Live births with gestation at birth recorded",
            "Stillbirths; births with no gestation recorded.",
            "GestationLengthBirth < 259", $"{Live} AND GestationLengthBirth IS NOT NULL",
            "%", 100, Polarity.LowerIsBetter, null, null, 1, "CQIMPreterm (the CQIM counts singleton births per 1,000; this counts live births as a percentage)",
            AgeSensitivity:
                "Preterm birth is more common among teenage mothers and mothers aged 40 or over than at 25-34, so" +
                " a trust that books more of either has a higher crude rate for the same care."),
        new("PRETERM_34", "Preterm birth (before 34+0 weeks)", "Outcomes", Cohort.Births,
            "Live births with gestation at birth under 238 days (34+0 weeks)", "Live births with gestation at birth recorded",
            "Stillbirths; births with no gestation recorded.",
            "GestationLengthBirth < 238", $"{Live} AND GestationLengthBirth IS NOT NULL",
            "%", 100, Polarity.LowerIsBetter, null, null, 1),
        new("EXTREME_PRETERM_LEVEL3", "Births before 27 weeks in a maternity unit with a level 3 neonatal unit", "Outcomes", Cohort.Births,
            "Births at 22+0 to 26+6 weeks at a site whose neonatal unit is level 3", "Births at 22+0 to 26+6 weeks",
            "Births at 27+0 weeks or later; births with no delivery site or gestation.",
            "neonatal_level = 3", $"{Births} AND GestationLengthBirth < 189",
            "%", 100, Polarity.HigherIsBetter, null, null, 1),
        new("LBW_TERM", "Low birth weight at term", "Outcomes", Cohort.Births,
            "Live births at 37+0 weeks or later weighing under 2,500 g", "Live births at 37+0 weeks or later with a birth weight",
            "Preterm births; births with no weight.",
            "BirthWeight < 2500", $"{Live} AND GestationLengthBirth >= 259 AND BirthWeight IS NOT NULL",
            "%", 100, Polarity.LowerIsBetter, null, null, 1,
            AgeSensitivity:
                "Low birth weight at term is more common among teenage mothers and mothers aged 40 or over, so " +
                "the age mix of a trust's mothers moves its crude rate."),
        new("STILLBIRTH_RATE", "Stillbirths per 1,000 total births", "Outcomes", Cohort.Births,
            "Babies born with no signs of life (PregOutcome 02, 03 or 04) at 24+0 weeks (168 days) or more",
            "Live births and stillbirths at 24+0 weeks or more",
            "Births before 24+0 weeks (late fetal losses) and births with no gestation recorded (MBRRACE-UK definition).",
            "PregOutcome IN ('02','03','04')", $"{Births} AND GestationLengthBirth >= 168",
            "per 1,000", 1000, Polarity.LowerIsBetter, null, null, 1,
            AgeSensitivity:
                "Stillbirth risk rises with the mother's age from the mid-thirties and is also raised under 20; " +
                "MBRRACE-UK adjusts trust stillbirth rates for maternal age for this reason."),
        new("NEONATAL_DEATH_RATE", "Neonatal deaths per 1,000 live births", "Outcomes", Cohort.Births,
            "Live-born babies who died within 28 days of birth", "Live births",
            "Stillbirths.",
            "neonatal_death = 1", Live,
            "per 1,000", 1000, Polarity.LowerIsBetter, null, null, 1),
        new("EXTENDED_PERINATAL_RATE", "Extended perinatal deaths per 1,000 total births", "Outcomes", Cohort.Births,
            "Stillbirths at 24+0 weeks or more and neonatal deaths", "Live births and stillbirths at 24+0 weeks or more",
            "Births before 24+0 weeks with no gestation recorded.",
            "PregOutcome IN ('02','03','04') OR neonatal_death = 1", $"{Births} AND GestationLengthBirth >= 168",
            "per 1,000", 1000, Polarity.LowerIsBetter, null, null, 1),
        new("APGAR_LOW_TERM", "Apgar score under 7 at 5 minutes, term babies", "Outcomes", Cohort.Births,
            "Term live births (37+0 weeks or more) with a 5-minute Apgar score of 0 to 6", "Term live births with a 5-minute Apgar score",
            "Preterm births; stillbirths; no score recorded. Singleton births only (the input has no multiple births).",
            "ApgarScore5 < 7", $"{Live} AND GestationLengthBirth >= 259 AND ApgarScore5 IS NOT NULL",
            "per 1,000", 1000, Polarity.LowerIsBetter, null, null, 1, "CQIMApgar"),
        new("PPH_1500", "Postpartum haemorrhage of 1,500 ml or more", "Outcomes", Cohort.Births,
            "Maternities with a measured blood loss of 1,500 ml or more", "Maternities (live births and stillbirths)",
            "None.",
            "blood_loss >= 1500", Births,
            "per 1,000", 1000, Polarity.LowerIsBetter, null, null, 1, "CQIMPPH"),
        new("TEARS_3RD_4TH", "Third or fourth degree perineal tears", "Outcomes", Cohort.Births,
            "Vaginal term births with a third or fourth degree tear", "Vaginal births at 37+0 weeks or later",
            "Caesarean births; preterm births.",
            "tear_degree >= 3", $"{Births} AND {Vaginal} AND GestationLengthBirth >= 259",
            "per 1,000", 1000, Polarity.LowerIsBetter, null, null, 1, "CQIMTears"),
        new("ROBSON_01_CS", "Caesarean births in Robson group 1", "Outcomes", Cohort.Births,
            "Caesarean births in Robson group 1", "Robson group 1: nulliparous, singleton, cephalic, 37+0 weeks or more, spontaneous labour",
            "Births with parity, presentation, gestation or onset not recorded.",
            Caesarean, $"{Births} AND {Nulliparous} AND {TermCephalic} AND LabourOnsetMethod = '1'",
            "%", 100, Polarity.NoJudgement, null, null, 1, "CQIMRobson01",
            AgeSensitivity:
                "The chance that a first labour ends in caesarean rises steeply with the mother's age, so trusts " +
                "caring for older first-time mothers have higher crude rates in this group."),
        new("ROBSON_02_CS", "Caesarean births in Robson group 2", "Outcomes", Cohort.Births,
            "Caesarean births in Robson group 2", "Robson group 2: nulliparous, singleton, cephalic, 37+0 weeks or more, induced labour or caesarean before labour",
            "Births with parity, presentation, gestation or onset not recorded.",
            Caesarean, $"{Births} AND {Nulliparous} AND {TermCephalic} AND LabourOnsetMethod IN ('2','3','4','5')",
            "%", 100, Polarity.NoJudgement, null, null, 1, "CQIMRobson02",
            AgeSensitivity:
                "As Robson group 1: caesarean in a first birth after induction or planned caesarean rises steeply" +
                " with the mother's age."),
        new("ROBSON_05_CS", "Caesarean births in Robson group 5", "Outcomes", Cohort.Births,
            "Caesarean births in Robson group 5", "Robson group 5: at least one previous caesarean, singleton, cephalic, 37+0 weeks or more",
            "Births with previous caesareans, presentation or gestation not recorded.",
            Caesarean, $"{Births} AND PreviousCaesareanSections >= 1 AND {TermCephalic}",
            "%", 100, Polarity.NoJudgement, null, null, 1, "CQIMRobson05"),
        new("VBAC", "Vaginal birth after one previous caesarean (second birth)", "Outcomes", Cohort.Births,
            "Vaginal births to women whose only previous birth was by caesarean", "Births to women with one previous birth, by caesarean",
            "Other parities.",
            Vaginal, $"{Births} AND PreviousCaesareanSections = 1 AND PreviousLiveBirths + PreviousStillBirths = 1",
            "%", 100, Polarity.HigherIsBetter, null, null, 1, "CQIMVBAC"),
        new("BREASTMILK_FIRST_FEED", "First feed of breast milk", "Outcomes", Cohort.Births,
            "Live births whose first feed was breast milk (01, or 02 breast milk and formula)", "Live births with the first feed recorded (01-04)",
            "Stillbirths; first feed not recorded.",
            "BabyFirstFeedIndCode IN ('01','02')", $"{Live} AND BabyFirstFeedIndCode IN ('01','02','03','04')",
            "%", 100, Polarity.HigherIsBetter, null, null, 1, "CQIMBreastfeeding"),
    ];

    /// <summary>
    /// The definitions with their targets: no target is written here; the national ones are in the shipped file
    /// Measures/default-targets.csv (<see cref="Measures.MeasureTarget.Defaults"/>), and an LMNS sets its own as data.
    /// </summary>
    public static IReadOnlyList<IndicatorDefinition> Definitions => WithTargets.Value;

    // Built on first use: reading the targets file looks definitions up (FindDefined), whichever class starts first.
    private static readonly Lazy<IReadOnlyList<IndicatorDefinition>> WithTargets = new(() => [.. Defined.Select(d =>
        Measures.MeasureTarget.Defaults.FirstOrDefault(t => t.MeasureId == d.Id) is { } t ? d with { Target = t.Target, TargetSource = t.Source } : d)]);

    /// <summary>A definition as written here, before its target is set (for reading the targets file itself).</summary>
    internal static IndicatorDefinition? FindDefined(string id) => Defined.FirstOrDefault(d => d.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    public static IndicatorDefinition? Find(string id) =>
        Definitions.FirstOrDefault(d => d.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
}
