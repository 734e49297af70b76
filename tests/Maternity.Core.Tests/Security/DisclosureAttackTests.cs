using System.Globalization;
using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Synthetic;

namespace Maternity.Tests.Security;

/// <summary>
/// An attacker with everything a viewer, or a trust user, can be shown: every count of every indicator, for every
/// organisation, month and breakdown. It knows how the tables fit together (groups sum to their Total, ethnic categories
/// to their groups, deciles to quintiles, the ethnic group by quintile cross-tabulation to both its margins, sites to
/// their trust, trusts to the LMNS, numerator at most denominator) and what a shown count can stand for (NHS rounding),
/// and narrows every count by bound propagation until nothing moves. No true count of 1-7 it may not see exactly
/// may end up with one possible value. Windows (quarters, years, rolling 12 months) are sums of the shown months, so
/// they add nothing; that is checked too.
/// </summary>
public sealed class DisclosureAttackTests(DisclosureAttackTests.Demo data) : IClassFixture<DisclosureAttackTests.Demo>
{
    /// <summary>A small generated LMNS like the demo: four trusts, their sites, three months.</summary>
    public sealed class Demo : IDisposable
    {
        public Demo()
        {
            Store.LoadSynthetic(4_800, 3, seed: 5);
        }

        public TestStore Store { get; } = new();

        public void Dispose() => Store.Dispose();
    }

    private readonly ITestOutputHelper _output = TestContext.Current.TestOutputHelper!;

    [Fact]
    public void AViewerCannotPinAnySmallCountByCombiningEverythingItIsShown() =>
        AssertNothingPinned(Access.Resolve(data.Store.Database, "viewer", Role.Viewer, []));

    [Fact]
    public void ATrustUserCannotPinAnySmallCountOfAnotherTrustOrTheLmnsByCombiningEverythingItIsShown() =>
        AssertNothingPinned(Access.Resolve(data.Store.Database, "trust", Role.TrustUser, ["X1A"]));

    [Fact]
    public void WindowsAreSumsOfTheShownMonthsSoTheyAddNothingToCombine()
    {
        var viewer = Access.Resolve(data.Store.Database, "viewer", Role.Viewer, []);
        foreach (var definition in Catalogue.Definitions.Take(6))
        {
            var months = IndicatorEngine.Read(data.Store.Database, viewer, definition.Id);
            foreach (var result in IndicatorAnalysis.Compute(definition, months, PeriodType.Quarter))
            {
                var inWindow = months.Where(c => c.OrgCode == result.OrgCode && c.Breakdown == result.Breakdown && c.GroupCode == result.Group
                    && c.Source == result.Source && c.PeriodStart >= result.PeriodStart && c.PeriodStart <= result.PeriodEnd).ToList();
                Assert.Equal((inWindow.Sum(c => c.Numerator), inWindow.Sum(c => c.Denominator)), (result.Numerator, result.Denominator));
            }
        }
    }

    private void AssertNothingPinned(Access access)
    {
        var truth = new Dictionary<Cell, long>();
        var shown = new Dictionary<Cell, (long Lo, long Hi)>();
        foreach (var definition in Catalogue.Definitions)
        {
            foreach (var c in IndicatorEngine.Read(data.Store.Database, TestAccess.Admin, definition.Id))
            {
                truth[new Cell(c, true)] = c.Numerator;
                truth[new Cell(c, false)] = c.Denominator;
            }
            foreach (var c in IndicatorEngine.Read(data.Store.Database, access, definition.Id))
            {
                var exact = c.Exactness != "suppressed";
                shown[new Cell(c, true)] = Range(c.Numerator, exact);
                shown[new Cell(c, false)] = Range(c.Denominator, exact);
            }
        }
        // Tables are shown whole or not at all: where one is not shown, every group any organisation has is unknown there.
        var shownTables = shown.Keys.Select(c => c with { Group = "" }).ToHashSet();
        var orgs = truth.Keys.Select(c => c.Org).Distinct().ToList();
        var unknown = truth.Keys.Select(c => c with { Org = "" }).Distinct()
            .SelectMany(g => orgs.Select(o => g with { Org = o }))
            .Where(c => !shownTables.Contains(c with { Group = "" }));
        var attack = new Attack(truth.Keys.Concat(shown.Keys).Concat(unknown).Distinct(), shown);
        attack.Propagate();
        // The small counts the caller may not see exactly: the ones an attacker wants.
        var small = truth
            .Where(t => t.Value is >= 1 and <= 7 && !(shown.TryGetValue(t.Key, out var s) && s.Lo == s.Hi))
            .Select(t => t.Key).ToList();
        var smallShown = small.Count(shown.ContainsKey);
        var pinned = small.Where(c => attack.Bounds(c) is var (lo, hi) && lo == hi).ToList();
        _output.WriteLine($"{access.Role}: {shown.Count} counts shown of {truth.Count}; {small.Count} small counts hidden, " +
            $"{smallShown} of them shown as suppressed; {attack.Cells} cells, {attack.Relations} relations; " +
            $"{pinned.Count(p => p.Numerator)} numerators and {pinned.Count(p => !p.Numerator)} denominators pinned");
        foreach (var p in pinned.Take(10)) _output.WriteLine($"  pinned: {p} = {truth[p]}");
        // The data must hold small counts, shown suppressed beside their totals, or the attack proves nothing.
        Assert.True(small.Count >= 1_000 && smallShown >= 1_000, $"{small.Count} small counts, {smallShown} shown suppressed");
        Assert.Empty(pinned);
    }

    private static (long, long) Range(long shown, bool exact) => exact ? (shown, shown) : shown switch
    {
        0 => (0, 0),
        5 => (1, 7),
        _ => (Math.Max(8, shown - 2), shown + 2),
    };

    private sealed record Cell(string Indicator, string Source, string Org, DateOnly Month, string Breakdown, string Group, bool Numerator)
    {
        public Cell(IndicatorCount c, bool numerator) : this(c.IndicatorId, c.Source, c.OrgCode, c.PeriodStart, c.Breakdown, c.GroupCode, numerator)
        {
        }
    }

    /// <summary>Bound propagation: every cell an interval, every relation a sum, narrowed until nothing moves.</summary>
    private sealed class Attack
    {
        private const long Unbounded = 1L << 40;
        private readonly Dictionary<Cell, int> _index = [];
        private readonly List<long> _lo = [];
        private readonly List<long> _hi = [];
        private readonly List<(int Whole, int[] Parts)> _sums = [];
        private readonly List<(int N, int D)> _ratios = [];

        public Attack(IEnumerable<Cell> all, Dictionary<Cell, (long Lo, long Hi)> shown)
        {
            foreach (var cell in all)
            {
                _index[cell] = _lo.Count;
                var (lo, hi) = shown.TryGetValue(cell, out var s) ? s : (0, Unbounded);
                _lo.Add(lo);
                _hi.Add(hi);
            }
            var parents = OrgHierarchy.Demo.Orgs.Where(o => o.Parent is not null).ToDictionary(o => o.Code, o => o.Parent!);
            string? ParentOf(string org) => SiteKey.Provider(org) ?? parents.GetValueOrDefault(org);
            foreach (var g in _index.Keys.GroupBy(c => c with { Org = "", Breakdown = "", Group = "" }))
            {
                var cells = g.ToList();
                var byKey = cells.ToDictionary(c => (c.Org, c.Breakdown, c.Group), c => _index[c]);
                // Groups sum to their Total, and finer groupings to coarser ones.
                foreach (var t in cells.GroupBy(c => (c.Org, c.Breakdown)).Where(t => t.Key.Breakdown != "Total"))
                {
                    Sum(byKey.GetValueOrDefault((t.Key.Org, "Total", "Total"), -1), t.Select(c => _index[c]));
                    var coarse = t.Key.Breakdown switch
                    {
                        nameof(Breakdown.EthnicCategory) => [(nameof(Breakdown.EthnicGroup), (Func<string, string>)(code => EthnicCategory.GroupOf(code)))],
                        nameof(Breakdown.ImdDecile) => [(nameof(Breakdown.ImdQuintile), d => int.TryParse(d, CultureInfo.InvariantCulture, out var n) ? ((n + 1) / 2).ToString(CultureInfo.InvariantCulture) : d)],
                        nameof(Breakdown.EthnicGroupByImdQuintile) => [(nameof(Breakdown.EthnicGroup), x => x.Split(" | ")[0]), (nameof(Breakdown.ImdQuintile), x => x.Split(" | ")[^1])],
                        _ => new List<(string, Func<string, string>)>(),
                    };
                    foreach (var (into, map) in coarse)
                        foreach (var parts in t.GroupBy(c => map(c.Group)))
                            Sum(byKey.GetValueOrDefault((t.Key.Org, into, parts.Key), -1), parts.Select(c => _index[c]));
                }
                // Sites sum to their trust, trusts to their LMNS, group by group.
                foreach (var o in cells.Where(c => ParentOf(c.Org) is not null).GroupBy(c => (Parent: ParentOf(c.Org)!, c.Breakdown, c.Group)))
                    Sum(byKey.GetValueOrDefault((o.Key.Parent, o.Key.Breakdown, o.Key.Group), -1), o.Select(c => _index[c]));
            }
            foreach (var (cell, i) in _index.Where(x => x.Key.Numerator))
                if (_index.TryGetValue(cell with { Numerator = false }, out var d)) _ratios.Add((i, d));
        }

        public int Cells => _lo.Count;

        public int Relations => _sums.Count + _ratios.Count;

        public (long Lo, long Hi) Bounds(Cell cell) => (_lo[_index[cell]], _hi[_index[cell]]);

        private void Sum(int whole, IEnumerable<int> parts)
        {
            // A whole with no cell of its own (never shown, true 0) still bounds nothing; skip it.
            if (whole >= 0) _sums.Add((whole, [.. parts]));
        }

        public void Propagate()
        {
            for (var changed = true; changed;)
            {
                changed = false;
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
            }
        }

        private bool Narrow(int i, long lo, long hi)
        {
            var changed = false;
            if (lo > _lo[i]) { _lo[i] = lo; changed = true; }
            if (hi < _hi[i]) { _hi[i] = hi; changed = true; }
            // Inconsistent bounds would mean a relation that does not hold; stop rather than loop.
            if (_lo[i] > _hi[i]) throw new InvalidOperationException($"{_index.First(x => x.Value == i).Key}: {_lo[i]} > {_hi[i]}");
            return changed;
        }
    }
}
