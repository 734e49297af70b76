using System.Text.RegularExpressions;

namespace Maternity.Measures;

/// <summary>
/// A breakdown a measure's values may be given by, with its codes: the record-level ones (ethnic group and category,
/// deprivation, age band), the ones the plans ask of returns (local authority, language, interpreter need, complex
/// social factors, staff group, Agenda for Change band, disability), and any an LMNS defines with its own code list.
/// A dimension with no code list takes any code its <see cref="Pattern"/> allows (site codes, local authority codes).
/// </summary>
public sealed record Dimension(string Name, string Description, IReadOnlyList<string> Codes, Regex? Pattern = null, bool BuiltIn = true)
{
    public bool Allows(string code) => Codes.Count > 0 ? Codes.Contains(code, StringComparer.Ordinal) : Pattern?.IsMatch(code) ?? code.Length is > 0 and <= 80;

    /// <summary>What a code may be, for an error message.</summary>
    public string Rule => Codes.Count > 0 ? $"one of {string.Join(", ", Codes)}" : Pattern is null ? "any code up to 80 characters" : $"a code matching {Pattern}";

    /// <summary>The whole of a value before any breakdown.</summary>
    public const string Total = "Total";

    public static IReadOnlyList<Dimension> BuiltIns { get; } = BuildBuiltIns();

    private static Dimension[] BuildBuiltIns()
    {
        var groups = Returns.TrustReturn.Groups().ToDictionary(g => g.Breakdown, g => g.Groups);
        string[] yesNo = ["Yes", "No", "Unknown"];
        return
        [
            new("EthnicGroup", "Ethnic group (White, Mixed, Asian, Black, Other, Not known)", groups["EthnicGroup"]),
            new("EthnicCategory", "Ethnic category (NHS Data Dictionary codes A-S, Z, 99)", groups["EthnicCategory"]),
            new("ImdDecile", "Index of Multiple Deprivation decile (1 most deprived)", groups["ImdDecile"]),
            new("ImdQuintile", "Index of Multiple Deprivation quintile (1 most deprived)", groups["ImdQuintile"]),
            new("AgeBand", "Mother's age band", groups["AgeBand"]),
            new("Site", "Site of a trust (its ODS site code)", [], new Regex("^[A-Z0-9]{3,9}$", RegexOptions.CultureInvariant)),
            new("LocalAuthority", "Local authority or borough (ONS code, E06-E09)", [], new Regex("^E0[6-9][0-9]{6}$", RegexOptions.CultureInvariant)),
            new("Language", "Main spoken language", []),
            new("InterpreterNeed", "Needs an interpreter", yesNo),
            new("ComplexSocialFactors", "Has complex social factors (NICE CG110)", yesNo),
            new("StaffGroup", "Staff group", ["Registered midwives", "Registered nurses", "Maternity support workers", "Medical and dental",
                "Allied health professionals", "Administrative and clerical", "Other"]),
            new("AfcBand", "Agenda for Change band", ["Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7", "Band 8a", "Band 8b", "Band 8c",
                "Band 8d", "Band 9", "Very senior manager", "Medical", "Unknown"]),
            new("Disability", "Disability declared", ["Yes", "No", "Not declared"]),
        ];
    }
}
