using System.Globalization;
using System.Text;
using Maternity.Statistics;
using static System.Net.WebUtility;

namespace Maternity.Reports;

/// <summary>
/// Charts as inline SVG for pages and board packs: each has a title and a description for screen readers
/// (role="img"), a tooltip on every point, no script and no external resource, and prints in black and white by
/// line style as well as colour. The data table belongs beside every chart.
/// </summary>
public static class Svg
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int Width = 640;

    /// <summary>Making Data Count's colours: common cause grey, improvement blue, concern orange, neutral purple.</summary>
    public static string Colour(VariationType type) => type switch
    {
        VariationType.SpecialCauseImprovement => "#005eb8",
        VariationType.SpecialCauseConcern => "#b45f06",
        VariationType.SpecialCauseNeutralHigh or VariationType.SpecialCauseNeutralLow => "#330072",
        _ => "#768692",
    };

    /// <summary>Making Data Count's words for a variation icon.</summary>
    public static string Describe(VariationType type) => type switch
    {
        VariationType.SpecialCauseImprovement => "Special cause variation: improvement",
        VariationType.SpecialCauseConcern => "Special cause variation: concern",
        VariationType.SpecialCauseNeutralHigh => "Special cause variation: higher (neutral)",
        VariationType.SpecialCauseNeutralLow => "Special cause variation: lower (neutral)",
        _ => "Common cause variation",
    };

    public static string Describe(AssuranceType type) => type switch
    {
        AssuranceType.ConsistentPass => "Target consistently met",
        AssuranceType.ConsistentFail => "Target consistently missed",
        AssuranceType.HitOrMiss => "Target hit or miss",
        _ => "No target",
    };

    /// <summary>
    /// The Making Data Count variation icon as a small badge: a circle in the variation's colour with H (higher) or L
    /// (lower) for special cause, a wave for common cause; its label says the same in words.
    /// </summary>
    public static string VariationIcon(SpcResult spc)
    {
        var last = spc.Points.LastOrDefault(p => double.IsFinite(p.Value));
        var high = last is not null && last.Value >= last.Mean;
        var mark = spc.Variation == VariationType.CommonCause ? "~" : high ? "H" : "L";
        return Badge(Colour(spc.Variation), mark, Describe(spc.Variation));
    }

    /// <summary>The assurance icon as a small badge: P (consistently passing), F (consistently failing), ? (hit or miss).</summary>
    public static string AssuranceIcon(SpcResult spc) => spc.Assurance switch
    {
        AssuranceType.ConsistentPass => Badge("#005eb8", "P", Describe(spc.Assurance)),
        AssuranceType.ConsistentFail => Badge("#b45f06", "F", Describe(spc.Assurance)),
        AssuranceType.HitOrMiss => Badge("#768692", "?", Describe(spc.Assurance)),
        _ => "",
    };

    private static string Badge(string colour, string mark, string label) => string.Create(Inv,
        $"<svg width=\"32\" height=\"32\" viewBox=\"0 0 32 32\" role=\"img\" aria-label=\"{HtmlEncode(label)}\"><circle cx=\"16\" cy=\"16\" r=\"14\" fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"3\"/><text x=\"16\" y=\"21\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" font-family=\"Arial, sans-serif\" fill=\"{colour}\">{HtmlEncode(mark)}</text></svg>");

    /// <summary>An SPC chart: the values, the mean (solid), the process limits (dashed), the target (dotted) and each point coloured by its variation.</summary>
    public static string SpcChart(string id, SpcResult spc, IReadOnlyList<string> labels, string title, string unit, double? target)
    {
        const int height = 260, left = 56, right = 16, top = 16, bottom = 40;
        var points = spc.Points;
        var all = points.SelectMany(p => new[] { p.Value, p.Mean, p.Lower, p.Upper }).Concat(target is { } t ? [t] : []).Where(double.IsFinite).ToList();
        if (all.Count == 0) return "";
        var (min, max) = Pad(all.Min(), all.Max());
        double X(int i) => left + (points.Count == 1 ? (Width - left - right) / 2.0 : i * (Width - left - right) / (double)(points.Count - 1));
        double Y(double v) => top + (max - v) / (max - min) * (height - top - bottom);
        var desc = $"{points.Count} points from {labels[0]} to {labels[^1]}; latest {F(points[^1].Value)}{unit}; mean {F(points[^1].Mean)}{unit}, process limits {F(points[^1].Lower)} to {F(points[^1].Upper)}{unit}. {Describe(spc.Variation)}. {Describe(spc.Assurance)}.{(spc.TrialLimits ? " Trial limits (fewer than 13 points)." : "")}";
        var svg = Begin(id, title, desc, height);
        Axis(svg, min, max, Y, left, unit);
        Line(svg, points.Select((p, i) => (X(i), Y(p.Upper))), "#425563", "6 4");
        Line(svg, points.Select((p, i) => (X(i), Y(p.Lower))), "#425563", "6 4");
        Line(svg, points.Select((p, i) => (X(i), Y(p.Mean))), "#212b32", null);
        if (target is { } tv) svg.Append(Inv, $"<line x1=\"{left}\" x2=\"{Width - right}\" y1=\"{Y(tv):F1}\" y2=\"{Y(tv):F1}\" stroke=\"#d5281b\" stroke-dasharray=\"2 3\"/>");
        Line(svg, points.Select((p, i) => (X(i), Y(p.Value))), "#aeb7bd", null);
        for (var i = 0; i < points.Count; i++)
        {
            if (!double.IsFinite(points[i].Value)) continue;
            svg.Append(Inv, $"<circle cx=\"{X(i):F1}\" cy=\"{Y(points[i].Value):F1}\" r=\"4\" fill=\"{Colour(points[i].Type)}\"><title>{HtmlEncode(labels[i])}: {F(points[i].Value)}{HtmlEncode(unit)} ({Describe(points[i].Type)})</title></circle>");
        }
        foreach (var i in new[] { 0, points.Count / 2, points.Count - 1 }.Distinct())
            svg.Append(Inv, $"<text x=\"{X(i):F1}\" y=\"{height - 12}\" text-anchor=\"{(i == 0 && points.Count > 1 ? "start" : i == points.Count - 1 && i > 0 ? "end" : "middle")}\" font-size=\"12\">{HtmlEncode(labels[i])}</text>");
        return End(svg);
    }

    /// <summary>A small line of the latest values, for a tile.</summary>
    public static string Sparkline(IReadOnlyList<double> values, string label)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count < 2) return "";
        var (min, max) = Pad(finite.Min(), finite.Max());
        const int w = 120, h = 32;
        var path = string.Join(" ", values.Select((v, i) => (v, i)).Where(x => double.IsFinite(x.v))
            .Select(x => string.Create(Inv, $"{x.i * (w - 4) / (double)(values.Count - 1) + 2:F1},{h - 2 - (x.v - min) / (max - min) * (h - 4):F1}")));
        return string.Create(Inv, $"<svg class=\"app-chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{HtmlEncode(label)}\"><polyline points=\"{path}\" fill=\"none\" stroke=\"#005eb8\" stroke-width=\"2\"/></svg>");
    }

    /// <summary>A dot-and-interval plot: each group's value with its confidence interval, the reference group's value as a vertical line.</summary>
    public static string IntervalPlot(string id, IReadOnlyList<(string Label, double Value, double Lower, double Upper, bool Reference)> rows, string title, string unit)
    {
        var shown = rows.Where(r => double.IsFinite(r.Value)).ToList();
        if (shown.Count == 0) return "";
        const int left = 170, right = 24, top = 16, row = 26;
        var height = top + shown.Count * row + 36;
        var values = shown.SelectMany(r => new[] { r.Value, r.Lower, r.Upper }).Where(double.IsFinite).ToList();
        var (min, max) = Pad(Math.Min(0, values.Min()), values.Max());
        double X(double v) => left + (v - min) / (max - min) * (Width - left - right);
        var reference = shown.FirstOrDefault(r => r.Reference);
        var desc = $"{shown.Count} groups. " + string.Join("; ", shown.Select(r => $"{r.Label} {F(r.Value)}{unit} ({F(r.Lower)} to {F(r.Upper)})")) + (reference.Label is null ? "." : $". Reference group: {reference.Label}.");
        var svg = Begin(id, title, desc, height);
        if (reference.Label is not null)
            svg.Append(Inv, $"<line x1=\"{X(reference.Value):F1}\" x2=\"{X(reference.Value):F1}\" y1=\"{top - 6}\" y2=\"{height - 30}\" stroke=\"#425563\" stroke-dasharray=\"4 3\"/>");
        for (var i = 0; i < shown.Count; i++)
        {
            var r = shown[i];
            var y = top + i * row + row / 2;
            svg.Append(Inv, $"<text x=\"{left - 8}\" y=\"{y + 4}\" text-anchor=\"end\" font-size=\"12\"{(r.Reference ? " font-weight=\"bold\"" : "")}>{HtmlEncode(r.Label)}</text>");
            if (double.IsFinite(r.Lower) && double.IsFinite(r.Upper))
                svg.Append(Inv, $"<line x1=\"{X(r.Lower):F1}\" x2=\"{X(r.Upper):F1}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#212b32\" stroke-width=\"2\"/>");
            svg.Append(Inv, $"<circle cx=\"{X(r.Value):F1}\" cy=\"{y}\" r=\"5\" fill=\"{(r.Reference ? "#212b32" : "#005eb8")}\"><title>{HtmlEncode(r.Label)}: {F(r.Value)}{HtmlEncode(unit)} (95% CI {F(r.Lower)} to {F(r.Upper)})</title></circle>");
        }
        foreach (var tick in Ticks(min, max))
            svg.Append(Inv, $"<text x=\"{X(tick):F1}\" y=\"{height - 12}\" text-anchor=\"middle\" font-size=\"12\">{F(tick)}{HtmlEncode(unit)}</text>");
        return End(svg);
    }

    /// <summary>A funnel plot: each unit's value against its denominator, the target, and the 95% (dashed) and 99.8% (solid) limits.</summary>
    public static string FunnelPlot(string id, FunnelResult funnel, string title, string unit)
    {
        if (funnel.Units.Count == 0) return "";
        const int height = 300, left = 56, right = 24, top = 16, bottom = 40;
        var maxN = Math.Max(funnel.Units.Max(u => u.Denominator), funnel.Curve.Count == 0 ? 1 : funnel.Curve.Max(c => c.Denominator)) * 1.05;
        var curve = funnel.Curve.Where(c => c.Denominator <= maxN).ToList();
        var values = funnel.Units.Select(u => u.Value).Concat(curve.SelectMany(c => new[] { c.Lower998, c.Upper998 })).Append(funnel.Target).Where(double.IsFinite).ToList();
        var (min, max) = Pad(values.Min(), values.Max());
        double X(double n) => left + n / maxN * (Width - left - right);
        double Y(double v) => top + (max - Math.Clamp(v, min, max)) / (max - min) * (height - top - bottom);
        var desc = $"{funnel.Units.Count} organisations against target {F(funnel.Target)}{unit}. " + string.Join("; ", funnel.Units.Select(u => $"{u.Id} {F(u.Value)}{unit} of {u.Denominator:N0}: {u.Significance}")) + ".";
        var svg = Begin(id, title, desc, height);
        Axis(svg, min, max, Y, left, unit);
        svg.Append(Inv, $"<line x1=\"{left}\" x2=\"{Width - right}\" y1=\"{Y(funnel.Target):F1}\" y2=\"{Y(funnel.Target):F1}\" stroke=\"#212b32\"/>");
        Line(svg, curve.Select(c => (X(c.Denominator), Y(c.Upper95))), "#425563", "6 4");
        Line(svg, curve.Select(c => (X(c.Denominator), Y(c.Lower95))), "#425563", "6 4");
        Line(svg, curve.Select(c => (X(c.Denominator), Y(c.Upper998))), "#425563", null);
        Line(svg, curve.Select(c => (X(c.Denominator), Y(c.Lower998))), "#425563", null);
        foreach (var u in funnel.Units)
        {
            var colour = u.Significance.StartsWith("High (0.001)", StringComparison.Ordinal) || u.Significance.StartsWith("Low (0.001)", StringComparison.Ordinal) ? "#b45f06" : "#005eb8";
            svg.Append(Inv, $"<circle cx=\"{X(u.Denominator):F1}\" cy=\"{Y(u.Value):F1}\" r=\"5\" fill=\"{colour}\"><title>{HtmlEncode(u.Id)}: {F(u.Value)}{HtmlEncode(unit)} of {u.Denominator:N0} ({HtmlEncode(u.Significance)})</title></circle>");
            svg.Append(Inv, $"<text x=\"{X(u.Denominator) + 7:F1}\" y=\"{Y(u.Value) + 4:F1}\" font-size=\"12\">{HtmlEncode(u.Id)}</text>");
        }
        svg.Append(Inv, $"<text x=\"{Width / 2}\" y=\"{height - 8}\" text-anchor=\"middle\" font-size=\"12\">Denominator (0 to {maxN:N0})</text>");
        return End(svg);
    }

    private static StringBuilder Begin(string id, string title, string desc, int height) =>
        new StringBuilder().Append(Inv, $"<svg class=\"app-chart\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Arial, sans-serif\"><title id=\"{id}-t\">{HtmlEncode(title)}</title><desc id=\"{id}-d\">{HtmlEncode(desc)}</desc>");

    private static string End(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Axis(StringBuilder svg, double min, double max, Func<double, double> y, int left, string unit)
    {
        foreach (var tick in Ticks(min, max))
            svg.Append(Inv, $"<line x1=\"{left}\" x2=\"{Width - 16}\" y1=\"{y(tick):F1}\" y2=\"{y(tick):F1}\" stroke=\"#e8edee\"/><text x=\"{left - 6}\" y=\"{y(tick) + 4:F1}\" text-anchor=\"end\" font-size=\"12\">{F(tick)}{(unit == "%" ? "%" : "")}</text>");
    }

    private static void Line(StringBuilder svg, IEnumerable<(double X, double Y)> points, string colour, string? dash)
    {
        var finite = points.Where(p => double.IsFinite(p.Y)).Select(p => string.Create(Inv, $"{p.X:F1},{p.Y:F1}")).ToList();
        if (finite.Count < 2) return;
        svg.Append(Inv, $"<polyline points=\"{string.Join(' ', finite)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/>");
    }

    private static (double Min, double Max) Pad(double min, double max)
    {
        if (max - min < 1e-9) return (min - 1, max + 1);
        var pad = (max - min) * 0.08;
        return (min - pad, max + pad);
    }

    private static IEnumerable<double> Ticks(double min, double max)
    {
        var step = Math.Pow(10, Math.Floor(Math.Log10((max - min) / 4)));
        foreach (var m in new[] { 1.0, 2, 5, 10 })
            if ((max - min) / (step * m) <= 6) { step *= m; break; }
        for (var t = Math.Ceiling(min / step) * step; t <= max; t += step) yield return Math.Round(t, 10);
    }

    private static string F(double v)
    {
        if (!double.IsFinite(v)) return "-";
        var digits = Math.Abs(v) >= 100 ? 0 : 1;
        var rounded = Math.Round(v, digits);
        return (rounded == 0 ? 0 : rounded).ToString(digits == 0 ? "F0" : "F1", Inv); // never "-0.0"
    }
}
