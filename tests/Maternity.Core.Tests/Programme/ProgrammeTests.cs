using Dapper;
using Maternity.Plans;
using Maternity.Programme;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Synthetic;

namespace Maternity.Tests.Programme;

public sealed class ProgrammeTests
{
    private const string Lmns = "LMNSX1";

    private static TestStore Store()
    {
        var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        PlanStore.Replace(store.Database, TestAccess.Admin, PlanGenerator.Generate(Lmns, 5, seed: 3));
        return store;
    }

    private static ProgrammeStore.ImportResult Import(TestStore store, string sheet, string csv, string? by = null) =>
        ProgrammeStore.Import(store.Database, by is null ? TestAccess.Admin : TestAccess.As(by), Lmns, ProgrammeRegisters.Find(sheet),
            store.File(sheet + ".csv", csv));

    // Herefordshire and Worcestershire LMNS, 2022/23 allocation lines as its plan lists them (reference:
    // lmns-plans-requirements.md, funding table, from plan 003 l.951-961): the lines with a stated amount total £656,000,
    // H1 instalments £328,000 with CGM's first £22,000 in July (M4). The ICB's £4,500 to each MVP annually is loaded here
    // for two MVPs (a number chosen for the test).
    private const string HwStreams = """
        Id,Source,Purpose,Year,Amount,Conditions
        CAP,NHS England,LMNS Capacity Targeted (ICS/LMNS),2022/23,"£150,000",
        GEN,NHS England,General implementation Targeted (ICS/LMNS),2022/23,"£90,000",subject to assurance
        COC,NHS England,Continuity of carer and equity Targeted (ICS/LMS),2022/23,"£90,000",subject to assurance
        CGM,NHS England,Continuous Glucose Monitoring Targeted (ICS/LMS),2022/23,"£44,000",
        PTB,NHS England,Pre-term birth clinics and Maternal Medicine Networks Baselines (CCGs),2022/23,"£132,000",
        PPH,NHS England,Pilot funding: Perinatal Pelvic Health EIS Targeted (ICS/LMNS),2022/23,"£150,000",
        MVP,ICB,MVP contribution: £4500 to each MVP annually,2022/23,9000,
        """;

    private const string HwInstalments = """
        Id,Stream,When,Amount,Received
        CAP-H1,CAP,H1,75000,2022-09-20
        CAP-H2,CAP,H2,75000,
        GEN-H1,GEN,H1,45000,
        GEN-H2,GEN,H2,45000,
        COC-H1,COC,H1,45000,2022-09-20
        COC-H2,COC,H2,45000,
        CGM-M4,CGM,M4,22000,2022-07-29
        CGM-M10,CGM,M10,22000,
        PTB-H1,PTB,H1,66000,2022-09-20
        PTB-H2,PTB,H2,66000,
        PPH-H1,PPH,H1,75000,2022-09-20
        PPH-H2,PPH,H2,75000,
        MVP-Y,MVP,Year,9000,
        """;

    private const string HwAllocations = """
        Id,Stream,Recipient,Kind,Amount,Spent
        MVP-H,MVP,Herefordshire MVP,MVP,4500,1200
        MVP-W,MVP,Worcestershire MVP,MVP,4500,
        """;

    [Fact]
    public void HerefordshireAndWorcestershireAllocationsShowByMonthWithTheUnpaidH1InstalmentOverdue()
    {
        using var store = Store();
        Assert.Empty(Import(store, "funding.streams", HwStreams).Issues);
        Assert.Empty(Import(store, "funding.instalments", HwInstalments).Issues);
        Assert.Empty(Import(store, "funding.allocations", HwAllocations).Issues);

        var funding = FundingStatus.Build(ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns), new DateOnly(2022, 11, 15));

        Assert.Equal(656_000m, funding.Streams.Where(s => s.Source == "NHS England").Sum(s => s.Amount));
        Assert.Equal(328_000m, funding.Instalments.Where(i => i.When is "H1" or "M4").Sum(i => i.Amount));
        Assert.All(funding.Streams, s => Assert.Equal(0m, s.Unprofiled));
        // 50% in July (M4), remainder in January (M10): the last days of those months of 2022-23.
        Assert.Equal(new DateOnly(2022, 7, 31), funding.Instalments.Single(i => i.Id == "CGM-M4").Due);
        Assert.Equal(new DateOnly(2023, 1, 31), funding.Instalments.Single(i => i.Id == "CGM-M10").Due);
        // By month: July £22,000; September the five H1 halves £306,000; January £22,000; March the H2 halves and the MVP money.
        Assert.Equal(
            [("2022-07", 22_000m, 22_000m), ("2022-08", 0m, 0m), ("2022-09", 306_000m, 261_000m), ("2022-10", 0m, 0m), ("2022-11", 0m, 0m),
             ("2022-12", 0m, 0m), ("2023-01", 22_000m, 0m), ("2023-02", 0m, 0m), ("2023-03", 315_000m, 0m)],
            funding.Months.Select(m => (m.Start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), m.Due, m.Received)));
        Assert.Equal(665_000m, funding.Months[^1].CumulativeDue);
        Assert.Equal(283_000m, funding.TotalReceived);
        // General implementation's H1 half (£45,000, due 30 September) has not arrived by 15 November.
        var overdue = Assert.Single(funding.Overdue);
        Assert.Equal(("GEN-H1", 45_000m, new DateOnly(2022, 9, 30)), (overdue.Id, overdue.Amount, overdue.Due));
        // The H2 halves of the lines "subject to assurance" are at risk; the rest not yet due.
        Assert.Equal(["COC-H2", "GEN-H2"], funding.Instalments.Where(i => i.State == InstalmentState.AtRisk).Select(i => i.Id).Order());
        Assert.Equal(InstalmentState.Expected, funding.Instalments.Single(i => i.Id == "CGM-M10").State);
        Assert.Equal((9_000m, 1_200m), (funding.Streams.Single(s => s.Id == "MVP").Allocated, funding.Streams.Single(s => s.Id == "MVP").Spent));
    }

    [Fact]
    public void ABadCellIsReportedWithFileRowAndColumnAndNothingIsLoaded()
    {
        using var store = Store();
        var result = Import(store, "funding.streams", """
            Id,Source,Purpose,Year,Amount
            A,NHS England,Capacity,2022-23,150000
            B,NHS England,CGM,2022-23,forty thousand
            C,ICB,MVP,22-24,4500
            """);

        Assert.Equal(
            [(3L, "Amount", "forty thousand"), (4L, "Year", "22-24")],
            result.Issues.Select(i => (i.Row, i.Column, i.Value)));
        Assert.Equal(0L, store.Scalar("SELECT count(*) FROM programme_entry"));
    }

    [Fact]
    public void AnInstalmentOfAnUnknownStreamAndALinkToAnActionNotInThePlanAreRefused()
    {
        using var store = Store();
        Import(store, "funding.streams", "Id,Source,Purpose,Year,Amount,Actions\nA,NHS England,Capacity,2022-23,150000,A001\n");
        var instalments = Import(store, "funding.instalments", "Id,Stream,When,Amount\nA-H1,A,H1,75000\nZ-H1,Z,H1,1\n");
        var posts = Import(store, "posts", "Id,Role,Organisation,Wte,Status,Actions\nP1,Health Inequalities Lead,X1A,0.2,Recruiting,A001; A999\n");

        Assert.Equal((3L, "Stream", "Z"), (instalments.Issues.Single().Row, instalments.Issues.Single().Column, instalments.Issues.Single().Value));
        Assert.Equal((2L, "Actions", "A999"), (posts.Issues.Single().Row, posts.Issues.Single().Column, posts.Issues.Single().Value));
        var registers = ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns);
        Assert.Equal(["A001"], registers.Rows("funding.streams").Single().List("Actions"));
        Assert.Empty(registers.Rows("funding.instalments"));
        Assert.Empty(registers.Rows("posts.posts"));
    }

    [Fact]
    public void EditsKeepEveryVersionAndAreAudited()
    {
        using var store = Store();
        Import(store, "posts", "Id,Role,Organisation,Wte,Status,Since\nP1,Health Inequalities Lead,X1A,0.2,Recruiting,2024-04-01\n", by: "alice");
        Import(store, "posts", "Id,Role,Organisation,Wte,Status,Since\nP1,Health Inequalities Lead,X1A,0.2,In post,2024-07-15\n", by: "bob");
        var sheet = ProgrammeRegisters.Find("posts");
        ProgrammeStore.Edit(store.Database, TestAccess.As("carol"), Lmns, sheet, "P1", new Dictionary<string, string> { ["Status"] = "vacant" }, 2);
        Assert.Throws<PlanConflictException>(() =>
            ProgrammeStore.Edit(store.Database, TestAccess.As("dave"), Lmns, sheet, "P1", new Dictionary<string, string> { ["Wte"] = "0.4" }, 2));

        var history = ProgrammeStore.History(store.Database, TestAccess.Admin, Lmns, sheet, "P1");
        Assert.Equal(["alice", "bob", "carol"], history.Select(h => h.By));
        Assert.Contains(new PlanStore.FieldChange("Status", "Recruiting", "In post"), history[1].Fields);
        Assert.Contains(new PlanStore.FieldChange("Since", "2024-04-01", "2024-07-15"), history[1].Fields);
        Assert.Equal([new PlanStore.FieldChange("Status", "In post", "Vacant")], history[2].Fields);
        Assert.Equal("Vacant", ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows("posts.posts").Single().Text("Status"));
        var audit = AuditLog.List(store.Database, TestAccess.Admin).Where(e => e.Action.StartsWith("programme.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["programme.edit", "programme.import", "programme.import"], audit.Select(e => e.Action));
        Assert.Equal("LMNSX1/posts.posts/P1", audit[0].Target);
    }

    [Fact]
    public void PercentTrainedHasAWilsonIntervalWorkedByHand()
    {
        using var store = Store();
        Import(store, "training.courses", "Id,Title,Topic\nCC,Cultural competence,Cultural competence\n");
        Import(store, "training.sessions", """
            Id,Course,Date,Trust,StaffGroup,Attended
            S1,CC,2024-05-01,X1A,Midwives,30
            S2,CC,2024-06-01,X1A,Midwives,15
            S3,CC,2024-06-01,X1B,Midwives,3
            """);
        Import(store, "training.staff", "Id,Trust,StaffGroup,InPost,AsAt\nA-MW,X1A,Midwives,60,2024-04-01\nB-MW,X1B,Midwives,4,2024-04-01\n");

        var rows = TrainingCoverage.Build(ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns), TestAccess.Admin).Rows;

        // 45 of 60 trained. Wilson (Newcombe 1998, method 3), z = 1.959964, z² = 3.841459:
        // centre 2x + z² = 93.841459; spread z·√(z² + 4x(1 − x/n)) = 1.959964 × √(3.841459 + 45) = 13.697535;
        // divisor 2(n + z²) = 127.682918; lower = 80.143924 / 127.682918 = 0.627679; upper = 107.538994 / 127.682918 = 0.842235.
        var a = rows.Single(r => r.Org == "X1A");
        Assert.Equal((45L, 60L), (a.Trained, a.InPost));
        Assert.Equal(75.0, a.Percent!.Value, 6);
        Assert.Equal(62.7679, a.Percent.Lower, 0.0001);
        Assert.Equal(84.2235, a.Percent.Upper, 0.0001);
        var lmns = rows.Single(r => r.Org == Lmns);
        Assert.Equal((48L, 64L), (lmns.Trained, lmns.InPost));

        // A viewer sees counts as NHS England's rounding rule shows them (3 -> 5, 4 -> 5), the percentage from those.
        var viewer = new Access("v", Role.Viewer, [], new HashSet<string>());
        var b = TrainingCoverage.Build(ProgrammeStore.Load(store.Database, viewer, Lmns), viewer).Rows.Single(r => r.Org == "X1B");
        Assert.Equal((5L, 5L, true), (b.Trained, b.InPost, b.Suppressed));
        Assert.Equal(100.0, b.Percent!.Value, 6);
    }

    [Fact]
    public void OverdueImpactAssessmentReviewsAreThoseNotClosedPastTheirReviewDate()
    {
        using var store = Store();
        Import(store, "eia", """
            Id,Subject,Date,Author,Groups,Review,Status,Actions
            E1,Continuity of carer teams,2023-01-10,Equity lead,Black women; Asian women; most deprived,2024-01-10,Open,A001
            E2,Digital PCSP app,2023-06-01,Digital midwife,Non-English speakers; digital exclusion,2025-06-01,Open,
            E3,Interpreting service change,2022-03-01,Head of midwifery,Non-English speakers,2023-03-01,Closed,
            """);
        Import(store, "approvals", """
            Id,Version,Step,By,Date,Where
            AP1,v1.0,Approved,LMNS Board,2022-09-15,
            AP2,v1.0,Published,LMNS,2022-10-01,LMNS website
            """);

        var summary = ProgrammeSummary.Build(ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns), new DateOnly(2024, 3, 10));

        var review = Assert.Single(summary.OverdueReviews);
        Assert.Equal(("E1", 60, "A001"), (review.Id, review.DaysOverdue, review.Actions.Single()));
        Assert.Equal(["AP1", "AP2"], summary.Approvals.Select(a => a.Id));
    }

    // Three LSOAs as squares in eastings and northings: A (decile 1) at the bottom left, B (decile 10) to its right,
    // C (no IMD decile loaded) above A. Drawn 640 wide: scale (640 − 2·4) / 200 = 3.16 px per metre, 4 px margin.
    private const string Boundaries = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"LSOA11CD":"E01000001","LSOA11NM":"Test 001A"},
           "geometry":{"type":"Polygon","coordinates":[[[0,0],[100,0],[100,100],[0,100],[0,0]]]}},
          {"type":"Feature","properties":{"LSOA11CD":"E01000002","LSOA11NM":"Test 001B"},
           "geometry":{"type":"MultiPolygon","coordinates":[[[[100,0],[200,0],[200,100],[100,100],[100,0]]]]}},
          {"type":"Feature","properties":{"LSOA11CD":"E01000003","LSOA11NM":"Test 001C"},
           "geometry":{"type":"Polygon","coordinates":[[[0,100],[100,100],[100,200],[0,200],[0,100]]]}}
        ]}
        """;

    [Fact]
    public void TheMapShadesEachLsoaByItsImdDecileAndPlacesAssetsInTheirLsoa()
    {
        using var store = Store();
        using (var connection = store.Database.Open())
            connection.Execute("""
                INSERT INTO imd_lsoa (lsoa_code, edition, lsoa_name, imd_rank, imd_decile) VALUES
                ('E01000001', 'IMD2019', 'Test 001A', 100, 1), ('E01000002', 'IMD2019', 'Test 001B', 32000, 10)
                """);
        var loaded = LsoaBoundaries.Import(store.Database, TestAccess.Admin, Lmns, store.File("lsoa.geojson", Boundaries));
        Import(store, "assets", """
            Id,Name,Kind,Languages,Lsoa,Postcode
            H1,Riverside Family Hub,Family hub,English; Urdu,E01000001,
            H2,Eastgate Children's Centre,Children's centre,,,ZZ1 1ZZ
            """);

        var map = LsoaMap.Build(LsoaBoundaries.Load(store.Database, TestAccess.Admin, Lmns),
            ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows("assets.assets"));

        Assert.Equal(3, loaded.Kept);
        Assert.Equal((640.0, 640.0), (map.Width, map.Height));
        Assert.Equal(
            [("E01000001", (int?)1, "#08306b"), ("E01000002", 10, "#f7fbff"), ("E01000003", null, "#d8dde0")],
            map.Shapes.Select(s => (s.Code, s.Decile, s.Fill)));
        // A's corners (0,0) and (100,100) land at (4, 636) and (320, 320).
        Assert.StartsWith("M4 636L320 636L320 320L4 320L4 636Z", map.Shapes[0].Path, StringComparison.Ordinal);
        // Its centre (50, 50) at (162, 478); H2 has no LSOA, so it is listed, not drawn.
        var marker = Assert.Single(map.Markers);
        Assert.Equal(("H1", 162.0, 478.0), (marker.Asset.Id, marker.X, marker.Y));
        Assert.Equal("H2", Assert.Single(map.Unplaced).Id);
    }

    [Fact]
    public void ABoundaryFileWithoutLsoaCodesIsRefusedAndTheLoadedBoundariesStay()
    {
        using var store = Store();
        LsoaBoundaries.Import(store.Database, TestAccess.Admin, Lmns, store.File("lsoa.geojson", Boundaries));
        var bad = store.File("bad.geojson", """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":null}]}""");

        var refused = Assert.Throws<InvalidDataException>(() => LsoaBoundaries.Import(store.Database, TestAccess.Admin, Lmns, bad));

        Assert.Equal("bad.geojson feature 1: no LSOA code property (LSOA11CD, LSOA21CD or lsoa_code). Nothing was loaded.", refused.Message);
        Assert.Equal(3L, store.Scalar("SELECT count(*) FROM programme_boundary"));
    }

    [Fact]
    public void AViewerMayReadTheRegistersButNotChangeThemAndThePublicMayNotReadThem()
    {
        using var store = Store();
        var viewer = new Access("v", Role.Viewer, [], new HashSet<string>());
        var sheet = ProgrammeRegisters.Find("approvals");
        Assert.Throws<AccessDeniedException>(() => ProgrammeStore.Import(store.Database, viewer, Lmns, sheet, store.File("a.csv", "Id,Version,Step,By,Date\n")));
        Assert.Throws<AccessDeniedException>(() => ProgrammeStore.Load(store.Database, new Access("p", Role.Public, [], new HashSet<string>()), Lmns));
        Assert.Empty(ProgrammeStore.Load(store.Database, viewer, Lmns).Sheets);
    }

    [Fact]
    public void ExportWritesTheFileThatImportsBackUnchanged()
    {
        using var store = Store();
        Import(store, "funding.streams", HwStreams);
        var sheet = ProgrammeRegisters.Find("funding.streams");
        using var text = new StringWriter();
        ProgrammeFile.Write(sheet, ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows(sheet.Key), text);

        var again = Import(store, "funding.streams", text.ToString());

        Assert.Equal((0, 0, 0, 7), (again.Added, again.Changed, again.Removed, again.Unchanged));
        Assert.Contains("CAP,NHS England,LMNS Capacity Targeted (ICS/LMNS),2022-23,150000,,", text.ToString(), StringComparison.Ordinal);
    }
}
