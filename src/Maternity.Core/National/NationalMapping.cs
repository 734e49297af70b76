namespace Maternity.National;

/// <summary>
/// Every dimension of NHS England's maternity statistics (annual MSDS CSV from 2019-20, the monthly data file) and
/// what it is read as. Each is stored in full (every category of every organisation, <c>national_count</c>); a
/// dimension that gives a rate is also read as one: a built-in catalogue indicator where the published definition
/// matches (the note says where it differs) or a national measure of its own (id <c>NAT_*</c>). Names drift between
/// years (<c>SMOKINGATBOOKING</c>, <c>SmokingAtBooking</c>, <c>SmokingStatusGroupBooking</c>): the aliases give one
/// canonical name. docs/data-model.md is generated from this list.
/// </summary>
public static class NationalMapping
{
    /// <summary>A published dimension: its canonical name, the names it has had, and how the product uses it.</summary>
    public sealed record Dimension(string Name, IReadOnlyList<string> Aliases, string Title, string Use);

    /// <summary>
    /// A rate built from two sets of categories of one dimension: numerator over denominator (the recorded
    /// categories; "missing value" and "not known" are never in it). <see cref="Indicator"/> is the catalogue
    /// indicator it is stored as, or null for a national measure of its own.
    /// </summary>
    public sealed record Rate(string Id, string Title, string Dimension, IReadOnlyList<string> Numerator, IReadOnlyList<string> Denominator,
        string? Indicator, string Note, bool HigherIsBetter);

    public const string Missing = "Missing value / Value outside reporting parameters";

    private static readonly string[] Ethnic = ["White", "Mixed", "Asian or Asian British", "Black or Black British", "Any other ethnic group"];

    public static IReadOnlyList<Dimension> Dimensions { get; } =
    [
        new("TotalDeliveries", ["TOTAL DELIVERIES"], "Total deliveries", "The denominator of coverage for every dimension counted in deliveries"),
        new("TotalBabies", ["TOTAL BABIES"], "Total babies", "The denominator of coverage for every dimension counted in babies"),
        new("AgeAtBookingMotherGroup", [], "Mother's age at booking", "Distribution: population profile"),
        new("EthnicCategoryMotherGroup", [], "Mother's ethnic group", "Distribution: population profile; DQ_ETHNICITY_VALID"),
        new("DeprivationDecileAtBooking", [], "Deprivation decile (IMD) of residence at booking", "Distribution: population profile"),
        new("ComplexSocialFactorsInd", [], "Complex social factors", "NAT_CSF"),
        new("SmokingStatusGroupBooking", ["SMOKINGATBOOKING", "SmokingAtBooking"], "Smoking status at booking", "SMOKING_BOOKING"),
        new("FolicAcidSupplement", ["FOLICACIDSTATUSGROUPBOOKING", "FolicAcidStatusGroupBooking"], "Folic acid supplement at booking", "NAT_FOLIC_BEFORE"),
        new("GestAgeFormalAntenatalBookingGroup", [], "Gestation at booking (days)", "BOOKED_BY_10W, BOOKED_BY_13W"),
        new("GestationAtBookingWeeks", ["GESTATIONATBOOKING"], "Gestation at booking (weeks, 2019-20 layout)", "BOOKED_BY_10W, BOOKED_BY_13W"),
        new("PreviousLiveBirthsGroup", [], "Previous live births", "Distribution: population profile"),
        new("PreviousCaesareanSectionsGroup", [], "Previous caesarean sections", "Distribution"),
        new("OnsetOfLabour", ["ONSETOFLABOUR"], "Onset of labour", "NAT_INDUCTION"),
        new("DeliveryMethodBabyGroup", ["METHODOFDELIVERY", "MethodOfDelivery"], "Method of delivery", "NAT_CAESAREAN"),
        new("PlaceTypeActualDeliveryMidwifery", [], "Place of delivery", "NAT_HOME_BIRTH"),
        new("GestationLengthBirth", [], "Gestation at birth (weeks)", "PRETERM_34"),
        new("GestationAtDeliveryGroups", ["GESTATIONATDELIVERY"], "Gestation at delivery (2019-20 bands)", "Distribution"),
        new("GestationLengthBirthGroup37", [], "Gestation at birth, under or over 37 weeks", "PRETERM_37"),
        new("BirthweightTermGroup", [], "Birthweight of term babies (bands)", "Distribution"),
        new("BirthweightTermGroup2500", [], "Birthweight of term babies, under or over 2,500 g", "LBW_TERM"),
        new("ApgarScore5TermGroup7", [], "Apgar score at 5 minutes, term babies", "APGAR_LOW_TERM"),
        new("SkinToSkinContact1HourTerm", [], "Skin-to-skin contact within an hour, term babies", "NAT_SKIN_TO_SKIN"),
        new("BabyFirstFeedBreastMilkStatus", [], "First feed breast milk", "BREASTMILK_FIRST_FEED"),
    ];

    private static readonly string[] Days70 = ["0 to 70 days"];
    private static readonly string[] DaysAll = ["0 to 70 days", "71 to 90 days", "91 to 140 days", "141+ days"];
    private static readonly string[] WeeksUnder10 = ["00-04 weeks", "05-09 weeks"];
    private static readonly string[] WeeksUnder13 = ["00-04 weeks", "05-09 weeks", "10 weeks", "11 weeks", "12 weeks"];
    private static readonly string[] WeeksAll =
        ["00-04 weeks", "05-09 weeks", "10 weeks", "11 weeks", "12 weeks", "13 weeks", "14 weeks", "15-19 weeks", "20-24 weeks", "25-29 weeks",
         "30-34 weeks", "35-39 weeks", "40 weeks or more"];
    private static readonly string[] Under34 = ["27 weeks and under", "28 to 31 weeks", "32 to 33 weeks"];
    private static readonly string[] Weeks =
        ["27 weeks and under", "28 to 31 weeks", "32 to 33 weeks", "34 to 36 weeks", "37 weeks", "38 weeks", "39 weeks", "40 weeks", "41 weeks",
         "42 weeks", "43 weeks and over"];
    private static readonly string[] Induced = ["Medical induction", "Surgical induction", "Surgical and medical induction"];
    private static readonly string[] Onsets = ["Spontaneous", "Caesarean Section", "Medical induction", "Surgical induction", "Surgical and medical induction"];
    private static readonly string[] Caesarean = ["Elective caesarean section", "Emergency caesarean section"];
    private static readonly string[] Methods = ["Spontaneous", "Instrumental", "Elective caesarean section", "Emergency caesarean section", "Other"];
    private static readonly string[] Home = ["Home (NHS care)", "Home (private care)"];
    private static readonly string[] Folic = ["Has been taking prior to becoming pregnant"];
    private static readonly string[] FolicAll = ["Has been taking prior to becoming pregnant", "Started taking once pregnancy confirmed", "Not taking folic acid supplement"];

    public static IReadOnlyList<Rate> Rates { get; } =
    [
        new("SMOKING_BOOKING", "Smoking at booking", "SmokingStatusGroupBooking", ["Smoker"], ["Smoker", "Non-Smoker / Ex-Smoker"], "SMOKING_BOOKING",
            "Women delivering in the year by their status at booking (the catalogue counts bookings in the month); 2019-20's 'Unknown' is not in the denominator", false),
        new("BOOKED_BY_10W", "Booked by 10+0 weeks", "GestAgeFormalAntenatalBookingGroup", Days70, DaysAll, "BOOKED_BY_10W",
            "Women delivering in the year, booked at 70 days or less (the catalogue counts bookings in the month)", true),
        new("BOOKED_BY_10W_2019", "Booked before 10 weeks (2019-20 layout)", "GestationAtBookingWeeks", WeeksUnder10, WeeksAll, "BOOKED_BY_10W",
            "2019-20 publishes whole weeks: '00-04' and '05-09 weeks' are up to 69 days; day 70 falls in '10 weeks', so this is a little below the catalogue's 10+0", true),
        new("BOOKED_BY_13W", "Booked by 12+6 weeks", "GestAgeFormalAntenatalBookingGroup", ["0 to 70 days", "71 to 90 days"], DaysAll, "BOOKED_BY_13W",
            "Women delivering in the year, booked at 90 days or less (the catalogue counts bookings in the month)", true),
        new("BOOKED_BY_13W_2019", "Booked by 12+6 weeks (2019-20 layout)", "GestationAtBookingWeeks", WeeksUnder13, WeeksAll, "BOOKED_BY_13W",
            "2019-20 publishes whole weeks: up to '12 weeks' is 90 days or less, as the catalogue", true),
        new("PRETERM_37", "Preterm birth (before 37+0 weeks)", "GestationLengthBirthGroup37", ["<37 weeks"], ["<37 weeks", ">=37 weeks"], "PRETERM_37",
            "Babies born in the year, live and stillborn, as the catalogue", false),
        new("PRETERM_34", "Preterm birth (before 34+0 weeks)", "GestationLengthBirth", Under34, Weeks, "PRETERM_34",
            "Babies born in the year, live and stillborn, as the catalogue", false),
        new("LBW_TERM", "Low birth weight at term", "BirthweightTermGroup2500", ["Under 2500g"], ["Under 2500g", "2500g and over"], "LBW_TERM",
            "Term babies, live and stillborn", false),
        new("APGAR_LOW_TERM", "Apgar score under 7 at 5 minutes, term babies", "ApgarScore5TermGroup7", ["0 to 6"], ["0 to 6", "7 to 10"], "APGAR_LOW_TERM",
            "Term babies with a score", false),
        new("BREASTMILK_FIRST_FEED", "First feed of breast milk", "BabyFirstFeedBreastMilkStatus", ["Maternal or Donor Breast Milk"],
            ["Maternal or Donor Breast Milk", "Not Breast Milk"], "BREASTMILK_FIRST_FEED", "Babies with the first feed recorded", true),
        new("DQ_ETHNICITY_VALID", "Valid ethnic category", "EthnicCategoryMotherGroup", Ethnic, [], "DQ_ETHNICITY_VALID",
            "Women delivering in the year (the catalogue counts bookings); every category, missing included, is in the denominator", true),
        new("NAT_CSF", "Complex social factors recorded as present", "ComplexSocialFactorsInd", ["Y"], ["Y", "N"], null,
            "National measure: women delivering with the complex social factors indicator Y, of those with Y or N", false),
        new("NAT_FOLIC_BEFORE", "Folic acid taken before pregnancy", "FolicAcidSupplement", Folic, FolicAll, null,
            "National measure: of women delivering with an answer (not 'not stated'), those taking folic acid before pregnancy", true),
        new("NAT_INDUCTION", "Induction of labour", "OnsetOfLabour", Induced, Onsets, null,
            "National measure: deliveries whose labour was induced, of those with the onset recorded (not 'not known')", false),
        new("NAT_CAESAREAN", "Caesarean birth", "DeliveryMethodBabyGroup", Caesarean, Methods, null,
            "National measure: elective and emergency caesarean, of those with the method recorded (deliveries to 2020-21, babies from 2021-22)", false),
        new("NAT_HOME_BIRTH", "Home birth", "PlaceTypeActualDeliveryMidwifery", Home, [], null,
            "National measure: births at home, NHS or private care, of all places except missing and not known", true),
        new("NAT_SKIN_TO_SKIN", "Skin-to-skin contact within an hour, term babies", "SkinToSkinContact1HourTerm", ["Yes"], ["Yes", "No"], null,
            "National measure: term babies with skin-to-skin contact within an hour of birth, of those recorded", true),
    ];

    /// <summary>The canonical dimension a published name stands for, or null when it is not in the mapping.</summary>
    public static Dimension? Find(string published)
    {
        var name = published.Trim();
        return Dimensions.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
            || d.Aliases.Any(a => a.Equals(name, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>A rate by its id, case-insensitively.</summary>
    public static Rate? FindRate(string id) => Rates.FirstOrDefault(r => r.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A category in one spelling whatever the year: every form of "missing value" is <see cref="Missing"/>; the
    /// deprivation deciles '2' ... '9' of 2020-21 are '02' ... '09' as later years; 2019-20's folic acid answers are
    /// the later wording.
    /// </summary>
    public static string Category(string dimension, string label)
    {
        var text = label.Trim();
        if (text.StartsWith("missing value", StringComparison.OrdinalIgnoreCase)) return Missing;
        if (dimension == "DeprivationDecileAtBooking" && text.Length == 1 && char.IsAsciiDigit(text[0])) return "0" + text;
        if (dimension == "FolicAcidSupplement")
        {
            return text switch
            {
                "Before Pregnancy" => "Has been taking prior to becoming pregnant",
                "Start Of Pregnancy" => "Started taking once pregnancy confirmed",
                "Not Taking Supplement" => "Not taking folic acid supplement",
                "Declined To Respond" => "Not Stated (Person asked but declined to provide a response)",
                _ => text,
            };
        }
        return text;
    }

    /// <summary>Whether a rate's denominator category set is "every category but missing and not known".</summary>
    internal static bool InDenominator(Rate rate, string category) =>
        rate.Denominator.Count == 0
            ? rate.Id == "DQ_ETHNICITY_VALID" || (category != Missing && !category.StartsWith("Not known", StringComparison.OrdinalIgnoreCase))
            : rate.Denominator.Contains(category, StringComparer.OrdinalIgnoreCase);
}
