using Dapper;
using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Wres;

namespace Maternity.Tests.Wres;

/// <summary>
/// Record-level staff extracts: twelve people counted by hand below, aggregated into the WRES counts, then the nine
/// indicators from those counts (formulas as in docs/wres.md: NHS England WRES indicators). The person reference is
/// never stored; a bad extract is refused whole, every cell named.
/// </summary>
public sealed class WresStaffExtractTests : IDisposable
{
    private readonly TestStore _store = new();

    public WresStaffExtractTests() => OrgHierarchy.Demo.Store(_store.Database);

    public void Dispose() => _store.Dispose();

    private const string Header =
        "Person,Org,Year,StaffGroup,Category,Band,Ethnicity,InPost,Shortlisted,Appointed,Disciplinary,Training,BoardVoting,BoardExecutive,BoardNonExecutive\n";

    /// <summary>
    /// X1A 2025. In post (10): White P1 P2 P3 P4 P9 (5), BME P5 P6 P7 P10 (4), unknown P8 (1). P11 is an applicant, P12 a
    /// non-executive director, neither in post. Shortlisted: White P1 P2 P3 (3), BME P5 P6 P7 P11 (4); appointed: White
    /// P1 P3 (2), BME P6 (1). Disciplinary: BME P5 P7 (2), White P3 (1). Training: White P1 P2 (2), BME P6 (1). Board
    /// voting: White P9 P12, BME P10 (3 members). Maternity: P1 P2 (White), P5 P6 (BME).
    /// </summary>
    private const string Extract = Header + """
        P1,X1A,2025,Maternity,Clinical,5,A,Y,Y,Y,N,Y,N,N,N
        P2,X1A,2025,Maternity,Clinical,5,A,Y,Y,N,N,Y,N,N,N
        P3,X1A,2025,,Clinical,6,C,Y,Y,Y,Y,N,N,N,N
        P4,X1A,2025,Neonatal,Clinical,5,B,Y,N,N,N,N,N,N,N
        P5,X1A,2025,Maternity,Clinical,5,H,Y,Y,N,Y,N,N,N,N
        P6,X1A,2025,Maternity,Clinical,3,N,Y,Y,Y,N,Y,N,N,N
        P7,X1A,2025,Neonatal,Clinical,6,M,Y,Y,N,Y,N,N,N,N
        P8,X1A,2025,Other,Non-clinical,3,Z,Y,N,N,N,N,N,N,N
        P9,X1A,2025,,Non-clinical,8a,A,Y,N,N,N,N,Y,Y,N
        P10,X1A,2025,,Non-clinical,VSM,R,Y,N,N,N,N,Y,Y,N
        P11,X1A,2025,,,,J,N,Y,N,N,N,N,N,N
        P12,X1A,2025,,,,A,N,N,N,N,N,Y,N,Y
        """;

    [Fact]
    public void AStaffExtractAggregatesToTheHandCountedFiguresAndTheIndicatorsFollow()
    {
        var result = WresStore.Import(_store.Database, TestAccess.Admin, _store.File("staff.csv", Extract));
        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => i.Reason)));
        Assert.Equal(3, result.Groups); // whole trust, maternity, neonatal

        var report = WresView.Build(_store.Database, TestAccess.Admin, "X1A", 2025).Report!;
        Assert.Equal((5L, 4L, 1L), (report.Workforce.White, report.Workforce.Bme, report.Workforce.Unknown));
        // Clinical band 5: White P1 P2 P4, BME P5.
        var band5 = report.Bands.Single(b => b.Category == "Clinical" && b.Name == "5");
        Assert.Equal((3L, 1L), (band5.Staff.White, band5.Staff.Bme));

        // 2: (2/3) / (1/4) = 0.666667 / 0.25 = 2.666667.
        var rl2 = report.Indicator(2)!;
        Assert.Equal((2L, 3L, 1L, 4L), (rl2.TopEvents, rl2.TopDenominator, rl2.BottomEvents, rl2.BottomDenominator));
        Assert.Equal(2.666667, rl2.Value.Value, 6);
        // 3 (one year, none before): (2/4) / (1/5) = 0.5 / 0.2 = 2.5.
        var rl3 = report.Indicator(3)!;
        Assert.Equal((2L, 4L, 1L, 5L, 1), (rl3.TopEvents, rl3.TopDenominator, rl3.BottomEvents, rl3.BottomDenominator, rl3.Years));
        Assert.Equal(2.5, rl3.Value.Value, 9);
        Assert.True(rl3.SmallNumbers);
        // 4: (2/5) / (1/4) = 0.4 / 0.25 = 1.6.
        Assert.Equal(1.6, report.Indicator(4)!.Value.Value, 9);
        // 9, voting: 1 of 3 members BME (33.333%) against 4 of 10 staff (40%): -6.667 points.
        var voting = report.Boards.Single(b => b.Kind == "Voting members");
        Assert.Equal((2L, 1L, 3L), (voting.Members.White, voting.Members.Bme, voting.Members.Total));
        Assert.Equal(-6.666667, voting.DifferencePoints, 6);
        var executive = report.Boards.Single(b => b.Kind == "Executive members");
        Assert.Equal((1L, 1L), (executive.Members.White, executive.Members.Bme));

        // Maternity: shortlisted White P1 P2, BME P5 P6; appointed P1 and P6: (1/2) / (1/2) = 1. Training 2/2 against 1/2 = 2.
        var maternity = WresView.Build(_store.Database, TestAccess.Admin, "X1A", 2025, "Maternity").Report!;
        Assert.Equal((2L, 2L), (maternity.Workforce.White, maternity.Workforce.Bme));
        Assert.Equal(1.0, maternity.Indicator(2)!.Value.Value, 9);
        Assert.Equal(2.0, maternity.Indicator(4)!.Value.Value, 9);
        // No White maternity staff entered the process: the zero is loaded, not missing.
        Assert.Equal((1L, 0L), (maternity.Indicator(3)!.TopEvents, maternity.Indicator(3)!.BottomEvents));
        Assert.Empty(maternity.Boards);
    }

    [Fact]
    public void ThePersonReferenceIsNotStoredAndTheLoadIsAudited()
    {
        Assert.True(WresStore.Import(_store.Database, TestAccess.Admin, _store.File("staff.csv", Extract), staff: true).Imported);
        using var connection = _store.Database.Open();
        var cells = connection.Query<string>("""
            SELECT org_code || '|' || staff_group || '|' || item || '|' || category || '|' || band || '|' || ethnicity || '|' || ethnic_code || '|' || source_file
            FROM wres_value
            """).ToList();
        Assert.NotEmpty(cells);
        Assert.DoesNotContain(cells, c => c.Split('|').Any(x => x.StartsWith('P') && x.Length <= 3));
        // The 17 categories are kept as given: band 5 White staff in the whole trust are A (P1, P2) and B (P4).
        var codes = WresStore.Load(_store.Database, TestAccess.Admin)
            .Where(r => r.StaffGroup == "Trust" && r.Item == WresFile.StaffInPost && r.Band == "5" && r.Ethnicity == WresFile.White)
            .ToDictionary(r => r.EthnicCode, r => r.Count);
        Assert.Equal(2L, codes["A"]);
        Assert.Equal(1L, codes["B"]);
        var audit = AuditLog.List(_store.Database, TestAccess.Admin, action: "wres.import").Single();
        Assert.Contains("staff extract of 12 people", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadExtractIsRefusedWholeNamingFileRowAndColumn()
    {
        var csv = Header + """
            P1,X1A,2025,Maternity,Clinical,5,A,Y,Y,Y,N,Y,N,N,N
            P2,X1A,2025,Midwives,Clinical,5,A,Y,N,N,N,N,N,N,N
            P3,X1A,2025,,Clinical,12,A,Y,N,N,N,N,N,N,N
            P4,X1A,2025,,Clinical,5,Purple,Y,N,N,N,N,N,N,N
            P5,X1A,2025,,Clinical,5,H,Y,N,Y,N,N,N,N,N
            P6,X1A,2025,,Clinical,5,H,Y,N,N,maybe,N,N,N,N
            P7,X1A,2025,,,,H,N,Y,N,N,Y,N,N,N
            P1,X1A,2025,,Clinical,5,A,Y,N,N,N,N,N,N,N
            ,X1A,2025,,Clinical,5,A,Y,N,N,N,N,N,N,N
            """;
        var result = WresStore.Import(_store.Database, TestAccess.Admin, _store.File("staff.csv", csv));
        Assert.False(result.Imported);
        Assert.Equal(
            [(3L, "StaffGroup"), (4L, "Band"), (5L, "Ethnicity"), (6L, "Appointed"), (7L, "Disciplinary"), (8L, "Training"), (9L, "Person"), (10L, "Person")],
            result.Issues.Select(i => (i.Row, i.Column)).ToList());
        Assert.StartsWith("staff.csv, row 3, column StaffGroup:", result.Issues[0].Reason, StringComparison.Ordinal);
        Assert.Contains("the same person is on row 2", result.Issues[6].Reason, StringComparison.Ordinal);
        using var connection = _store.Database.Open();
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM wres_value"));
    }

    [Fact]
    public void ALocalExtractIsReadThroughAMappingOfItsHeadersAndCodes()
    {
        var csv = """
            Staff ID,Trust,WRES year,Job family,Staff type,Pay band,Ethnic origin,Training
            101,X1A,2025,Midwifery,Clinical,6,White British,Yes
            102,X1A,2025,Midwifery,Clinical,6,Indian,No
            103,X1A,2025,Estates,Non-clinical,2,White British,No
            """;
        var mappingPath = _store.File("staff-mapping.json", """
            { "columns": { "Staff ID": "Person", "Trust": "Org", "WRES year": "Year", "Job family": "StaffGroup", "Staff type": "Category",
                           "Pay band": "Band", "Ethnic origin": "Ethnicity" },
              "values": { "StaffGroup": { "Midwifery": "Maternity", "Estates": "Other" }, "Ethnicity": { "White British": "A", "Indian": "H" } } }
            """);
        var path = _store.File("local.csv", csv);
        var mapping = ExtractMapping.Load(mappingPath);
        Assert.True(WresStaffExtract.Is(path, mapping));
        Assert.False(WresStaffExtract.Is(path));
        var result = WresStore.Import(_store.Database, TestAccess.Admin, path, mapping: mapping);
        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => i.Reason)));
        var maternity = WresView.Build(_store.Database, TestAccess.Admin, "X1A", 2025, "Maternity").Report!;
        // Maternity: 101 (White, trained) and 102 (BME, not): (1/1) / (0/1), no events among BME staff.
        Assert.Equal((1L, 1L), (maternity.Workforce.White, maternity.Workforce.Bme));
        Assert.Equal((1L, 1L, 0L, 1L), (maternity.Indicator(4)!.TopEvents, maternity.Indicator(4)!.TopDenominator,
            maternity.Indicator(4)!.BottomEvents, maternity.Indicator(4)!.BottomDenominator));
        var trust = WresView.Build(_store.Database, TestAccess.Admin, "X1A", 2025).Report!;
        Assert.Equal(3L, trust.Workforce.Total);
    }

    [Fact]
    public void APreviewSaysWhatWouldChangeAndStoresNothing()
    {
        var preview = WresStore.Check(_store.Database, TestAccess.Admin, _store.File("staff.csv", Extract));
        Assert.True(preview.Loadable);
        Assert.True(preview.StaffExtract);
        Assert.Equal(12, preview.People);
        // Whole trust: 10 in post, nothing stored before; maternity 4 (P1 P2 P5 P6); neonatal 2 (P4 P7).
        Assert.Equal([("Trust", (long?)null, 10L), ("Maternity", null, 4L), ("Neonatal", null, 2L)],
            preview.Changes.Select(c => (c.StaffGroup, c.StaffBefore, c.StaffAfter)).ToList());
        using (var connection = _store.Database.Open())
            Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM wres_value"));
        Assert.True(WresStore.Import(_store.Database, TestAccess.Admin, _store.File("staff.csv", Extract)).Imported);
        var again = WresStore.Check(_store.Database, TestAccess.Admin, _store.File("staff.csv", Extract));
        Assert.Equal(10L, again.Changes[0].StaffBefore);
    }
}
