using Maternity.Measures;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Wres;

namespace Maternity.Tests.Wres;

/// <summary>
/// The WRES beyond one trust: the Model Employer trajectory through the measures catalogue (NHS England, A model
/// employer, 2019: BME representation at every band in line with the workforce by 2028), the plan's WRES actions, and
/// the ICB pooled from the trusts of its LMNSs. Every figure is worked by hand in the comments.
/// </summary>
public sealed class WresSystemTests : IDisposable
{
    private readonly TestStore _store = new();

    public WresSystemTests() =>
        new OrgHierarchy([.. OrgHierarchy.Demo.Orgs,
            new OrgHierarchy.Org("LMNSX2", "Second LMNS (synthetic)", "LMNS", "QX1"),
            new OrgHierarchy.Org("X2A", "Second LMNS's trust (synthetic)", "Trust", "LMNSX2")]).Store(_store.Database);

    public void Dispose() => _store.Dispose();

    private const string Header = "Org,Year,StaffGroup,Item,Category,Band,Ethnicity,Count,Respondents,Stated\n";

    /// <summary>
    /// X1A 2024: band 8a White 90, BME 10 (senior 10%); band 5 White 700, BME 200; workforce 210 of 1,000 (21%).
    /// X1A 2025: band 8a White 80, BME 20 (20%); band 5 White 680, BME 200, unknown 20; workforce 220 of 1,000 (22%);
    /// consultants (medical, never senior here) White 5, BME 5. X1B 2025: band 8a White 45, BME 5 (10%); band 5 White
    /// 400, BME 100; workforce 105 of 550 (19.09%).
    /// </summary>
    private void Load()
    {
        var csv = Header + """
            X1A,2024,Trust,StaffInPost,Clinical,8a,White,90,,
            X1A,2024,Trust,StaffInPost,Clinical,8a,BME,10,,
            X1A,2024,Trust,StaffInPost,Clinical,5,White,700,,
            X1A,2024,Trust,StaffInPost,Clinical,5,BME,200,,
            X1A,2025,Trust,StaffInPost,Clinical,8a,White,80,,
            X1A,2025,Trust,StaffInPost,Clinical,8a,BME,20,,
            X1A,2025,Trust,StaffInPost,Clinical,5,White,675,,
            X1A,2025,Trust,StaffInPost,Clinical,5,BME,195,,
            X1A,2025,Trust,StaffInPost,Clinical,5,Unknown,20,,
            X1A,2025,Trust,StaffInPost,Medical,Consultant,White,5,,
            X1A,2025,Trust,StaffInPost,Medical,Consultant,BME,5,,
            X1A,2025,Trust,Shortlisted,,,White,400,,
            X1A,2025,Trust,Shortlisted,,,BME,500,,
            X1A,2025,Trust,Appointed,,,White,100,,
            X1A,2025,Trust,Appointed,,,BME,90,,
            X1A,2025,Trust,Disciplinary,,,White,10,,
            X1A,2025,Trust,Disciplinary,,,BME,9,,
            X1B,2025,Trust,StaffInPost,Clinical,8a,White,45,,
            X1B,2025,Trust,StaffInPost,Clinical,8a,BME,5,,
            X1B,2025,Trust,StaffInPost,Clinical,5,White,400,,
            X1B,2025,Trust,StaffInPost,Clinical,5,BME,100,,
            X1B,2025,Trust,Shortlisted,,,White,200,,
            X1B,2025,Trust,Shortlisted,,,BME,100,,
            X1B,2025,Trust,Appointed,,,White,50,,
            X1B,2025,Trust,Appointed,,,BME,20,,
            """;
        var result = WresStore.Import(_store.Database, TestAccess.Admin, _store.File("wres.csv", csv));
        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => i.Reason)));
    }

    [Fact]
    public void TheModelEmployerTrajectoryIsWrittenAsMeasureValuesAndTargets()
    {
        Load();
        var admin = TestAccess.Admin;
        // Not defined yet: nothing written, the ids said.
        var undefined = WresModelEmployer.Write(_store.Database, admin, "LMNSX1");
        Assert.Equal([WresModelEmployer.SeniorMeasure, WresModelEmployer.WorkforceMeasure], undefined.NotDefined);
        Assert.Null(undefined.Values);

        MeasureStore.Import(_store.Database, admin, "LMNSX1", new MeasureFile.Content(WresModelEmployer.Definitions("LMNSX1"), [], []));
        var written = WresModelEmployer.Write(_store.Database, admin, "LMNSX1");
        Assert.True(written.Values!.Imported, string.Join("; ", written.Values.Issues.Select(i => i.Reason)));
        // X1A 2024 and 2025, X1B 2025: two measures each.
        Assert.Equal(6, written.Values.Added);

        var set = MeasureStore.Load(_store.Database, "LMNSX1");
        var values = MeasureReturns.Values(_store.Database, admin, set, WresModelEmployer.SeniorMeasure, "X1A").OrderBy(v => v.Period).ToList();
        // WRES year 2025 (staff at 31 March 2025) is financial year 2024/25: 20 of 100; the consultants are not senior bands.
        Assert.Equal([(new DateOnly(2023, 4, 1), 10.0, 100.0), (new DateOnly(2024, 4, 1), 20.0, 100.0)],
            values.Select(v => (v.Period, v.Numerator!.Value, v.Denominator!.Value)).ToList());
        Assert.All(values, v => Assert.Equal("wres", v.How));
        var workforce = MeasureReturns.Values(_store.Database, admin, set, WresModelEmployer.WorkforceMeasure, "X1A").MaxBy(v => v.Period)!;
        Assert.Equal((220.0, 1000.0), (workforce.Numerator!.Value, workforce.Denominator!.Value));

        // X1A's target: from 10.0% (March 2024) to its 2025 workforce share, 22.0%, by March 2028.
        var target = set.TargetFor(WresModelEmployer.SeniorMeasure, "X1A")!;
        Assert.Equal((22.0, new DateOnly(2028, 3, 1), 10.0, new DateOnly(2024, 3, 1)), (target.Target, target.By!.Value, target.Baseline!.Value, target.BaselineMonth!.Value));
        // X1B: one year, 5 of 50 = 10.0%, to 105/550 = 19.09% -> 19.1%.
        Assert.Equal(19.1, set.TargetFor(WresModelEmployer.SeniorMeasure, "X1B")!.Target);

        var steps = WresModelEmployer.Trajectory(_store.Database, admin, "LMNSX1");
        // X1A by March 2025: 10 + (22 - 10) x 12/48 = 13.0; 20.0% is on the trajectory.
        var x1a = steps.Single(s => s.Org == "X1A" && s.Year == 2025);
        Assert.Equal(13.0, x1a.Due!.Value, 9);
        Assert.True(x1a.Meets);
        // LMNS pooled 2025: senior 25/150 = 16.67%; workforce 325/1,550 = 20.97%, the target 21.0 from 10.0 in 2024:
        // due 10 + 11 x 12/48 = 12.75.
        var pooled = steps.Single(s => s.Org == "LMNSX1" && s.Year == 2025);
        Assert.Equal(16.666667, pooled.SeniorShare, 6);
        Assert.Equal(20.967742, pooled.WorkforceShare, 6);
        Assert.Equal(12.75, pooled.Due!.Value, 9);

        // Written again: nothing changes, and the LMNS's other targets are kept.
        var again = WresModelEmployer.Write(_store.Database, admin, "LMNSX1");
        Assert.Equal((0, 0, 6), (again.Values!.Added, again.Values.Replaced, again.Values.Unchanged));
    }

    [Fact]
    public void PlanActionsNamingWresIndicatorsShowTheirTrustsLatestFigures()
    {
        Load();
        var analyst = TestAccess.As("analyst");
        var plan = _store.File("wres-plan.csv", """
            Priority,Action,Owning organisations,Metrics for success
            Priority 3: Ensure datasets are complete and timely,Diverse interview panels for band 7 and above,X1A,WRES 2 below 1.25
            ,Just culture review of disciplinary cases,"X1A, X1B",Fewer BME staff entering the process (WRES indicator 3)
            ,Publish the WRES 2021 data by staff group,,Published on time
            """);
        var (read, saved) = PlanTable.Import(_store.Database, analyst, plan, "LMNSX1", plan: "wres");
        Assert.True(saved is not null, string.Join("; ", read.Issues.Select(i => i.Reason)));

        var links = WresActions.Linked(_store.Database, analyst, "LMNSX1");
        // "WRES 2021" names no indicator.
        Assert.Equal([("Diverse interview panels for band 7 and above", "2"), ("Just culture review of disciplinary cases", "3")],
            links.Select(l => (l.Descriptor, string.Join(",", l.Indicators))).ToList());
        Assert.All(links, l => Assert.Equal("wres", l.Plan));

        var panels = PlanStore.Load(_store.Database, analyst, "LMNSX1", plan: "wres").Actions.Single(a => a.Descriptor.StartsWith("Diverse", StringComparison.Ordinal));
        var figures = WresActions.Figures(_store.Database, analyst, panels, "LMNSX1");
        // X1A 2025: (100/400) / (90/500) = 1.388889.
        var rl2 = Assert.Single(figures);
        Assert.Equal(("X1A", 2025, "2"), (rl2.Org, rl2.Year, rl2.Indicator));
        Assert.Equal(1.388889, rl2.Value!.Value, 6);

        var review = PlanStore.Load(_store.Database, analyst, "LMNSX1", plan: "wres").Actions.Single(a => a.Descriptor.StartsWith("Just", StringComparison.Ordinal));
        // X1B has no disciplinary counts: only X1A's indicator 3, one year, (9/220) / (10/770)... over White and BME staff in post:
        // BME 20 + 195 + 5 = 220, White 80 + 675 + 5 = 760: (9/220) / (10/760) = 0.040909 / 0.013158 = 3.109091.
        var rl3 = Assert.Single(WresActions.Figures(_store.Database, analyst, review, "LMNSX1"));
        Assert.Equal("X1A", rl3.Org);
        Assert.Equal(3.109091, rl3.Value!.Value, 6);
    }

    [Fact]
    public void AnIcbIsPooledFromTheTrustsOfItsLmnssBesideTheirSpread()
    {
        Load();
        var csv = Header + """
            X2A,2025,Trust,StaffInPost,Clinical,5,White,300,,
            X2A,2025,Trust,StaffInPost,Clinical,5,BME,100,,
            X2A,2025,Trust,Shortlisted,,,White,100,,
            X2A,2025,Trust,Shortlisted,,,BME,100,,
            X2A,2025,Trust,Appointed,,,White,30,,
            X2A,2025,Trust,Appointed,,,BME,30,,
            """;
        Assert.True(WresStore.Import(_store.Database, TestAccess.Admin, _store.File("x2a.csv", csv)).Imported);
        var icb = WresView.Build(_store.Database, TestAccess.Admin, "QX1", 2025);
        Assert.Equal("ICB", icb.Level);
        Assert.True(icb.IsLmns);
        // Pooled: White 100 + 50 + 30 = 180 of 400 + 200 + 100 = 700; BME 90 + 20 + 30 = 140 of 500 + 100 + 100 = 700:
        // (180/700) / (140/700) = 1.285714.
        var rl2 = icb.Report!.Indicator(2)!;
        Assert.Equal((180L, 700L, 140L, 700L), (rl2.TopEvents, rl2.TopDenominator, rl2.BottomEvents, rl2.BottomDenominator));
        Assert.Equal(1.285714, rl2.Value.Value, 6);
        Assert.Equal(["X1A", "X1B", "X2A"], icb.Report.Trusts);
        // Spread: X1A 1.388889, X1B (50/200) / (20/100) = 1.25, X2A 1.0: unweighted mean 3.638889 / 3 = 1.212963.
        Assert.Equal(["X1A", "X1B", "X2A"], icb.Trusts.Select(t => t.Org));
        Assert.Equal(1.212963, icb.MeanLikelihoods[2], 6);
        Assert.Contains(icb.Orgs, o => o.Code == "QX1");
        // The LMNS stays its own trusts only.
        Assert.Equal(["X1A", "X1B"], WresView.Build(_store.Database, TestAccess.Admin, "LMNSX1", 2025).Report!.Trusts);
    }

    /// <summary>X1A 2024 and 2025 at bands 8a, 8b and 5 (the figures in the test below).</summary>
    private const string BandsCsv = Header + """
        X1A,2024,Trust,StaffInPost,Clinical,8a,White,90,,
        X1A,2024,Trust,StaffInPost,Clinical,8a,BME,10,,
        X1A,2024,Trust,StaffInPost,Non-clinical,8b,White,50,,
        X1A,2024,Trust,StaffInPost,Non-clinical,8b,BME,0,,
        X1A,2024,Trust,StaffInPost,Clinical,5,White,650,,
        X1A,2024,Trust,StaffInPost,Clinical,5,BME,200,,
        X1A,2025,Trust,StaffInPost,Clinical,8a,White,80,,
        X1A,2025,Trust,StaffInPost,Clinical,8a,BME,20,,
        X1A,2025,Trust,StaffInPost,Non-clinical,8b,White,45,,
        X1A,2025,Trust,StaffInPost,Non-clinical,8b,BME,5,,
        X1A,2025,Trust,StaffInPost,Clinical,5,White,655,,
        X1A,2025,Trust,StaffInPost,Clinical,5,BME,195,,
        """;

    [Fact]
    public void EachBandOfTheModelEmployerHasItsShareAgainstTheWorkforceAndItsOwnTrajectory()
    {
        // X1A 2024: 8a 10 BME of 100 (10%), 8b 0 of 50, band 5 200 of 850; workforce 210 of 1,000 (21%).
        // X1A 2025: 8a 20 of 100 (20%), 8b 5 of 50 (10%), band 5 195 of 850; workforce 220 of 1,000 (22%).
        var csv = BandsCsv;
        Assert.True(WresStore.Import(_store.Database, TestAccess.Admin, _store.File("bands.csv", csv)).Imported);
        var admin = TestAccess.Admin;

        // Only the two measures defined: the band shares are shown from the WRES data, with no trajectory and nothing written.
        MeasureStore.Import(_store.Database, admin, "LMNSX1", new MeasureFile.Content(WresModelEmployer.Definitions("LMNSX1"), [], []));
        Assert.Equal(4, WresModelEmployer.Write(_store.Database, admin, "LMNSX1").Values!.Added);
        var shown = WresModelEmployer.Bands(_store.Database, admin, "LMNSX1");
        // 8a and 8b (no staff at 8c to VSM), for X1A and the LMNS pooled, two years.
        Assert.Equal(8, shown.Count);
        Assert.All(shown, s => Assert.Null(s.Due));
        var b8 = shown.Single(s => s.Org == "X1A" && s.Year == 2025 && s.Measure == "wres-bme-8b");
        Assert.Equal((5L, 50L, 10.0, 22.0), (b8.SeniorBme, b8.Senior, b8.SeniorShare, b8.WorkforceShare));

        // The band measures defined too: each band's values written and its trajectory set.
        MeasureStore.Import(_store.Database, admin, "LMNSX1", new MeasureFile.Content(WresModelEmployer.BandDefinitions("LMNSX1"), [], []));
        var written = WresModelEmployer.Write(_store.Database, admin, "LMNSX1");
        // New: 8a and 8b for 2024 and 2025 (the workforce and 8a-and-above values are unchanged).
        Assert.Equal((4, 4), (written.Values!.Added, written.Values.Unchanged));
        var set = MeasureStore.Load(_store.Database, "LMNSX1");
        var values = MeasureReturns.Values(_store.Database, admin, set, "wres-bme-8b", "X1A").OrderBy(v => v.Period).ToList();
        Assert.Equal([(0.0, 50.0), (5.0, 50.0)], values.Select(v => (v.Numerator!.Value, v.Denominator!.Value)).ToList());
        // 8b: from 0.0% (March 2024) to 22.0% by March 2028: due by March 2025 0 + 22 x 12/48 = 5.5; 10.0% is on it.
        var target = set.TargetFor("wres-bme-8b", "X1A")!;
        Assert.Equal((22.0, 0.0), (target.Target, target.Baseline!.Value));
        var stages = WresModelEmployer.Bands(_store.Database, admin, "LMNSX1");
        var x8b = stages.Single(s => s.Org == "X1A" && s.Year == 2025 && s.Measure == "wres-bme-8b");
        Assert.Equal(5.5, x8b.Due!.Value, 9);
        Assert.True(x8b.Meets);
        // 8a: from 10.0% to 22.0%: due 10 + 12 x 12/48 = 13.0 by March 2025.
        Assert.Equal(13.0, stages.Single(s => s.Org == "X1A" && s.Year == 2025 && s.Measure == "wres-bme-8a").Due!.Value, 9);
        // Band 8a and above together keeps its own target: 10 of 150 (6.7%) in 2024.
        Assert.Equal(6.7, set.TargetFor(WresModelEmployer.SeniorMeasure, "X1A")!.Baseline!.Value);
    }

    [Fact]
    public void TheTrajectoryCommandDefinesTheBandMeasuresAndPrintsEachBand()
    {
        Assert.True(WresStore.Import(_store.Database, TestAccess.Admin, _store.File("bands.csv", BandsCsv)).Imported);
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        var run = TestCli.Run(cli!, ["wres", "trajectory", "--define", "--lmns", "LMNSX1", .. TestCli.StoreArguments(_store)]);
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("By band, WRES year 2025", run.Output, StringComparison.Ordinal);
        // X1A band 8b in 2025: 5 of 50 BME (10.0%) against 22.0% of the workforce; trajectory by March 2025 5.5%.
        var line = run.Output.Split('\n').Single(l => l.Contains("band 8b", StringComparison.Ordinal) && l.Contains("X1A", StringComparison.Ordinal));
        Assert.All(new[] { "5/50", "10.0%", "22.0%", "5.5%", "yes" }, t => Assert.Contains(t, line, StringComparison.Ordinal));
        Assert.NotNull(MeasureStore.Load(_store.Database, "LMNSX1").Find("wres-bme-vsm"));
    }
}
