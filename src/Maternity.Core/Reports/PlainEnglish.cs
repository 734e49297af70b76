using System.Globalization;
using Maternity.Indicators;

namespace Maternity.Reports;

/// <summary>
/// What an indicator shows, in words a Board member or a Maternity and Neonatal Voices Partnership chair can read without
/// the statistics: one sentence from the definition, and the latest value as a natural frequency ("about 13 in every 100
/// ...; in the most deprived fifth of areas, 20 in every 100"), from the figures the reader is shown.
/// </summary>
public static class PlainEnglish
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>"Out of every 100 births with the mother's smoking status known at delivery, how many were: births whose ...".</summary>
    public static string WhatItShows(IndicatorDefinition d) =>
        $"Out of every {d.Multiplier.ToString("N0", Inv)} {Lower(d.DenominatorText)}, how many were {Lower(d.NumeratorText)}. " + d.Polarity switch
        {
            Polarity.HigherIsBetter => "Higher is better.",
            Polarity.LowerIsBetter => "Lower is better.",
            _ => "Neither higher nor lower is better in itself.",
        };

    /// <summary>
    /// The window's value as a natural frequency, with the most deprived fifth of areas (IMD quintile 1) and the ethnic
    /// group furthest from the reference beside it where they are shown; null without a value.
    /// </summary>
    public static string? NaturalFrequency(IndicatorView view)
    {
        if (view.Total is not { } total || !double.IsFinite(total.Value.Value) || total.Denominator == 0) return null;
        var d = view.Definition;
        var per = d.Multiplier.ToString("N0", Inv);
        var text = $"About {Round(total.Value.Value)} in every {per} {Lower(d.DenominatorText)}";
        if (view.Breakdown(nameof(Breakdown.ImdQuintile)).FirstOrDefault(r => r.Group == "1" && r.Denominator > 0 && double.IsFinite(r.Value.Value)) is { } deprived)
            text += $"; in the most deprived fifth of areas, {Round(deprived.Value.Value)} in every {per}";
        var furthest = view.Breakdown(nameof(Breakdown.EthnicGroup))
            .Where(r => r.Ratio is { } ratio && double.IsFinite(ratio.Value) && r.Denominator > 0 && IsComparable(r.Group))
            .OrderByDescending(r => Math.Abs(Math.Log(r.Ratio!.Value)))
            .FirstOrDefault();
        if (furthest is not null)
            text += $"; among {(furthest.Group == "Other" ? "women of other ethnic groups" : furthest.Group + " women")}, {Round(furthest.Value.Value)} in every {per}";
        return text + ".";
    }

    private static bool IsComparable(string group) => group is not ("Not known" or "Not stated" or "Unknown");

    /// <summary>A value as a reader would say it: whole numbers from 10 up, one decimal below.</summary>
    private static string Round(double value) => value >= 10 ? Math.Round(value).ToString("N0", Inv) : value.ToString("0.#", Inv);

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
