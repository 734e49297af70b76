using Maternity.Indicators;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Synthetic;

namespace Maternity.Tests.Measures;

/// <summary>
/// Local measures modelled on the success criteria of published LMNS plans (South West London's "how we will measure
/// success", Herefordshire and Worcestershire's MVP and training figures, North West London's PCSP goal), their
/// targets and trajectories, and two trusts' returns, one typed into the form and one sent as a workbook.
/// </summary>
public sealed class MeasuresTests : IDisposable
{
    private readonly TestStore _store = new();
    private const string Lmns = "LMNSX1";

    public MeasuresTests() => OrgHierarchy.Demo.Store(_store.Database);

    public void Dispose() => _store.Dispose();




    private static Access Analyst => new("ana", Role.Analyst, [Lmns], new HashSet<string> { Lmns, "X1A", "X1B", "X1C", "X1D" });

    private static Access Trust(string org) => new($"trust-{org}", Role.TrustUser, [org], new HashSet<string> { org });

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

    [Fact]
    public void SeventeenLocalMeasuresSitBesideTheBuiltInIndicatorsWithTheirTargets()
    {
        var set = Loaded();

        Assert.Equal(Catalogue.Definitions.Count + 17, set.Measures.Count);
        Assert.Equal(17, set.Measures.Count(m => !m.BuiltIn));
        var staff = set.Find("STAFF_CULTURAL")!;
        Assert.Equal((UnitKind.Proportion, Frequency.Quarter, Supplier.TrustReturn, 1), (staff.Unit, staff.Frequency, staff.Supplier, staff.Version));
        Assert.Equal(["StaffGroup", "AfcBand"], staff.Dimensions);
        Assert.Equal(["Gypsy Roma and Traveller", "Armed forces family", "Complex social factors"], set.Dimension("PriorityGroup")!.Codes);
        Assert.Equal(["Not started", "Stage 1", "Stage 2", "Stage 3", "Gold"], set.Find("BFI_STAGE")!.Levels);
        // The LMNS's own targets, and the national defaults for the built-ins it sets none for.
        Assert.Equal(3, set.TargetFor("BFI_STAGE", Lmns)!.Target);
        Assert.Equal(30, set.TargetFor("PMH_REFERRALS", Lmns)!.Target, 9);
        Assert.Equal(95, set.TargetFor("SI_ETHNIC_CODE", "X1B")!.Target);
        Assert.Equal(90, set.TargetFor("SI_ETHNIC_CODE", "X1A")!.Target);
        Assert.Equal(90, set.TargetFor("DQ_ETHNICITY_VALID", Lmns)!.Target);
        Assert.Equal("2022-03", set.TargetFor("SATOD", Lmns)!.BaselineMonth!.Value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheBuiltInTargetsComeFromTheShippedFileUnchanged()
    {
        // As the catalogue had them written in code: the values and their sources.
        Assert.Equal(11, Catalogue.Definitions.Count(d => d.Target is not null));
        Assert.Equal((90d, "CNST Maternity Incentive Scheme safety action 2 (MSDS): valid ethnic category for at least 90% of women booked in the month"),
            (Catalogue.Find("DQ_ETHNICITY_VALID")!.Target!.Value, Catalogue.Find("DQ_ETHNICITY_VALID")!.TargetSource!));
        Assert.Equal(6, Catalogue.Find("SATOD")!.Target);
        Assert.Equal(Polarity.LowerIsBetter, Catalogue.Find("SATOD")!.Polarity);
        Assert.All(MeasureTarget.Defaults, t => Assert.Equal(Catalogue.Find(t.MeasureId)!.HigherIsBetter, t.AtLeast));
    }

    [Theory]
    [InlineData(2023, 3, 40)]        // the baseline month
    [InlineData(2023, 12, 47.5)]     // three quarters of the way to the 2024-09 milestone: 40 + 15 x 9/18
    [InlineData(2024, 9, 55)]        // the milestone
    [InlineData(2025, 6, 67.5)]      // half-way from 55 (2024-09) to 80 (2026-03)
    [InlineData(2026, 3, 80)]
    [InlineData(2027, 1, 80)]        // after the date, the target itself
    public void ATrajectoryGivesEachPeriodTheValueDueByItsEnd(int year, int month, double due)
    {
        var set = Loaded();
        var target = set.TargetFor("PCSP_APP", Lmns)!;
        Assert.Equal(due, target.ValueFor(new DateOnly(year, month, 1), Frequency.Month)!.Value, 9);
        Assert.Null(target.ValueFor(new DateOnly(2023, 2, 1), Frequency.Month));
        // A quarter is judged at its last month: 2023/24 Q3 ends in December 2023.
        Assert.Equal(47.5, target.ValueFor(new DateOnly(2023, 10, 1), Frequency.Quarter)!.Value, 9);
    }

    [Fact]
    public void TwoTrustsReturnsByFormAndWorkbookGiveTheLmnsFigureAndRagAgainstTheTarget()
    {
        var set = Loaded();
        // X1A types its figures into the form (saved as a draft first, then submitted).
        var lines = new List<(long, MeasureReturns.Line)>
        {
            (1, new("X1A", "2025/26 Q1", "STAFF_CULTURAL", "Total", "Total", Numerator: "180", Denominator: "200")),
            (2, new("X1A", "2025/26 Q1", "STAFF_CULTURAL", "StaffGroup", "Registered midwives", Numerator: "120", Denominator: "125")),
            (3, new("X1A", "2025/26 Q1", "STAFF_CULTURAL", "StaffGroup", "Maternity support workers", Numerator: "60", Denominator: "75")),
            (4, new("X1A", "2025/26", "BFI_STAGE", "Total", "Total", Value: "Stage 3")),
            (5, new("X1A", "2025/26 Q1", "NARRATIVE", "", "", Value: "Two new link workers started in May.")),
        };
        var draft = MeasureReturns.Save(_store.Database, Trust("X1A"), set, lines, submit: false, "form");
        Assert.True(draft.Imported);
        Assert.Empty(MeasureReturns.Values(_store.Database, TestAccess.Admin, set));
        Assert.Equal((5, 0), (MeasureReturns.Save(_store.Database, Trust("X1A"), set, lines, submit: true, "form").Added, 0));

        // X1B sends a workbook made from the generated template.
        var template = MeasureReturns.Template(set, OrgHierarchy.Read(_store.Database), "X1B", new DateOnly(2025, 5, 1)).ToList();
        Assert.Contains(template, l => l is { Measure: "STAFF_CULTURAL", Period: "2025/26 Q1", Breakdown: "AfcBand", Group: "Band 5" });
        Assert.DoesNotContain(template, l => l.Measure == "FORUMS_HELD");
        var filled = template.Where(l => l.Breakdown == "Total").Select(l => l.Measure switch
        {
            "STAFF_CULTURAL" => l with { Numerator = "50", Denominator = "100" },
            "BFI_STAGE" => l with { Value = "Stage 1" },
            "EQUITY_LEAD" => l with { Value = "Yes" },
            "SI_ETHNIC_CODE" => l with { Numerator = "9", Denominator = "10" },
            _ => null,
        }).OfType<MeasureReturns.Line>();
        var workbook = Path.Combine(_store.Directory, "x1b.xlsx");
        MeasureReturns.Write(filled, workbook);
        var result = MeasureReturns.Import(_store.Database, Trust("X1B"), set, workbook);
        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => $"{i.Row} {i.Column}: {i.Reason}")));
        Assert.Equal(4, result.Added);

        // The LMNS: 230 of 300 staff trained = 76.7%, against at least 90%: its Wilson interval (71.6-81.1) misses it: Red.
        var staff = MeasureView.Build(_store.Database, Analyst, set, set.Find("STAFF_CULTURAL")!, Lmns);
        var lmns = Assert.Single(staff.Series);
        Assert.Equal((230d, 300d, "Red"), (lmns.Numerator!.Value, lmns.Denominator!.Value, lmns.Rag));
        Assert.Equal(76.67, lmns.Value!.Value, 2);
        Assert.Equal(["X1A", "X1B"], staff.Trusts.Select(t => t.Org));
        Assert.Equal(["Green", "Red"], staff.Trusts.Select(t => t.Rag)); // 180/200 = 90% meets "at least 90"; 50/100 does not, nor does its interval
        Assert.Equal(["Registered midwives", "Maternity support workers"], staff.Breakdown.Select(b => b.Group));

        // Levels and yes/no are judged per trust: X1A at Stage 3 meets Stage 2, X1B at Stage 1 does not.
        var bfi = MeasureView.Build(_store.Database, Analyst, set, set.Find("BFI_STAGE")!, "X1B");
        Assert.Equal(("Stage 1", "Red"), (bfi.Current!.Shown(bfi.Measure), bfi.Current.Rag));
        Assert.Equal("Green", MeasureView.Build(_store.Database, Analyst, set, set.Find("BFI_STAGE")!, "X1A").Current!.Rag);
        // A trust's own target: Northfield's 95% for serious incidents, 9 of 10 coded (interval 59.6-98.2): Amber.
        Assert.Equal("Amber", MeasureView.Build(_store.Database, Analyst, set, set.Find("SI_ETHNIC_CODE")!, "X1B").Current!.Rag);

        // Completeness: who has sent Q1's figures.
        var grid = MeasureReturns.Grid(_store.Database, Analyst, set, new DateOnly(2025, 5, 1));
        Assert.Equal("2 of 4 trusts have sent 2025/26 Q1", grid.Single(g => g.Measure == "STAFF_CULTURAL").Summary);
        Assert.Equal(["X1C", "X1D"], grid.Single(g => g.Measure == "STAFF_CULTURAL").Missing);
        Assert.Equal("1 of 4 trusts have sent 2025/26", grid.Single(g => g.Measure == "EQUITY_LEAD").Summary);
    }

    [Fact]
    public void AReturnWithBadCellsIsRefusedCellByCellAndChangesNothing()
    {
        var set = Loaded();
        var path = _store.File("bad.csv", """
            Org,Period,Measure,Breakdown,Group,Value,Numerator,Denominator,N,SD,Reason
            X1A,2025/26 Q1,STAFF_CULTURAL,Total,Total,,180,200,,,
            X1A,2025/26 Q1,NO_SUCH,Total,Total,3,,,,,
            X1A,2025/26 Q1,SI_ETHNIC_CODE,Total,Total,,11,10,,,
            X1A,2025/26 Q1,STAFF_CULTURAL,StaffGroup,Porters,,1,2,,,
            X1A,2025-05,FLU_VACC,Total,Total,,1,2,,,
            X1A,2025/26 Q1,WAIT_DAYS,Total,Total,twelve,,,40,3,
            X1B,2025/26 Q1,SI_ETHNIC_CODE,Total,Total,,1,2,,,
            X1A,2025/26,EQUITY_LEAD,Total,Total,Maybe,,,,,
            X1A,2025/26 Q1,INTERPRETER_USE,Total,Total,,-1,5,,,
            X1A,2025/26 Q1,FLU_VACC,ImdQuintile,1,,1,2,,,
            X1A,2025/26 Q1,FORUMS_HELD,Total,Total,4,,,,,
            """);

        var result = MeasureReturns.Import(_store.Database, Trust("X1A"), set, path);

        Assert.False(result.Imported);
        var issues = result.Issues.Select(i => (i.Row, i.Column)).ToList();
        Assert.Equal([(3L, "Measure"), (4L, "Numerator"), (5L, "Group"), (6L, "Period"), (7L, "Value"), (8L, "Org"), (9L, "Value"), (10L, "Numerator"), (11L, "Breakdown"), (12L, "Org")], issues);
        Assert.Contains("greater than the denominator 10", result.Issues.Single(i => i.Row == 4).Reason, StringComparison.Ordinal);
        Assert.Contains("give a financial quarter such as 2025/26 Q1", result.Issues.Single(i => i.Row == 6).Reason, StringComparison.Ordinal);
        Assert.Contains("trust-X1A may not send returns for X1B", result.Issues.Single(i => i.Row == 8).Reason, StringComparison.Ordinal);
        Assert.Contains("entered by the LMNS", result.Issues.Single(i => i.Row == 12).Reason, StringComparison.Ordinal);
        Assert.Empty(MeasureReturns.Values(_store.Database, TestAccess.Admin, set));
    }

    [Fact]
    public void ASubmittedValueIsReplacedOnlyWithAReasonAndItsHistoryIsKept()
    {
        var set = Loaded();
        (long, MeasureReturns.Line) Line(string numerator, string reason = "") =>
            (2, new("X1A", "2025/26 Q1", "SI_ETHNIC_CODE", "Total", "Total", Numerator: numerator, Denominator: "10", Reason: reason));
        Assert.True(MeasureReturns.Save(_store.Database, Trust("X1A"), set, [Line("7")], true, "form").Imported);
        Assert.Equal(1, MeasureReturns.Save(_store.Database, Trust("X1A"), set, [Line("7")], true, "form").Unchanged);

        var refused = MeasureReturns.Save(_store.Database, Trust("X1A"), set, [Line("8")], true, "form");
        Assert.Equal("Reason", Assert.Single(refused.Issues).Column);
        Assert.Equal(7, MeasureReturns.Values(_store.Database, TestAccess.Admin, set).Single().Numerator);

        Assert.Equal(1, MeasureReturns.Save(_store.Database, Trust("X1A"), set, [Line("8", "one incident coded after review")], true, "form").Replaced);
        Assert.Equal(8, MeasureReturns.Values(_store.Database, TestAccess.Admin, set).Single().Numerator);
        var history = MeasureReturns.History(_store.Database, Trust("X1A"), set, "SI_ETHNIC_CODE", "X1A");
        Assert.Equal([(8d, "one incident coded after review"), (7d, null)], history.Select(h => (h.Numerator!.Value, h.Reason)));
        Assert.All(history, h => Assert.Equal(("trust-X1A", "form"), (h.By, h.How)));
        Assert.Throws<AccessDeniedException>(() => MeasureReturns.History(_store.Database, Trust("X1B"), set, "SI_ETHNIC_CODE", "X1A"));
    }

    [Fact]
    public void AChangeThatReadsStoredValuesDifferentlyMakesANewVersionAndAWordingChangeDoesNot()
    {
        Loaded();
        var reworded = MeasureGenerator.MeasuresCsv.Replace("MNVP forums with women from the priority groups", "Forums held with women from the priority groups", StringComparison.Ordinal);
        var result = MeasureStore.Import(_store.Database, Analyst, Lmns, MeasureFile.Read(_store.File("m2.csv", reworded), Lmns, _store.File("dimensions.csv", MeasureGenerator.DimensionsCsv)));
        Assert.Equal((0, 1, 0, 16), (result.Added, result.Changed, result.NewVersions, result.Unchanged));
        Assert.Equal(1, MeasureStore.Load(_store.Database, Lmns).Find("FORUMS_HELD")!.Version);

        var monthly = reworded.Replace("count,,,,,higher,quarter,,LMNS entry,1", "count,,,,,higher,month,,LMNS entry,1", StringComparison.Ordinal);
        result = MeasureStore.Import(_store.Database, Analyst, Lmns, MeasureFile.Read(_store.File("m3.csv", monthly), Lmns, _store.File("dimensions.csv", MeasureGenerator.DimensionsCsv)));
        Assert.Equal(1, result.NewVersions);
        Assert.Equal(2, MeasureStore.Load(_store.Database, Lmns).Find("FORUMS_HELD")!.Version);
        Assert.Throws<AccessDeniedException>(() => MeasureStore.Import(_store.Database, Trust("X1A"), Lmns, MeasureFile.Read(_store.File("m4.csv", monthly), Lmns)));
    }

    [Fact]
    public void AMeasuresFileWithBadCellsNamesEachRowAndColumn()
    {
        var content = MeasureFile.Read(_store.File("bad-measures.csv", """
            Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority
            SATOD,Smoking,,proportion,,,a,b,lower,month,,trust return,
            GOOD_ONE,Good,,proportion,,,a,b,higher,month,,trust return,
            GOOD_ONE,Twice,,count,,,,,higher,month,,trust return,
            RATE_X,Rate,,rate,7,,a,b,lower,month,,trust return,
            LEVEL_X,Level,,level,,Only one,,,higher,year,,trust return,
            DIM_X,Dims,,count,,,,,higher,quarter,Shoe size,trust return,
            UNIT_X,Unit,,percent-ish,,,,,higher,sometimes,,nobody,
            """), Lmns);
        Assert.Equal([(2L, "Id"), (4L, "Id"), (5L, "Per"), (6L, "Levels"), (7L, "Breakdowns"), (8L, "Unit"), (8L, "Frequency"), (8L, "SuppliedBy")],
            content.Issues.Select(i => (i.Row, i.Column)));
        Assert.Contains("SATOD is a built-in indicator", content.Issues[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AMonthlyMeasureOfThirteenMonthsGetsAnXmRChartJudgedOnTheExactValuesForEveryCaller()
    {
        var content = MeasureFile.Read(_store.File("monthly.csv", """
            Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority
            DELAYED_TRANSFERS,Delayed transfers,Transfers delayed by more than an hour,count,,,,,lower,month,,trust return,1
            """), Lmns);
        Assert.Empty(content.Issues);
        MeasureStore.Import(_store.Database, Analyst, Lmns, content);
        var set = MeasureStore.Load(_store.Database, Lmns);
        long[] values = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 40];
        Assert.True(MeasureReturns.Save(_store.Database, Trust("X1A"), set, [.. values.Select((v, i) => ((long)i + 2,
            new MeasureReturns.Line("X1A", new DateOnly(2024, 1, 1).AddMonths(i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                "DELAYED_TRANSFERS", "Total", "Total", Value: v.ToString(System.Globalization.CultureInfo.InvariantCulture))))], true, "form").Imported);

        var spc = MeasureView.Build(_store.Database, Analyst, set, set.Find("DELAYED_TRANSFERS")!, "X1A").Spc!;
        // Worked by hand (Making Data Count's XmR): mean 172/13 = 13.230769; moving ranges eleven of 2 and one of 28, mean
        // 50/12 = 4.166667; 28 is at least 3.267 x 4.166667 = 13.6125, so it is screened out and the mean moving range is
        // 22/11 = 2; limits 13.230769 -/+ 2.66 x 2 = 7.910769 and 18.550769. The last month (40) is above the upper limit
        // and fewer is better: special cause, concern.
        Assert.Equal(13, spc.Points.Count);
        Assert.Equal((13.230769, 7.910769, 18.550769), (Math.Round(spc.Points[0].Mean, 6), Math.Round(spc.Points[0].Lower, 6), Math.Round(spc.Points[0].Upper, 6)));
        Assert.Equal(VariationType.SpecialCauseConcern, spc.Variation);

        // A viewer's points are the rounded counts (12 is shown as 10), the verdict the exact chart's.
        var viewer = new Access("v", Role.Viewer, [], new HashSet<string>());
        var shown = MeasureView.Build(_store.Database, viewer, set, set.Find("DELAYED_TRANSFERS")!, "X1A").Spc!;
        Assert.Equal(10, shown.Points[1].Value);
        Assert.Equal(VariationType.SpecialCauseConcern, shown.Variation);

        // Twelve months are not enough for limits: no chart.
        var twelve = MeasureView.Build(_store.Database, Analyst, set, set.Find("DELAYED_TRANSFERS")!, "X1A", until: new DateOnly(2025, 1, 1));
        Assert.Null(twelve.Spc);
    }

    [Fact]
    public void AViewerSeesCountsOfReturnsRoundedAndTheAnalystExact()
    {
        var set = Loaded();
        Assert.True(MeasureReturns.Save(_store.Database, Trust("X1A"), set,
            [(2, new("X1A", "2025/26 Q1", "SI_ETHNIC_CODE", "Total", "Total", Numerator: "3", Denominator: "12"))], true, "form").Imported);
        var viewer = new Access("v", Role.Viewer, [], new HashSet<string>());
        var shown = MeasureReturns.Values(_store.Database, viewer, set).Single();
        Assert.Equal((5d, 10d), (shown.Numerator!.Value, shown.Denominator!.Value));
        Assert.Equal((3d, 12d), (MeasureReturns.Values(_store.Database, Analyst, set).Single().Numerator!.Value, MeasureReturns.Values(_store.Database, Analyst, set).Single().Denominator!.Value));
    }

    [Fact]
    public void TheCommandsImportListShowFillAndExportMeasures()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        string[] Store(params string[] args) => [.. args, .. TestCli.StoreArguments(_store)];
        var measures = _store.File("measures.csv", MeasureGenerator.MeasuresCsv);
        var dimensions = _store.File("dimensions.csv", MeasureGenerator.DimensionsCsv);

        var import = TestCli.Run(cli!, Store("measures", "import", measures, "--dimensions", dimensions));
        Assert.True(import.Exit == 0, import.Output);
        Assert.Contains("17 added, 0 changed, 0 new versions, 0 unchanged; 1 dimensions", import.Output, StringComparison.Ordinal);
        var targets = TestCli.Run(cli!, Store("measures", "targets", "import", _store.File("targets.csv", MeasureGenerator.TargetsCsv)));
        Assert.True(targets.Exit == 0, targets.Output);
        var list = TestCli.Run(cli!, Store("measures", "list"));
        Assert.Contains("STAFF_CULTURAL", list.Output, StringComparison.Ordinal);
        Assert.Contains("DQ_ETHNICITY_VALID", list.Output, StringComparison.Ordinal);

        var template = Path.Combine(_store.Directory, "x1a.csv");
        Assert.Equal(0, TestCli.Run(cli!, Store("returns", "measures", "template", "--org", "X1A", "--period", "2025-05", "--out", template)).Exit);
        var lines = File.ReadAllLines(template);
        Assert.Equal(string.Join(",", MeasureReturns.Columns), lines[0].TrimStart('\uFEFF'));
        File.WriteAllLines(template, lines.Select(l => l.StartsWith("X1A,2025/26 Q1,SI_ETHNIC_CODE,Total,Total,", StringComparison.Ordinal)
            ? "X1A,2025/26 Q1,SI_ETHNIC_CODE,Total,Total,,18,20,,," : l).Where(l => !l.StartsWith("X1A,", StringComparison.Ordinal) || l.Contains(",18,20,", StringComparison.Ordinal)));
        var submitted = TestCli.Run(cli!, Store("returns", "measures", "import", template));
        Assert.True(submitted.Exit == 0, submitted.Output);
        Assert.Contains("1 values added", submitted.Output, StringComparison.Ordinal);

        var show = TestCli.Run(cli!, Store("measures", "show", "SI_ETHNIC_CODE"));
        Assert.Contains("90.0%", show.Output, StringComparison.Ordinal);
        var completeness = TestCli.Run(cli!, Store("returns", "measures", "completeness", "--period", "2025-05"));
        Assert.Contains("1 of 4 trusts have sent 2025/26 Q1", completeness.Output, StringComparison.Ordinal);
        var export = TestCli.Run(cli!, Store("returns", "measures", "export"));
        Assert.Contains("X1A,2025/26 Q1,SI_ETHNIC_CODE,Total,Total,,18,20", export.Output, StringComparison.Ordinal);

        var bad = _store.File("bad.csv", "Org,Period,Measure,Breakdown,Group,Value,Numerator,Denominator\nX1A,2025-13,SI_ETHNIC_CODE,Total,Total,,1,2\n");
        var refused = TestCli.Run(cli!, Store("returns", "measures", "import", bad));
        Assert.Equal(2, refused.Exit);
        Assert.Contains("row 2, Period '2025-13'", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnActionMayTargetTheLmnssOwnMeasuresBesideTheIndicators()
    {
        Loaded();
        var plan = PlanGenerator.Generate(Lmns, 5, seed: 1);
        var linked = plan with { Actions = [plan.Actions[0] with { Indicators = ["STAFF_CULTURAL", "SATOD"] }, .. plan.Actions.Skip(1)] };
        Maternity.Plans.PlanStore.Replace(_store.Database, Analyst, linked);
        Assert.Equal(["STAFF_CULTURAL", "SATOD"], Maternity.Plans.PlanStore.Load(_store.Database, Analyst, Lmns).Actions[0].Indicators);

        var unknown = plan with { Actions = [plan.Actions[0] with { Indicators = ["NOT_A_MEASURE"] }, .. plan.Actions.Skip(1)] };
        var error = Assert.Throws<InvalidDataException>(() => Maternity.Plans.PlanStore.Replace(_store.Database, Analyst, unknown));
        Assert.Contains("'NOT_A_MEASURE' is neither in the catalogue nor one of the LMNS's own measures", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDemoReturnsGiveAnIncreasingTrendAndThePartialLatestPeriodIsLeftOutOfIt()
    {
        var added = MeasureGenerator.Generate(_store.Database, Lmns, new DateOnly(2026, 12, 2));
        Assert.True(added > 1000, $"{added} values");
        var set = MeasureStore.Load(_store.Database, Lmns);
        var staff = MeasureView.Build(_store.Database, Analyst, set, set.Find("STAFF_CULTURAL")!, Lmns);

        Assert.Equal(8, staff.Series.Count);
        Assert.Equal((2, 4), (staff.Current!.Sent, staff.Current.Expected));
        Assert.Equal(7, staff.Series.Count(p => !p.Partial));
        Assert.Equal(TrendDirection.Increasing, staff.Trend!.Direction);
        Assert.True(staff.Trend.PValue < 0.001);
        // A trust's own page as a viewer: its series and its row among the trusts compared are one cell, judged once.
        var viewer = new Access("v", Role.Viewer, [], new HashSet<string>());
        var x1a = MeasureView.Build(_store.Database, viewer, set, set.Find("STAFF_CULTURAL")!, "X1A");
        Assert.Equal(x1a.Current!.Rag, x1a.Trusts.Single(t => t.Org == "X1A").Rag);
        // Counted, not proportions: no trend test.
        Assert.Null(MeasureView.Build(_store.Database, Analyst, set, set.Find("FORUMS_HELD")!, Lmns).Trend);
    }
}
