using Maternity.Returns;

namespace Maternity.Tests.National;

/// <summary>
/// Every dimension of a real annual file, one by one: the rows read (counted from the raw file with
/// <c>tail -n +2 FILE | cut -d, -f2 | sort | uniq -c</c>), stored and skipped, and the canonical name each published
/// name is read as. The 2019-20 layout (11 upper-case names) and the 2022-23 layout (21 names).
/// </summary>
public sealed class NationalDimensionCountTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private static readonly Dictionary<string, (string Canonical, long Rows)> Layout2019 = new()
    {
        ["APGARSCORE5TERMGROUP7"] = ("ApgarScore5TermGroup7", 195),
        ["BABYFIRSTFEEDBREASTMILKSTATUS"] = ("BabyFirstFeedBreastMilkStatus", 323),
        ["FOLICACIDSTATUSGROUPBOOKING"] = ("FolicAcidSupplement", 590),
        ["GESTATIONATBOOKING"] = ("GestationAtBookingWeeks", 1_618),
        ["GESTATIONATDELIVERY"] = ("GestationAtDeliveryGroups", 953),
        ["METHODOFDELIVERY"] = ("DeliveryMethodBabyGroup", 577),
        ["ONSETOFLABOUR"] = ("OnsetOfLabour", 622),
        ["SKINTOSKINCONTACT1HOURTERM"] = ("SkinToSkinContact1HourTerm", 278),
        ["SMOKINGATBOOKING"] = ("SmokingStatusGroupBooking", 359),
        ["TOTAL BABIES"] = ("TotalBabies", 116),
        ["TOTAL DELIVERIES"] = ("TotalDeliveries", 120),
    };

    private static readonly Dictionary<string, long> Layout2022 = new()
    {
        ["AgeAtBookingMotherGroup"] = 917, ["ApgarScore5TermGroup7"] = 390, ["BabyFirstFeedBreastMilkStatus"] = 390,
        ["BirthweightTermGroup"] = 1_170, ["BirthweightTermGroup2500"] = 390, ["ComplexSocialFactorsInd"] = 393,
        ["DeliveryMethodBabyGroup"] = 780, ["DeprivationDecileAtBooking"] = 1_703, ["EthnicCategoryMotherGroup"] = 1_048,
        ["FolicAcidSupplement"] = 655, ["GestAgeFormalAntenatalBookingGroup"] = 655, ["GestationLengthBirth"] = 1_560,
        ["GestationLengthBirthGroup37"] = 390, ["OnsetOfLabour"] = 910, ["PlaceTypeActualDeliveryMidwifery"] = 1_950,
        ["PreviousCaesareanSectionsGroup"] = 524, ["PreviousLiveBirthsGroup"] = 917, ["SkinToSkinContact1HourTerm"] = 390,
        ["SmokingStatusGroupBooking"] = 393, ["TotalBabies"] = 130, ["TotalDeliveries"] = 130,
    };

    [Fact]
    public void EachDimensionOfThe2019To20FileIsReadStoredAndNoneSkipped()
    {
        var path = SharedData.Find("hosp-epis-stat-mat-msdscsv-2019-20.csv");
        Assert.SkipWhen(path is null, "hosp-epis-stat-mat-msdscsv-2019-20.csv is not beside the checkout (../shared/data); CI provides it");

        var result = NationalStatistics.Import(_store.Database, path!);

        Assert.Equal(Layout2019.Keys.Order(StringComparer.Ordinal), result.Dimensions.Select(d => d.Published).Order(StringComparer.Ordinal));
        Assert.All(result.Dimensions, d =>
            Assert.Equal((Layout2019[d.Published].Canonical, Layout2019[d.Published].Rows, Layout2019[d.Published].Rows, 0L),
                (d.Canonical, d.Read, d.Stored, d.Skipped)));
        Assert.Equal(5_751L, Layout2019.Values.Sum(v => v.Rows));
    }

    [Fact]
    public void EachDimensionOfThe2022To23FileIsReadStoredAndNoneSkipped()
    {
        var path = SharedData.Find("hosp-epis-stat-mat-msdscsv-2022-23.csv");
        Assert.SkipWhen(path is null, "hosp-epis-stat-mat-msdscsv-2022-23.csv is not beside the checkout (../shared/data); CI provides it");

        var result = NationalStatistics.Import(_store.Database, path!);

        Assert.Equal(Layout2022.Keys.Order(StringComparer.Ordinal), result.Dimensions.Select(d => d.Published).Order(StringComparer.Ordinal));
        Assert.All(result.Dimensions, d => Assert.Equal((d.Published, Layout2022[d.Published], Layout2022[d.Published], 0L),
            (d.Canonical, d.Read, d.Stored, d.Skipped)));
        Assert.Equal(15_785L, Layout2022.Values.Sum());
    }
}
