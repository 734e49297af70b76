using Dapper;
using Maternity.Assurance;
using Maternity.Quality;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Synthetic;

namespace Maternity.Tests.Assurance;

public sealed class AssuranceTests : IDisposable
{
    private readonly TestStore _store = new();
    private static readonly DateOnly May2024 = new(2024, 5, 1);

    public AssuranceTests() => OrgHierarchy.Demo.Store(_store.Database);

    public void Dispose() => _store.Dispose();

    private static Access Trust(string org) => new("trust-lead", Role.TrustUser, [org], new HashSet<string> { org, org + "01" });

    private static Access Analyst => new("lmns-analyst", Role.Analyst, ["LMNSX1"], new HashSet<string> { "LMNSX1", "X1A", "X1B", "X1C", "X1D" });

    private static DeclarationInput Sa2(string org, Compliance status, string evidence = "July scorecard", string? reason = null) =>
        new("MIS6", "SA2", org, May2024, status, evidence, ["/quality"], reason);

    [Fact]
    public void ShippedFrameworksHoldEachPublishedStructureWithDeadlines()
    {
        var mis = Frameworks.Find("MIS6")!;
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"SA{i}"), mis.Items.Select(i => i.Id));
        Assert.Equal(6, Frameworks.Find("SBL3")!.Items.Count);
        var ockenden = Frameworks.Find("OCK")!;
        Assert.Equal(7, ockenden.Items.Count(i => i.Group == "First report"));
        Assert.Equal(15, ockenden.Items.Count(i => i.Group == "Final report"));
        Assert.Equal(6, Frameworks.Find("PSIRF")!.Items.Count);
        Assert.All(Frameworks.Default, f => Assert.All(f.Items, i => Assert.NotNull(i.Deadline)));
        Assert.All(Frameworks.Default, f => Assert.False(string.IsNullOrWhiteSpace(f.Source)));
    }

    [Fact]
    public void AFrameworkFileWithoutDeadlinesIsRefusedNamingTheItem()
    {
        var e = Assert.Throws<InvalidDataException>(() => Framework.Parse(
            """{"id":"X","name":"X","source":"s","items":[{"id":"A1","title":"t"}]}""", "x.json"));
        Assert.Contains("x.json: item A1 has no deadline", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AYearOfDeclarationsFillsTheGridForTheFourTrusts()
    {
        var today = new DateOnly(2024, 12, 15);
        AssuranceGenerator.Generate(_store.Database, "LMNSX1", today);
        var grid = ComplianceGrid.Build(_store.Database, TestAccess.Admin, Frameworks.Find("MIS6")!, "LMNSX1", today);
        Assert.Equal(["X1A", "X1B", "X1C", "X1D"], grid.Trusts);
        Assert.Equal(10, grid.Rows.Count);
        Assert.All(grid.Rows, r => Assert.All(r.Cells, c => Assert.NotNull(c.Current)));
        // Four quarters of the year declared for every item and trust.
        var history = AssuranceStore.History(_store.Database, TestAccess.Admin, "MIS6", "SA1", "X1A");
        Assert.Equal(4, history.Select(h => h.Period).Distinct().Count());
        var trajectory = grid.Trajectory(AssuranceStore.Current(_store.Database, TestAccess.Admin, "MIS6"), today.AddMonths(-11));
        Assert.Equal(12, trajectory.Count);
        Assert.True(trajectory[^1].Done >= trajectory[2].Done);
        Assert.Equal(40, trajectory[^1].Cells);
    }

    [Fact]
    public void ARevisionNeedsItsReasonAndHistoryKeepsEveryRevisionAndReview()
    {
        var db = _store.Database;
        var first = AssuranceStore.Declare(db, Trust("X1A"), Sa2("X1A", Compliance.NotMet));
        Assert.Equal(1, first.Revision);

        var refused = AssuranceStore.DeclareAll(db, Trust("X1A"), [Sa2("X1A", Compliance.Met, "Scorecard passed")], "form");
        Assert.False(refused.Succeeded);
        Assert.Equal("Reason", refused.Issues.Single().Column);
        Assert.Contains("give the reason for revising it", refused.Issues.Single().Reason, StringComparison.Ordinal);

        var second = AssuranceStore.Declare(db, Trust("X1A"), Sa2("X1A", Compliance.Met, "Scorecard passed", "August data resubmitted"));
        Assert.Equal(2, second.Revision);
        Assert.Equal("August data resubmitted", second.Reason);

        // A review of the superseded revision is refused; querying needs a reason.
        Assert.Throws<InvalidDataException>(() => AssuranceStore.Assure(db, Analyst, first.Id, Review.Accepted, null));
        Assert.Throws<InvalidDataException>(() => AssuranceStore.Assure(db, Analyst, second.Id, Review.Queried, " "));
        // A trust user may not give the LMNS's assurance.
        Assert.Throws<AccessDeniedException>(() => AssuranceStore.Assure(db, Trust("X1A"), second.Id, Review.Accepted, null));
        AssuranceStore.Assure(db, Analyst, second.Id, Review.Accepted, null);
        AssuranceStore.Assure(db, Analyst, second.Id, Review.Queried, "Scorecard is for June, not July");

        var history = AssuranceStore.History(db, TestAccess.Admin, "MIS6", "SA2", "X1A");
        Assert.Equal([2, 1], history.Select(h => h.Revision));
        Assert.NotNull(history[1].SupersededAt);
        Assert.Equal(Review.Queried, history[0].Review!.Outcome);
        Assert.Equal(2, AssuranceStore.Reviews(db, TestAccess.Admin, second.Id).Count);

        // Met but queried: at risk on the grid, shown in words.
        var grid = ComplianceGrid.Build(db, TestAccess.Admin, Frameworks.Find("MIS6")!, "LMNSX1", new DateOnly(2024, 6, 1));
        var cell = grid.Rows.Single(r => r.Item.Id == "SA2").Cells.Single(c => c.OrgCode == "X1A");
        Assert.Equal("Met, queried", cell.Text);
        Assert.True(cell.AtRisk);
        Assert.Contains(grid.Concerns(), c => c.ItemId == "SA2" && c.OrgCode == "X1A" && c.Why.Contains("Scorecard is for June", StringComparison.Ordinal));

        using var connection = db.Open();
        Assert.Equal(2, connection.ExecuteScalar<long>("SELECT count(*) FROM audit_log WHERE action_name = 'assurance.declare'"));
        Assert.Equal(2, connection.ExecuteScalar<long>("SELECT count(*) FROM audit_log WHERE action_name = 'assurance.review'"));
    }

    [Fact]
    public void PlanActionLinksAreReadFromTheEvidence()
    {
        var d = new Declaration(1, "OCK", "IEA2", "X1A", May2024, 1, Compliance.Met, "", ["/plan/actions/A003?lmns=LMNSX1", "/plan", "https://example.org"],
            null, "t", DateTime.UtcNow, null, null);
        Assert.Equal(["A003"], d.PlanActionIds);
    }

    [Fact]
    public void OverdueAndAtRiskFollowTheDeadline()
    {
        var item = Frameworks.Find("MIS6")!.Item("SA1")!; // deadline 3 March 2025
        Assert.Equal((false, true), ComplianceGrid.Judge(item, null, new DateOnly(2025, 1, 1)));
        Assert.Equal((false, false), ComplianceGrid.Judge(item, null, new DateOnly(2024, 10, 1)));
        Assert.Equal((true, false), ComplianceGrid.Judge(item, null, new DateOnly(2025, 3, 4)));
    }

    [Fact]
    public void TrustsDeclareOnlyForThemselvesAndThePublicSeesNothing()
    {
        var result = AssuranceStore.DeclareAll(_store.Database, Trust("X1A"), [Sa2("X1B", Compliance.Met)], "form");
        Assert.Contains("may not declare for X1B", result.Issues.Single().Reason, StringComparison.Ordinal);
        var viewer = new Access("board", Role.Viewer, [], new HashSet<string>());
        Assert.False(AssuranceStore.DeclareAll(_store.Database, viewer, [Sa2("X1A", Compliance.Met)], "form").Succeeded);
        Assert.Throws<AccessDeniedException>(() => AssuranceStore.Current(_store.Database, new Access("p", Role.Public, [], new HashSet<string>())));
        Assert.Empty(AssuranceStore.Current(_store.Database, viewer));
    }

    [Fact]
    public void AFileWithABadRowChangesNothingAndNamesFileRowAndColumn()
    {
        var path = _store.File("declarations.csv", """
            Framework,Item,Org,Period,Status,Evidence,Links
            MIS6,SA1,X1A,2024-05,met,PMRT reports,/plan
            MIS6,SA2,X1A,2024-05,perhaps,,
            SBL3,E9,X1B,2024-05,met,,
            """);
        var result = AssuranceStore.Import(_store.Database, TestAccess.Admin, path);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Issues, i => i.Reason.StartsWith("declarations.csv row 3, column 'Status': 'perhaps'", StringComparison.Ordinal));
        Assert.Empty(AssuranceStore.Current(_store.Database, TestAccess.Admin));

        var good = _store.File("good.csv", """
            Framework,Item,Org,Period,Status,Evidence,Links
            MIS6,SA1,X1A,2024-05,met,PMRT reports,/plan; https://example.org/board
            SBL3,E1,X1B,2024-05,partly met,CO testing 80%,/indicators/SATOD
            """);
        var loaded = AssuranceStore.Import(_store.Database, TestAccess.Admin, good);
        Assert.True(loaded.Succeeded);
        Assert.Equal(2, loaded.Added);
        var e1 = AssuranceStore.Current(_store.Database, TestAccess.Admin, "SBL3").Single();
        Assert.Equal(Compliance.PartlyMet, e1.Status);
        Assert.Equal(["/indicators/SATOD"], e1.Links);
    }

    /// <summary>
    /// A hand-worked month in the published form of year 4 (North West London's equity plan, 002 l.531-574): criteria 2-7
    /// scored "Achieved out of 6", criterion 7 the combined COC_DQ04, COC_DQ05 and COC_CareProfLID. The counts give
    /// THH's published May 2022 result: criteria 2 (CQIMs), 3 (BMI) and 5 (PCSP) failed, so 3 out of 6.
    /// </summary>
    public static IReadOnlyDictionary<string, Scorecard.Criterion> HandWorkedMonth() => new Dictionary<string, Scorecard.Criterion>
    {
        // 8 of 11 CQIMs pass: fewer than 9, criterion 2 not met.
        ["CQIMS"] = new("CQIMS", "CQIMs", QualityRules.Cqims, 9, 8, 11, 8, false),
        // 430 / 480 = 89.58%: below 90%, criterion 3 not met.
        ["BMI"] = new("BMI", "BMI", "DQ_BMI_BY_15W", 90, 430, 480, 100.0 * 430 / 480, false),
        // 480 / 500 = 96%: at least 95%, criterion 4 met.
        ["CSF"] = new("CSF", "CSF", "DQ_CSF_RECORDED", 95, 480, 500, 96, true),
        // 470 / 500 = 94%: below 95%, criterion 5 not met.
        ["PCSP"] = new("PCSP", "PCSP", "DQ_PCSP_RECORDED", 95, 470, 500, 94, false),
        // 455 / 500 = 91%: at least 90%, criterion 6 met.
        ["ETHNICITY"] = new("ETHNICITY", "Ethnicity", "DQ_ETHNICITY_VALID", 90, 455, 500, 91, true),
        // 6 / 100 = 6% >= 5%; 5 / 100 = 5% >= 5% (exactly at the threshold counts); 75 / 100 = 75% >= 70%: criterion 7 met.
        ["COC_PLAN"] = new("COC_PLAN", "COC_DQ04", "DQ_COC_CARE_PLAN", 5, 6, 100, 6, true),
        ["COC_LEAD_TEAM"] = new("COC_LEAD_TEAM", "COC_DQ05", "DQ_COC_LEAD_AND_TEAM", 5, 5, 100, 5, true),
        ["COC_CARE_PROFESSIONAL"] = new("COC_CARE_PROFESSIONAL", "COC_CareProfLID", "DQ_COC_CARE_PROFESSIONAL", 70, 75, 100, 75, true),
    };

    [Fact]
    public void SafetyAction2ReproducesAHandWorkedMonthInItsPublishedForm()
    {
        var score = Sa2Scorecard.Find("MIS4").Evaluate("THH", May2024, HandWorkedMonth());
        Assert.Equal(["Not computed", "No", "No", "Yes", "No", "Yes", "Yes"], score.Results.Select(r => r.Text));
        Assert.Equal("3 out of 6", score.Score);
        Assert.Equal(["Yes", "Yes", "Yes"], score.Results[6].Parts.Select(p => p.Text));
        Assert.Equal("89.6%", score.Results[2].Value);
        Assert.Equal("8 of 11 CQIMs", score.Results[1].Value);

        // One of the three continuity items below its threshold fails the combined criterion 7: 2 out of 6.
        var month = new Dictionary<string, Scorecard.Criterion>(HandWorkedMonth())
        {
            ["COC_LEAD_TEAM"] = new("COC_LEAD_TEAM", "COC_DQ05", "DQ_COC_LEAD_AND_TEAM", 5, 4, 100, 4, false),
        };
        var worse = Sa2Scorecard.Find("MIS4").Evaluate("THH", May2024, month);
        Assert.Equal("No", worse.Results[6].Text);
        Assert.Equal("2 out of 6", worse.Score);

        // Year 6 scores the same month on its two criteria: 8 CQIMs is below 10, ethnicity 91% meets 90%.
        Assert.Equal("1 out of 2", Sa2Scorecard.Find("MIS6").Evaluate("THH", May2024, HandWorkedMonth()).Score);
    }

    [Fact]
    public void AReceivedScorecardThatDisagreesIsReportedPerCriterion()
    {
        var scheme = Sa2Scorecard.Find("MIS4");
        var path = _store.File("scorecard.csv", """
            OrgCode,Month,Criterion,Met
            X1A,2024-05,2,No
            X1A,2024-05,3,Yes
            X1A,2024-05,6,Yes
            X1A,2024-05,COC_DQ05,No
            """);
        var loaded = scheme.Load(_store.Database, TestAccess.Admin, path);
        Assert.True(loaded.Succeeded);
        var computed = scheme.Evaluate("X1A", May2024, HandWorkedMonth());
        var comparison = Sa2Scorecard.Compare([computed], scheme.Received(_store.Database, TestAccess.Admin));
        Assert.Equal(4, comparison.Count);
        Assert.Equal(["3", "COC_DQ05"], comparison.Where(c => !c.Agrees).Select(c => c.Criterion).Order(StringComparer.Ordinal));
        var bmi = comparison.Single(c => c.Criterion == "3");
        Assert.Equal((false, true), (bmi.Computed, bmi.Received));
    }

    [Fact]
    public void AReceivedScorecardWithABadRowIsRefusedWhole()
    {
        var path = _store.File("bad.csv", """
            OrgCode,Month,Criterion,Met
            X1A,2024-05,2,No
            X1A,May,9,maybe
            """);
        var result = Sa2Scorecard.Find("MIS4").Load(_store.Database, TestAccess.Admin, path);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Issues, i => i.Reason == "bad.csv row 3, column 'Month': a month (yyyy-MM) is required");
        Assert.Contains(result.Issues, i => i.Reason.StartsWith("bad.csv row 3, column 'Criterion'", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Reason == "bad.csv row 3, column 'Met': Yes or No is required");
        Assert.Empty(Sa2Scorecard.Find("MIS4").Received(_store.Database, TestAccess.Admin));
    }

    [Fact]
    public void TheScorecardIsComputedFromStoredCountsForEachTrustAndMonth()
    {
        _store.LoadSynthetic(3_000, 3, seed: 5);
        var rows = Scorecard.Build(_store.Database, TestAccess.Admin).Where(r => r.OrgLevel == "Provider").ToList();
        var scores = Sa2Scorecard.Find("MIS4").Compute(_store.Database, TestAccess.Admin);
        Assert.Equal(rows.Count, scores.Count);
        Assert.All(scores, s => Assert.Equal(6, s.OutOf));
        // Criterion 6 is the ethnicity rule judged at 90%, whatever the month.
        foreach (var (row, score) in rows.Zip(scores))
            if (row.Criteria.FirstOrDefault(c => c.RuleId == "ETHNICITY") is { } ethnicity)
                Assert.Equal(ethnicity.Value >= 90, score.Results.Single(r => r.Id == "6").Met);
    }

    [Fact]
    public void TheCommandsListDeclareImportAndShowTheGrid()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        string[] Store(params string[] args) => [.. args, .. TestCli.StoreArguments(_store)];

        var frameworks = TestCli.Run(cli!, Store("assurance", "frameworks"));
        Assert.True(frameworks.Exit == 0, frameworks.Output);
        Assert.Contains("MIS6", frameworks.Output, StringComparison.Ordinal);
        Assert.Contains("PSIRF", frameworks.Output, StringComparison.Ordinal);
        var year7 = TestCli.Run(cli!, Store("assurance", "frameworks", "--framework", "MIS7"));
        Assert.True(year7.Exit == 0, year7.Output);
        Assert.Contains("SA10 source: ", year7.Output, StringComparison.Ordinal);

        var declare = TestCli.Run(cli!, Store("assurance", "declare", "--framework", "MIS6", "--item", "SA2", "--org", "X1A",
            "--period", "2024-05", "--status", "partly-met", "--evidence", "July scorecard 1 of 2", "--link", "/quality"));
        Assert.True(declare.Exit == 0, declare.Output);
        Assert.Contains("MIS6 SA2 X1A 2024-05 Partly met (revision 1)", declare.Output, StringComparison.Ordinal);
        var again = TestCli.Run(cli!, Store("assurance", "declare", "--framework", "MIS6", "--item", "SA2", "--org", "X1A",
            "--period", "2024-05", "--status", "met", "--evidence", "Both criteria met"));
        Assert.NotEqual(0, again.Exit);
        Assert.Contains("reason", again.Output, StringComparison.Ordinal);

        var bad = _store.File("bad.csv", "Framework,Item,Org,Period,Status\nMIS6,SA3,X1B,2024-5x,met\n");
        var refused = TestCli.Run(cli!, Store("assurance", "import", bad));
        Assert.Equal(2, refused.Exit);
        Assert.Contains("bad.csv row 2, column 'Period'", refused.Output, StringComparison.Ordinal);

        var show = TestCli.Run(cli!, Store("assurance", "show", "--framework", "MIS6", "--lmns", "LMNSX1", "--as-at", "2024-06-01"));
        Assert.True(show.Exit == 0, show.Output);
        Assert.Contains("Partly", show.Output, StringComparison.Ordinal);
        Assert.Contains("declared", show.Output, StringComparison.Ordinal);
    }
}
