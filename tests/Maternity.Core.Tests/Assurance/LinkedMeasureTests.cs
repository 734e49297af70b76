using Maternity.Assurance;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Synthetic;

namespace Maternity.Tests.Assurance;

/// <summary>
/// A declaration's evidence links to a local measure (<c>/measures/ID</c>): the item shows each declaring trust's latest
/// value of it, its due value and RAG, through the measures machinery and its suppression for viewers.
/// </summary>
public sealed class LinkedMeasureTests : IDisposable
{
    private readonly TestStore _store = new();
    private const string Lmns = "LMNSX1";
    private static readonly DateOnly May2025 = new(2025, 5, 1);

    public LinkedMeasureTests() => OrgHierarchy.Demo.Store(_store.Database);

    public void Dispose() => _store.Dispose();

    private static Access Analyst => new("ana", Role.Analyst, [Lmns], new HashSet<string> { Lmns, "X1A", "X1B", "X1C", "X1D" });


    private static Access Trust(string org) => new($"trust-{org}", Role.TrustUser, [org], new HashSet<string> { org });

    /// <summary>The demo's measures and targets (CSF_RECORDED: monthly proportion, at least 95%, the MIS criterion).</summary>
    private MeasureStore.MeasureSet Loaded()
    {
        var content = MeasureFile.Read(_store.File("measures.csv", MeasureGenerator.MeasuresCsv), Lmns, _store.File("dimensions.csv", MeasureGenerator.DimensionsCsv));
        Assert.Empty(content.Issues);
        MeasureStore.Import(_store.Database, Analyst, Lmns, content);
        var set = MeasureStore.Load(_store.Database, Lmns);
        var (targets, issues) = MeasureTarget.Read(_store.File("targets.csv", MeasureGenerator.TargetsCsv), Lmns, m => set.Find(m) is { } x ? (x.Unit, x.Levels) : null);
        Assert.Empty(issues);
        MeasureStore.ImportTargets(_store.Database, Analyst, Lmns, targets);
        return MeasureStore.Load(_store.Database, Lmns);
    }

    private void Submit(MeasureStore.MeasureSet set, string org, string numerator, string denominator) =>
        Assert.True(MeasureReturns.Save(_store.Database, Trust(org), set,
            [(1, new MeasureReturns.Line(org, "2025-05", "CSF_RECORDED", "Total", "Total", Numerator: numerator, Denominator: denominator))],
            submit: true, "form").Imported);

    private static DeclarationInput Declared(string org, params string[] links) =>
        new("MIS7", "SA2", org, May2025, Compliance.PartlyMet, "May scorecard", links, null);

    [Fact]
    public void AnItemShowsEachTrustsLatestValueOfTheMeasuresItsDeclarationsLinkTo()
    {
        var set = Loaded();
        Submit(set, "X1A", "90", "100");
        Submit(set, "X1B", "96", "100");
        Submit(set, "X1C", "6", "7");
        var declared = AssuranceStore.DeclareAll(_store.Database, Analyst,
            [Declared("X1A", "/measures/CSF_RECORDED", "/quality"), Declared("X1B", "/measures/csf_recorded?org=X1B"),
             Declared("X1C", "/measures/CSF_RECORDED"), Declared("X1D", "/measures/NO_SUCH", "/measures/SATOD")], "test");
        Assert.Empty(declared.Issues);
        var current = AssuranceStore.Current(_store.Database, Analyst, "MIS7");

        var shown = LinkedMeasure.For(_store.Database, Analyst, Lmns, current);

        // Hand-worked, with the Wilson 95% interval (z = 1.96) the measures judge a proportion's RAG by:
        // X1A 90/100 = 90.0%, interval 82.6% to 94.5%: its top is under 95%, so Red.
        // X1B 96/100 = 96.0%, at or above 95%: Green.
        // X1C 6/7 = 85.7%, interval 48.7% to 97.4%: under 95% but its top is over, so Amber.
        Assert.Equal(
            [("X1A", "CSF_RECORDED", "2025-05", "90.0%", "95.0%", "Red"), ("X1B", "CSF_RECORDED", "2025-05", "96.0%", "95.0%", "Green"),
             ("X1C", "CSF_RECORDED", "2025-05", "85.7%", "95.0%", "Amber"), ("X1D", "NO_SUCH", null, "No measure NO_SUCH in LMNSX1", null, ""),
             ("X1D", "SATOD", null, "A built-in indicator: see its page", null, "")],
            shown.Select(m => (m.OrgCode, m.MeasureId, m.Period, m.Value, m.Due, m.Rag)));
        Assert.Equal("/measures/CSF_RECORDED?org=X1A", shown[0].Href);
        Assert.Equal("Complex social factors assessed", shown[0].Title);

        // A viewer sees X1C's counts through the suppression policy (NHS rounding: 6 and 7, under 8, both become 5, so
        // 5/5 = 100.0%), never 6 of 7; the RAG is judged on the exact counts, so it is the same verdict.
        var viewer = LinkedMeasure.For(_store.Database, Access.Resolve(_store.Database, "vic", Role.Viewer, []), Lmns, current).Single(m => m.OrgCode == "X1C");
        Assert.Equal(("100.0%", "Amber"), (viewer.Value, viewer.Rag));
        Assert.Empty(LinkedMeasure.For(_store.Database, Access.Resolve(_store.Database, "pub", Role.Public, []), Lmns, current));
    }

    [Fact]
    public void OnlyMeasureLinksAreReadAsMeasures()
    {
        Assert.Equal(["STAFF_CULTURAL", "A B"],
            LinkedMeasure.Ids(["/measures/STAFF_CULTURAL?org=X1A", "/measures", "/measures/", "/plan/actions/A002", "https://example.org/measures/X", "/measures/A%20B"]));
    }
}
