using System.Globalization;
using Maternity.Indicators;

namespace Maternity.Reports;

/// <summary>
/// The board pack's equity section: which months of its window are incomplete and why, and one lay chart per indicator
/// needing attention: each ethnic group's and the most and least deprived fifths' values with their 95% intervals against
/// the value for everyone, captioned in plain words. From the pack's own views, so every figure is the pack's.
/// </summary>
/// <param name="Incomplete">The notice of the window's incomplete months (<see cref="IncompleteNotice"/>); null when complete.</param>
public sealed record EquityPack(IncompleteNotice? Incomplete, IReadOnlyList<EquityPack.LayChart> Charts)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The label of the row for everyone, the chart's reference line.</summary>
    public const string Everyone = "Everyone";

    /// <summary>One indicator's chart: its rows (labelled for a lay reader) and caption.</summary>
    public sealed record LayChart(IndicatorView View, IReadOnlyList<IndicatorResult> Rows, string Caption);

    private static readonly (string Breakdown, string Group, string Label)[] Groups =
    [
        (nameof(Breakdown.EthnicGroup), "White", "White women"), (nameof(Breakdown.EthnicGroup), "Mixed", "Mixed ethnic group"),
        (nameof(Breakdown.EthnicGroup), "Asian", "Asian women"), (nameof(Breakdown.EthnicGroup), "Black", "Black women"),
        (nameof(Breakdown.EthnicGroup), "Other", "Other ethnic group"),
        (nameof(Breakdown.ImdQuintile), "1", "Most deprived fifth"), (nameof(Breakdown.ImdQuintile), "5", "Least deprived fifth"),
    ];

    /// <summary>The section for the pack's indicators needing attention, over the window <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static EquityPack Build(IEnumerable<IndicatorView> attention, IReadOnlyList<DataCoverage.Source> coverage, DateOnly from, DateOnly to) =>
        new(IncompleteNotice.Build(coverage, from, to), [.. attention.Select(Chart).OfType<LayChart>()]);

    /// <summary>
    /// The lay chart of <paramref name="view"/>: everyone, then each group with counts (rows relabelled; a group without
    /// counts, or withheld from the pack's reader, is left out); null when fewer than two groups are shown. The caption
    /// says what the indicator shows, everyone's value and the highest and lowest group's as natural frequencies.
    /// </summary>
    public static LayChart? Chart(IndicatorView view)
    {
        if (view.Total is not { } total || !double.IsFinite(total.Value.Value)) return null;
        var rows = Groups
            .Select(g => view.Breakdown(g.Breakdown).FirstOrDefault(r => r.Group == g.Group && r.Denominator > 0 && double.IsFinite(r.Value.Value)) is { } r
                ? r with { Group = g.Label } : null)
            .OfType<IndicatorResult>().ToList();
        if (rows.Count < 2) return null;
        var d = view.Definition;
        var per = d.Multiplier.ToString("N0", Inv);
        var high = rows.MaxBy(r => r.Value.Value)!;
        var low = rows.MinBy(r => r.Value.Value)!;
        var caption = $"{PlainEnglish.WhatItShows(d)} For everyone, about {Round(total.Value.Value)} in every {per}; highest among the groups shown: " +
            $"{high.Group}, about {Round(high.Value.Value)} in every {per}; lowest: {low.Group}, about {Round(low.Value.Value)} in every {per}. " +
            "Each dot is a group's value and the line through it the range it would usually fall in; the dashed line is everyone." +
            (total.Exactness == "exact" ? "" : " Counts are rounded to protect privacy.");
        return new LayChart(view, [total with { Group = Everyone }, .. rows], caption);
    }

    /// <summary>A value as a reader would say it: whole numbers from 10 up, one decimal below.</summary>
    private static string Round(double value) => value >= 10 ? Math.Round(value).ToString("N0", Inv) : value.ToString("0.#", Inv);
}
