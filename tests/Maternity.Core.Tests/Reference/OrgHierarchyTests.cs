using Maternity.Reference;

namespace Maternity.Tests.Reference;

public sealed class OrgHierarchyTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void AHierarchyWhoseParentsLeadBackToAnOrganisationIsRefusedNamingTheLoop()
    {
        var path = _store.File("orgs.json", """
            {"orgs": [
              {"code": "R1", "name": "Region", "type": "Region", "parent": null},
              {"code": "L1", "name": "LMNS one", "type": "LMNS", "parent": "T2"},
              {"code": "T1", "name": "Trust one", "type": "Trust", "parent": "L1"},
              {"code": "T2", "name": "Trust two", "type": "Trust", "parent": "T1"},
              {"code": "S1", "name": "Site", "type": "Site", "parent": "S1"}
            ]}
            """);

        var error = Assert.Throws<InvalidDataException>(() => OrgHierarchy.Load(path));

        Assert.Contains("org L1: its parents lead back to it (L1 → T2 → T1 → L1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("org S1: its parents lead back to it (S1 → S1)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("org T1:", error.Message, StringComparison.Ordinal);
        Assert.Empty(OrgHierarchy.Demo.Problems());
    }
}
