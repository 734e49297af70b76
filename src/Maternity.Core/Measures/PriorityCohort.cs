using System.Globalization;
using Maternity.Reference;

namespace Maternity.Measures;

/// <summary>
/// The women an LMNS names as its priority cohort: any of the ethnic groups or categories, the IMD deciles, or complex
/// social factors recorded at booking. The record-level indicators that count the priority cohort (their predicates say
/// <c>in_priority</c>) are computed with each LMNS's own definition. Groups the records cannot identify (MSDS v2 carries
/// no code for Gypsy, Roma and Traveller women or armed-forces families) are kept as <see cref="NotInRecords"/>: shown
/// beside the number as not counted in it, and tracked through the LMNS's own measures.
/// </summary>
/// <param name="EthnicGroups">Ethnic groups: White, Mixed, Asian, Black, Other.</param>
/// <param name="EthnicCategories">Ethnic category codes A-S, for a group narrower than the five (e.g. C for "any other White background").</param>
/// <param name="ImdDeciles">IMD deciles of residence, 1 (most deprived) to 10.</param>
/// <param name="ComplexSocialFactors">Women with complex social factors recorded at booking (ComplexSocialFactorsInd Y).</param>
/// <param name="NotInRecords">Groups the LMNS also prioritises that the records cannot identify.</param>
/// <param name="Source">Where the definition comes from (the plan and page).</param>
public sealed record PriorityCohort(
    IReadOnlyList<string> EthnicGroups,
    IReadOnlyList<string> EthnicCategories,
    IReadOnlyList<int> ImdDeciles,
    bool ComplexSocialFactors,
    IReadOnlyList<string> NotInRecords,
    string? Source)
{
    /// <summary>The cohort in force where an LMNS has set none: the national equity and equality guidance's groups.</summary>
    public static PriorityCohort Default { get; } = new([EthnicCategory.Black, EthnicCategory.Asian, EthnicCategory.Mixed], [], [1, 2], false, [],
        "the default, from NHS England's equity and equality guidance for LMNSs (2021): Black, Asian and Mixed ethnic groups and the most deprived areas, here the most deprived 20% (IMD deciles 1-2)");

    private static readonly string[] FiveGroups = [EthnicCategory.White, EthnicCategory.Mixed, EthnicCategory.Asian, EthnicCategory.Black, EthnicCategory.Other];

    /// <summary>
    /// Checks and builds a cohort from the words an analyst writes ("Black; Asian", "1-3"); the problems name the field.
    /// <paramref name="notInRecords"/> is separated by ";" or lines only, as the groups' names hold commas.
    /// </summary>
    public static (PriorityCohort? Cohort, IReadOnlyList<string> Problems) Parse(string? ethnicGroups, string? ethnicCategories, string? imdDeciles,
        bool complexSocialFactors, string? notInRecords, string? source)
    {
        var problems = new List<string>();
        var groups = new List<string>();
        foreach (var g in Split(ethnicGroups))
        {
            if (FiveGroups.FirstOrDefault(f => f.Equals(g, StringComparison.OrdinalIgnoreCase)) is { } known) groups.Add(known);
            else problems.Add($"ethnic groups: '{g}' is not one of {string.Join(", ", FiveGroups)}");
        }
        var categories = new List<string>();
        foreach (var c in Split(ethnicCategories))
        {
            if (EthnicCategory.IsValid(c.ToUpperInvariant())) categories.Add(c.ToUpperInvariant());
            else problems.Add($"ethnic categories: '{c}' is not a valid ethnic category code (A-S)");
        }
        var deciles = new SortedSet<int>();
        foreach (var d in Split(imdDeciles))
        {
            var range = d.Split('-', 2, StringSplitOptions.TrimEntries);
            if (range.Length == 2 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var to) && from is >= 1 and <= 10 && to is >= 1 and <= 10 && from <= to)
                for (var i = from; i <= to; i++) deciles.Add(i);
            else if (range.Length == 1 && int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var one) && one is >= 1 and <= 10) deciles.Add(one);
            else problems.Add($"IMD deciles: '{d}' is not a decile 1-10 or a range such as 1-3");
        }
        var cohort = new PriorityCohort(groups.Distinct().ToList(), categories.Distinct().ToList(), [.. deciles], complexSocialFactors,
            [.. (notInRecords ?? "").Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], string.IsNullOrWhiteSpace(source) ? null : source.Trim());
        if (problems.Count == 0 && !cohort.CountsAnyone)
            problems.Add("the cohort names no ethnic group, ethnic category, IMD decile or complex social factors, so no record would count");
        return (problems.Count == 0 ? cohort : null, problems);
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split([';', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool CountsAnyone => EthnicGroups.Count > 0 || EthnicCategories.Count > 0 || ImdDeciles.Count > 0 || ComplexSocialFactors;

    /// <summary>Plain words: "Black, Asian or Mixed ethnic group, or IMD deciles 1-3, or complex social factors".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (EthnicGroups.Count > 0) parts.Add($"{Or(EthnicGroups)} ethnic group");
        if (EthnicCategories.Count > 0)
            parts.Add($"ethnic category {Or(EthnicCategories.Select(c => $"{EthnicCategory.Valid.First(v => v.Code == c).Name} ({c})").ToList())}");
        if (ImdDeciles.Count > 0) parts.Add($"living in IMD {(ImdDeciles.Count == 1 ? "decile" : "deciles")} {Ranges(ImdDeciles)}");
        if (ComplexSocialFactors) parts.Add("complex social factors recorded at booking");
        return string.Join(", or ", parts);
    }

    /// <summary>The deciles as runs: 1-3, 5.</summary>
    public static string Ranges(IReadOnlyList<int> deciles)
    {
        var runs = new List<string>();
        for (var i = 0; i < deciles.Count;)
        {
            var j = i;
            while (j + 1 < deciles.Count && deciles[j + 1] == deciles[j] + 1) j++;
            runs.Add(j == i ? deciles[i].ToString(CultureInfo.InvariantCulture) : $"{deciles[i]}-{deciles[j]}");
            i = j + 1;
        }
        return string.Join(", ", runs);
    }

    private static string Or(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} or {items[^1]}";

    /// <summary>The cohort as a SQL predicate over a booking cohort's columns (ethnic_group, EthnicCategoryMother, imd_decile, ComplexSocialFactorsInd).</summary>
    public string Sql()
    {
        // Every value below has been checked against a fixed list, so none can carry SQL.
        var parts = new List<string>();
        if (EthnicGroups.Count > 0) parts.Add($"ethnic_group IN ({EthnicCategory.SqlList(EthnicGroups.Where(g => FiveGroups.Contains(g)))})");
        if (EthnicCategories.Count > 0) parts.Add($"EthnicCategoryMother IN ({EthnicCategory.SqlList(EthnicCategories.Where(EthnicCategory.IsValid))})");
        if (ImdDeciles.Count > 0) parts.Add($"imd_decile IN ({string.Join(",", ImdDeciles.Where(d => d is >= 1 and <= 10).Select(d => d.ToString(CultureInfo.InvariantCulture)))})");
        if (ComplexSocialFactors) parts.Add("ComplexSocialFactorsInd = 'Y'");
        return parts.Count == 0 ? "FALSE" : $"COALESCE({string.Join(" OR ", parts.Select(p => $"({p})"))}, FALSE)";
    }

    /// <summary>
    /// Whether a row of the booking cohort is in its LMNS's priority cohort, as one SQL expression: each LMNS with its own
    /// cohort by name, every other LMNS by <see cref="Default"/>.
    /// </summary>
    public static string CaseSql(IReadOnlyDictionary<string, PriorityCohort> byLmns)
    {
        if (byLmns.Count == 0) return Default.Sql();
        var whens = byLmns.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"WHEN lmns_code = '{c.Key.Replace("'", "''", StringComparison.Ordinal)}' THEN {c.Value.Sql()}");
        return $"CASE {string.Join(" ", whens)} ELSE {Default.Sql()} END";
    }
}
