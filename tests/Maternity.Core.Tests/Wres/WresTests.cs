using Dapper;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Wres;

namespace Maternity.Tests.Wres;

/// <summary>
/// The WRES indicators from small files whose figures are worked by hand below. Formulas: NHS England, WRES indicators
/// (england.nhs.uk/publication/workforce-race-equality-standard-wres-indicators/) and the WRES technical guidance as
/// summarised in docs/wres.md; the Katz log interval: Katz D et al., Biometrics 1978;34:469-74.
/// </summary>
public sealed class WresTests : IDisposable
{
    private readonly TestStore _store = new();

    public WresTests() => OrgHierarchy.Demo.Store(_store.Database);

    public void Dispose() => _store.Dispose();

    private static readonly string[] ToFill = ["Count", "Respondents"];

    private static readonly Access Viewer = new("board", Role.Viewer, [], new HashSet<string>());

    private static Access TrustUser(string org) => new($"trust-{org}", Role.TrustUser, [org], new HashSet<string> { org });

    private const string Header = "Org,Year,StaffGroup,Item,Category,Band,Ethnicity,Count,Respondents,Stated\n";

    /// <summary>
    /// X1A 2025, whole trust: 2,000 staff (White 1,550, BME 450); 2024: 2,000 (White 1,600, BME 400). Shortlisted and
    /// appointed: White 100 of 400 (25%), BME 90 of 500 (18%), the percentages Chelsea and Westminster published for 2020
    /// in North West London's plan (RL 1.40 there from unrounded data). Disciplinary: BME 9, White 10 (2024: 6 and 8).
    /// Training: White 310 of 1,550 (20%), BME 90 of 450 (20%). Survey 5: White 120 of 400, BME 70 of 200. Board
    /// (voting): White 8, BME 2.
    /// </summary>
    private string Loaded()
    {
        var csv = Header + """
            X1A,2024,Trust,StaffInPost,Clinical,5,White,1000,,
            X1A,2024,Trust,StaffInPost,Clinical,5,BME,300,,
            X1A,2024,Trust,StaffInPost,Non-clinical,3,White,600,,
            X1A,2024,Trust,StaffInPost,Non-clinical,3,BME,100,,
            X1A,2024,Trust,Disciplinary,,,BME,6,,
            X1A,2024,Trust,Disciplinary,,,White,8,,
            X1A,2025,Trust,StaffInPost,Clinical,5,White,900,,
            X1A,2025,Trust,StaffInPost,Clinical,5,BME,330,,
            X1A,2025,Trust,StaffInPost,Clinical,8a,White,100,,
            X1A,2025,Trust,StaffInPost,Clinical,8a,BME,10,,
            X1A,2025,Trust,StaffInPost,Non-clinical,3,White,550,,
            X1A,2025,Trust,StaffInPost,Non-clinical,3,BME,110,,
            X1A,2025,Trust,Shortlisted,,,White,400,,
            X1A,2025,Trust,Shortlisted,,,BME,500,,
            X1A,2025,Trust,Appointed,,,White,100,,25%
            X1A,2025,Trust,Appointed,,,BME,90,,18%
            X1A,2025,Trust,RL2,,,,,,1.39
            X1A,2025,Trust,Disciplinary,,,BME,9,,
            X1A,2025,Trust,Disciplinary,,,White,10,,
            X1A,2025,Trust,Training,,,White,310,,
            X1A,2025,Trust,Training,,,BME,90,,
            X1A,2025,Trust,Survey5,,,White,120,400,
            X1A,2025,Trust,Survey5,,,BME,70,200,
            X1A,2025,Trust,BoardVoting,,,White,8,,
            X1A,2025,Trust,BoardVoting,,,BME,2,,
            """;
        var result = WresStore.Import(_store.Database, TestAccess.Admin, _store.File("x1a.csv", csv));
        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => i.Reason)));
        Assert.Empty(result.Checks);
        return "X1A";
    }

    [Fact]
    public void AppointmentLikelihoodHasTheKatzIntervalWorkedByHand()
    {
        var report = WresView.Build(_store.Database, TestAccess.Admin, Loaded(), 2025).Report!;
        var rl = report.Indicator(2)!;
        // RL2 = (100/400) / (90/500) = 0.25 / 0.18 = 1.388889 (NWL plan: CWHFT 2020, 25% and 18%, published 1.40).
        // Katz: SE(ln RL) = sqrt(1/100 - 1/400 + 1/90 - 1/500) = sqrt(0.01 - 0.0025 + 0.0111111 - 0.002) = sqrt(0.0166111) = 0.128884;
        // ln 1.388889 = 0.328504; z = 1.959964, z x SE = 0.252607; limits exp(0.075897) = 1.07885 and exp(0.581111) = 1.78803.
        Assert.Equal(1.388889, rl.Value.Value, 6);
        Assert.Equal(1.07885, rl.Value.Lower, 5);
        Assert.Equal(1.78803, rl.Value.Upper, 5);
        Assert.False(rl.SmallNumbers);
        Assert.StartsWith("1.39: White applicants were 1.39 times as likely as BME applicants to be appointed from shortlisting (95% interval 1.08 to 1.79)", rl.Direction);
    }

    [Fact]
    public void AppointmentLikelihoodMatchesThePublishedChristieFigure()
    {
        // The Christie NHS FT, WRES action plan 2022-23: White applicants appointed from shortlisting 46.99%, BAME 14.65%,
        // relative likelihood 3.2. 437/930 = 46.99% and 23/157 = 14.65%: (437/930)/(23/157) = 0.469892/0.146497 = 3.2075.
        var rl = WresIndicators.Likelihood(2, "White applicants", "BME applicants", 437, 930, 23, 157, 1, "to be appointed from shortlisting");
        Assert.Equal(3.2, Math.Round(rl.Value.Value, 1));
        Assert.Equal(3.2075, rl.Value.Value, 4);
    }

    [Fact]
    public void DisciplinaryLikelihoodPoolsThisYearAndTheYearBefore()
    {
        var rl = WresView.Build(_store.Database, TestAccess.Admin, Loaded(), 2025).Report!.Indicator(3)!;
        // Two-year rolling: BME (9 + 6) / (450 + 400) = 15/850 = 0.0176471; White (10 + 8) / (1550 + 1600) = 18/3150 = 0.0057143;
        // RL3 = 3.088235. Katz: SE = sqrt(1/15 - 1/850 + 1/18 - 1/3150) = sqrt(0.120728) = 0.347460; limits
        // exp(ln 3.088235 -/+ 1.959964 x 0.347460) = 1.56298 and 6.10195. The 2025 year alone would give (9/450)/(10/1550) = 3.10.
        Assert.Equal(2, rl.Years);
        Assert.Equal(3.088235, rl.Value.Value, 6);
        Assert.Equal(1.56298, rl.Value.Lower, 5);
        Assert.Equal(6.10195, rl.Value.Upper, 5);
        Assert.Equal((15L, 850L, 18L, 3150L), (rl.TopEvents, rl.TopDenominator, rl.BottomEvents, rl.BottomDenominator));
        Assert.Contains("BME staff were 3.09 times as likely as White staff to enter the formal disciplinary process", rl.Direction);
    }

    [Fact]
    public void DisciplinaryLikelihoodOfTheFirstYearIsOneYearAndFlagsSmallNumbers()
    {
        var rl = WresView.Build(_store.Database, TestAccess.Admin, Loaded(), 2024).Report!.Indicator(3)!;
        // 2024 alone: (6/400)/(8/1600) = 0.015/0.005 = 3.0; 6 and 8 events are under 10.
        Assert.Equal(1, rl.Years);
        Assert.Equal(3.0, rl.Value.Value, 9);
        Assert.True(rl.SmallNumbers);
        Assert.EndsWith("small numbers: read with care.", rl.Direction);
    }

    [Fact]
    public void TrainingSurveyBoardAndBandsAreWorkedByHand()
    {
        var report = WresView.Build(_store.Database, TestAccess.Admin, Loaded(), 2025).Report!;
        // Indicator 4: (310/1550)/(90/450) = 0.2/0.2 = 1.00, the interval across 1.
        var rl4 = report.Indicator(4)!;
        Assert.Equal(1.0, rl4.Value.Value, 9);
        Assert.Contains("includes 1", rl4.Direction);
        // Indicator 5: White 120/400 = 30%, Wilson: (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)) with z^2 = 3.841459:
        // (243.8415 -/+ 1.959964 x sqrt(339.8415)) / 807.6829 = (243.8415 -/+ 36.1315) / 807.6829 = 25.7168% to 34.6637%.
        // BME 70/200 = 35%: 28.7288% to 41.8365%. BME minus White 5.0 points, Newcombe: 5.0 - sqrt(6.2712^2 + 4.6637^2) = -2.8152,
        // 5.0 + sqrt(6.8365^2 + 4.2832^2) = 13.0675.
        var s5 = report.Surveys.Single(s => s.Indicator == 5);
        Assert.Equal(30.0, s5.White.Value, 9);
        Assert.Equal(25.7168, s5.White.Lower, 4);
        Assert.Equal(34.6637, s5.White.Upper, 4);
        Assert.Equal(28.7288, s5.Bme.Lower, 4);
        Assert.Equal(41.8365, s5.Bme.Upper, 4);
        Assert.Equal(5.0, s5.Difference.Value, 9);
        Assert.Equal(-2.8152, s5.Difference.Lower, 4);
        Assert.Equal(13.0675, s5.Difference.Upper, 4);
        Assert.Contains("worse for BME staff but the 95% interval includes no difference", s5.Direction);
        // Indicator 9: 2 of 10 voting members BME = 20%; the workforce 450 of 2,000 = 22.5%; 20 - 22.5 = -2.5 points.
        var board = report.Boards.Single();
        Assert.Equal(-2.5, board.DifferencePoints, 9);
        // Indicator 1: band 8a 10 of 110 BME = 9.0909%, 13.4091 points under the workforce's 22.5%.
        var band = report.Bands.Single(b => b.Name == "8a");
        Assert.Equal(-13.4091, band.DifferencePoints, 4);
        Assert.Equal(["5", "8a", "3"], report.Bands.Select(b => b.Name));
    }

    [Fact]
    public void LmnsFigureIsPooledFromSummedCountsBesideTheUnweightedMeanOfItsTrusts()
    {
        Loaded();
        var x1b = Header + """
            X1B,2025,Trust,StaffInPost,Clinical,5,White,500,,
            X1B,2025,Trust,StaffInPost,Clinical,5,BME,300,,
            X1B,2025,Trust,Shortlisted,,,White,100,,
            X1B,2025,Trust,Shortlisted,,,BME,200,,
            X1B,2025,Trust,Appointed,,,White,30,,
            X1B,2025,Trust,Appointed,,,BME,20,,
            """;
        Assert.True(WresStore.Import(_store.Database, TestAccess.Admin, _store.File("x1b.csv", x1b)).Imported);
        var view = WresView.Build(_store.Database, TestAccess.Admin, "LMNSX1", 2025);
        // Pooled: White (100 + 30)/(400 + 100) = 130/500 = 0.26; BME (90 + 20)/(500 + 200) = 110/700 = 0.157143; RL2 = 1.654545.
        // Katz: SE = sqrt(1/130 - 1/500 + 1/110 - 1/700) = sqrt(0.0133545) = 0.115562; limits 1.31920 and 2.07513.
        var pooled = view.Report!.Indicator(2)!;
        Assert.Equal(1.654545, pooled.Value.Value, 6);
        Assert.Equal(1.31920, pooled.Value.Lower, 5);
        Assert.Equal(2.07513, pooled.Value.Upper, 5);
        // The trusts: X1A 1.388889, X1B (30/100)/(20/200) = 3.0; unweighted mean 2.194444 (what NWL's plan printed as its system figure).
        Assert.Equal(["X1A", "X1B"], view.Trusts.Select(t => t.Org));
        Assert.Equal(3.0, view.Trusts[1].Indicator(2)!.Value.Value, 9);
        Assert.Equal(2.194444, view.MeanLikelihoods[2], 6);
        Assert.Equal(2000 + 800, view.Report.Workforce.Total);
    }

    [Fact]
    public void ConsistencyChecksCatchTheErrorsOfThePublishedPlan()
    {
        // North West London's plan: CWHFT 2021 "1.60" from 2% and 13% (2/13 = 0.15); 2020 1.40 from 25% and 18% is fine
        // (24.5/18.5 = 1.32 to 25.5/17.5 = 1.46); board shares 80.8 + 45.1 + 9.2 = 135.1%; a total that is not its parts; staff
        // in post 1,000 in 2024 and 1,300 in 2025 (+30%); maternity and neonatal staff more than the whole trust.
        var refusedCsv = Header + """
            X1C,2025,Trust,Shortlisted,,,White,20,,
            X1C,2025,Trust,Appointed,,,White,25,,
            """;
        // More appointed than shortlisted cannot be: the file is refused outright.
        var refused = WresStore.Import(_store.Database, TestAccess.Admin, _store.File("x1c.csv", refusedCsv));
        Assert.False(refused.Imported);
        Assert.Equal("x1c.csv, row 3, column Count: 25 White appointed is more than the 20 shortlisted", refused.Issues.Single().Reason);
        Assert.Empty(Stored());

        // 2024: 25.2% and 18.0% (published rounded as 25% and 18%) give 1.40, as published.
        var csv = Header + """
            X1C,2024,Trust,StaffInPost,Clinical,5,White,700,,
            X1C,2024,Trust,StaffInPost,Clinical,5,BME,300,,
            X1C,2024,Trust,Shortlisted,,,White,1000,,
            X1C,2024,Trust,Appointed,,,White,252,,25%
            X1C,2024,Trust,Shortlisted,,,BME,1000,,
            X1C,2024,Trust,Appointed,,,BME,180,,18%
            X1C,2024,Trust,RL2,,,,,,1.40
            X1C,2025,Trust,StaffInPost,Clinical,5,White,900,,
            X1C,2025,Trust,StaffInPost,Clinical,5,BME,400,,
            X1C,2025,Trust,StaffInPost,Clinical,5,Total,1200,,
            X1C,2025,Trust,Shortlisted,,,White,100,,
            X1C,2025,Trust,Appointed,,,White,2,,2%
            X1C,2025,Trust,Shortlisted,,,BME,100,,
            X1C,2025,Trust,Appointed,,,BME,13,,13%
            X1C,2025,Trust,RL2,,,,,,1.60
            X1C,2025,Trust,BoardVoting,,,White,8,,80.8
            X1C,2025,Trust,BoardVoting,,,BME,2,,45.1
            X1C,2025,Trust,BoardVoting,,,Unknown,1,,9.2
            X1C,2025,Maternity,StaffInPost,Clinical,6,White,1000,,
            X1C,2025,Maternity,StaffInPost,Clinical,6,BME,400,,
            """;
        var result = WresStore.Import(_store.Database, TestAccess.Admin, _store.File("x1c.csv", csv));
        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => i.Reason)));
        var checks = result.Checks.Select(c => $"{c.Year} {c.Cell}: {c.Message}").ToList();
        Assert.Contains(checks, c => c.StartsWith("2025 x1c.csv, row 16, column Stated: 1.60 does not follow from the stated 2% and 13%: 2/13 is 0.15", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.StartsWith("2025 x1c.csv, row 16, column Stated: 1.60 does not follow from the counts, which give 0.15", StringComparison.Ordinal));
        Assert.DoesNotContain(checks, c => c.StartsWith("2024", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Contains("the stated shares of BoardVoting add to 135.1%, not 100%", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Contains("column Stated: 45.1% does not follow from the counts, which give 18.18%", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.StartsWith("2025 x1c.csv, row 11, column Count: the total 1200 is not the sum of its White, BME and unknown rows (1300)", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Contains("Trust staff in post rose from 1000 in 2024 to 1300 in 2025 (+30%)", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Contains("maternity and neonatal staff in post (1400) are more than the whole trust's (1300)", StringComparison.Ordinal));
    }

    [Fact]
    public void BadCellsRefuseTheFileNamingRowAndColumnAndLoadNothing()
    {
        var csv = Header + """
            X1A,2025,Trust,StaffInPost,Clinical,5,White,100,,
            X9Z,2025,Trust,StaffInPost,Clinical,5,BME,10,,
            X1A,25,Trust,StaffInPost,Clinical,5,BME,10,,
            X1A,2025,Midwives,StaffInPost,Clinical,5,BME,10,,
            X1A,2025,Trust,StaffInPost,Clinical,Band 12,BME,10,,
            X1A,2025,Trust,StaffInPost,Clinical,5,Purple,10,,
            X1A,2025,Trust,StaffInPost,Clinical,5,White,ten,,
            X1A,2025,Trust,Survey6,,,White,50,40,
            X1A,2025,Maternity,BoardVoting,,,White,5,,
            """;
        var result = WresStore.Import(_store.Database, TestAccess.Admin, _store.File("bad.csv", csv));
        Assert.False(result.Imported);
        var where = result.Issues.Select(i => (i.Row, i.Column)).ToList();
        Assert.Equal([(3L, "Org"), (4L, "Year"), (5L, "StaffGroup"), (6L, "Band"), (7L, "Ethnicity"), (8L, "Count"), (9L, "Count"), (10L, "StaffGroup")], where);
        Assert.StartsWith("bad.csv, row 3, column Org:", result.Issues[0].Reason);
        Assert.Empty(Stored());
    }

    [Fact]
    public void ATrustUserLoadsOnlyItsOwnTrustAndTheLoadIsAudited()
    {
        var csv = Header + "X1B,2025,Trust,StaffInPost,Clinical,5,White,100,,\n";
        var refused = WresStore.Import(_store.Database, TrustUser("X1A"), _store.File("b.csv", csv));
        Assert.Contains("may not load data for X1B", refused.Issues.Single().Reason, StringComparison.Ordinal);
        Assert.True(WresStore.Import(_store.Database, TrustUser("X1B"), _store.File("b.csv", csv)).Imported);
        var audit = AuditLog.List(_store.Database, TestAccess.Admin, action: "wres.import");
        Assert.Equal("trust-X1B", audit.Single().Actor);
        Assert.Throws<AccessDeniedException>(() => WresStore.Import(_store.Database, Viewer, _store.File("b.csv", csv)));
    }

    [Fact]
    public void ALoadReplacesTheSameTrustYearAndStaffGroupOnly()
    {
        Loaded();
        var again = Header + "X1A,2025,Trust,StaffInPost,Clinical,5,White,100,,\n";
        Assert.True(WresStore.Import(_store.Database, TestAccess.Admin, _store.File("again.csv", again)).Imported);
        var rows = WresStore.Load(_store.Database, TestAccess.Admin);
        Assert.Single(rows, r => r.Year == 2025);
        Assert.Equal(6, rows.Count(r => r.Year == 2024));
    }

    [Fact]
    public void AViewerSeesCountsRoundedBeforeAnythingIsComputed()
    {
        Loaded();
        var view = WresView.Build(_store.Database, Viewer, "X1A", 2025);
        Assert.True(view.Suppressed);
        var rl3 = view.Report!.Indicator(3)!;
        // NHS England's rounding: 9 -> 10, 6 -> 5, 10 -> 10, 8 -> 10; staff 450 -> 450, 400 -> 400, 1550 -> 1550, 1600 -> 1600.
        Assert.Equal((15L, 850L, 20L, 3150L), (rl3.TopEvents, rl3.TopDenominator, rl3.BottomEvents, rl3.BottomDenominator));
        Assert.Equal("suppressed", view.Report.Exactness);
        Assert.Throws<AccessDeniedException>(() => WresView.Build(_store.Database, new Access("p", Role.Public, [], new HashSet<string>()), "X1A"));
    }

    [Fact]
    public void ATemplateReadsBackAsAFileToFill()
    {
        var path = Path.Combine(_store.Directory, "template.xlsx");
        var rows = WresFile.Template(path, "X1A", 2025);
        Assert.True(rows > 100);
        var content = WresFile.Read(path, new HashSet<string> { "X1A" });
        // Blank counts are what the trust fills in: every one is asked for, named by its row.
        Assert.All(content.Issues, i => Assert.Contains(i.Column, ToFill));
        Assert.Contains("template.xlsx, sheet WRES, row 2, column Count", content.Issues[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSyntheticDataShowTheDisparitiesBuiltIntoThem()
    {
        var rows = Maternity.Synthetic.WresGenerator.Generate(_store.Database, 2025);
        Assert.True(rows > 1000);
        var view = WresView.Build(_store.Database, TestAccess.Admin, "LMNSX1", 2025);
        Assert.Equal([2023, 2024, 2025], view.Years);
        Assert.Equal(4, view.Trusts.Count);
        Assert.Equal(3, view.Groups.Count);
        // The generator appoints White applicants at 1.5 times the BME rate and disciplines BME staff at twice the White rate.
        var rl2 = view.Report!.Indicator(2)!.Value;
        Assert.InRange(Maternity.Synthetic.WresGenerator.AppointmentRatio, rl2.Lower, rl2.Upper);
        Assert.True(rl2.Lower > 1);
        var rl3 = view.Report.Indicator(3)!;
        Assert.Equal(2, rl3.Years);
        Assert.InRange(Maternity.Synthetic.WresGenerator.DisciplinaryRatio, rl3.Value.Lower, rl3.Value.Upper);
        Assert.Empty(view.Checks);
    }

    private List<string> Stored()
    {
        using var connection = _store.Database.Open();
        return [.. connection.Query<string>("SELECT org_code FROM wres_value")];
    }
}
