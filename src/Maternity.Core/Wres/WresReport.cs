using Maternity.Statistics;

namespace Maternity.Wres;

/// <summary>
/// The nine WRES indicators for one organisation (a trust, or an LMNS pooled from its trusts' counts), year and staff
/// group. <see cref="Exactness"/> is "exact", or "suppressed" when the counts were rounded for the caller before
/// anything was computed from them.
/// </summary>
public sealed record WresReport(
    string Org,
    int Year,
    string StaffGroup,
    IReadOnlyList<WresReport.Band> Bands,
    WresReport.Headcount Workforce,
    IReadOnlyList<WresReport.Likelihood> Likelihoods,
    IReadOnlyList<WresReport.Survey> Surveys,
    IReadOnlyList<WresReport.Board> Boards,
    string Exactness,
    IReadOnlyList<string> Trusts)
{
    /// <summary>Staff in post by ethnicity: all staff are the denominator of every share (unknown ethnicity included).</summary>
    public sealed record Headcount(long White, long Bme, long Unknown)
    {
        public long Total => White + Bme + Unknown;

        /// <summary>BME staff as a percentage of all staff, with its Wilson interval; NaN when there are none.</summary>
        public Interval BmeShare => Proportion.Wilson(Bme, Total, multiplier: 100);
    }

    /// <summary>Indicator 1 for one band or grade: its staff by ethnicity, its BME share against the whole workforce's.</summary>
    public sealed record Band(string Category, string Name, Headcount Staff, double DifferencePoints);

    /// <summary>
    /// Indicators 2, 3 and 4: a relative likelihood (a/n₁)/(c/n₂) with its Katz log 95% interval, the group whose
    /// rate is on top named first. <see cref="Years"/> is 2 when indicator 3 pooled this year and the one before.
    /// </summary>
    public sealed record Likelihood(int Indicator, string Title, string Top, string Bottom, long TopEvents, long TopDenominator, long BottomEvents,
        long BottomDenominator, Interval Value, bool SmallNumbers, int Years, string Direction);

    /// <summary>Indicators 5 to 8: White and BME percentages with Wilson intervals and BME minus White in points (Newcombe).</summary>
    public sealed record Survey(int Indicator, string Title, bool LowerIsBetter, long WhiteYes, long WhiteRespondents, long BmeYes, long BmeRespondents,
        Interval White, Interval Bme, Interval Difference, bool SmallNumbers, string Direction);

    /// <summary>Indicator 9 for one part of the board: its BME share minus the workforce's, in percentage points.</summary>
    public sealed record Board(string Kind, Headcount Members, double WorkforceBmePercent, double DifferencePoints, string Direction);

    public Likelihood? Indicator(int number) => Likelihoods.FirstOrDefault(l => l.Indicator == number);
}
