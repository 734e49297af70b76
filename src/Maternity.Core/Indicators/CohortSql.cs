using Maternity.Reference;

namespace Maternity.Indicators;

/// <summary>
/// The SQL that turns the record-level tables into the two row sets indicators count over: one row per
/// pregnancy (the booking cohorts) and one row per baby (the births cohort), each carrying the derived
/// columns the catalogue's predicates use. Portable SQL: it runs on DuckDB and PostgreSQL alike.
/// </summary>
public static class CohortSql
{
    /// <summary>A well-formed LSOA (2011 or 2021) or postcode: the field profile's own validity rules for those items.</summary>
    private static readonly string Residence = string.Join(" OR ", Ingest.MsdsSchema.Find(Ingest.MsdsSchema.Mothers)!.Columns
        .Where(c => c.Name is "LSOAMother2011" or "LSOAMother2021" or "Postcode").Select(c => $"({c.ValidSql})"));

    /// <summary>Gestation in days at a date of the pregnancy.</summary>
    private static string GestationAt(string date) => $"(p.GestAgeBooking + ({date} - p.AntenatalAppDate))";

    /// <summary>The derived tables both cohorts share; <paramref name="priority"/> says whether a pregnancy is in its LMNS's priority cohort.</summary>
    private static string Shared(string priority) => $"""
        mothers AS (
          SELECT DISTINCT ON (OrgCodeProvider, LPIDMother) * FROM MSD001MotherDemog
          ORDER BY OrgCodeProvider, LPIDMother, RPStartDate DESC),
        births_summary AS (
          SELECT OrgCodeProvider, PregnancyID, min(PersonBirthDateBaby) AS birth_date, min(GestationLengthBirth) AS birth_gestation
          FROM MSD401BabyDemographics GROUP BY OrgCodeProvider, PregnancyID),
        activity AS (
          SELECT a.OrgCodeProvider, a.PregnancyID,
            max(CASE WHEN a.ObsCode = '50373000' AND {GestationAt("a.CContactDate")} <= 105 THEN 1 ELSE 0 END) AS height_by_15w,
            max(CASE WHEN a.ObsCode = '27113001' AND {GestationAt("a.CContactDate")} <= 105 THEN 1 ELSE 0 END) AS weight_by_15w,
            max(CASE WHEN a.ObsCode = '60621009' AND {GestationAt("a.CContactDate")} <= 105 THEN 1 ELSE 0 END) AS bmi_by_15w,
            max(CASE WHEN a.ObsCode = '50373000' AND {GestationAt("a.CContactDate")} <= 105 THEN a.ObsValue END) AS height_cm,
            max(CASE WHEN a.ObsCode = '27113001' AND {GestationAt("a.CContactDate")} <= 105 THEN a.ObsValue END) AS weight_kg,
            max(CASE WHEN a.ObsCode = '60621009' AND {GestationAt("a.CContactDate")} <= 105 THEN a.ObsValue END) AS bmi_recorded,
            max(CASE WHEN a.FindingCode IN ('77176002','8517006','266919005') AND a.CContactDate <= p.AntenatalAppDate + 14 THEN 1 ELSE 0 END) AS smoking_known_booking,
            max(CASE WHEN a.FindingCode = '77176002' AND a.CContactDate <= p.AntenatalAppDate + 14 THEN 1 ELSE 0 END) AS smoker_booking,
            max(CASE WHEN a.ObsCode = '251900003' AND a.CContactDate <= p.AntenatalAppDate + 14 THEN 1 ELSE 0 END) AS co_at_booking,
            max(CASE WHEN a.ObsCode = '251900003' AND {GestationAt("a.CContactDate")} BETWEEN 245 AND 265 THEN 1 ELSE 0 END) AS co_36w,
            max(CASE WHEN a.FindingCode IN ('77176002','8517006','266919005') AND a.CContactDate BETWEEN s.birth_date - 14 AND s.birth_date THEN 1 ELSE 0 END) AS smoking_known_delivery,
            max(CASE WHEN a.FindingCode = '77176002' AND a.CContactDate BETWEEN s.birth_date - 14 AND s.birth_date THEN 1 ELSE 0 END) AS smoker_delivery
          FROM MSD202CareActivityPreg a
          JOIN MSD101PregnancyBooking p ON p.OrgCodeProvider = a.OrgCodeProvider AND p.PregnancyID = a.PregnancyID
          LEFT JOIN births_summary s ON s.OrgCodeProvider = a.OrgCodeProvider AND s.PregnancyID = a.PregnancyID
          GROUP BY a.OrgCodeProvider, a.PregnancyID),
        plans AS (
          SELECT c.OrgCodeProvider, c.PregnancyID,
            max(CASE WHEN c.CarePlanType = '05' AND c.MatPersCarePlanInd IN ('Y','N') THEN 1 ELSE 0 END) AS pcsp_fields_recorded,
            max(CASE WHEN c.CarePlanType = '05' AND c.MatPersCarePlanInd = 'Y' AND {GestationAt("c.CarePlanDate")} <= 119 THEN 1 ELSE 0 END) AS pcsp_antenatal_17w,
            max(CASE WHEN c.CarePlanType = '06' AND c.MatPersCarePlanInd = 'Y' AND {GestationAt("c.CarePlanDate")} <= 245 THEN 1 ELSE 0 END) AS pcsp_birth_35w,
            max(CASE WHEN c.CarePlanType = '07' AND c.MatPersCarePlanInd = 'Y' AND {GestationAt("c.CarePlanDate")} <= 259 THEN 1 ELSE 0 END) AS pcsp_postnatal_37w
          FROM MSD102MatCarePlan c
          JOIN MSD101PregnancyBooking p ON p.OrgCodeProvider = c.OrgCodeProvider AND p.PregnancyID = c.PregnancyID
          GROUP BY c.OrgCodeProvider, c.PregnancyID),
        coc AS (
          SELECT DISTINCT ON (c.OrgCodeProvider, c.PregnancyID) c.OrgCodeProvider, c.PregnancyID,
            c.ContCarePathInd AS coc_ind, c.CareProfLID AS coc_prof, c.TeamLocalID AS coc_team
          FROM MSD102MatCarePlan c
          JOIN MSD101PregnancyBooking p ON p.OrgCodeProvider = c.OrgCodeProvider AND p.PregnancyID = c.PregnancyID
          WHERE c.CarePlanType = '05' AND c.ContCarePathInd IS NOT NULL AND {GestationAt("c.CarePlanDate")} <= 203
          ORDER BY c.OrgCodeProvider, c.PregnancyID, c.CarePlanDate DESC),
        booked AS (
          SELECT p.*,
            COALESCE(t.parent_code, 'UNASSIGNED') AS lmns_code, p.OrgCodeProvider AS org_code, p.OrgSiteIDBooking AS site_code,
            m.EthnicCategoryMother, {EthnicCategory.GroupSql("m.EthnicCategoryMother")} AS ethnic_group,
            COALESCE(m.Rank_IMD_Decile_2019, i.imd_decile, m.Rank_IMD_Decile_2015) AS imd_decile,
            CASE WHEN m.Rank_IMD_Decile_2019 IS NOT NULL OR i.imd_decile IS NOT NULL THEN 'IMD2019'
                 WHEN m.Rank_IMD_Decile_2015 IS NOT NULL THEN 'IMD2015' END AS imd_edition,
            ({Residence}) AS residence_recorded,
            CAST(floor((p.AntenatalAppDate - m.PersonBirthDateMother) / 365.25) AS INTEGER) AS age_at_booking,
            COALESCE(a.height_by_15w, 0) AS height_by_15w, COALESCE(a.weight_by_15w, 0) AS weight_by_15w, COALESCE(a.bmi_by_15w, 0) AS bmi_by_15w,
            COALESCE(a.bmi_recorded, CASE WHEN a.height_cm > 0 THEN a.weight_kg / ((a.height_cm / 100) * (a.height_cm / 100)) END) AS bmi_at_booking,
            COALESCE(a.smoking_known_booking, 0) AS smoking_known_booking, COALESCE(a.smoker_booking, 0) AS smoker_booking,
            COALESCE(a.co_at_booking, 0) AS co_at_booking, COALESCE(a.co_36w, 0) AS co_36w,
            COALESCE(a.smoking_known_delivery, 0) AS smoking_known_delivery, COALESCE(a.smoker_delivery, 0) AS smoker_delivery,
            COALESCE(pl.pcsp_fields_recorded, 0) AS pcsp_fields_recorded, COALESCE(pl.pcsp_antenatal_17w, 0) AS pcsp_antenatal_17w,
            COALESCE(pl.pcsp_birth_35w, 0) AS pcsp_birth_35w, COALESCE(pl.pcsp_postnatal_37w, 0) AS pcsp_postnatal_37w,
            cc.coc_ind, cc.coc_prof, cc.coc_team, bs.birth_gestation
          FROM MSD101PregnancyBooking p
          LEFT JOIN mothers m ON m.OrgCodeProvider = p.OrgCodeProvider AND m.LPIDMother = p.LPIDMother
          LEFT JOIN imd_lsoa i ON i.lsoa_code = m.LSOAMother2011 AND i.edition = 'IMD2019'
          LEFT JOIN org t ON t.org_code = p.OrgCodeProvider
          LEFT JOIN activity a ON a.OrgCodeProvider = p.OrgCodeProvider AND a.PregnancyID = p.PregnancyID
          LEFT JOIN plans pl ON pl.OrgCodeProvider = p.OrgCodeProvider AND pl.PregnancyID = p.PregnancyID
          LEFT JOIN coc cc ON cc.OrgCodeProvider = p.OrgCodeProvider AND cc.PregnancyID = p.PregnancyID
          LEFT JOIN births_summary bs ON bs.OrgCodeProvider = p.OrgCodeProvider AND bs.PregnancyID = p.PregnancyID),
        pregnancies AS (SELECT b.*, {priority} AS in_priority FROM booked b)
        """;

    /// <summary>
    /// The row set of a cohort, with its period start as <c>period_start</c> and <c>in_priority</c> per
    /// <paramref name="priority"/> (a SQL expression over the booking columns; the default cohort when null).
    /// </summary>
    public static string For(Cohort cohort, string? priority = null) => cohort switch
    {
        Cohort.Bookings => Pregnancy("p.AntenatalAppDate", priority),
        Cohort.Reaching15Weeks => Pregnancy("p.AntenatalAppDate + (105 - p.GestAgeBooking)", priority),
        Cohort.Reaching29Weeks => Pregnancy("p.AntenatalAppDate + (203 - p.GestAgeBooking)", priority),
        Cohort.Reaching37Weeks => Pregnancy("p.AntenatalAppDate + (259 - p.GestAgeBooking)", priority),
        Cohort.Births => $"""
            WITH {Shared(priority ?? Measures.PriorityCohort.Default.Sql())},
            {Labour}
            {Babies("pregnancies")}
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(cohort)),
    };

    private const string Labour = """
        labour AS (
          SELECT OrgCodeProvider, LabourDeliveryID, max(BloodLoss) AS blood_loss, max(PerinealTearDegree) AS tear_degree
          FROM MSD302CareActivityLabDel GROUP BY OrgCodeProvider, LabourDeliveryID)
        """;

    /// <summary>
    /// One row per baby (the births cohort, with its <c>period_start</c>), the mothers' pregnancy features read from
    /// <paramref name="pregnancies"/>: the <c>pregnancies</c> CTE, or a table that holds it.
    /// </summary>
    private static string Babies(string pregnancies) => $"""
        SELECT y.*,
          COALESCE(t.parent_code, 'UNASSIGNED') AS lmns_code, y.OrgCodeProvider AS org_code, l.OrgSiteIDActualDelivery AS site_code,
          CAST(date_trunc('month', CAST(y.PersonBirthDateBaby AS TIMESTAMP)) AS DATE) AS period_start,
          p.EthnicCategoryMother, p.ethnic_group, p.imd_decile, p.imd_edition, p.age_at_booking, p.in_priority,
          p.PreviousCaesareanSections, p.PreviousLiveBirths, p.PreviousStillBirths, p.GestAgeBooking,
          p.smoking_known_delivery, p.smoker_delivery, p.co_36w,
          l.LabourOnsetMethod, s.neonatal_level, ld.blood_loss, ld.tear_degree,
          CASE WHEN y.PregOutcome = '01' AND y.PersonDeathDateBaby IS NOT NULL AND y.PersonDeathDateBaby - y.PersonBirthDateBaby < 28 THEN 1 ELSE 0 END AS neonatal_death
        FROM MSD401BabyDemographics y
        LEFT JOIN {pregnancies} p ON p.OrgCodeProvider = y.OrgCodeProvider AND p.PregnancyID = y.PregnancyID
        LEFT JOIN MSD301LabourDelivery l ON l.OrgCodeProvider = y.OrgCodeProvider AND l.LabourDeliveryID = y.LabourDeliveryID
        LEFT JOIN labour ld ON ld.OrgCodeProvider = y.OrgCodeProvider AND ld.LabourDeliveryID = y.LabourDeliveryID
        LEFT JOIN org s ON s.org_code = l.OrgSiteIDActualDelivery
        LEFT JOIN org t ON t.org_code = y.OrgCodeProvider
        """;

    /// <summary>
    /// The features of every pregnancy, derived once per compute (mothers, births, care activities and care plans grouped
    /// per pregnancy, continuity of carer, priority cohort), with the site key and the group of each breakdown: one row per
    /// booking, which every pregnancy cohort is grouped from (<see cref="CohortRows"/>).
    /// </summary>
    public static string PregnancyFeatures(string priority) => $"""
        WITH {Shared(priority)},
        keyed AS (
          SELECT c.*, {SiteKey.Sql("c.org_code", "c.site_code", "so.parent_code")} AS site_key
          FROM pregnancies c LEFT JOIN org so ON so.org_code = c.site_code)
        SELECT *, {Groups} FROM keyed
        """;

    /// <summary>The features of every baby (the births cohort), its mother's pregnancy features read from <paramref name="pregnancyFeatures"/>.</summary>
    public static string BabyFeatures(string pregnancyFeatures) => $"""
        WITH {Labour},
        born AS ({Babies(pregnancyFeatures)}),
        keyed AS (
          SELECT c.*, {SiteKey.Sql("c.org_code", "c.site_code", "so.parent_code")} AS site_key
          FROM born c LEFT JOIN org so ON so.org_code = c.site_code)
        SELECT *, {Groups} FROM keyed
        """;

    /// <summary>
    /// The rows of <paramref name="cohort"/> with their <c>period_start</c>, read from the feature tables
    /// <paramref name="pregnancyFeatures"/> and <paramref name="babyFeatures"/>.
    /// </summary>
    public static string CohortRows(Cohort cohort, string pregnancyFeatures, string babyFeatures) => cohort switch
    {
        Cohort.Births => $"SELECT * FROM {babyFeatures}",
        _ => $"SELECT p.*, {PeriodStart(cohort)} AS period_start FROM {pregnancyFeatures} p",
    };

    /// <summary>The month a pregnancy (<c>p</c>) counts in for a pregnancy cohort.</summary>
    public static string PeriodStart(Cohort cohort) => $"CAST(date_trunc('month', CAST({CohortDate(cohort)} AS TIMESTAMP)) AS DATE)";

    private static string CohortDate(Cohort cohort) => cohort switch
    {
        Cohort.Bookings => "p.AntenatalAppDate",
        Cohort.Reaching15Weeks => "p.AntenatalAppDate + (105 - p.GestAgeBooking)",
        Cohort.Reaching29Weeks => "p.AntenatalAppDate + (203 - p.GestAgeBooking)",
        Cohort.Reaching37Weeks => "p.AntenatalAppDate + (259 - p.GestAgeBooking)",
        _ => throw new ArgumentOutOfRangeException(nameof(cohort)),
    };

    private static readonly string Groups = string.Join(", ",
        Enum.GetValues<Breakdown>().Where(b => b != Breakdown.Total).Select(b => $"{GroupExpression(b)} AS g_{b}"));

    private static string Pregnancy(string cohortDate, string? priority) => $"""
        WITH {Shared(priority ?? Measures.PriorityCohort.Default.Sql())}
        SELECT p.*, CAST(date_trunc('month', CAST({cohortDate} AS TIMESTAMP)) AS DATE) AS period_start FROM pregnancies p
        """;

    /// <summary>The group a record falls in for a breakdown, as a SQL expression over the cohort's columns.</summary>
    public static string GroupExpression(Breakdown breakdown) => breakdown switch
    {
        Breakdown.EthnicGroup => "ethnic_group",
        Breakdown.EthnicCategory => $"CASE WHEN EthnicCategoryMother IN ({EthnicCategory.SqlList(EthnicCategory.AllCodes)}) THEN EthnicCategoryMother ELSE '{EthnicCategory.Missing}' END",
        Breakdown.ImdDecile => "COALESCE(CAST(imd_decile AS VARCHAR), 'Unknown')",
        Breakdown.ImdQuintile => Quintile,
        Breakdown.EthnicGroupByImdQuintile => $"ethnic_group || ' | ' || {Quintile}",
        Breakdown.AgeBand => """
            CASE WHEN age_at_booking IS NULL THEN 'Unknown' WHEN age_at_booking < 20 THEN 'Under 20' WHEN age_at_booking < 25 THEN '20-24'
                 WHEN age_at_booking < 30 THEN '25-29' WHEN age_at_booking < 35 THEN '30-34' WHEN age_at_booking < 40 THEN '35-39'
                 WHEN age_at_booking < 45 THEN '40-44' ELSE '45 and over' END
            """,
        _ => "'Total'",
    };

    private const string Quintile =
        "CASE WHEN imd_decile IN (1,2) THEN '1' WHEN imd_decile IN (3,4) THEN '2' WHEN imd_decile IN (5,6) THEN '3' WHEN imd_decile IN (7,8) THEN '4' WHEN imd_decile IN (9,10) THEN '5' ELSE 'Unknown' END";
}
