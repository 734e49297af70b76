using Maternity.Indicators;

namespace Maternity.Security;

/// <summary>
/// Secondary protection for counts shown under NHS rounding. Rounding every count, totals included, usually keeps a
/// small count (1-7, shown as 5) from being worked out, but not always: four trusts shown as 5 beside an LMNS count
/// of 28 (shown as 30, so 28-32) can only be 7 each; seven groups shown as 5 beside a total shown as 5 (1-7) can only
/// be 1 each. So, in what a caller is shown, no table may pin a small count to one value: a breakdown whose groups
/// would be pinned by its Total is withheld (its group rows are left out), and a parent organisation's count that
/// would pin one of its children's is withheld, repeating until no table pins anything. Withholding only removes
/// what can be combined, so this ends. A shared denominator (the field profile's rows) is instead moved to the
/// nearest multiple of 5 that pins none of the counts beside it.
/// </summary>
public static class Disclosure
{
    /// <summary>The true values a shown count may stand for: itself when exact; else 0; 1-7 for 5; within 2 of it (and above 7).</summary>
    public static (long Lo, long Hi) Range(long shown, bool exact) => exact ? (shown, shown) : shown switch
    {
        0 => (0, 0),
        5 => (1, 7),
        _ => (Math.Max(8, shown - 2), shown + 2),
    };

    /// <summary>Whether a shown total and its parts (all the parts there are) leave some suppressed small part with one possible value.</summary>
    public static bool Pins(long total, bool totalExact, IReadOnlyList<(long Shown, bool Exact)> parts)
    {
        var (tlo, thi) = Range(total, totalExact);
        var ranges = parts.Select(p => Range(p.Shown, p.Exact)).ToList();
        var sumLo = ranges.Sum(r => r.Lo);
        var sumHi = ranges.Sum(r => r.Hi);
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Exact || parts[i].Shown != 5) continue;
            var lo = Math.Max(1, tlo - (sumHi - ranges[i].Hi));
            var hi = Math.Min(7, thi - (sumLo - ranges[i].Lo));
            if (hi - lo < 1) return true;
        }
        return false;
    }

    /// <summary>The shown total, or the nearest multiple of 5 (nearer below first) that pins no small count in any of <paramref name="tables"/>.</summary>
    public static long Unpin(long total, IReadOnlyList<IReadOnlyList<(long Shown, bool Exact)>> tables)
    {
        bool Pinned(long t) => tables.Any(parts => Pins(t, false, parts));
        if (!Pinned(total)) return total;
        for (var step = 5; step <= 500; step += 5)
        {
            if (total - step >= 0 && !Pinned(total - step)) return total - step;
            if (!Pinned(total + step)) return total + step;
        }
        return total;
    }

    /// <summary>
    /// Leaves out of <paramref name="counts"/> whole tables (an organisation's breakdown, or its Total) until bound
    /// propagation over everything left (<see cref="DisclosureAudit"/>: every breakdown against its Total and against
    /// the coarser breakdowns it refines, sites against their provider, providers against their LMNS, numerators against
    /// denominators) narrows no suppressed count to one value of 1-7. Each round withholds, for every count still pinned:
    /// the breakdown table it sits in; or, for a Total, its parent's Total with the parent's breakdowns (else its own);
    /// or, for a count already withheld, every shown suppressed table it is summed with; and if none of that is left,
    /// every suppressed table of the indicator's month. The audit is run again after each round, and the result is
    /// returned only when it finds nothing pinned, so the guarantee holds by construction against that attacker.
    /// Organisations' parents come from <paramref name="parents"/>; a site keyed <c>PROVIDER/SITE</c> adds into its provider.
    /// </summary>
    public static IReadOnlyList<IndicatorCount> Protect(IReadOnlyList<IndicatorCount> counts, IReadOnlyDictionary<string, string> parents)
    {
        static bool Suppressed(IndicatorCount c) => c.Exactness == "suppressed";
        if (!counts.Any(Suppressed)) return counts;
        string? ParentOf(string org) => SiteKey.Provider(org) ?? parents.GetValueOrDefault(org);
        var withheld = new HashSet<(string Indicator, string Source, string PeriodType, DateOnly Period, string Org, string Breakdown)>();
        foreach (var month in counts.GroupBy(c => (c.IndicatorId, c.Source, c.PeriodType, c.PeriodStart)).Where(m => m.Any(Suppressed)))
        {
            var rows = month.ToList();
            var units = new HashSet<(string Org, string Breakdown)>();
            bool Shown(IndicatorCount c) => !units.Contains((c.OrgCode, c.Breakdown));
            var suppressedUnits = rows.Where(Suppressed).Select(c => (c.OrgCode, c.Breakdown)).ToHashSet();
            var breakdownsOf = rows.ToLookup(c => c.OrgCode, c => c.Breakdown);
            var childrenOf = rows.Select(c => c.OrgCode).Distinct().Where(o => ParentOf(o) is not null).ToLookup(o => ParentOf(o)!);
            while (true)
            {
                var pinned = new DisclosureAudit(rows.Select(c => (c, Shown(c))), ParentOf).Pinned();
                if (pinned.Count == 0) break;
                bool Withhold(IEnumerable<(string Org, string Breakdown)> candidates)
                {
                    var added = false;
                    foreach (var u in candidates.ToList())
                        if (suppressedUnits.Contains(u)) added |= units.Add(u);
                    return added;
                }
                IEnumerable<(string, string)> Everything(string org) => breakdownsOf[org].Distinct().Select(b => (org, b));
                // Breakdown tables first, then Totals, then whatever a withheld count is still summed with, then all.
                if (Withhold(pinned.Where(p => p.Breakdown != nameof(Breakdown.Total) && !units.Contains((p.Org, p.Breakdown))).Select(p => (p.Org, p.Breakdown)))) continue;
                if (Withhold(pinned.Where(p => p.Breakdown == nameof(Breakdown.Total) && !units.Contains((p.Org, p.Breakdown)))
                        .SelectMany(p => ParentOf(p.Org) is { } parent && suppressedUnits.Contains((parent, nameof(Breakdown.Total))) && !units.Contains((parent, nameof(Breakdown.Total)))
                            ? Everything(parent) : Everything(p.Org)))) continue;
                if (Withhold(pinned.SelectMany(p => Everything(p.Org)
                        .Concat(ParentOf(p.Org) is { } parent ? Everything(parent) : [])
                        .Concat(childrenOf[p.Org].SelectMany(Everything))))) continue;
                if (!Withhold(suppressedUnits)) break;
            }
            foreach (var (org, breakdown) in units) withheld.Add((month.Key.IndicatorId, month.Key.Source, month.Key.PeriodType, month.Key.PeriodStart, org, breakdown));
        }
        return withheld.Count == 0 ? counts
            : [.. counts.Where(c => !withheld.Contains((c.IndicatorId, c.Source, c.PeriodType, c.PeriodStart, c.OrgCode, c.Breakdown)))];
    }
}
