namespace Maternity.Plans;

/// <summary>
/// The groups an action can name explicitly as its target ("Target groups"): each a breakdown group the records hold, by a
/// code ("EthnicGroup:Black") or a name ("Black women", "Black"). An action that names them has its figures shown for
/// exactly those; one that does not has its groups read from the words of "Groups that will benefit most" by keyword
/// (<see cref="Reports.ActionFigures.Read"/>), as before.
/// </summary>
public static class TargetGroups
{
    /// <summary>One group: its code, the breakdown and group of the counts, how it is headed and what it is compared with.</summary>
    public sealed record Group(string Code, string Breakdown, string GroupCode, string Heading, string Reference, IReadOnlyList<string> Names);

    /// <summary>Every group an action may target, in the catalogue's order.</summary>
    public static readonly IReadOnlyList<Group> All =
    [
        new(Reports.EquityDetail.PriorityBreakdown, Reports.EquityDetail.PriorityBreakdown, Reports.EquityDetail.PriorityGroup, "The priority cohort",
            Reports.EquityDetail.EveryoneElse, ["Priority cohort"]),
        Ethnic("Black"), Ethnic("Asian"), Ethnic("Mixed"),
        new("EthnicGroup:Other", "EthnicGroup", "Other", "Women of another ethnic group", "White women", ["Other ethnic group", "Other"]),
        new("ImdQuintile:1", "ImdQuintile", "1", "The most deprived fifth", "the least deprived fifth", ["Most deprived fifth", "Most deprived 20%", "IMD quintile 1"]),
        new("ImdQuintile:2", "ImdQuintile", "2", "The second most deprived fifth", "the least deprived fifth", ["Second most deprived fifth", "IMD quintile 2"]),
        new("AgeBand:Under 20", "AgeBand", "Under 20", "Women under 20", "women aged 25-29", ["Under 20", "Under 20s", "Teenage mothers"]),
    ];

    private static Group Ethnic(string g) => new($"EthnicGroup:{g}", "EthnicGroup", g, $"{g} women", "White women", [g, $"{g} ethnic group"]);

    /// <summary>The group a code or name means (compared without case), or null.</summary>
    public static Group? Find(string text)
    {
        var t = text.Trim();
        return All.FirstOrDefault(g => string.Equals(g.Code, t, StringComparison.OrdinalIgnoreCase)
            || string.Equals(g.Heading, t, StringComparison.OrdinalIgnoreCase)
            || g.Names.Any(n => string.Equals(n, t, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// A "Target groups" cell (one per line or separated by ;) read as codes, in the catalogue's order without repeats;
    /// <paramref name="unknown"/> gets every item that names no group.
    /// </summary>
    public static IReadOnlyList<string> Parse(string cell, List<string> unknown)
    {
        var codes = new List<string>();
        foreach (var item in cell.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Find(item) is { } g) { if (!codes.Contains(g.Code)) codes.Add(g.Code); }
            else unknown.Add(item);
        }
        return [.. All.Select(g => g.Code).Where(codes.Contains)];
    }

    /// <summary>The codes, one per line, as the table writes them.</summary>
    public static string Write(IReadOnlyList<string>? codes) => string.Join("\n", codes ?? []);

    /// <summary>What the column and the form say of the codes a cell may hold.</summary>
    public static string Hint => "One per line or separated by ;, by code or name: " + string.Join(", ", All.Select(g => $"{g.Code} ({g.Heading})"));
}
