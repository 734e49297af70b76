using System.Globalization;

namespace Maternity.Web.Components;

/// <summary>
/// The geometry the charts share: a padded value range, round tick values, and coordinates written invariantly.
/// Charts are drawn in a 600-unit-wide view box with 13-unit text; the page never shows them narrower than 30rem
/// (scrolling inside their frame on a phone), so chart text is never smaller than about 10 pixels.
/// </summary>
public static class ChartScale
{
    public const int Width = 600;

    public const int FontSize = 13;

    /// <summary>A coordinate as SVG wants it: one decimal place, invariant culture.</summary>
    public static string P(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>The range with 8% padding either side (a flat range opens by one unit).</summary>
    public static (double Min, double Max) Pad(double min, double max)
    {
        if (max - min < 1e-9) return (min - 1, max + 1);
        var pad = (max - min) * 0.08;
        return (min - pad, max + pad);
    }

    /// <summary>Four to six round values between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static IEnumerable<double> Ticks(double min, double max)
    {
        var step = Math.Pow(10, Math.Floor(Math.Log10((max - min) / 4)));
        foreach (var m in new[] { 1.0, 2, 5, 10 })
            if ((max - min) / (step * m) <= 6) { step *= m; break; }
        for (var t = Math.Ceiling(min / step) * step; t <= max; t += step) yield return Math.Round(t, 10);
    }

    /// <summary>
    /// Label positions that do not overlap: each label keeps its wanted y unless it would sit within
    /// <paramref name="gap"/> of the one above it, then it moves down.
    /// </summary>
    public static double[] Dodge(IReadOnlyList<double> wanted, double gap)
    {
        var order = Enumerable.Range(0, wanted.Count).OrderBy(i => wanted[i]).ToList();
        var placed = new double[wanted.Count];
        var last = double.NegativeInfinity;
        foreach (var i in order)
        {
            placed[i] = Math.Max(wanted[i], last + gap);
            last = placed[i];
        }
        return placed;
    }

    /// <summary>The polyline points of the finite values, or null when fewer than two.</summary>
    public static string? Polyline(IEnumerable<(double X, double Y)> points)
    {
        // Written straight into one buffer: a page of tiles draws thousands of points.
        var text = new System.Text.StringBuilder();
        var count = 0;
        foreach (var (x, y) in points)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            if (count++ > 0) text.Append(' ');
            text.Append(CultureInfo.InvariantCulture, $"{x:F1},{y:F1}");
        }
        return count < 2 ? null : text.ToString();
    }

    /// <summary>Making Data Count's colours: common cause grey, improvement blue, concern orange, neutral purple.</summary>
    public static string Colour(Statistics.VariationType type) => type switch
    {
        Statistics.VariationType.SpecialCauseImprovement => "#005eb8",
        Statistics.VariationType.SpecialCauseConcern => "#b45f06",
        Statistics.VariationType.SpecialCauseNeutralHigh or Statistics.VariationType.SpecialCauseNeutralLow => "#330072",
        _ => "#768692",
    };
}
