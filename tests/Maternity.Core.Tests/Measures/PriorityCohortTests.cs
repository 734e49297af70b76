using Maternity.Indicators;
using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Synthetic;

namespace Maternity.Tests.Measures;

/// <summary>
/// The priority cohort as data: an LMNS's own definition (North West London's deciles 1-3, Herefordshire and Worcestershire's
/// complex social factors) is what the indicators of the priority cohort count, checked against the same records' counts by
/// ethnic group and IMD decile; and an LMNS's own target for a built-in indicator (a trajectory) is what its RAG is judged on.
/// </summary>
public sealed class PriorityCohortTests : IDisposable
{
    private const string Lmns = "LMNSX1";
    private const string Priority = "COC_PATHWAY_29W_PRIORITY";
    private readonly TestStore _store = new();

    public PriorityCohortTests()
    {
        _store.LoadSynthetic(3_000, 12, seed: 5);
    }

    public void Dispose() => _store.Dispose();

    private static Access Analyst => new("ana", Role.Analyst, [Lmns], new HashSet<string> { Lmns, "X1A", "X1B", "X1C", "X1D" });

    /// <summary>Denominators by (org, month) of an indicator's breakdown groups, summed over the groups chosen.</summary>
    private Dictionary<(string, DateOnly), long> Denominators(string indicator, string breakdown, Func<string, bool> groups) =>
        IndicatorEngine.Read(_store.Database, Access.System("test"), indicator)
            .Where(c => c.Source == IndicatorEngine.RecordLevel && c.OrgLevel != "Site" && c.Breakdown == breakdown && groups(c.GroupCode))
            .GroupBy(c => (c.OrgCode, c.PeriodStart)).ToDictionary(g => g.Key, g => g.Sum(c => c.Denominator));

    private Dictionary<(string, DateOnly), long> PriorityDenominators() => Denominators(Priority, "Total", _ => true);

    private void Set(string? groups, string? deciles, bool complex = false, string? also = null)
    {
        var (cohort, problems) = PriorityCohort.Parse(groups, null, deciles, complex, also, "test plan, p. 1");
        Assert.Empty(problems);
        Assert.True(MeasureStore.SetCohort(_store.Database, Analyst, Lmns, cohort!));
        IndicatorEngine.Compute(_store.Database);
    }

    [Fact]
    public void WithoutItsOwnTheLmnsCountsTheDefaultCohort()
    {
        var set = MeasureStore.Load(_store.Database, Lmns);
        Assert.True(set.Cohort.IsDefault);
        Assert.StartsWith("Black, Asian or Mixed ethnic group, or living in IMD deciles 1-2", set.Cohort.Describe());
        // Default: Black, Asian or Mixed, or deciles 1-2 (as the catalogue counted before cohorts were data): at least the
        // three groups, at most the groups plus every decile 1-2 woman.
        var priority = PriorityDenominators();
        var groups = Denominators("COC_PATHWAY_29W", "EthnicGroup", g => g is "Black" or "Asian" or "Mixed");
        var deciles = Denominators("COC_PATHWAY_29W", "ImdDecile", g => g is "1" or "2");
        Assert.NotEmpty(priority);
        foreach (var (key, n) in priority)
        {
            Assert.InRange(n, Math.Max(groups.GetValueOrDefault(key), deciles.GetValueOrDefault(key)), groups.GetValueOrDefault(key) + deciles.GetValueOrDefault(key));
        }
        Assert.True(priority.Values.Sum() > groups.Values.Sum() && priority.Values.Sum() > deciles.Values.Sum());
    }

    [Fact]
    public void AnLmnsDefinedByEthnicGroupCountsExactlyThatGroup()
    {
        Set("Black", null);
        Assert.Equal(Denominators("COC_PATHWAY_29W", "EthnicGroup", g => g == "Black"), PriorityDenominators());
    }

    [Fact]
    public void DecilesOneToThreeCountExactlyThoseDecilesAndTheDefinitionIsShownWithTheNumber()
    {
        Set(null, "1-3", also: "Gypsy, Roma and Traveller women; armed-forces families");
        Assert.Equal(Denominators("COC_PATHWAY_29W", "ImdDecile", g => g is "1" or "2" or "3"), PriorityDenominators());

        var set = MeasureStore.Load(_store.Database, Lmns);
        var note = set.Cohort.Note(Lmns, IndicatorSummary.ComputedAt(_store.Database));
        Assert.Equal("Priority cohort of LMNSX1: living in IMD deciles 1-3 (set by ana on " + set.Cohort.SetAt!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            + "; test plan, p. 1). Also prioritised but not identifiable in the records, so not counted: Gypsy, Roma and Traveller women; armed-forces families.", note);
        // Changed after the counts were computed: the note says the figures still count the previous definition.
        MeasureStore.SetCohort(_store.Database, Analyst, Lmns, set.Cohort.Cohort with { ImdDeciles = [1] });
        Assert.Contains("still count the previous definition", MeasureStore.Load(_store.Database, Lmns).Cohort.Note(Lmns, IndicatorSummary.ComputedAt(_store.Database)));
    }

    [Fact]
    public void ComplexSocialFactorsWidenTheCohortAndEveryWomanCountsOnce()
    {
        Set(null, "1-10");
        var known = PriorityDenominators();
        Assert.Equal(Denominators("COC_PATHWAY_29W", "ImdDecile", g => g != "Unknown"), known);
        Set(null, "1-10", complex: true);
        var wider = PriorityDenominators();
        var all = Denominators("COC_PATHWAY_29W", "Total", _ => true);
        foreach (var (key, n) in wider) Assert.InRange(n, known.GetValueOrDefault(key), all[key]);
        Assert.True(wider.Values.Sum() > known.Values.Sum(), "some women with no decile have complex social factors recorded");
    }

    [Fact]
    public void BadCriteriaAreRefusedNamingTheFieldAndAViewerMayNotSetACohort()
    {
        var (cohort, problems) = PriorityCohort.Parse("Black; Purple", "C; Q", "0-3; 4", false, null, null);
        Assert.Null(cohort);
        Assert.Equal([
            "ethnic groups: 'Purple' is not one of White, Mixed, Asian, Black, Other",
            "ethnic categories: 'Q' is not a valid ethnic category code (A-S)",
            "IMD deciles: '0-3' is not a decile 1-10 or a range such as 1-3"], problems);
        Assert.Contains("no record would count", PriorityCohort.Parse(null, null, null, false, "armed-forces families", null).Problems.Single());
        var viewer = new Access("val", Role.Viewer, [Lmns], new HashSet<string>());
        Assert.Throws<AccessDeniedException>(() => MeasureStore.SetCohort(_store.Database, viewer, Lmns, PriorityCohort.Default));
        Assert.True(MeasureStore.Load(_store.Database, Lmns).Cohort.IsDefault);
    }

    [Fact]
    public void AnLmnssOwnTrajectoryForABuiltInIndicatorIsWhatItsRagIsJudgedOn()
    {
        var last = IndicatorSummary.Periods(_store.Database).Max();
        var definition = Catalogue.Find("DQ_ETHNICITY_VALID")!;
        var catalogue = IndicatorView.Build(_store.Database, Analyst, definition, Lmns, last);
        var value = catalogue.Total!.Value.Value;
        Assert.Equal(definition.Target, catalogue.Definition.Target);

        // A trajectory from a baseline 6 points below the value to 4 above a year on either side: due by the window's end
        // is 1 point below the value, so met; moved up by 2 points it is missed.
        var met = Judged(value - 6, value + 4);
        Assert.Equal("Green", met.Rag);
        Assert.Equal(value - 1, met.Due, 6);
        var (rag, due) = Judged(value - 4, value + 6);
        Assert.Equal(value + 1, due, 6);
        Assert.Contains(rag, (string[])["Amber", "Red"]);
        Assert.Null(MeasureStore.Load(_store.Database, Lmns).OwnTargetFor("SATOD", Lmns));

        (string Rag, double Due) Judged(double baseline, double target)
        {
            var file = _store.File("targets.csv", $"""
                Measure,Org,Direction,Target,By,Baseline,BaselinePeriod,Reduction,Milestones,Source
                DQ_ETHNICITY_VALID,,at least,{target.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},{last.AddMonths(12):yyyy-MM},{baseline.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},{last.AddMonths(-12):yyyy-MM},,,LMNS plan: ethnicity recorded for every woman
                """);
            var set = MeasureStore.Load(_store.Database, Lmns);
            var (targets, issues) = MeasureTarget.Read(file, Lmns, m => set.Find(m) is { } x ? (x.Unit, x.Levels) : null);
            Assert.Empty(issues);
            MeasureStore.ImportTargets(_store.Database, Analyst, Lmns, targets);
            var own = MeasureStore.Load(_store.Database, Lmns).OwnTargetFor("DQ_ETHNICITY_VALID", "X1A");
            Assert.NotNull(own);
            var view = IndicatorView.Build(_store.Database, Analyst, definition, Lmns, last, target: own);
            Assert.Equal(value, view.Total!.Value.Value);
            Assert.Contains("LMNS plan: ethnicity recorded for every woman", view.Definition.TargetSource);
            return (view.Total.Rag, Math.Round(view.Definition.Target!.Value, 9));
        }
    }
}
