using Maternity.Storage;

namespace Maternity.National;

/// <summary>
/// The overview of a store holding the national publication but no monthly counts (the public files only): every
/// published rate of the latest financial year for one organisation beside England, with its coverage and the verdict
/// against England where the rounding cannot change it (<see cref="NationalView.Verdict"/>). The figures are
/// <see cref="NationalView.Overview"/>'s, so the overview, /national and the pack show the same number.
/// <para>The organisation: the one asked for when the publication holds it; else the caller's own (an LMNS as the sum
/// of its trusts where the hierarchy is loaded, or a trust); else the first LMNS whose trusts are published; else none
/// (England only, and the page offers the trusts to choose from).</para>
/// </summary>
public sealed record NationalOverview(NationalView.Organisation? Org, string Year, IReadOnlyList<NationalView.RateRow> Rows,
    IReadOnlyList<NationalView.Organisation> Organisations, double MinCoverage)
{
    /// <summary>The overview, or null when no annual publication is loaded.</summary>
    public static NationalOverview? Build(Database database, string? requested, IReadOnlyList<string> callerOrgs,
        double minCoverage = NationalView.DefaultMinCoverage)
    {
        var years = NationalView.Publications(database).Where(p => p.PeriodType == "FinancialYear").Select(p => p.Start).ToList();
        if (years.Count == 0) return null;
        var latest = years.Max();
        var organisations = NationalView.Organisations(database);
        NationalView.Organisation? Known(string? code) =>
            code is null ? null : organisations.FirstOrDefault(o => o.Code.Equals(code, StringComparison.OrdinalIgnoreCase));
        var org = Known(requested)
            ?? callerOrgs.Select(Known).FirstOrDefault(o => o is not null)
            ?? organisations.FirstOrDefault(o => o.Level == "LMNS");
        return new NationalOverview(org, Returns.NationalStatistics.Label("FinancialYear", latest),
            NationalView.Overview(database, org?.Code, latest, minCoverage), organisations, minCoverage);
    }
}
