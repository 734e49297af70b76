using Maternity.Storage;

namespace Maternity.National;

/// <summary>
/// The overview of a store holding the national publication but no monthly counts (the public files only): every
/// published rate of the latest financial year for one organisation beside England, with its coverage and the verdict
/// against England where the rounding cannot change it (<see cref="NationalView.Verdict"/>). The figures are
/// <see cref="NationalView.Overview"/>'s, so the overview, /national and the pack show the same number.
/// <para>The year: the financial year asked for ("2021-22", as the /national pages' chooser sends it) when it is
/// published; else the latest. <see cref="Years"/> lists every published year for the chooser, latest first.</para>
/// <para>The organisation: the one asked for when the publication holds it; else the caller's own (an LMNS as the sum
/// of its trusts where the hierarchy is loaded, or a trust); else the first LMNS whose trusts are published; else none
/// (England only, and the page offers the trusts to choose from).</para>
/// </summary>
public sealed record NationalOverview(NationalView.Organisation? Org, string Year, IReadOnlyList<NationalView.RateRow> Rows,
    IReadOnlyList<NationalView.Organisation> Organisations, double MinCoverage)
{
    /// <summary>Every financial year published, as labels ("2022-23"), latest first.</summary>
    public IReadOnlyList<string> Years { get; init; } = [];

    /// <summary>The overview, or null when no annual publication is loaded.</summary>
    public static NationalOverview? Build(Database database, string? requested, IReadOnlyList<string> callerOrgs,
        string? year = null, double minCoverage = NationalView.DefaultMinCoverage)
    {
        var years = NationalView.Publications(database).Where(p => p.PeriodType == "FinancialYear").Select(p => p.Start)
            .Distinct().OrderDescending().ToList();
        if (years.Count == 0) return null;
        var latest = Start(year) is { } asked && years.Contains(asked) ? asked : years[0];
        var organisations = NationalView.Organisations(database);
        NationalView.Organisation? Known(string? code) =>
            code is null ? null : organisations.FirstOrDefault(o => o.Code.Equals(code, StringComparison.OrdinalIgnoreCase));
        var org = Known(requested)
            ?? callerOrgs.Select(Known).FirstOrDefault(o => o is not null)
            ?? organisations.FirstOrDefault(o => o.Level == "LMNS");
        return new NationalOverview(org, Returns.NationalStatistics.Label("FinancialYear", latest),
            NationalView.Overview(database, org?.Code, latest, minCoverage), organisations, minCoverage)
        {
            Years = [.. years.Select(y => Returns.NationalStatistics.Label("FinancialYear", y))],
        };
    }

    /// <summary>The first day (1 April) of a financial year given as "2022-23" or "2022"; null when it is neither.</summary>
    public static DateOnly? Start(string? year) =>
        year is { Length: >= 4 } y && int.TryParse(y.AsSpan(0, 4), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var first) && first is >= 1900 and <= 2999
            ? new DateOnly(first, 4, 1) : null;
}
