using Maternity.Reference;
using Maternity.Security;
using Maternity.Wres;

namespace Maternity.Tests.Wres;

/// <summary>
/// The board pack's WRES section: by staff group, each trust's indicators beside the LMNS and the ICB pooled, with 95%
/// intervals, the same figures the WRES page shows for the same reader, and rounded counts for a viewer. Every figure is
/// worked by hand in the comments (Katz log interval for a relative likelihood: exp(ln RL ± 1.96 √(1/a − 1/n₁ + 1/c − 1/n₂)),
/// Katz et al., Biometrics 1978; Wilson for a share: Wilson, JASA 1927).
/// </summary>
public sealed class WresPackTests : IDisposable
{
    private readonly TestStore _store = new();

    public WresPackTests() =>
        new OrgHierarchy([.. OrgHierarchy.Demo.Orgs,
            new OrgHierarchy.Org("LMNSX2", "Second LMNS (synthetic)", "LMNS", "QX1"),
            new OrgHierarchy.Org("X2A", "Second LMNS's trust (synthetic)", "Trust", "LMNSX2")]).Store(_store.Database);

    public void Dispose() => _store.Dispose();

    /// <summary>
    /// 2025, whole trust: X1A workforce 220 BME of 1,000 (8a: 20 of 100), shortlisted White 400 BME 500, appointed
    /// White 100 BME 90, voting board 8 White 2 BME; X1B shortlisted 200 and 100, appointed 50 and 20; X2A (the other
    /// LMNS, same ICB) shortlisted 100 and 100, appointed 30 and 30. Maternity, X1A only: shortlisted 20 and 20,
    /// appointed 10 White and 3 BME.
    /// </summary>
    private void Load()
    {
        var csv = "Org,Year,StaffGroup,Item,Category,Band,Ethnicity,Count,Respondents,Stated\n" + """
            X1A,2025,Trust,StaffInPost,Clinical,8a,White,80,,
            X1A,2025,Trust,StaffInPost,Clinical,8a,BME,20,,
            X1A,2025,Trust,StaffInPost,Clinical,5,White,700,,
            X1A,2025,Trust,StaffInPost,Clinical,5,BME,200,,
            X1A,2025,Trust,Shortlisted,,,White,400,,
            X1A,2025,Trust,Shortlisted,,,BME,500,,
            X1A,2025,Trust,Appointed,,,White,100,,
            X1A,2025,Trust,Appointed,,,BME,90,,
            X1A,2025,Trust,BoardVoting,,,White,8,,
            X1A,2025,Trust,BoardVoting,,,BME,2,,
            X1B,2025,Trust,StaffInPost,Clinical,5,White,400,,
            X1B,2025,Trust,StaffInPost,Clinical,5,BME,100,,
            X1B,2025,Trust,Shortlisted,,,White,200,,
            X1B,2025,Trust,Shortlisted,,,BME,100,,
            X1B,2025,Trust,Appointed,,,White,50,,
            X1B,2025,Trust,Appointed,,,BME,20,,
            X2A,2025,Trust,StaffInPost,Clinical,5,White,300,,
            X2A,2025,Trust,StaffInPost,Clinical,5,BME,100,,
            X2A,2025,Trust,Shortlisted,,,White,100,,
            X2A,2025,Trust,Shortlisted,,,BME,100,,
            X2A,2025,Trust,Appointed,,,White,30,,
            X2A,2025,Trust,Appointed,,,BME,30,,
            X1A,2025,Maternity,StaffInPost,Clinical,6,White,40,,
            X1A,2025,Maternity,StaffInPost,Clinical,6,BME,10,,
            X1A,2025,Maternity,Shortlisted,,,White,20,,
            X1A,2025,Maternity,Shortlisted,,,BME,20,,
            X1A,2025,Maternity,Appointed,,,White,10,,
            X1A,2025,Maternity,Appointed,,,BME,3,,
            """;
        var result = WresStore.Import(_store.Database, TestAccess.Admin, _store.File("wres.csv", csv));
        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => i.Reason)));
    }

    private static WresPackSection.Cell Cell(WresPackSection.Group g, string measureStart, string org)
    {
        var column = g.Columns.Select((c, i) => (c, i)).Single(x => x.c.Org == org).i;
        return g.Rows.First(r => r.Measure.StartsWith(measureStart, StringComparison.Ordinal)).Cells[column]!;
    }

    [Fact]
    public void EachTrustSitsBesideTheLmnsAndTheIcbPooledWithIntervals()
    {
        Load();
        var pack = WresPackSection.Build(_store.Database, TestAccess.Admin, "LMNSX1")!;
        Assert.Equal((2025, "QX1", false), (pack.Year, pack.Icb, pack.Suppressed));
        // No neonatal data loaded: the whole trust and maternity only.
        Assert.Equal(["Trust", "Maternity"], pack.Groups.Select(g => g.StaffGroup));
        var trust = pack.Groups[0];
        Assert.Equal(["X1A", "X1B", "LMNSX1", "QX1"], trust.Columns.Select(c => c.Org));
        Assert.Equal(["Trust", "Trust", "LMNS", "ICB"], trust.Columns.Select(c => c.Level));

        // X1A indicator 2: (100/400) / (90/500) = 1.388889; se = √(1/100 − 1/400 + 1/90 − 1/500) = 0.129119,
        // 95% interval exp(0.328504 ± 0.253073) = 1.078850 to 1.788026 (docs/wres.md: Chelsea and Westminster's 25% and 18%).
        var x1a = Cell(trust, "Relative likelihood of White", "X1A");
        Assert.Equal(1.388889, x1a.Value!.Value, 6);
        Assert.Equal(1.078850, x1a.Lower!.Value, 5);
        Assert.Equal(1.788026, x1a.Upper!.Value, 5);
        Assert.Equal("1.39 (1.1 to 1.8)", x1a.Text);
        // LMNS pooled: (150/600) / (110/600) = 1.363636; se = √(1/150 − 1/600 + 1/110 − 1/600) = 0.111464: 1.096024 to 1.696590.
        var lmns = Cell(trust, "Relative likelihood of White", "LMNSX1");
        Assert.Equal((1.363636, 1.096024, 1.696590), (Math.Round(lmns.Value!.Value, 6), Math.Round(lmns.Lower!.Value, 6), Math.Round(lmns.Upper!.Value, 6)));
        // ICB pooled with X2A of the other LMNS: (180/700) / (140/700) = 1.285714, 1.058529 to 1.561660.
        var icb = Cell(trust, "Relative likelihood of White", "QX1");
        Assert.Equal((1.285714, 1.058529, 1.561660), (Math.Round(icb.Value!.Value, 6), Math.Round(icb.Lower!.Value, 6), Math.Round(icb.Upper!.Value, 6)));

        // Indicator 1, X1A: 220 of 1,000 BME = 22.0%, Wilson 19.54 to 24.67; at band 8a and above 20 of 100 = 20.0%, 13.34 to 28.88.
        var share = Cell(trust, "BME share of staff", "X1A");
        Assert.Equal((22.0, 19.54, 24.67), (share.Value!.Value, Math.Round(share.Lower!.Value, 2), Math.Round(share.Upper!.Value, 2)));
        var senior = Cell(trust, "BME share of staff at band 8a", "X1A");
        Assert.Equal((20.0, 13.34, 28.88), (senior.Value!.Value, Math.Round(senior.Lower!.Value, 2), Math.Round(senior.Upper!.Value, 2)));
        // Indicator 9, X1A: 2 of 10 voting members (20%) minus 22% of the workforce = −2.0 points; X1B loaded no board.
        var board = trust.Rows.Single(r => r.Indicator == "9");
        Assert.Equal(-2.0, board.Cells[0]!.Value!.Value, 9);
        Assert.Null(board.Cells[1]);

        // Maternity, X1A: (10/20) / (3/20) = 3.333333; se = √(1/10 − 1/20 + 1/3 − 1/20) = 0.577350: 1.075071 to 10.335231,
        // fewer than 10 appointed BME: small numbers. The board is the whole trust's: no indicator 9 here.
        var maternity = pack.Groups[1];
        var rl2 = Cell(maternity, "Relative likelihood of White", "X1A");
        Assert.Equal((3.333333, 1.075071, 10.335231), (Math.Round(rl2.Value!.Value, 6), Math.Round(rl2.Lower!.Value, 6), Math.Round(rl2.Upper!.Value, 6)));
        Assert.True(rl2.SmallNumbers);
        Assert.DoesNotContain(maternity.Rows, r => r.Indicator == "9");

        // The workbook's rows: one a figure of an organisation, the same values.
        var sheet = pack.SheetRows().ToList();
        var row = sheet.Single(r => (string)r[1]! == "Trust" && (string)r[2]! == "2" && (string)r[4]! == "QX1");
        Assert.Equal(("ICB", 1.285714, "ratio", "exact"), ((string)row[5]!, Math.Round((double)row[6]!, 6), (string)row[9]!, (string)row[13]!));
        Assert.All(sheet, r => Assert.Equal(WresPackSection.SheetHeader.Length, r.Length));
    }

    [Fact]
    public void AViewerSeesRoundedCountsAndTheSameFiguresAsTheWresPage()
    {
        Load();
        var viewer = Access.Resolve(_store.Database, "viewer", Role.Viewer, ["LMNSX1"]);
        var pack = WresPackSection.Build(_store.Database, viewer, "LMNSX1")!;
        Assert.True(pack.Suppressed);
        // 3 appointed BME midwives reach a viewer as 5 (1 to 7 shows as 5) before anything is computed:
        // (10/20) / (5/20) = 2.0, se = √(1/10 − 1/20 + 1/5 − 1/20) = 0.447214: 0.832456 to 4.805061.
        var rl2 = Cell(pack.Groups.Single(g => g.StaffGroup == "Maternity"), "Relative likelihood of White", "X1A");
        Assert.Equal((2.0, 0.832456, 4.805061), (Math.Round(rl2.Value!.Value, 6), Math.Round(rl2.Lower!.Value, 6), Math.Round(rl2.Upper!.Value, 6)));
        // One number everywhere: the page's view for the same reader gives the same figure.
        var page = WresView.Build(_store.Database, viewer, "X1A", 2025, "Maternity").Report!.Indicator(2)!;
        Assert.Equal(page.Value.Value, rl2.Value!.Value, 12);
        Assert.All(pack.SheetRows(), r => Assert.Equal("suppressed", r[13]));
    }

    [Fact]
    public void NothingIsShownWithoutWresData() =>
        Assert.Null(WresPackSection.Build(_store.Database, TestAccess.Admin, "LMNSX1"));
}
