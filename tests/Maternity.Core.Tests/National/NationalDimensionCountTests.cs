using Maternity.Returns;

namespace Maternity.Tests.National;

/// <summary>
/// Every dimension of each of the four real annual files, one by one: the rows read (counted from the raw file with
/// <c>tail -n +2 FILE | cut -d, -f2 | sort | uniq -c</c>), stored and skipped (none), and the canonical name each
/// published name is read as: the 2019-20 layout's 11 upper-case names, the 21 names from 2020-21 (three of which
/// were renamed in 2021-22).
/// </summary>
public sealed class NationalDimensionCountTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private static readonly Dictionary<string, Dictionary<string, (string Canonical, long Rows)>> Files = new()
    {
        ["hosp-epis-stat-mat-msdscsv-2019-20.csv"] = new()
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
        },
        ["hosp-epis-stat-mat-msdscsv-2020-21.csv"] = Later(1_064, 396, 396, 1_188, 396, 399, 792, 1_729, 1_064, 665, 665, 1_584, 396, 924, 1_980,
            532, 931, 396, 399, 132, 132, renamed: ["FolicAcidStatusGroupBooking", "MethodOfDelivery", "SmokingAtBooking"]),
        ["hosp-epis-stat-mat-msdscsv-2021-22.csv"] = Later(1_056, 393, 393, 1_179, 393, 396, 786, 1_716, 1_056, 660, 660, 1_572, 393, 917, 1_965,
            528, 924, 393, 396, 131, 131, renamed: []),
        ["hosp-epis-stat-mat-msdscsv-2022-23.csv"] = Later(917, 390, 390, 1_170, 390, 393, 780, 1_703, 1_048, 655, 655, 1_560, 390, 910, 1_950,
            524, 917, 390, 393, 130, 130, renamed: []),
    };

    /// <summary>The 21 dimensions from 2020-21 with their rows (in name order); <paramref name="renamed"/> are 2020-21's own names for three of them.</summary>
    private static Dictionary<string, (string, long)> Later(long age, long apgar, long feed, long weight, long weight2500, long csf, long method,
        long imd, long ethnic, long folic, long booking, long gestation, long gestation37, long onset, long place, long caesareans,
        long births, long skin, long smoking, long babies, long deliveries, string[] renamed)
    {
        var rows = new Dictionary<string, (string, long)>
        {
            ["AgeAtBookingMotherGroup"] = ("AgeAtBookingMotherGroup", age), ["ApgarScore5TermGroup7"] = ("ApgarScore5TermGroup7", apgar),
            ["BabyFirstFeedBreastMilkStatus"] = ("BabyFirstFeedBreastMilkStatus", feed), ["BirthweightTermGroup"] = ("BirthweightTermGroup", weight),
            ["BirthweightTermGroup2500"] = ("BirthweightTermGroup2500", weight2500), ["ComplexSocialFactorsInd"] = ("ComplexSocialFactorsInd", csf),
            ["DeliveryMethodBabyGroup"] = ("DeliveryMethodBabyGroup", method), ["DeprivationDecileAtBooking"] = ("DeprivationDecileAtBooking", imd),
            ["EthnicCategoryMotherGroup"] = ("EthnicCategoryMotherGroup", ethnic), ["FolicAcidSupplement"] = ("FolicAcidSupplement", folic),
            ["GestAgeFormalAntenatalBookingGroup"] = ("GestAgeFormalAntenatalBookingGroup", booking),
            ["GestationLengthBirth"] = ("GestationLengthBirth", gestation), ["GestationLengthBirthGroup37"] = ("GestationLengthBirthGroup37", gestation37),
            ["OnsetOfLabour"] = ("OnsetOfLabour", onset), ["PlaceTypeActualDeliveryMidwifery"] = ("PlaceTypeActualDeliveryMidwifery", place),
            ["PreviousCaesareanSectionsGroup"] = ("PreviousCaesareanSectionsGroup", caesareans), ["PreviousLiveBirthsGroup"] = ("PreviousLiveBirthsGroup", births),
            ["SkinToSkinContact1HourTerm"] = ("SkinToSkinContact1HourTerm", skin), ["SmokingStatusGroupBooking"] = ("SmokingStatusGroupBooking", smoking),
            ["TotalBabies"] = ("TotalBabies", babies), ["TotalDeliveries"] = ("TotalDeliveries", deliveries),
        };
        // 2020-21's names for the three dimensions renamed in 2021-22: the same rows under the old name.
        foreach (var old in renamed)
        {
            var canonical = old switch { "FolicAcidStatusGroupBooking" => "FolicAcidSupplement", "MethodOfDelivery" => "DeliveryMethodBabyGroup", _ => "SmokingStatusGroupBooking" };
            rows[old] = rows[canonical];
            rows.Remove(canonical);
        }
        return rows;
    }

    [Theory]
    [InlineData("hosp-epis-stat-mat-msdscsv-2019-20.csv", 5_751)]
    [InlineData("hosp-epis-stat-mat-msdscsv-2020-21.csv", 16_160)]
    [InlineData("hosp-epis-stat-mat-msdscsv-2021-22.csv", 16_038)]
    [InlineData("hosp-epis-stat-mat-msdscsv-2022-23.csv", 15_785)]
    public void EachDimensionOfTheFileIsReadAndStoredAndNoneSkipped(string name, long total)
    {
        var path = SharedData.Find(name);
        Assert.SkipWhen(path is null, $"{name} is not beside the checkout (../shared/data); CI provides it");
        var expected = Files[name];

        var result = NationalStatistics.Import(_store.Database, path!);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), result.Dimensions.Select(d => d.Published).Order(StringComparer.Ordinal));
        Assert.All(result.Dimensions, d => Assert.Equal((expected[d.Published].Canonical, expected[d.Published].Rows, expected[d.Published].Rows, 0L),
            (d.Canonical, d.Read, d.Stored, d.Skipped)));
        Assert.Equal(total, expected.Values.Sum(v => v.Rows));
        Assert.Equal((total, total), (result.RowsRead, result.RowsStored));
    }
}
