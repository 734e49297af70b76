using Maternity.Reports;
using Maternity.Security;
using Maternity.Synthetic;
using Maternity.Voices;

namespace Maternity.Tests.Voices;

/// <summary>The demo MNVP's year of engagement over a generated LMNS: the known under-representation is found, viewers see suppressed counts, the pack shows what the page shows.</summary>
public sealed class DemoVoicesTests(VoicesTests.Demo demo) : IClassFixture<VoicesTests.Demo>
{
    [Fact]
    public void TheGeneratorsUnderRepresentationOfAsianWomenIsFoundAgainstTheWomenBooked()
    {
        var report = VoicesReport.Build(demo.Store.Database, TestAccess.Admin, "LMNSX1");

        Assert.All(demo.Results, r => Assert.True(r.Stored));
        Assert.Equal(24, report.Events);
        var ethnic = report.Representation.Single(r => r.Characteristic == "EthnicGroup");
        Assert.StartsWith("women booked in the LMNS's trusts", ethnic.ReferenceSource, StringComparison.Ordinal);
        Assert.Contains("Asian", ethnic.UnderRepresented);
        Assert.DoesNotContain("Black", ethnic.UnderRepresented);
        Assert.DoesNotContain("Mixed", ethnic.UnderRepresented);
        // Heard at 0.35 of the booked share: the ratio's interval holds 0.35 and the test rejects fit.
        var asian = ethnic.Rows.Single(r => r.Group == "Asian");
        Assert.InRange(VoicesGenerator.AsianFactor / (1 - asian.ReferenceShare * (1 - VoicesGenerator.AsianFactor)), asian.Ratio.Lower, asian.Ratio.Upper);
        Assert.True(ethnic.Test.PValue < 0.001);
        Assert.Contains(report.Feedback, f => f.ActionId is not null);
        Assert.Contains(report.Quarters, q => q.UnderRepresented.Contains("Asian"));
    }

    [Fact]
    public void AViewerSeesEveryCountOfPeopleThroughTheSuppressionPolicy()
    {
        var viewer = Access.Resolve(demo.Store.Database, "board", Role.Viewer, ["LMNSX1"]);
        var exact = VoicesReport.Build(demo.Store.Database, TestAccess.Admin, "LMNSX1");
        var shown = VoicesReport.Build(demo.Store.Database, viewer, "LMNSX1");

        Assert.False(exact.Suppressed);
        Assert.True(shown.Suppressed);
        var counts = shown.EventList.Select(e => e.People).Append(shown.PeopleHeard)
            .Concat(shown.Representation.SelectMany(r => r.Rows.Select(x => x.Heard))).Concat(shown.Reach.Select(r => r.People)).ToList();
        Assert.All(counts, c => Assert.Equal(0, c % 5));
        // Not vacuous: the exact counts are not all multiples of 5.
        Assert.Contains(exact.EventList, e => e.People % 5 != 0);
        Assert.Throws<AccessDeniedException>(() => VoicesReport.Build(demo.Store.Database, Access.Resolve(demo.Store.Database, "p", Role.Public, []), "LMNSX1"));
    }

    [Fact]
    public void TheBoardPacksMnvpSectionHasTheFiguresAViewerSeesOnThePage()
    {
        var pack = BoardPack.Build(demo.Store.Database, "LMNSX1", demo.Last, "test");
        var page = VoicesReport.Build(demo.Store.Database, BoardPack.PublicAccess(demo.Store.Database, "LMNSX1"), "LMNSX1", demo.Last);

        Assert.NotNull(pack.Voices);
        Assert.Equal(page.PeopleHeard, pack.Voices.PeopleHeard);
        Assert.Equal(page.Events, pack.Voices.Events);
        Assert.Equal(page.UnderRepresented, pack.Voices.UnderRepresented);
        Assert.Equal(page.Representation.SelectMany(r => r.Rows.Select(x => (x.Group, x.Heard, x.Ratio.Value))),
            pack.Voices.Representation.SelectMany(r => r.Rows.Select(x => (x.Group, x.Heard, x.Ratio.Value))));
    }
}
