namespace Maternity.Reference;

/// <summary>
/// NHS Data Dictionary ethnic category codes and the five groups the national pipeline derives from them.
/// Z (not stated), 99 (not known), blank and any other value are not valid for data-quality measures.
/// </summary>
public static class EthnicCategory
{
    public sealed record Category(string Code, string Name, string Group);

    public const string White = "White";
    public const string Mixed = "Mixed";
    public const string Asian = "Asian";
    public const string Black = "Black";
    public const string Other = "Other";
    public const string NotStated = "Not stated";
    public const string NotKnown = "Not known";
    public const string Missing = "Missing or invalid";

    public static IReadOnlyList<Category> Valid { get; } =
    [
        new("A", "White - British", White),
        new("B", "White - Irish", White),
        new("C", "White - Any other White background", White),
        new("D", "Mixed - White and Black Caribbean", Mixed),
        new("E", "Mixed - White and Black African", Mixed),
        new("F", "Mixed - White and Asian", Mixed),
        new("G", "Mixed - Any other mixed background", Mixed),
        new("H", "Asian or Asian British - Indian", Asian),
        new("J", "Asian or Asian British - Pakistani", Asian),
        new("K", "Asian or Asian British - Bangladeshi", Asian),
        new("L", "Asian or Asian British - Any other Asian background", Asian),
        new("M", "Black or Black British - Caribbean", Black),
        new("N", "Black or Black British - African", Black),
        new("P", "Black or Black British - Any other Black background", Black),
        new("R", "Other Ethnic Groups - Chinese", Other),
        new("S", "Other Ethnic Groups - Any other ethnic group", Other),
    ];

    /// <summary>Every code a record may carry, valid or not: the 16 valid codes, Z and 99.</summary>
    public static IReadOnlyList<string> AllCodes { get; } = [.. Valid.Select(c => c.Code), "Z", "99"];

    /// <summary>The five groups in display order, then the three rows that are not valid.</summary>
    public static IReadOnlyList<string> Groups { get; } = [White, Mixed, Asian, Black, Other, NotStated, NotKnown, Missing];

    /// <summary>Codes as a SQL list, e.g. <c>'A','B'</c>.</summary>
    public static string SqlList(IEnumerable<string> codes) => string.Join(",", codes.Select(c => $"'{c}'"));

    public static bool IsValid(string? code) => code is not null && Valid.Any(c => c.Code == code);

    /// <summary>The group a code belongs to, as the national pipeline derives it.</summary>
    public static string GroupOf(string? code) => code switch
    {
        "Z" => NotStated,
        "99" => NotKnown,
        _ => Valid.FirstOrDefault(c => c.Code == code)?.Group ?? Missing,
    };

    /// <summary>The same grouping as a SQL CASE expression over <paramref name="column"/>, so counts group in the engine.</summary>
    public static string GroupSql(string column) =>
        $"CASE WHEN {column} IN ('A','B','C') THEN '{White}' WHEN {column} IN ('D','E','F','G') THEN '{Mixed}' " +
        $"WHEN {column} IN ('H','J','K','L') THEN '{Asian}' WHEN {column} IN ('M','N','P') THEN '{Black}' " +
        $"WHEN {column} IN ('R','S') THEN '{Other}' WHEN {column} = 'Z' THEN '{NotStated}' WHEN {column} = '99' THEN '{NotKnown}' " +
        $"ELSE '{Missing}' END";
}
