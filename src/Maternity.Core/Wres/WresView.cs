using System.Globalization;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Wres;

/// <summary>
/// What the WRES page, API, command line and board pack show for an organisation (a trust, an LMNS or an ICB) and a year
/// and staff group: the nine indicators (an LMNS's or ICB's pooled from its trusts' summed counts), each trust's figures with the
/// unweighted mean of their relative likelihoods (the spread), the three staff groups side by side, every year loaded as
/// a trend, and the checks of the data behind them. Counts reach a viewer rounded (<see cref="WresStore.Load"/>).
/// </summary>
public sealed record WresView(
    string Org,
    string OrgName,
    bool IsLmns,
    int? Year,
    string StaffGroup,
    IReadOnlyList<int> Years,
    IReadOnlyList<(string Code, string Name)> Orgs,
    WresReport? Report,
    IReadOnlyList<WresReport> Trusts,
    IReadOnlyDictionary<int, double> MeanLikelihoods,
    IReadOnlyList<WresReport> Groups,
    IReadOnlyList<WresReport> Trend,
    IReadOnlyList<WresChecks.Check> Checks,
    bool Suppressed)
{
    /// <summary>The kind of organisation: Trust, LMNS or ICB (an LMNS and an ICB are pooled, <see cref="IsLmns"/> true for both).</summary>
    public string Level { get; init; } = IsLmns ? "LMNS" : "Trust";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One indicator figure as a flat row: the command line's table, the CSV and the export in the national order.</summary>
    public sealed record Line(string Org, int Year, string StaffGroup, string Indicator, string Measure, long? WhiteNumerator, long? WhiteDenominator,
        long? BmeNumerator, long? BmeDenominator, double? Value, double? Lower, double? Upper, string Unit, string Statement, string Exactness);

    /// <summary>
    /// The view for <paramref name="org"/> (default: the only LMNS loaded), <paramref name="year"/> (default: the latest
    /// loaded) and <paramref name="staffGroup"/> (default: the whole trust).
    /// </summary>
    public static WresView Build(Database database, Access access, string? org = null, int? year = null, string? staffGroup = null)
    {
        access.Demand(access.Role != Role.Public, "see WRES data");
        var hierarchy = OrgHierarchy.Read(database);
        var code = string.IsNullOrWhiteSpace(org) ? Plans.PlanStore.DefaultLmns(database) : org.Trim().ToUpperInvariant();
        var target = hierarchy.Orgs.FirstOrDefault(o => o.Code == code) ?? throw new InvalidDataException($"{code} is not an organisation loaded in the store");
        var isIcb = target.Type == "ICB";
        var isLmns = target.Type == "LMNS" || isIcb;
        if (!isLmns && target.Type != "Trust") throw new InvalidDataException($"{code} is a {target.Type}: the WRES is by trust, LMNS or ICB");
        var lmns = isIcb ? null : target.Type == "LMNS" ? code : hierarchy.LmnsOf(code);
        // An ICB's trusts are those of the LMNSs under it.
        var lmnsOfIcb = hierarchy.OfType("LMNS").Where(l => l.Parent == code).Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        var trustCodes = hierarchy.OfType("Trust")
            .Where(t => isIcb ? t.Parent is { } p && lmnsOfIcb.Contains(p) : isLmns ? t.Parent == code : t.Code == code)
            .Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var level = isIcb ? "ICB" : isLmns ? "LMNS" : "Trust";
        var group = WresFile.StaffGroups.FirstOrDefault(g => g.Equals(staffGroup, StringComparison.OrdinalIgnoreCase)) ?? "Trust";
        var rows = WresStore.Load(database, access, trustCodes);
        var years = rows.Select(r => r.Year).Distinct().Order().ToList();
        var chosen = year is { } y && years.Contains(y) ? y : years.Count > 0 ? years[^1] : (int?)null;
        var suppressed = WresStore.Suppressed(access, trustCodes);
        var exactness = suppressed ? "suppressed" : "exact";
        var icbs = hierarchy.OfType("ICB").Where(i => hierarchy.OfType("LMNS").Any(l => l.Parent == i.Code)).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var orgs = hierarchy.Orgs.Where(o => (o.Type == "ICB" && icbs.Contains(o.Code)) || (o.Type == "LMNS" && (lmns is null || o.Code == lmns))
                || (o.Type == "Trust" && (lmns is null || o.Parent == lmns)))
            .Select(o => (o.Code, o.Name)).ToList();

        WresReport? Report(IReadOnlyList<WresFile.Row> of, string who, int yr, string g)
        {
            var now = of.Where(r => r.Year == yr && r.StaffGroup == g).ToList();
            return now.Count == 0 ? null : WresIndicators.Compute(who, yr, g, now, [.. of.Where(r => r.Year == yr - 1 && r.StaffGroup == g)], exactness);
        }

        if (chosen is not { } cy)
            return new WresView(code, target.Name, isLmns, null, group, years, orgs, null, [], new Dictionary<int, double>(), [], [], [], suppressed) { Level = level };
        var report = Report(rows, code, cy, group);
        var trusts = isLmns
            ? trustCodes.Order(StringComparer.Ordinal).Select(t => Report([.. rows.Where(r => r.Org == t)], t, cy, group)).OfType<WresReport>().ToList()
            : [];
        var means = trusts.SelectMany(t => t.Likelihoods).Where(l => double.IsFinite(l.Value.Value)).GroupBy(l => l.Indicator)
            .ToDictionary(g => g.Key, g => g.Average(l => l.Value.Value));
        var groups = WresFile.StaffGroups.Select(g => Report(rows, code, cy, g)).OfType<WresReport>().ToList();
        var trend = years.Select(yr => Report(rows, code, yr, group)).OfType<WresReport>().ToList();
        return new WresView(code, target.Name, isLmns, cy, group, years, orgs, report, trusts, means, groups, trend, WresChecks.Run(rows), suppressed) { Level = level };
    }

    /// <summary>A report's figures as flat rows, in the order of the national WRES: 1 by band, 2 to 4, 5 to 8, 9.</summary>
    public static IEnumerable<Line> Lines(WresReport r)
    {
        var e = r.Exactness;
        foreach (var b in r.Bands)
            yield return new Line(r.Org, r.Year, r.StaffGroup, "1", $"{b.Category} {(b.Category == "Medical" ? "" : "band ")}{b.Name}: BME share of staff",
                b.Staff.White, b.Staff.Total, b.Staff.Bme, b.Staff.Total, Finite(b.Staff.BmeShare.Value), Finite(b.Staff.BmeShare.Lower), Finite(b.Staff.BmeShare.Upper), "%",
                $"{Signed(b.DifferencePoints)} points against the workforce ({Fixed(r.Workforce.BmeShare.Value, "0.0")}% BME)", e);
        yield return new Line(r.Org, r.Year, r.StaffGroup, "1", "Workforce: BME share of staff", r.Workforce.White, r.Workforce.Total, r.Workforce.Bme, r.Workforce.Total,
            Finite(r.Workforce.BmeShare.Value), Finite(r.Workforce.BmeShare.Lower), Finite(r.Workforce.BmeShare.Upper), "%", $"{r.Workforce.Unknown} of unknown ethnicity", e);
        foreach (var l in r.Likelihoods)
        {
            var (wn, wd, bn, bd) = l.Indicator == 3 ? (l.BottomEvents, l.BottomDenominator, l.TopEvents, l.TopDenominator) : (l.TopEvents, l.TopDenominator, l.BottomEvents, l.BottomDenominator);
            yield return new Line(r.Org, r.Year, r.StaffGroup, l.Indicator.ToString(Inv), l.Title + (l.Years == 2 ? " (two years)" : ""), wn, wd, bn, bd,
                Finite(l.Value.Value), Finite(l.Value.Lower), Finite(l.Value.Upper), "ratio", l.Direction, e);
        }
        foreach (var s in r.Surveys)
            yield return new Line(r.Org, r.Year, r.StaffGroup, s.Indicator.ToString(Inv), s.Title + " (BME minus White)", s.WhiteYes, s.WhiteRespondents, s.BmeYes, s.BmeRespondents,
                Finite(s.Difference.Value), Finite(s.Difference.Lower), Finite(s.Difference.Upper), "points", s.Direction, e);
        foreach (var b in r.Boards)
            yield return new Line(r.Org, r.Year, r.StaffGroup, "9", $"Board, {b.Kind.ToLowerInvariant()}: BME share minus workforce", b.Members.White, b.Members.Total, b.Members.Bme,
                b.Members.Total, Finite(b.DifferencePoints), null, null, "points", b.Direction, e);
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string Fixed(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "-";

    private static string Signed(double v) => double.IsFinite(v) ? v.ToString("+0.0;-0.0;0.0", Inv) : "-";
}
