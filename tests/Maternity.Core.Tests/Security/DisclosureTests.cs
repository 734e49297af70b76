using Maternity.Indicators;
using Maternity.Security;

namespace Maternity.Tests.Security;

public sealed class DisclosureTests
{
    private static IndicatorCount Count(string org, string breakdown, string group, long n, long d, bool suppressed = true) =>
        new("X", 1, org == "L" ? "LMNS" : "Provider", org, "Month", new DateOnly(2025, 4, 1), breakdown, group, n, d, "record-level", suppressed ? "suppressed" : "exact");

    [Fact]
    public void FourTrustsOfSevenBesideAnLmnsOf28WouldBePinnedSoTheLmnsCountIsWithheld()
    {
        // True 7, 7, 7, 7 and 28: shown 5, 5, 5, 5 and 30 (28-32), so each trust could only be 7.
        Assert.True(Disclosure.Pins(30, false, [(5, false), (5, false), (5, false), (5, false)]));
        var parents = new Dictionary<string, string> { ["A"] = "L", ["B"] = "L", ["C"] = "L", ["D"] = "L" };
        IndicatorCount[] counts = [Count("L", "Total", "Total", 30, 100), .. new[] { "A", "B", "C", "D" }.Select(o => Count(o, "Total", "Total", 5, 25))];

        var shown = Disclosure.Protect(counts, parents);
        Assert.DoesNotContain(shown, c => c.OrgCode == "L");
        Assert.Equal(4, shown.Count);
        // With an LMNS of 25 (23-27) each trust could be 2 to 7: nothing to withhold.
        Assert.Equal(5, Disclosure.Protect([counts[0] with { Numerator = 25 }, .. counts[1..]], parents).Count);
    }

    [Fact]
    public void SevenGroupsOfOneBesideATotalOfSevenWouldBePinnedSoTheBreakdownIsWithheld()
    {
        IndicatorCount[] counts = [Count("A", "Total", "Total", 5, 5), .. Enumerable.Range(1, 7).Select(d => Count("A", "ImdDecile", d.ToString(System.Globalization.CultureInfo.InvariantCulture), 5, 5))];
        var shown = Disclosure.Protect(counts, new Dictionary<string, string>());
        Assert.Equal([("Total", "Total")], shown.Select(c => (c.Breakdown, c.GroupCode)));
        // Six groups: each could be 1 or 2.
        Assert.Equal(7, Disclosure.Protect(counts[..7], new Dictionary<string, string>()).Count);
    }

    [Fact]
    public void ExactCountsTheCallerMaySeeArePartOfTheReckoning()
    {
        // A trust user's own exact 20 beside three others shown 5 and an LMNS shown 30 (28-32): the others sum to 8-12, each 1-7.
        Assert.False(Disclosure.Pins(30, false, [(20, true), (5, false), (5, false), (5, false)]));
        // An LMNS shown 40 (38-42) with its own 20 exact: the three others sum to 18-21, so each is 4-7 and none is pinned.
        Assert.False(Disclosure.Pins(40, false, [(20, true), (5, false), (5, false), (5, false)]));
        // Shown 45 (43-47) they would sum to 23-27, more than three counts of at most 7 can: counted as pinning.
        Assert.True(Disclosure.Pins(45, false, [(20, true), (5, false), (5, false), (5, false)]));
    }

    [Fact]
    public void ASharedDenominatorMovesToTheNearestValueThatPinsNothing()
    {
        // Rows shown 10 (8-12) with four counts of 1-7: fine. Rows shown 5 with two counts shown 5: fine.
        Assert.Equal(10, Disclosure.Unpin(10, [[(5, false), (5, false), (0, false), (0, false)]]));
        // Rows shown 30 (28-32) beside four counts of 5 (1-7 each, at most 28): moved down to 25.
        Assert.Equal(25, Disclosure.Unpin(30, [[(5, false), (5, false), (5, false), (5, false)]]));
    }
}
