using System.Globalization;
using Maternity.Indicators;
using Maternity.Reference;

namespace Maternity.Security;

/// <summary>
/// What someone holding a set of shown counts could work out, by bound propagation: every count an interval (exact,
/// or what a suppressed count may stand for, or unbounded when withheld), every way the tables fit together a sum
/// (groups to their Total; ethnic categories to ethnic groups, IMD deciles to quintiles, the ethnic group by quintile
/// cross-tabulation to both margins; sites to their provider, providers to their LMNS; for numerators and
/// denominators alike) plus numerator at most denominator, narrowed until nothing moves. Cells are the counts of one
/// indicator, source and month: no relation crosses them (longer periods are sums of the shown months).
/// </summary>
internal sealed class DisclosureAudit
{
    private const long Unbounded = 1L << 40;

    /// <summary>One count: a row (<paramref name="Row"/>, numerator or denominator) of the caller's table.</summary>
    public sealed record Cell(string Org, string Breakdown, string Group, bool Numerator);

    private readonly Dictionary<Cell, int> _index = [];
    private readonly List<long> _lo = [];
    private readonly List<long> _hi = [];
    private readonly List<bool> _suppressed = [];
    private readonly List<(int Whole, int[] Parts)> _sums = [];
    private readonly List<(int N, int D)> _ratios = [];

    /// <param name="rows">Every row of one indicator, source and month, with whether it is shown.</param>
    /// <param name="parentOf">The organisation a count of an organisation adds into, or null.</param>
    public DisclosureAudit(IEnumerable<(IndicatorCount Row, bool Shown)> rows, Func<string, string?> parentOf)
    {
        var list = rows.ToList();
        foreach (var (row, shown) in list)
        {
            var suppressed = row.Exactness == "suppressed";
            Add(new Cell(row.OrgCode, row.Breakdown, row.GroupCode, true), row.Numerator, shown, suppressed);
            Add(new Cell(row.OrgCode, row.Breakdown, row.GroupCode, false), row.Denominator, shown, suppressed);
        }
        // A group no row holds is 0, and known to be 0 where its table is shown; where the table is not shown (withheld,
        // or empty) nobody can tell its groups' rows apart, so every group any organisation has is unknown there.
        var exactOrgs = list.Where(x => x.Row.Exactness != "suppressed").Select(x => x.Row.OrgCode).ToHashSet();
        var shownTables = list.Where(x => x.Shown).Select(x => (x.Row.OrgCode, x.Row.Breakdown)).ToHashSet();
        var groups = list.Select(x => (x.Row.Breakdown, x.Row.GroupCode)).Distinct().ToList();
        foreach (var org in list.Select(x => x.Row.OrgCode).Distinct().Where(o => !exactOrgs.Contains(o)).ToList())
            foreach (var (breakdown, group) in groups.Where(g => !shownTables.Contains((org, g.Breakdown))))
                foreach (var numerator in new[] { true, false })
                    if (!_index.ContainsKey(new Cell(org, breakdown, group, numerator))) Add(new Cell(org, breakdown, group, numerator), 0, false, false);
        foreach (var side in _index.Keys.GroupBy(c => c.Numerator))
        {
            var cells = side.ToList();
            var byKey = cells.ToDictionary(c => (c.Org, c.Breakdown, c.Group), c => _index[c]);
            foreach (var t in cells.GroupBy(c => (c.Org, c.Breakdown)).Where(t => t.Key.Breakdown != nameof(Breakdown.Total)))
            {
                Sum(byKey.GetValueOrDefault((t.Key.Org, nameof(Breakdown.Total), nameof(Breakdown.Total)), -1), t.Select(c => _index[c]));
                foreach (var (into, map) in Coarser(t.Key.Breakdown))
                    foreach (var parts in t.GroupBy(c => map(c.Group)))
                        Sum(byKey.GetValueOrDefault((t.Key.Org, into, parts.Key), -1), parts.Select(c => _index[c]));
            }
            foreach (var o in cells.Where(c => parentOf(c.Org) is not null).GroupBy(c => (Parent: parentOf(c.Org)!, c.Breakdown, c.Group)))
                Sum(byKey.GetValueOrDefault((o.Key.Parent, o.Key.Breakdown, o.Key.Group), -1), o.Select(c => _index[c]));
        }
        foreach (var (cell, i) in _index.Where(x => x.Key.Numerator))
            if (_index.TryGetValue(cell with { Numerator = false }, out var d)) _ratios.Add((i, d));
    }

    /// <summary>The coarser breakdowns a breakdown's groups add up into, with the group each of its groups falls in.</summary>
    public static IEnumerable<(string Into, Func<string, string> Map)> Coarser(string breakdown) => breakdown switch
    {
        nameof(Breakdown.EthnicCategory) => [(nameof(Breakdown.EthnicGroup), code => EthnicCategory.GroupOf(code))],
        nameof(Breakdown.ImdDecile) => [(nameof(Breakdown.ImdQuintile),
            d => int.TryParse(d, CultureInfo.InvariantCulture, out var n) ? ((n + 1) / 2).ToString(CultureInfo.InvariantCulture) : d)],
        nameof(Breakdown.EthnicGroupByImdQuintile) => [(nameof(Breakdown.EthnicGroup), x => x.Split(" | ")[0]), (nameof(Breakdown.ImdQuintile), x => x.Split(" | ")[^1])],
        _ => [],
    };

    private void Add(Cell cell, long value, bool shown, bool suppressed)
    {
        _index[cell] = _lo.Count;
        var (lo, hi) = shown ? Disclosure.Range(value, !suppressed) : (0, Unbounded);
        _lo.Add(lo);
        _hi.Add(hi);
        _suppressed.Add(suppressed);
    }

    private void Sum(int whole, IEnumerable<int> parts)
    {
        if (whole >= 0) _sums.Add((whole, [.. parts]));
    }

    /// <summary>The suppressed counts (shown or withheld) that bound propagation narrows to one value of 1-7.</summary>
    public IReadOnlyList<Cell> Pinned()
    {
        Propagate();
        return [.. _index.Where(x => _suppressed[x.Value] && _lo[x.Value] == _hi[x.Value] && _lo[x.Value] is >= 1 and <= 7).Select(x => x.Key)];
    }

    private void Propagate()
    {
        for (var round = 0; round < 10_000; round++)
        {
            var changed = false;
            foreach (var (whole, parts) in _sums)
            {
                long sumLo = 0, sumHi = 0;
                foreach (var p in parts)
                {
                    sumLo += _lo[p];
                    sumHi = Math.Min(Unbounded, sumHi + _hi[p]);
                }
                changed |= Narrow(whole, sumLo, sumHi);
                foreach (var p in parts)
                {
                    var othersHi = sumHi >= Unbounded ? Unbounded : sumHi - _hi[p];
                    var lo = _hi[whole] >= Unbounded || othersHi >= Unbounded ? 0 : _lo[whole] - othersHi;
                    var hi = _hi[whole] >= Unbounded ? Unbounded : _hi[whole] - (sumLo - _lo[p]);
                    changed |= Narrow(p, lo, hi);
                }
            }
            foreach (var (n, d) in _ratios)
            {
                changed |= Narrow(n, 0, _hi[d]);
                changed |= Narrow(d, _lo[n], Unbounded);
            }
            if (!changed) return;
        }
    }

    private bool Narrow(int i, long lo, long hi)
    {
        var changed = false;
        if (lo > _lo[i] && lo <= _hi[i]) { _lo[i] = lo; changed = true; }
        if (hi < _hi[i] && hi >= _lo[i]) { _hi[i] = hi; changed = true; }
        return changed;
    }
}
