using System.Text.RegularExpressions;
using static Maternity.Ingest.ColumnKind;

namespace Maternity.Ingest;

/// <summary>
/// The canonical MSDS-shaped input: six files named after MSDS v2 tables, with columns named after MSDS v2
/// data items. Derived items the national pipeline adds (GestAgeBooking, ApgarScore, BirthWeight) are taken
/// as submitted columns here, because a local extract already carries them. docs/data-model.md is generated
/// from this list.
/// </summary>
public static partial class MsdsSchema
{
    public const string Mothers = "MSD001MotherDemog";
    public const string Bookings = "MSD101PregnancyBooking";
    public const string CarePlans = "MSD102MatCarePlan";
    public const string CareActivities = "MSD202CareActivityPreg";
    public const string LabourDeliveries = "MSD301LabourDelivery";
    public const string LabourActivities = "MSD302CareActivityLabDel";
    public const string Babies = "MSD401BabyDemographics";

    private static readonly string[] YesNo = ["Y", "N"];

    [GeneratedRegex("^[A-Z0-9]{3,5}$")]
    private static partial Regex OrgCode();

    // 2011 and 2021 LSOA codes in England share the form E01 and six digits.
    [GeneratedRegex("^E01[0-9]{6}$")]
    private static partial Regex Lsoa();

    // UK postcode: outward code, optional space, inward code.
    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")]
    private static partial Regex Postcode();

    [GeneratedRegex("^[0-9]{6,18}$")]
    private static partial Regex Snomed();

    private static ColumnSpec Provider() =>
        new("OrgCodeProvider", Text, true, "ODS code of the provider trust that submitted the record.", Pattern: OrgCode(), PatternText: "ODS code, 3-5 letters or digits");

    private static ColumnSpec Period() =>
        new("RPStartDate", Date, true, "First day of the reporting period (month) the record is submitted in.");

    /// <summary>The tables in load order: parents before children.</summary>
    public static IReadOnlyList<MsdsTable> Tables { get; } =
    [
        new(Mothers, "Mother's demographics: one row per mother per submission.",
        [
            Provider(), Period(),
            new("LPIDMother", Text, true, "Pseudonymised local patient identifier of the mother."),
            new("PersonBirthDateMother", Date, false, "Mother's date of birth (used for age at booking)."),
            new("EthnicCategoryMother", Code, false, "NHS ethnic category (A-S valid; Z not stated; 99 not known). Invalid or missing values are loaded and count as not valid.", Codes: Reference.EthnicCategory.AllCodes, KeepInvalid: true, Defaults: ["Z", "99"]),
            new("Postcode", Text, false, "Postcode of usual address. A malformed postcode is loaded and counts as not recorded.", Pattern: Postcode(), PatternText: "UK postcode", KeepInvalid: true, ValidSql: "Postcode LIKE '% ___' AND length(Postcode) BETWEEN 6 AND 8"),
            new("LSOAMother2011", Text, false, "LSOA (2011) of residence; joined to IMD 2019 for the deprivation decile.", Pattern: Lsoa(), PatternText: "E01 and six digits", KeepInvalid: true, ValidSql: "LSOAMother2011 LIKE 'E01______'"),
            new("LSOAMother2021", Text, false, "LSOA (2021) of residence, where the extract carries 2021 codes.", Pattern: Lsoa(), PatternText: "E01 and six digits", KeepInvalid: true, ValidSql: "LSOAMother2021 LIKE 'E01______'"),
            new("Rank_IMD_Decile_2015", WholeNumber, false, "IMD 2015 decile already derived by the sender (national extracts carry it); kept and labelled IMD2015.", Min: 1, Max: 10),
            new("Rank_IMD_Decile_2019", WholeNumber, false, "IMD 2019 decile already derived by the sender; kept and labelled IMD2019.", Min: 1, Max: 10),
        ],
        ["OrgCodeProvider", "LPIDMother"], [], []),

        new(Bookings, "Pregnancy and booking: one row per pregnancy, submitted in the month of the booking appointment.",
        [
            Provider(), Period(),
            new("PregnancyID", Text, true, "Identifier of the pregnancy, unique within the provider."),
            new("LPIDMother", Text, true, "The mother (MSD001MotherDemog.LPIDMother)."),
            new("AntenatalAppDate", Date, true, "Date of the booking (formal antenatal) appointment."),
            new("GestAgeBooking", WholeNumber, false, "Gestation at booking in days.", Min: 0, Max: 300, Unit: "days"),
            new("EDDAgreed", Date, false, "Agreed estimated date of delivery."),
            new("OrgSiteIDBooking", Text, false, "ODS site code where the booking took place."),
            new("ComplexSocialFactorsInd", Code, false, "Complex social factors indicator (Y/N). Missing or other values are loaded and count as not recorded.", Codes: YesNo, KeepInvalid: true),
            new("DisabilityIndMother", Code, false, "Disability indicator: Y, N, Z (not stated).", Codes: ["Y", "N", "Z"], KeepInvalid: true, Defaults: ["Z"]),
            new("LangCode", Text, false, "Preferred spoken language (ISO 639-1 code, e.g. en, ur, pl)."),
            new("InterpreterReqInd", Code, false, "Interpreter required (Y/N). A local extension: not an MSDS v2 item, carried by many EPR extracts.", Codes: YesNo, KeepInvalid: true),
            new("PreviousCaesareanSections", WholeNumber, false, "Number of previous caesarean sections.", Min: 0, Max: 20),
            new("PreviousLiveBirths", WholeNumber, false, "Number of previous live births.", Min: 0, Max: 30),
            new("PreviousStillBirths", WholeNumber, false, "Number of previous stillbirths.", Min: 0, Max: 30),
        ],
        ["OrgCodeProvider", "PregnancyID"],
        [new("LPIDMother", Mothers, "LPIDMother")],
        []),

        new(CarePlans, "Maternity care plans, including personalised care and support plans (PCSP) and continuity of carer.",
        [
            Provider(), Period(),
            new("PregnancyID", Text, true, "The pregnancy (MSD101PregnancyBooking.PregnancyID)."),
            new("CarePlanDate", Date, true, "Date the care plan was agreed or recorded."),
            new("CarePlanType", Code, true, "Care plan type: 05 antenatal, 06 birth, 07 postpartum (01-04 other MSDS plan types).", Codes: ["01", "02", "03", "04", "05", "06", "07"]),
            new("MatPersCarePlanInd", Code, false, "Personalised care and support plan indicator (Y/N).", Codes: YesNo, KeepInvalid: true),
            new("ContCarePathInd", Code, false, "On a continuity-of-carer pathway (Y/N).", Codes: YesNo, KeepInvalid: true),
            new("CareProfLID", Text, false, "Local identifier of the lead care professional."),
            new("TeamLocalID", Text, false, "Local identifier of the care team."),
        ],
        ["OrgCodeProvider", "PregnancyID", "CarePlanType", "CarePlanDate"],
        [new("PregnancyID", Bookings, "PregnancyID")],
        []),

        new(CareActivities, "Care activities in pregnancy: SNOMED-coded observations (height 50373000 cm, weight 27113001 kg, BMI 60621009, CO reading 251900003 ppm) and findings (smoking status: 77176002 smoker, 8517006 ex-smoker, 266919005 never smoked).",
        [
            Provider(), Period(),
            new("PregnancyID", Text, true, "The pregnancy (MSD101PregnancyBooking.PregnancyID)."),
            new("CContactDate", Date, true, "Date of the care contact the activity happened at."),
            new("ObsCode", Text, false, "SNOMED CT code of the observation.", Pattern: Snomed(), PatternText: "SNOMED CT concept id"),
            new("ObsValue", Number, false, "Value of the observation, in UCUMUnit.", Min: 0, Max: 1000),
            new("UCUMUnit", Text, false, "UCUM unit of ObsValue (cm, kg, kg/m2, ppm)."),
            new("FindingCode", Text, false, "SNOMED CT code of a finding, e.g. smoking status.", Pattern: Snomed(), PatternText: "SNOMED CT concept id"),
        ],
        [],
        [new("PregnancyID", Bookings, "PregnancyID")],
        []),

        new(LabourDeliveries, "Labour and delivery: one row per labour and delivery episode.",
        [
            Provider(), Period(),
            new("LabourDeliveryID", Text, true, "Identifier of the labour and delivery episode."),
            new("PregnancyID", Text, true, "The pregnancy (MSD101PregnancyBooking.PregnancyID)."),
            new("OrgSiteIDActualDelivery", Text, false, "ODS site code where the birth took place."),
            new("LabourOnsetMethod", Code, false, "Onset of labour: 1 spontaneous, 2 caesarean before labour, 3 surgical induction, 4 medical induction, 5 surgical and medical induction, 9 not known.", Codes: ["1", "2", "3", "4", "5", "9"], KeepInvalid: true, Defaults: ["9"]),
            new("LabourOnsetDate", Date, false, "Date labour began."),
            new("CaesareanDate", Date, false, "Date of caesarean section, if any."),
        ],
        ["OrgCodeProvider", "LabourDeliveryID"],
        [new("PregnancyID", Bookings, "PregnancyID")],
        [("LabourOnsetDate", "CaesareanDate")]),

        new(LabourActivities, "Care activities in labour and delivery, with the items the national pipeline derives from their SNOMED codes: blood loss and perineal trauma.",
        [
            Provider(), Period(),
            new("LabourDeliveryID", Text, true, "The labour and delivery (MSD301LabourDelivery.LabourDeliveryID)."),
            new("ClinInterDateMother", Date, true, "Date of the activity."),
            new("BloodLoss", WholeNumber, false, "Measured blood loss in ml (postpartum haemorrhage when 500 or more).", Min: 0, Max: 20000, Unit: "ml"),
            new("PerinealTearDegree", WholeNumber, false, "Degree of perineal tear: 0 none (intact or episiotomy only), 1-4 first to fourth degree.", Min: 0, Max: 4),
            new("MatCritInd", Code, false, "Maternal critical incident indicator (Y/N).", Codes: YesNo, KeepInvalid: true),
        ],
        [],
        [new("LabourDeliveryID", LabourDeliveries, "LabourDeliveryID")],
        []),

        new(Babies, "Baby's demographics and outcome: one row per baby born, submitted in the month of birth.",
        [
            Provider(), Period(),
            new("LPIDBaby", Text, true, "Pseudonymised local patient identifier of the baby."),
            new("LabourDeliveryID", Text, true, "The labour and delivery (MSD301LabourDelivery.LabourDeliveryID)."),
            new("PregnancyID", Text, true, "The pregnancy (MSD101PregnancyBooking.PregnancyID)."),
            new("PersonBirthDateBaby", Date, true, "Date of birth."),
            new("PregOutcome", Code, true, "Outcome: 01 live birth; 02 stillbirth (antepartum); 03 stillbirth (intrapartum); 04 stillbirth (indeterminate).", Codes: ["01", "02", "03", "04"]),
            new("GestationLengthBirth", WholeNumber, false, "Gestation at birth in days, 22+0 to 44+6 weeks.", Min: 154, Max: 314, Unit: "days"),
            new("BirthWeight", WholeNumber, false, "Birth weight in grams (derived from MSD405 in the national pipeline).", Min: 200, Max: 7000, Unit: "g"),
            new("PersonPhenSex", Code, false, "Phenotypic sex: 1 male, 2 female, 9 indeterminate, X not known.", Codes: ["1", "2", "9", "X"], KeepInvalid: true, Defaults: ["9", "X"]),
            new("DeliveryMethodCode", Code, false, "Delivery method (NHS Data Dictionary): 0 spontaneous vertex, 1 spontaneous other cephalic, 2 low forceps, 3 other forceps, 4 ventouse, 5 breech, 6 breech extraction, 7 elective caesarean, 8 emergency caesarean, 9 other.", Codes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], KeepInvalid: true),
            new("ApgarScore5", WholeNumber, false, "Apgar score at 5 minutes (derived from MSD405 in the national pipeline).", Min: 0, Max: 10),
            new("BabyFirstFeedIndCode", Code, false, "First feed: 01 maternal or donor breast milk, 02 breast milk and formula, 03 formula, 04 not fed.", Codes: ["01", "02", "03", "04"], KeepInvalid: true),
            new("PersonDeathDateBaby", Date, false, "Date of death of the baby, for neonatal deaths."),
            new("FetusPresentation", Code, false, "Presentation at birth: 1 cephalic, 2 breech, 3 other (transverse, oblique, compound), 9 not known.", Codes: ["1", "2", "3", "9"], KeepInvalid: true, Defaults: ["9"]),
        ],
        ["OrgCodeProvider", "LPIDBaby"],
        [new("LabourDeliveryID", LabourDeliveries, "LabourDeliveryID"), new("PregnancyID", Bookings, "PregnancyID")],
        [("PersonBirthDateBaby", "PersonDeathDateBaby")]),
    ];

    public static MsdsTable? Find(string name) =>
        Tables.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The table a file is for, from its name (e.g. <c>MSD401BabyDemographics_2025-04.csv</c> or <c>msd401.csv</c>).</summary>
    public static MsdsTable? ForFile(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return Tables.FirstOrDefault(t => name.StartsWith(t.Name, StringComparison.OrdinalIgnoreCase))
            ?? Tables.FirstOrDefault(t => name.StartsWith(t.Name[..6], StringComparison.OrdinalIgnoreCase));
    }
}
