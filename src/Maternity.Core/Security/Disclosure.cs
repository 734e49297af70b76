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
    /// Leaves out of <paramref name="counts"/> every breakdown, and every parent organisation's count (organisations
    /// from <paramref name="parents"/>), that would let a suppressed small count be worked out, numerators and
    /// denominators alike, until none would.
    /// </summary>
    public static IReadOnlyList<IndicatorCount> Protect(IReadOnlyList<IndicatorCount> counts, IReadOnlyDictionary<string, string> parents)
    {
        static bool Suppressed(IndicatorCount c) => c.Exactness == "suppressed";
        if (!counts.Any(Suppressed)) return counts;
        var rows = counts.ToList();
        for (var pass = 0; pass < 100; pass++)
        {
            var withheld = new HashSet<int>();
            var index = rows.Select((c, i) => (c, i)).ToDictionary(x => (x.c.IndicatorId, x.c.OrgCode, x.c.PeriodType, x.c.PeriodStart, x.c.Breakdown, x.c.GroupCode, x.c.Source), x => x.i);
            foreach (var g in rows.Select((c, i) => (c, i)).Where(x => x.c.Breakdown != "Total").GroupBy(x => (x.c.IndicatorId, x.c.OrgCode, x.c.PeriodType, x.c.PeriodStart, x.c.Breakdown, x.c.Source)))
            {
                if (!index.TryGetValue((g.Key.IndicatorId, g.Key.OrgCode, g.Key.PeriodType, g.Key.PeriodStart, "Total", "Total", g.Key.Source), out var total)) continue;
                if (Pinned(rows[total], [.. g.Select(x => rows[x.i])])) withheld.UnionWith(g.Select(x => x.i));
            }
            foreach (var g in rows.Select((c, i) => (c, i)).Where(x => ParentOf(x.c.OrgCode) is not null)
                         .GroupBy(x => (x.c.IndicatorId, Parent: ParentOf(x.c.OrgCode)!, x.c.PeriodType, x.c.PeriodStart, x.c.Breakdown, x.c.GroupCode, x.c.Source)))
            {
                if (!index.TryGetValue((g.Key.IndicatorId, g.Key.Parent, g.Key.PeriodType, g.Key.PeriodStart, g.Key.Breakdown, g.Key.GroupCode, g.Key.Source), out var parent)) continue;
                if (Suppressed(rows[parent]) && Pinned(rows[parent], [.. g.Select(x => rows[x.i])])) withheld.Add(parent);
            }
            if (withheld.Count == 0) break;
            rows = [.. rows.Where((_, i) => !withheld.Contains(i))];
        }
        return rows;

        string? ParentOf(string org) => SiteKey.Provider(org) ?? parents.GetValueOrDefault(org);

        static bool Pinned(IndicatorCount total, List<IndicatorCount> parts) =>
            Pins(total.Numerator, !Suppressed(total), [.. parts.Select(p => (p.Numerator, !Suppressed(p)))])
            || Pins(total.Denominator, !Suppressed(total), [.. parts.Select(p => (p.Denominator, !Suppressed(p)))]);
    }
}
