using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Programme;
using Maternity.Reference;
using Maternity.Synthetic;

namespace Maternity.Tests.Programme;

/// <summary>The registers in and out of XLSX workbooks, edits landing together, and posts filling the measures they count towards.</summary>
public sealed class ProgrammeWorkbookTests
{
    private const string Lmns = "LMNSX1";

    private static TestStore Store()
    {
        var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        PlanStore.Replace(store.Database, TestAccess.Admin, PlanGenerator.Generate(Lmns, 5, seed: 3));
        return store;
    }

    private static ProgrammeStore.ImportResult ImportCsv(TestStore store, string sheet, string csv) =>
        ProgrammeStore.Import(store.Database, TestAccess.Admin, Lmns, ProgrammeRegisters.Find(sheet), store.File(sheet + ".csv", csv));

    /// <summary>A workbook written by the one table writer the product has, with the given worksheets.</summary>
    private static string Workbook(TestStore store, string name, params (string Sheet, string[] Header, string[][] Rows)[] sheets)
    {
        var path = Path.Combine(store.Directory, name);
        TableFile.Write(path, [.. sheets.Select(s => new TableFile.SheetData(s.Sheet, s.Header, s.Rows.Select(r => (IReadOnlyList<string>)r)))]);
        return path;
    }

    [Fact]
    public void AFundingWorkbookLoadsItsStreamsAndTheInstalmentsThatReferToThemTogetherAndExportsTheSameColumns()
    {
        using var store = Store();
        var path = Workbook(store, "funding.xlsx",
            ("streams", ["Id", "Source", "Purpose", "Year", "Amount", "Conditions"],
                [["CGM", "NHS England", "Continuous Glucose Monitoring", "2022/23", "£44,000", ""]]),
            ("instalments", ["Id", "Stream", "When", "Amount", "Received"],
                [["CGM-M4", "CGM", "M4", "22000", "2022-07-29"], ["CGM-M10", "CGM", "M10", "22000", ""]]));

        var contents = ProgrammeFile.ReadWorkbook(path, ProgrammeRegisters.Funding);
        var result = ProgrammeStore.Import(store.Database, TestAccess.Admin, Lmns, contents);

        Assert.Empty(result.Issues);
        Assert.Equal(["funding.streams", "funding.instalments"], contents.Select(c => c.Sheet.Key));
        Assert.Equal(3, result.Added);
        var funding = FundingStatus.Build(ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns), new DateOnly(2022, 11, 15));
        Assert.Equal(44_000m, funding.Streams.Single().Amount);
        Assert.Equal(new DateOnly(2023, 1, 31), funding.Instalments.Single(i => i.Id == "CGM-M10").Due);

        // Out again: one worksheet per sheet of the register, the CSV's columns, and in again with nothing changed.
        var registers = ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns);
        var exported = Path.Combine(store.Directory, "out.xlsx");
        ProgrammeFile.WriteWorkbook(exported, ProgrammeRegisters.Of(ProgrammeRegisters.Funding).Select(s => (s, (IEnumerable<ProgrammeEntry>)registers.Rows(s.Key))));
        Assert.Equal(["streams", "instalments", "allocations"], MiniExcelLibs.MiniExcel.GetSheetNames(exported));
        Assert.Equal(["Id", "Stream", "When", "Amount", "Due", "Received", "Risk"], TableFile.Read(exported, "instalments")!.Value.Header);
        var again = ProgrammeStore.Import(store.Database, TestAccess.Admin, Lmns, ProgrammeFile.ReadWorkbook(exported, ProgrammeRegisters.Funding));
        Assert.Equal((0, 0, 0, 3), (again.Added, again.Changed, again.Removed, again.Unchanged));
    }

    [Fact]
    public void ABadCellInOneWorksheetNamesSheetRowAndColumnAndLoadsNoSheetOfTheWorkbook()
    {
        using var store = Store();
        var path = Workbook(store, "funding.xlsx",
            ("streams", ["Id", "Source", "Purpose", "Year", "Amount"], [["CAP", "NHS England", "LMNS capacity", "2022-23", "150000"]]),
            ("instalments", ["Id", "Stream", "When", "Amount"], [["CAP-H1", "CAP", "H1", "75000"], ["CAP-H2", "CAP", "H2", "half"], ["X-H1", "X", "H1", "1"]]));

        var result = ProgrammeStore.Import(store.Database, TestAccess.Admin, Lmns, ProgrammeFile.ReadWorkbook(path, ProgrammeRegisters.Funding));

        Assert.Equal([(3L, "Amount", "half"), (4L, "Stream", "X")], result.Issues.Select(i => (i.Row, i.Column, i.Value)));
        Assert.StartsWith("sheet instalments: not an amount in pounds", result.Issues[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("sheet instalments: no funding.streams row has id X", result.Issues[1].Reason, StringComparison.Ordinal);
        Assert.Equal(0L, store.Scalar("SELECT count(*) FROM programme_entry"));
    }

    [Fact]
    public void AnXlsxFileOfOneSheetIsReadFromTheWorksheetNamedAfterIt()
    {
        using var store = Store();
        var path = Workbook(store, "assets.xlsx",
            ("assets", ["Id", "Name", "Kind", "Postcode"], [["FH1", "Riverside Family Hub", "Family hub", "ZZ1 1AA"]]));

        var result = ProgrammeStore.Import(store.Database, TestAccess.Admin, Lmns, ProgrammeRegisters.Find("assets"), path);

        Assert.Empty(result.Issues);
        Assert.Equal("ZZ1 1AA", ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows("assets.assets").Single().Text("Postcode"));
    }

    [Fact]
    public void OfTwoEditsOfTheSameVersionLandingTogetherOneIsSavedAndTheOtherToldTheRowChangedSinceItWasOpened()
    {
        using var store = Store();
        ImportCsv(store, "posts.posts", "Id,Role,Organisation,Wte,Status\nP1,Health Inequalities Lead,X1A,0.2,Recruiting\n");
        var sheet = ProgrammeRegisters.Find("posts");
        using var start = new Barrier(2);
        Exception? Save(string wte)
        {
            start.SignalAndWait();
            try
            {
                ProgrammeStore.Edit(store.Database, TestAccess.As("user" + wte), Lmns, sheet, "P1", new Dictionary<string, string> { ["Wte"] = wte }, 1);
                return null;
            }
            catch (Exception e) { return e; }
        }

        var outcomes = new[] { "0.4", "0.6" }.AsParallel().WithDegreeOfParallelism(2).Select(Save).ToList();

        Assert.Single(outcomes, o => o is null);
        var refused = Assert.IsType<PlanConflictException>(Assert.Single(outcomes, o => o is not null));
        Assert.Contains("posts.posts P1 has changed since you opened it", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", refused.Message, StringComparison.Ordinal);
        var history = ProgrammeStore.History(store.Database, TestAccess.Admin, Lmns, sheet, "P1");
        Assert.Equal([1, 2], history.Select(h => h.Version));
    }

    [Fact]
    public void ARowRemovedByAnImportCanBeAddedAgainByAnEdit()
    {
        using var store = Store();
        ImportCsv(store, "posts.posts", "Id,Role,Organisation,Wte,Status\nP1,Health Inequalities Lead,X1A,0.2,Recruiting\n");
        ImportCsv(store, "posts.posts", "Id,Role,Organisation,Wte,Status\n");

        var sheet = ProgrammeRegisters.Find("posts");
        ProgrammeStore.Edit(store.Database, TestAccess.Admin, Lmns, sheet, "P1",
            new Dictionary<string, string> { ["Role"] = "Health Inequalities Lead", ["Organisation"] = "X1A", ["Wte"] = "0.2", ["Status"] = "In post" }, 0);

        Assert.Equal((3, "In post"), ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows("posts.posts").Single() is var p ? (p.Version, p.Text("Status")) : default);
    }

    private const string LeadMeasure = """
        Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority
        HIL_IN_POST,Health Inequalities Lead in post,Each trust has one,yes/no,,,,,higher,month,,trust return,5
        FORUMS_HELD,Listening forums held,Forums,count,,,,,higher,quarter,,LMNS entry,1
        """;

    private static MeasureStore.MeasureSet Measures(TestStore store)
    {
        MeasureStore.Import(store.Database, TestAccess.Admin, Lmns, MeasureFile.Read(store.File("measures.csv", LeadMeasure), Lmns));
        return MeasureStore.Load(store.Database, Lmns);
    }

    [Fact]
    public void EachTrustIsYesForAMonthWhenItsLeadIsInPostOnTheMonthsLastDayAndATrustWithoutOneIsNo()
    {
        using var store = Store();
        var set = Measures(store);
        ImportCsv(store, "posts.posts", """
            Id,Role,Organisation,Wte,Status,Since,Measure
            HIL-A,Health Inequalities Lead,X1A,0.2,In post,2026-01-15,HIL_IN_POST
            HIL-B,Health Inequalities Lead,X1B,0.2,Recruiting,2025-12-01,HIL_IN_POST
            EQL,LMNS equity lead,LMNSX1,1,In post,2024-01-01,
            """);
        var posts = ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows("posts.posts");

        // Hand-worked, as at 10 March 2026: the months run from the earliest Since (December 2025) to March. X1A's lead
        // started on 15 January, so is in post on 31 January, 28 February and today, not on 31 December; X1B is
        // recruiting; X1C and X1D have no post: No.
        var lines = PostMeasures.Lines(set, OrgHierarchy.Read(store.Database), posts, new DateOnly(2026, 3, 10));

        Assert.Equal(16, lines.Count);
        Assert.Equal(["2025-12 No", "2026-01 Yes", "2026-02 Yes", "2026-03 Yes"], lines.Where(l => l.Org == "X1A").Select(l => $"{l.Period} {l.Value}"));
        Assert.All(lines.Where(l => l.Org != "X1A"), l => Assert.Equal("No", l.Value));
        Assert.Equal(["X1A", "X1B", "X1C", "X1D"], lines.Select(l => l.Org).Distinct());
    }

    [Fact]
    public void ThePostsImportStoresTheMeasureValuesAsProgrammeSoTheOverviewJudgesThemAgainstTheTarget()
    {
        using var store = Store();
        var set = Measures(store);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var since = new DateOnly(today.Year, today.Month, 1).AddMonths(-2);
        var result = ImportCsv(store, "posts.posts", $"""
            Id,Role,Organisation,Wte,Status,Since,Measure
            HIL-A,Health Inequalities Lead,X1A,0.2,In post,{since:yyyy-MM-dd},HIL_IN_POST
            HIL-B,Health Inequalities Lead,X1B,0.2,In post,{since:yyyy-MM-dd},HIL_IN_POST
            """);

        // Three months (since the first of the month two months back) for four trusts.
        Assert.Equal(12, result.MeasureValues);
        var values = MeasureReturns.Values(store.Database, TestAccess.Admin, set, "HIL_IN_POST");
        Assert.All(values, v => Assert.Equal(PostMeasures.How, v.How));
        Assert.Equal(6, values.Count(v => v.Numerator == 1));
        // The LMNS: 2 of its 4 trusts say yes.
        var view = MeasureView.Build(store.Database, TestAccess.Admin, set, set.Find("HIL_IN_POST")!, Lmns);
        Assert.Equal("2 of 4 yes", view.Series[^1].Text);

        // X1B's lead leaves: an edit of the post rewrites its months, the earlier values kept as replaced.
        var edit = ProgrammeStore.Edit(store.Database, TestAccess.Admin, Lmns, ProgrammeRegisters.Find("posts"), "HIL-B",
            new Dictionary<string, string> { ["Status"] = "Vacant" }, 1);
        Assert.Equal(3, edit.MeasureValues);
        Assert.Equal(3, MeasureReturns.Values(store.Database, TestAccess.Admin, set, "HIL_IN_POST").Count(v => v.Numerator == 1));
    }

    [Fact]
    public void APostNamingAMeasureThatIsNotYesOrNoOrUnknownIsRefusedNamingRowAndColumn()
    {
        using var store = Store();
        Measures(store);

        var result = ImportCsv(store, "posts.posts", """
            Id,Role,Organisation,Wte,Status,Measure
            P1,Health Inequalities Lead,X1A,0.2,In post,FORUMS_HELD
            P2,Health Inequalities Lead,X1B,0.2,In post,NO_SUCH
            P3,Health Inequalities Lead,LMNSX1,0.2,In post,HIL_IN_POST
            """);

        Assert.Equal([(2L, "Measure", "FORUMS_HELD"), (3L, "Measure", "NO_SUCH"), (4L, "Organisation", "LMNSX1")],
            result.Issues.Select(i => (i.Row, i.Column, i.Value)));
        Assert.Equal(0L, store.Scalar("SELECT count(*) FROM programme_entry WHERE sheet = 'posts.posts'"));
    }

    // Two LSOAs as squares in eastings and northings, A at the left and B at its right: drawn 640 wide, the scale is
    // (640 - 2 x 4) / 200 = 3.16 px per metre with a 4 px margin, so A's centre (50, 50) is at (162, 162) and B's
    // centre (150, 50) at (478, 162) on a map 324 px high.
    private const string TwoLsoas = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"LSOA11CD":"E01000001"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[100,0],[100,100],[0,100],[0,0]]]}},
          {"type":"Feature","properties":{"LSOA11CD":"E01000002"},"geometry":{"type":"Polygon","coordinates":[[[100,0],[200,0],[200,100],[100,100],[100,0]]]}}
        ]}
        """;

    // The ONS Postcode Directory's layout, cut to a few columns and rows: one postcode in A, one in B, one in an LSOA
    // outside the LMNS (not kept) and a terminated postcode with no LSOA.
    private const string Onspd = """
        pcd,pcd2,pcds,dointr,doterm,lsoa11,lsoa21,imd
        ZZ1 1AA,ZZ1  1AA,ZZ1 1AA,198001,,E01000001,E01100001,3
        ZZ1 2BB,ZZ1  2BB,ZZ1 2BB,198001,,E01000002,E01100002,9
        ZZ9 9ZZ,ZZ9  9ZZ,ZZ9 9ZZ,198001,,E01099999,E01199999,5
        ZZ1 3CC,ZZ1  3CC,ZZ1 3CC,198001,200012,,,
        """;

    [Fact]
    public void AnAssetKnownOnlyByPostcodeIsPlacedInItsLsoaThroughTheLoadedLookup()
    {
        using var store = Store();
        LsoaBoundaries.Import(store.Database, TestAccess.Admin, Lmns, store.File("lsoa.geojson", TwoLsoas));
        ImportCsv(store, "assets.assets", """
            Id,Name,Kind,Postcode,Lsoa
            H1,Riverside Family Hub,Family hub,zz12bb,
            H2,Eastgate Children's Centre,Children's centre,ZZ9 9ZZ,
            H3,Westmoor clinic,Community clinic,,E01000001
            """);

        var loaded = PostcodeLookup.Import(store.Database, TestAccess.Admin, Lmns, store.File("ONSPD_FEB_2024_UK.csv", Onspd));
        var map = ProgrammeView.Build(store.Database, TestAccess.Admin, Lmns, new DateOnly(2026, 1, 1)).Map;

        Assert.Equal((2, 2), (loaded.Kept, loaded.Skipped));
        // H1's postcode, written without a space and in small letters, is in B; H3 is in A by its own LSOA.
        Assert.Equal([("H1", "E01000002", 478.0, 162.0), ("H3", "E01000001", 162.0, 162.0)],
            map.Markers.Select(m => (m.Asset.Id, m.Lsoa, m.X, m.Y)));
        // H2's postcode is in an LSOA outside the LMNS's boundaries: listed, not drawn.
        Assert.Equal("H2", Assert.Single(map.Unplaced).Id);
    }

    [Fact]
    public void APostcodeLookupWithoutAnLsoaColumnIsRefusedNamingTheFile()
    {
        using var store = Store();
        LsoaBoundaries.Import(store.Database, TestAccess.Admin, Lmns, store.File("lsoa.geojson", TwoLsoas));

        var refused = Assert.Throws<InvalidDataException>(() =>
            PostcodeLookup.Import(store.Database, TestAccess.Admin, Lmns, store.File("lookup.csv", "pcds,oa11\nZZ1 1AA,E00000001\n")));

        Assert.Equal("lookup.csv: no LSOA column (lsoa11 or lsoa21, as in the ONS Postcode Directory). Nothing was loaded.", refused.Message);
    }

    [Fact]
    public void TheMapShadesEachLsoaByItsBandOfBirthsToThePriorityCohort()
    {
        // Bands: 0; 1 to 4; 5 to 9; 10 to 19; 20 or more.
        Assert.Equal([0, 1, 1, 2, 2, 3, 3, 4], new long[] { 0, 1, 4, 5, 9, 10, 19, 20 }.Select(PriorityBirths.Band));
        var areas = LsoaBoundaries.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TwoLsoas)), "lsoa.geojson");
        var births = new PriorityBirths(new Dictionary<string, long> { ["E01000001"] = 12 }, new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 1), false);

        var map = LsoaMap.Build([.. areas.Select(a => (a, (int?)null))], [], births: births);

        // A: 12 births, the 10 to 19 band; B: none recorded, the first band.
        Assert.Equal([("E01000001", (long?)12, "#756bb1"), ("E01000002", 0, "#f2f0f7")], map.Shapes.Select(s => (s.Code, s.Births, s.BirthFill)));
        Assert.Equal("10 to 19 births", PriorityBirths.BandText(3));
    }

    [Fact]
    public void BirthsToThePriorityCohortAreCountedByTheMothersLsoaAndRoundedForAViewer()
    {
        using var store = new TestStore();
        store.LoadSynthetic(3_000, 12, seed: 5);

        var exact = PriorityBirths.Build(store.Database, TestAccess.Admin, Lmns);
        var viewer = Maternity.Security.Access.Resolve(store.Database, "v", Maternity.Security.Role.Viewer, [Lmns]);
        var shown = PriorityBirths.Build(store.Database, viewer, Lmns);

        Assert.NotEmpty(exact.ByLsoa);
        Assert.Equal(exact.To!.Value.AddMonths(-11), exact.From);
        Assert.All(exact.ByLsoa.Keys, k => Assert.StartsWith("E019", k, StringComparison.Ordinal));
        Assert.False(exact.Rounded);
        Assert.True(shown.Rounded);
        Assert.All(shown.ByLsoa.Values, n => Assert.Equal(0, n % 5));
        // Every LSOA's births pass NHS England's rounding: 1 to 7 shown as 5, else to the nearest 5.
        Assert.All(exact.ByLsoa, e => Assert.Equal(e.Value < 8 ? 5 : 5 * (long)Math.Round(e.Value / 5.0, MidpointRounding.AwayFromZero), shown.ByLsoa[e.Key]));
    }
}
