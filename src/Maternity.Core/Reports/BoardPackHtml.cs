using System.Globalization;
using System.Text;
using Maternity.Indicators;
using Maternity.Plans;
using static System.Net.WebUtility;

namespace Maternity.Reports;

/// <summary>
/// The board pack as one self-contained HTML file: styles and charts inline, a content-security policy that forbids
/// every request (so it opens the same offline, from an e-mail or a board portal), laid out for A4 in print.
/// </summary>
public static class BoardPackHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Style = """
        @page { size: A4; margin: 14mm 12mm; }
        html { font-family: Frutiger W01, Arial, sans-serif; color: #212b32; font-size: 11pt; line-height: 1.35; }
        body { margin: 0; }
        .bar { background: #005eb8; color: #fff; padding: 8px 16px; font-weight: bold; }
        main { padding: 0 16px; max-width: 190mm; margin: 0 auto; }
        h1 { font-size: 20pt; margin: 12px 0 4px; } h2 { font-size: 15pt; margin: 18px 0 6px; border-bottom: 3px solid #005eb8; }
        h3 { font-size: 12.5pt; margin: 14px 0 4px; } h4 { font-size: 11pt; margin: 10px 0 4px; }
        h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
        section + section { break-before: page; page-break-before: always; }
        .indicator { border-top: 1px solid #aeb7bd; padding-top: 4px; }
        .indicator + .indicator { break-before: page; page-break-before: always; border-top: none; }
        table { width: 100%; border-collapse: collapse; margin: 4px 0 10px; font-size: 9pt; }
        caption { text-align: left; font-weight: bold; padding-bottom: 2px; }
        th, td { border-bottom: 1px solid #d8dde0; padding: 2px 6px 2px 0; text-align: left; vertical-align: top; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr, figure, .tiles { break-inside: avoid; page-break-inside: avoid; }
        figure { margin: 4px 0; } svg { max-width: 100%; height: auto; }
        .tiles { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
        .tile { flex: 1 1 40mm; border: 2px solid #005eb8; padding: 6px 8px; }
        .tile strong { display: block; font-size: 18pt; }
        .rag { display: inline-block; padding: 0 4px; font-weight: bold; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        .Red { background: #d5281b; color: #fff; } .Amber { background: #ffb81c; color: #000; } .Green { background: #007f3b; color: #fff; }
        .fail { color: #a81f16; font-weight: bold; } .pass { color: #00662f; }
        .note { color: #4c6272; font-size: 9pt; }
        dl { margin: 0; } dt { font-weight: bold; margin-top: 8px; } dd { margin-left: 12px; }
        """;

    public static string Render(BoardPack pack)
    {
        var html = new StringBuilder();
        var title = $"LMNS Board report: {pack.LmnsName}, {pack.Period:MMMM yyyy}";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append(Inv, $"<title>{E(title)}</title><style>{Style}</style></head><body>");
        html.Append("<div class=\"bar\">Maternity equity and equality programme</div><main>");
        Summary(html, pack, title);
        AllIndicators(html, pack);
        Attention(html, pack);
        Improved(html, pack);
        Quality(html, pack);
        Actions(html, pack);
        Changes(html, pack);
        Definitions(html, pack);
        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, BoardPack pack, string title)
    {
        var attention = pack.Attention;
        var lmnsQuality = pack.Quality.FirstOrDefault(r => r.OrgCode == pack.Lmns && r.Month == pack.Period);
        var overdue = pack.Actions.Count(a => PlanViews.IsOverdue(a.Action, pack.AsAt));
        html.Append(Inv, $"<section id=\"summary\"><h1>{E(title)}</h1>");
        html.Append(Inv, $"<p>{E(pack.LmnsName)} ({E(pack.Lmns)}). Indicators over the 12 months {pack.From:MMMM yyyy} to {pack.Period:MMMM yyyy}; data quality in {pack.Period:MMMM yyyy}; the action plan as at {pack.AsAt:d MMMM yyyy}. Generated {pack.GeneratedAt:d MMMM yyyy HH:mm} UTC by {E(pack.GeneratedBy)}.</p>");
        html.Append("<div class=\"tiles\">");
        Tile(html, $"{attention.Count}", $"of {pack.Indicators.Count} indicators need attention (off target or special-cause concern)");
        Tile(html, $"{pack.Improved.Count}", "indicators improved (special-cause improvement)");
        Tile(html, lmnsQuality?.Score ?? "-", $"data-quality criteria met by the LMNS; {pack.QualityExceptions.Count} trust exceptions (two or more months failing)");
        Tile(html, $"{pack.Actions.Count}", $"actions to report: {overdue} overdue, {pack.Actions.Count(a => a.Action.Status == ActionStatus.AtRisk)} at risk, {pack.Actions.Count(a => a.Action.Status == ActionStatus.Delayed)} delayed");
        html.Append("</div>");
        html.Append("<h2>For the board's attention</h2><ul>");
        foreach (var v in attention)
            html.Append(Inv, $"<li><strong>{E(v.Definition.Title)}</strong>: {Value(v)}; {E(string.Join("; ", BoardPack.Reasons(v)))}.</li>");
        if (attention.Count == 0) html.Append("<li>No indicator is off target or showing special-cause concern.</li>");
        foreach (var e in pack.QualityExceptions)
            html.Append(Inv, $"<li>Data quality: <strong>{E(e.OrgCode)}</strong> has failed “{E(e.Title)}” for {e.Months.Count} consecutive months (latest {F(e.LatestValue)}% against {F(e.Threshold)}%).</li>");
        if (overdue > 0) html.Append(Inv, $"<li>{overdue} plan actions are overdue.</li>");
        html.Append("</ul>");
        html.Append("<p class=\"note\">Board papers are public: every count in this pack has passed NHS England's suppression rule (0 stays 0, 1 to 7 is shown as 5, others are rounded to the nearest 5) and every rate, interval and comparison was computed from the rounded counts. Values are shown with 95% confidence intervals; variation and assurance follow NHS England's Making Data Count.</p>");
        html.Append(Inv, $"<p class=\"note\">Data used: {pack.Versions.Submissions} submissions (latest loaded {pack.Versions.LatestLoad:d MMMM yyyy HH:mm}), {pack.Versions.Counts:N0} stored counts (computed {pack.Versions.CountsComputed:d MMMM yyyy HH:mm}), {pack.Versions.PlanVersions} plan versions; {E(pack.QualityScheme)}.</p></section>");
    }

    private static void Tile(StringBuilder html, string figure, string text) =>
        html.Append(Inv, $"<div class=\"tile\"><strong>{E(figure)}</strong>{E(text)}</div>");

    private static void AllIndicators(StringBuilder html, BoardPack pack)
    {
        html.Append("<section id=\"indicators\"><h2>All indicators at a glance</h2>");
        html.Append("<table><caption>Each indicator over the 12 months</caption><thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"n\">Numerator</th><th scope=\"col\" class=\"n\">Denominator</th><th scope=\"col\" class=\"n\">Value</th><th scope=\"col\" class=\"n\">95% CI</th><th scope=\"col\">Target</th><th scope=\"col\">RAG</th><th scope=\"col\">Variation</th></tr></thead><tbody>");
        foreach (var v in pack.Indicators)
        {
            var t = v.Total!;
            html.Append(Inv, $"<tr><td>{E(v.Definition.Title)}</td><td class=\"n\">{t.Numerator:N0}</td><td class=\"n\">{t.Denominator:N0}</td><td class=\"n\">{F(t.Value.Value)}{U(v.Definition.Unit)}</td><td class=\"n\">{F(t.Value.Lower)} to {F(t.Value.Upper)}</td><td>{Target(v.Definition)}</td><td>{Rag(t.Rag)}</td><td>{E(v.Spc is { } s ? Svg.Describe(s.Variation) : "")}</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }

    private static void Attention(StringBuilder html, BoardPack pack)
    {
        html.Append("<section id=\"attention\"><h2>Indicators needing attention</h2>");
        if (pack.Attention.Count == 0) html.Append("<p>None: no indicator is off target or showing special-cause concern.</p>");
        foreach (var v in pack.Attention) Indicator(html, pack, v, BoardPack.Reasons(v), breakdowns: true);
        html.Append("</section>");
    }

    private static void Improved(StringBuilder html, BoardPack pack)
    {
        html.Append("<section id=\"improved\"><h2>Indicators that improved</h2>");
        if (pack.Improved.Count == 0) html.Append("<p>None showed special-cause improvement.</p>");
        foreach (var v in pack.Improved) Indicator(html, pack, v, ["special-cause improvement"], breakdowns: false);
        html.Append("</section>");
    }

    private static void Indicator(StringBuilder html, BoardPack pack, IndicatorView v, IReadOnlyList<string> reasons, bool breakdowns)
    {
        var d = v.Definition;
        html.Append(Inv, $"<div class=\"indicator\" id=\"i-{E(d.Id)}\"><h3>{E(d.Title)}</h3>");
        html.Append(Inv, $"<p>{Value(v)}. {Target(d)}{(v.Total!.Rag.Length > 0 ? $": {Rag(v.Total.Rag)}" : "")}.</p>");
        html.Append(Inv, $"<p><strong>Why it is here:</strong> {E(string.Join("; ", reasons))}.");
        if (v.Spc is { } spc)
            html.Append(Inv, $" {Svg.VariationIcon(spc)} {E(Svg.Describe(spc.Variation))}.{(spc.Assurance == Statistics.AssuranceType.NotApplicable ? "" : $" {Svg.AssuranceIcon(spc)} {E(Svg.Describe(spc.Assurance))}.")}");
        html.Append("</p>");
        if (v.Spc is { } chart)
        {
            var labels = v.Monthly.Select(m => m.PeriodStart.ToString("MMM yyyy", Inv)).ToList();
            html.Append(Inv, $"<figure>{Svg.SpcChart($"spc-{d.Id}", chart, labels, $"{d.Title}, {pack.Lmns}, month by month", d.Unit, d.Target)}<figcaption class=\"note\">p′ chart (Laney): mean (solid), process limits (dashed){(d.Target is null ? "" : ", target (dotted red)")}; the monthly values are in the workbook's Monthly sheet.</figcaption></figure>");
        }
        if (!breakdowns) { html.Append("</div>"); return; }
        foreach (var (breakdown, heading) in Breakdowns)
        {
            var rows = Rows(v, breakdown);
            if (rows.Count == 0) continue;
            var reference = IndicatorAnalysis.ReferenceGroup(breakdown);
            html.Append(Inv, $"<h4>{E(heading)}</h4><figure>{Svg.IntervalPlot($"b-{d.Id}-{breakdown}", [.. rows.Select(r => (r.Group, r.Value.Value, r.Value.Lower, r.Value.Upper, r.Group == reference))], $"{d.Title} {heading.ToLowerInvariant()}, {pack.Lmns}", d.Unit)}</figure>");
            html.Append(Inv, $"<table><caption>{E(heading)}: gap to the reference group ({E(reference ?? "none")})</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"n\">Numerator</th><th scope=\"col\" class=\"n\">Denominator</th><th scope=\"col\" class=\"n\">Value (95% CI)</th><th scope=\"col\" class=\"n\">Ratio (95% CI)</th><th scope=\"col\" class=\"n\">Difference (95% CI)</th></tr></thead><tbody>");
            foreach (var r in rows)
                html.Append(Inv, $"<tr><td>{E(r.Group)}</td><td class=\"n\">{r.Numerator:N0}</td><td class=\"n\">{r.Denominator:N0}</td><td class=\"n\">{F(r.Value.Value)} ({F(r.Value.Lower)} to {F(r.Value.Upper)})</td><td class=\"n\">{(r.Ratio is { } ratio ? $"{F2(ratio.Value)} ({F2(ratio.Lower)} to {F2(ratio.Upper)})" : "reference")}</td><td class=\"n\">{(r.Difference is { } diff ? $"{F(diff.Value)} ({F(diff.Lower)} to {F(diff.Upper)})" : "-")}</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</div>");
    }

    /// <summary>The breakdowns the pack shows for each indicator needing attention.</summary>
    public static readonly (string Breakdown, string Heading)[] Breakdowns =
        [("EthnicGroup", "By ethnic group"), ("ImdDecile", "By deprivation (IMD decile, 1 = most deprived)")];

    /// <summary>A breakdown's groups in reading order (deciles 1 to 10, Unknown last).</summary>
    public static List<IndicatorResult> Rows(IndicatorView v, string breakdown) =>
        [.. v.Breakdown(breakdown).OrderBy(r => breakdown == "ImdDecile" && int.TryParse(r.Group, out var n) ? n : 99).ThenBy(r => r.Group, StringComparer.Ordinal)];

    private static void Quality(StringBuilder html, BoardPack pack)
    {
        html.Append(Inv, $"<section id=\"quality\"><h2>Data quality</h2><p>{E(pack.QualityScheme)}. Each criterion's value in {pack.Period:MMMM yyyy} against its threshold; a value in red misses it.</p>");
        var month = pack.Quality.Where(r => r.Month == pack.Period).ToList();
        var rules = month.SelectMany(r => r.Criteria).Select(c => (c.RuleId, c.Title, c.Threshold)).Distinct().ToList();
        if (month.Count == 0) html.Append(Inv, $"<p>No data-quality results for {pack.Period:MMMM yyyy}.</p>");
        else
        {
            html.Append(Inv, $"<table><caption>Scorecard, {pack.Period:MMMM yyyy}</caption><thead><tr><th scope=\"col\">Organisation</th>");
            foreach (var r in rules) html.Append(Inv, $"<th scope=\"col\" class=\"n\">{E(r.Title)} (≥{F(r.Threshold)}%)</th>");
            html.Append("<th scope=\"col\" class=\"n\">Score</th></tr></thead><tbody>");
            foreach (var row in month)
            {
                html.Append(Inv, $"<tr><th scope=\"row\">{E(row.OrgCode)}</th>");
                foreach (var r in rules)
                    html.Append(row.Criteria.FirstOrDefault(c => c.RuleId == r.RuleId) is { } c
                        ? string.Create(Inv, $"<td class=\"n {(c.Passed ? "pass" : "fail")}\">{F(c.Value)}%<span class=\"note\"> {c.Numerator:N0}/{c.Denominator:N0}</span></td>")
                        : "<td class=\"n\">-</td>");
                html.Append(Inv, $"<td class=\"n\">{E(row.Score)}</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        var months = pack.Quality.Select(r => r.Month).Distinct().Order().ToList();
        if (months.Count > 1)
        {
            html.Append("<table><caption>Score history (criteria met of those with data)</caption><thead><tr><th scope=\"col\">Organisation</th>");
            foreach (var m in months) html.Append(Inv, $"<th scope=\"col\" class=\"n\">{m:MMM yyyy}</th>");
            html.Append("</tr></thead><tbody>");
            foreach (var org in pack.Quality.GroupBy(r => r.OrgCode))
            {
                html.Append(Inv, $"<tr><th scope=\"row\">{E(org.Key)}</th>");
                foreach (var m in months) html.Append(Inv, $"<td class=\"n\">{E(org.FirstOrDefault(r => r.Month == m)?.Score ?? "-")}</td>");
                html.Append("</tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("<h3>Exceptions: two or more consecutive months failing, still failing</h3>");
        if (pack.QualityExceptions.Count == 0) html.Append("<p>None.</p>");
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Criterion</th><th scope=\"col\">Months failing</th><th scope=\"col\" class=\"n\">Latest value</th><th scope=\"col\" class=\"n\">Threshold</th></tr></thead><tbody>");
            foreach (var e in pack.QualityExceptions)
                html.Append(Inv, $"<tr><td>{E(e.OrgCode)}</td><td>{E(e.Title)}</td><td>{e.Months[0]:MMM yyyy} to {e.Months[^1]:MMM yyyy} ({e.Months.Count})</td><td class=\"n\">{F(e.LatestValue)}%</td><td class=\"n\">{F(e.Threshold)}%</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</section>");
    }

    private static void Actions(StringBuilder html, BoardPack pack)
    {
        html.Append(Inv, $"<section id=\"actions\"><h2>Action plan: overdue, at-risk and stale actions</h2><p>As at {pack.AsAt:d MMMM yyyy}. Stale: in progress with no dated update for 90 days.</p>");
        if (!pack.HasPlan) html.Append("<p>No action plan is loaded for this LMNS.</p>");
        else if (pack.Actions.Count == 0) html.Append("<p>None: every action is on track and up to date.</p>");
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Lead</th><th scope=\"col\">Target date</th><th scope=\"col\">Status</th><th scope=\"col\">Why it is reported</th><th scope=\"col\">Latest update</th></tr></thead><tbody>");
            foreach (var a in pack.Actions)
                html.Append(Inv, $"<tr><td><strong>{E(a.Action.Id)}</strong> {E(a.Action.Descriptor)}</td><td>{E(string.Join(", ", a.Action.Leads))}</td><td>{E(a.Action.TargetDate?.ToString() ?? "-")}</td><td>{E(PlanText.StatusLabel(a.Action.Status))} ({E(a.Rag)})</td><td>{E(string.Join("; ", a.Reasons))}</td><td>{(a.LatestUpdate is { } u ? $"{u.Date:d MMM yyyy}: {E(u.Text)}" : "none")}</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</section>");
    }

    private static void Changes(StringBuilder html, BoardPack pack)
    {
        html.Append(Inv, $"<section id=\"changes\"><h2>What changed since the previous pack</h2><p>{E(pack.ChangesAgainst)}</p>");
        if (pack.Changes.Count == 0) html.Append("<p>Nothing changed.</p>");
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">What</th><th scope=\"col\">Item</th><th scope=\"col\">Before</th><th scope=\"col\">Now</th></tr></thead><tbody>");
            foreach (var c in pack.Changes) html.Append(Inv, $"<tr><td>{E(c.Area)}</td><td>{E(c.Item)}</td><td>{E(c.Before)}</td><td>{E(c.After)}</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</section>");
    }

    private static void Definitions(StringBuilder html, BoardPack pack)
    {
        html.Append("<section id=\"definitions\"><h2>Definitions of the measures shown</h2><dl>");
        foreach (var d in pack.Definitions)
            html.Append(Inv, $"<dt>{E(d.Title)} <span class=\"note\">({E(d.Id)}, version {d.Version})</span></dt><dd>Numerator: {E(d.NumeratorText)}. Denominator: {E(d.DenominatorText)}. Exclusions: {E(d.Exclusions)}. Target: {(d.Target is { } t ? $"{(d.HigherIsBetter ? "at least" : "at most")} {t}{U(d.Unit)} ({E(d.TargetSource)})" : "none")}.</dd>");
        html.Append("</dl></section>");
    }

    private static string Value(IndicatorView v) =>
        string.Create(Inv, $"{F(v.Total!.Value.Value)}{U(v.Definition.Unit)} (95% CI {F(v.Total.Value.Lower)} to {F(v.Total.Value.Upper)}; {v.Total.Numerator:N0} of {v.Total.Denominator:N0})");

    private static string Target(IndicatorDefinition d) =>
        d.Target is { } t ? $"Target {(d.HigherIsBetter ? "at least" : "at most")} {t}{U(d.Unit)}" : "No target";

    /// <summary>A value's unit as written after it: "12.6%", "3.8 per 1,000".</summary>
    private static string U(string unit) => unit == "%" ? "%" : " " + E(unit);

    private static string Rag(string rag) => rag.Length == 0 ? "" : $"<span class=\"rag {E(rag)}\">{E(rag)}</span>";

    private static string E(string? s) => HtmlEncode(s ?? "");

    private static string F(double v) => double.IsFinite(v) ? v.ToString("F1", Inv) : "-";

    private static string F2(double v) => double.IsFinite(v) ? v.ToString("F2", Inv) : "-";
}
