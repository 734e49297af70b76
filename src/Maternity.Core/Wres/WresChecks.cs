using System.Globalization;

namespace Maternity.Wres;

/// <summary>
/// Checks of WRES data as loaded, each reported with the cell it is about (file, row, column), never silently used:
/// <list type="bullet">
/// <item>a Total row that is not the sum of its White, BME and Unknown rows;</item>
/// <item>a stated percentage that does not follow from the counts (to the rounding of the stated figure);</item>
/// <item>stated shares of one board or workforce that add to more than 100% (or, all three given, to less);</item>
/// <item>a stated relative likelihood that follows neither from the counts nor from the stated percentages of its two
/// groups, allowing for their rounding: 1.60 from 2% and 13% cannot be (2/13 is 0.15 and, with 2% and 13% each
/// up to half a point out, at most 2.5/12.5 = 0.20);</item>
/// <item>staff in post that change by more than <see cref="JumpShare"/> from one year to the next;</item>
/// <item>maternity and neonatal staff in post that together exceed the whole trust's.</item>
/// </list>
/// </summary>
public static class WresChecks
{
    /// <summary>A change in staff in post from one year to the next larger than this share is reported.</summary>
    public const double JumpShare = 0.20;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Parts = ["Maternity", "Neonatal"];

    public sealed record Check(string Org, int Year, string StaffGroup, string File, long Row, string Column, string? Value, string Message)
    {
        public string Cell => $"{File}, row {Row}, column {Column}";
    }

    /// <summary>Every check over <paramref name="rows"/> (all the years and staff groups of the organisations to check).</summary>
    public static IReadOnlyList<Check> Run(IReadOnlyList<WresFile.Row> rows)
    {
        var checks = new List<Check>();
        void Add(WresFile.Row r, string column, string? value, string message) =>
            checks.Add(new Check(r.Org, r.Year, r.StaffGroup, r.File, r.SourceRow, column, value, message));

        foreach (var set in rows.GroupBy(r => (r.Org, r.Year, r.StaffGroup)))
        {
            var s = set.ToList();
            long Count(string item, string ethnicity) => s.Where(r => r.Item == item && r.Ethnicity == ethnicity).Sum(r => r.Count ?? 0);
            long Staff(string ethnicity) => Count(WresFile.StaffInPost, ethnicity);

            // Totals against their parts.
            foreach (var total in s.Where(r => r.Ethnicity == WresFile.Total && r.Count is not null))
            {
                var parts = s.Where(r => r.Item == total.Item && r.Category == total.Category && r.Band == total.Band && r.Ethnicity is WresFile.White or WresFile.Bme or WresFile.Unknown).ToList();
                var sum = parts.Sum(r => r.Count ?? 0);
                if (parts.Count > 0 && sum != total.Count)
                    Add(total, "Count", Text(total.Count), $"the total {total.Count} is not the sum of its White, BME and unknown rows ({sum})");
            }

            // Stated percentages against the counts.
            foreach (var r in s.Where(r => r.StatedValue is not null && r.Ethnicity is WresFile.White or WresFile.Bme or WresFile.Unknown))
            {
                double? computed = r.Item switch
                {
                    WresFile.Appointed => Percent(r.Count, Count(WresFile.Shortlisted, r.Ethnicity)),
                    WresFile.Disciplinary or WresFile.Training => Percent(r.Count, Staff(r.Ethnicity)),
                    _ when WresFile.SurveyItems.Contains(r.Item) && r.Count is not null => Percent(r.Count, r.Respondents ?? 0),
                    _ when WresFile.BoardItems.Contains(r.Item) => Percent(r.Count, s.Where(b => b.Item == r.Item && b.Ethnicity != WresFile.Total).Sum(b => b.Count ?? 0)),
                    _ => null,
                };
                if (computed is { } c && Math.Abs(c - r.StatedValue!.Value) > r.StatedHalfUnit + 1e-9)
                    Add(r, "Stated", r.Stated, $"{Bare(r)}% does not follow from the counts, which give {c.ToString("0.##", Inv)}%");
            }

            // Stated shares of a board (or of the workforce) that do not add to 100.
            foreach (var item in WresFile.BoardItems)
            {
                var shares = s.Where(r => r.Item == item && r.StatedValue is not null && r.Ethnicity is WresFile.White or WresFile.Bme or WresFile.Unknown).ToList();
                if (shares.Count < 2) continue;
                var sum = shares.Sum(r => r.StatedValue!.Value);
                var slack = shares.Sum(r => r.StatedHalfUnit) + 1e-9;
                if (sum > 100 + slack || (shares.Count == 3 && sum < 100 - slack))
                    Add(shares[0], "Stated", shares[0].Stated, $"the stated shares of {item} add to {sum.ToString("0.#", Inv)}%, not 100% ({string.Join(" + ", shares.Select(Bare))})");
            }

            // Stated relative likelihoods against their parts.
            foreach (var r in s.Where(r => WresFile.StatedLikelihoods.Contains(r.Item) && r.StatedValue is not null))
            {
                var stated = r.StatedValue!.Value;
                var half = r.StatedHalfUnit + 1e-9;
                var (item, topGroup, bottomGroup) = r.Item switch
                {
                    "RL2" => (WresFile.Appointed, WresFile.White, WresFile.Bme),
                    "RL3" => (WresFile.Disciplinary, WresFile.Bme, WresFile.White),
                    _ => (WresFile.Training, WresFile.White, WresFile.Bme),
                };
                var top = s.FirstOrDefault(x => x.Item == item && x.Ethnicity == topGroup && x.StatedValue is not null);
                var bottom = s.FirstOrDefault(x => x.Item == item && x.Ethnicity == bottomGroup && x.StatedValue is not null);
                if (top is not null && bottom is not null)
                {
                    var (t, th, b, bh) = (top.StatedValue!.Value, top.StatedHalfUnit, bottom.StatedValue!.Value, bottom.StatedHalfUnit);
                    var low = b + bh > 0 ? Math.Max(0, t - th) / (b + bh) : double.PositiveInfinity;
                    var high = b - bh > 0 ? (t + th) / (b - bh) : double.PositiveInfinity;
                    if (stated + half < low || stated - half > high)
                        Add(r, "Stated", r.Stated, $"{Bare(r)} does not follow from the stated {Bare(top)}% and {Bare(bottom)}%: "
                            + $"{Bare(top)}/{Bare(bottom)} is {(b > 0 ? (t / b).ToString("0.00", Inv) : "not defined")}, and with their rounding it lies between "
                            + $"{low.ToString("0.00", Inv)} and {high.ToString("0.00", Inv)}");
                }
                var (n1, n2) = r.Item == "RL2" ? (Count(WresFile.Shortlisted, topGroup), Count(WresFile.Shortlisted, bottomGroup)) : (Staff(topGroup), Staff(bottomGroup));
                var (a, c) = (Count(item, topGroup), Count(item, bottomGroup));
                if (n1 > 0 && n2 > 0 && c > 0 && s.Any(x => x.Item == item && x.Count is not null))
                {
                    var computed = a / (double)n1 / (c / (double)n2);
                    // Indicator 3 may be published for the year alone or over two years: either agrees.
                    var rolling = r.Item == "RL3" ? Rolling(rows, r) : null;
                    if (Math.Abs(computed - stated) > half && (rolling is not { } ro || Math.Abs(ro - stated) > half))
                        Add(r, "Stated", r.Stated, $"{Bare(r)} does not follow from the counts, which give {computed.ToString("0.00", Inv)}"
                            + (rolling is { } x ? $" for the year and {x.ToString("0.00", Inv)} over two years" : ""));
                }
            }
        }

        // Staff in post from one year to the next, and the staff groups against the whole trust.
        var staffTotals = rows.Where(r => r.Item == WresFile.StaffInPost && r.Ethnicity != WresFile.Total)
            .GroupBy(r => (r.Org, r.StaffGroup, r.Year)).ToDictionary(g => g.Key, g => (Total: g.Sum(r => r.Count ?? 0), First: g.OrderBy(r => r.SourceRow).First()));
        foreach (var ((org, group, year), (total, first)) in staffTotals)
        {
            if (staffTotals.TryGetValue((org, group, year - 1), out var prev) && prev.Total > 0 && Math.Abs(total - prev.Total) > JumpShare * prev.Total)
                Add(first, "Count", Text(total), $"{group} staff in post {(total > prev.Total ? "rose" : "fell")} from {prev.Total} in {year - 1} to {total} in {year} "
                    + $"({((total - prev.Total) / (double)prev.Total).ToString("+0%;-0%", Inv)}), more than {JumpShare.ToString("0%", Inv)}: check the staff included");
            if (group == "Trust")
            {
                var parts = Parts.Sum(g => staffTotals.TryGetValue((org, g, year), out var p) ? p.Total : 0);
                if (parts > total)
                    Add(first, "Count", Text(total), $"maternity and neonatal staff in post ({parts}) are more than the whole trust's ({total})");
            }
        }
        return [.. checks.OrderBy(c => c.Org, StringComparer.Ordinal).ThenBy(c => c.Year).ThenBy(c => c.File, StringComparer.Ordinal).ThenBy(c => c.Row)];
    }

    private static double? Rolling(IReadOnlyList<WresFile.Row> rows, WresFile.Row at)
    {
        var two = rows.Where(r => r.Org == at.Org && r.StaffGroup == at.StaffGroup && (r.Year == at.Year || r.Year == at.Year - 1)).ToList();
        if (!two.Any(r => r.Year == at.Year - 1 && r.Item == WresFile.Disciplinary)) return null;
        double Sum(string item, string e) => two.Where(r => r.Item == item && r.Ethnicity == e).Sum(r => r.Count ?? 0);
        var (b, w) = (Sum(WresFile.StaffInPost, WresFile.Bme), Sum(WresFile.StaffInPost, WresFile.White));
        var (db, dw) = (Sum(WresFile.Disciplinary, WresFile.Bme), Sum(WresFile.Disciplinary, WresFile.White));
        return b > 0 && w > 0 && dw > 0 ? db / b / (dw / w) : null;
    }

    private static double? Percent(long? count, long denominator) => count is { } c && denominator > 0 ? c * 100.0 / denominator : null;

    private static string Bare(WresFile.Row r) => r.Stated?.TrimEnd('%') ?? "";

    private static string? Text(long? value) => value?.ToString(Inv);
}
