using Maternity.Reference;

namespace Maternity.Voices;

/// <summary>
/// A way of describing the people an MNVP heard, with its groups in display order. The first three can be compared with
/// the women booked (<see cref="Breakdown"/> names the booking counts' breakdown); the rest are reach only. "Not stated"
/// groups are kept, shown and left out of every comparison (as unknown ethnicity is left out of the booked shares).
/// </summary>
public sealed record Characteristic(string Name, string Title, IReadOnlyList<string> Groups, string? Breakdown)
{
    public const string NotStated = "Not stated";

    public static Characteristic EthnicGroup { get; } = new("EthnicGroup", "Ethnic group",
        [EthnicCategory.White, EthnicCategory.Mixed, EthnicCategory.Asian, EthnicCategory.Black, EthnicCategory.Other, NotStated], "EthnicGroup");

    public static Characteristic ImdQuintile { get; } = new("ImdQuintile", "Deprivation (IMD quintile, 1 most deprived)",
        ["1", "2", "3", "4", "5", NotStated], "ImdQuintile");

    public static Characteristic AgeBand { get; } = new("AgeBand", "Age band",
        ["Under 20", "20-24", "25-29", "30-34", "35-39", "40-44", "45 and over", NotStated], "AgeBand");

    public static Characteristic ParentRole { get; } = new("ParentRole", "Parent role",
        ["Mother", "Birthing person", "Partner", "Dad", NotStated], null);

    public static Characteristic Disability { get; } = new("Disability", "Disability", ["Yes", "No", NotStated], null);

    /// <summary>Languages are open: any language named is a group.</summary>
    public static Characteristic Language { get; } = new("Language", "Language", [], null);

    /// <summary>The outward code of the postcode (e.g. B12): the most of a postcode ever kept.</summary>
    public static Characteristic PostcodeDistrict { get; } = new("PostcodeDistrict", "Postcode district", [], null);

    public static IReadOnlyList<Characteristic> All { get; } = [EthnicGroup, ImdQuintile, AgeBand, ParentRole, Disability, Language, PostcodeDistrict];

    /// <summary>Those compared with the women booked.</summary>
    public static IReadOnlyList<Characteristic> Compared { get; } = [EthnicGroup, ImdQuintile, AgeBand];

    /// <summary>Whether <paramref name="group"/> is one of the groups (any group, for the open characteristics).</summary>
    public bool Allows(string group) => Groups.Count == 0 ? group.Length > 0 : Groups.Contains(group, StringComparer.Ordinal);

    /// <summary>The characteristic named <paramref name="name"/> (its name or title, any case), or null.</summary>
    public static Characteristic? Find(string name) => All.FirstOrDefault(c =>
        c.Name.Equals(name.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)
        || c.Title.Equals(name, StringComparison.OrdinalIgnoreCase)
        || (c == ImdQuintile && name.Trim().Equals("Deprivation", StringComparison.OrdinalIgnoreCase)));
}
