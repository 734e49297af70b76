using Maternity.Plans;
using Maternity.Storage;
using Maternity.Synthetic;

namespace Maternity.Tests.Plans;

public sealed class PlanTableTests
{
    private static string Json(Plan plan) =>
        PlanStore.Write(new { plan.Nodes, plan.Actions, plan.Gaps });

    [Theory]
    [InlineData("plan.xlsx")]
    [InlineData("plan.csv")]
    public void AHundredActionPlanSurvivesExportAndImportUnchanged(string name)
    {
        using var store = new TestStore();
        var generated = PlanGenerator.Generate("LMNSX1", 100, seed: 7);
        var saved = PlanStore.Replace(store.Database, TestAccess.As("analyst"), generated);
        Assert.Equal(generated.Nodes.Count + 100 + 3, saved.Added);
        var stored = PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1");
        Assert.Equal(Json(generated), Json(stored));

        var path = Path.Combine(store.Directory, name);
        var rows = PlanTable.Write(stored, path);
        var read = PlanTable.Read(path, "LMNSX1");

        Assert.Empty(read.Issues);
        Assert.Empty(read.IgnoredColumns);
        Assert.True(rows > 100);
        Assert.Equal(Json(stored), Json(read.Plan!));
        // Importing what was exported changes nothing in the store.
        var again = PlanStore.Replace(store.Database, TestAccess.As("analyst"), read.Plan!);
        Assert.Equal(new PlanStore.ReplaceResult(0, 0, 0, saved.Added), again);
    }

    [Fact]
    public void APlanLaidOutLikeThePublishedOnesGivesTheRightTreeAndDates()
    {
        using var store = new TestStore();
        // The layout of a published "Detailed Action Plan": headings in the intervention column, continuation rows,
        // status words and month dates in the date column, slash-separated leads, a separate evidence column.
        var path = store.File("plan.csv", """
            Intervention,Detail,Key milestones,Responsible Leads,Target dates,Metrics for Success,Comments/ updates,Evidence
            Priority 1: Restore NHS services inclusively,,,,,,,
            INTERVENTION 1,"Ensure all providers record on maternity information systems: a. ethnicity b. postcode",,DoMs / Digital Midwives / Data Analyst,Complete,>90% ethnicity recorded,Approved at LMNS Board,BadgerNet data set
            ,Review LMNS dashboard to include Trust compliance with ethnicity and postcode,Agreement with the supplier to amend the system.,Trust Informatics Teams,March 2023,,,
            ,,Postcode extraction live,,30th September 2023,,,
            Priority 3: Ensure datasets are complete and timely,,,,,,,
            Intervention 1,To educate clinical staff to ensure these fields are completed.,,LMNS Team,Ongoing,,,
            4b Intervention 3,Implement NICE CG110 for women with complex social factors,,Safety Champions,31/03/2024,,Date changed from 28th February 2022 to 31st March 2024,
            ,Audit CG110 pathway use by ethnicity,,Public Health,Complete & embedded,,,
            Additional intervention: Establish a perinatal pelvic health service,Recruit the pelvic health lead,,DoMs,Sept 2024,,,
            4c Intervention 2,Smoke-free pathway for partners,,LMNS Team,TBC,≤6% SATOD,,
            """);

        var read = PlanTable.Read(path, "LMNSX1");

        Assert.Empty(read.Issues);
        var plan = read.Plan!;
        Assert.Equal(
            [
                "NHSE 2021", "NHSE 2021/Priority 1", "NHSE 2021/Priority 1/Intervention 1", "NHSE 2021/Priority 3", "NHSE 2021/Priority 3/Intervention 1",
                "NHSE 2021/Priority 4", "NHSE 2021/Priority 4/4b", "NHSE 2021/Priority 4/4b/4b Intervention 3",
                "NHSE 2021/Priority 4/4b/Additional intervention", "NHSE 2021/Priority 4/4c", "NHSE 2021/Priority 4/4c/4c Intervention 2",
            ],
            plan.Nodes.Select(n => n.Id));
        Assert.Equal("Continue to implement the Covid-19 four actions", plan.Node("NHSE 2021/Priority 1/Intervention 1")!.Title);
        Assert.Equal("Action on maternal mortality, morbidity and experience", plan.Node("NHSE 2021/Priority 4/4b")!.Title);
        Assert.Equal("Establish a perinatal pelvic health service", plan.Node("NHSE 2021/Priority 4/4b/Additional intervention")!.Title);

        Assert.Equal(7, plan.Actions.Count);
        var a = plan.Actions;
        Assert.Equal(("A001", ActionStatus.Complete, (PlanDate?)null), (a[0].Id, a[0].Status, a[0].TargetDate));
        Assert.Equal(["DoMs", "Digital Midwives", "Data Analyst"], a[0].Leads);
        Assert.Equal("BadgerNet data set", a[0].Updates.Single().Evidence);
        Assert.Equal("Approved at LMNS Board", a[0].Updates.Single().Text);
        Assert.Null(a[0].Updates.Single().Date);

        // The second action, and the continuation row that adds a milestone with its own date.
        Assert.Equal(PlanDate.Month(2023, 3), a[1].TargetDate);
        Assert.Equal(new DateOnly(2023, 3, 31), a[1].TargetDate!.Value.Date);
        Assert.Equal(2, a[1].Milestones.Count);
        Assert.Equal(("Postcode extraction live", (PlanDate?)PlanDate.Day(new DateOnly(2023, 9, 30))), (a[1].Milestones[1].Title, a[1].Milestones[1].Due));
        Assert.Equal(("NHSE 2021/Priority 3/Intervention 1", ActionStatus.OnTrack), (a[2].NodeIds[0], a[2].Status));

        Assert.Equal(PlanDate.Day(new DateOnly(2024, 3, 31)), a[3].TargetDate);
        Assert.Equal("NHSE 2021/Priority 4/4b/4b Intervention 3", a[3].NodeIds[0]);
        var change = Assert.Single(a[3].Updates);
        Assert.Contains("Date changed", change.Text, StringComparison.Ordinal);
        Assert.Equal(("NHSE 2021/Priority 4/4b/4b Intervention 3", ActionStatus.CompleteAndEmbedded), (a[4].NodeIds[0], a[4].Status));
        Assert.Equal(PlanDate.Month(2024, 9), a[5].TargetDate);
        Assert.Equal(("NHSE 2021/Priority 4/4c/4c Intervention 2", (PlanDate?)null, ActionStatus.NotStarted), (a[6].NodeIds[0], a[6].TargetDate, a[6].Status));
    }

    [Fact]
    public void TargetDateChangesWrittenAsPlansWriteThemAreRead()
    {
        var problems = new List<string>();
        var changes = PlanText.ParseTargetChanges("Date changed from 28th February 2022 to 30th September 2022\n[2023-01-05 by LMNS Team] March 2023 -> 2023-06-30: supplier delay", problems);
        Assert.Empty(problems);
        Assert.Equal((PlanDate?)PlanDate.Day(new DateOnly(2022, 2, 28)), changes[0].From);
        Assert.Equal((PlanDate?)PlanDate.Day(new DateOnly(2022, 9, 30)), changes[0].To);
        Assert.Equal(new PlanAction.TargetChange(new DateOnly(2023, 1, 5), "LMNS Team", PlanDate.Month(2023, 3), PlanDate.Day(new DateOnly(2023, 6, 30)), "supplier delay"), changes[1]);
    }

    [Theory]
    [InlineData("2024-03-31", 2024, 3, 31, false)]
    [InlineData("31/03/2024", 2024, 3, 31, false)]
    [InlineData("30th November 2021", 2021, 11, 30, false)]
    [InlineData("1st Feb 2023", 2023, 2, 1, false)]
    [InlineData("March 2023", 2023, 3, 31, true)]
    [InlineData("Feb 2024", 2024, 2, 29, true)]
    [InlineData("Sept 2024", 2024, 9, 30, true)]
    [InlineData("Mar-23", 2023, 3, 31, true)]
    public void PlanDatesAreReadDayFirstWithMonthsDueAtTheirEnd(string text, int y, int m, int d, bool monthOnly)
    {
        Assert.True(PlanDate.TryParse(text, out var date));
        Assert.Equal(new PlanDate(new DateOnly(y, m, d), monthOnly), date);
        Assert.True(PlanDate.TryParse(date.ToString(), out var again));
        Assert.Equal(date, again);
    }

    [Theory]
    [InlineData("2022-23 Q3", 2022, 3)]
    [InlineData("Q4 2025-26", 2025, 4)]
    [InlineData("Q1 24/25", 2024, 1)]
    [InlineData("2023/24 Q2", 2023, 2)]
    public void QuartersAreReadInFinancialYears(string text, int year, int quarter)
    {
        Assert.True(FinancialQuarter.TryParse(text, out var q));
        Assert.Equal(new FinancialQuarter(year, quarter), q);
        Assert.Equal(new DateOnly(year, 4, 1).AddMonths(3 * (quarter - 1)), q.Start);
        Assert.Equal(q, FinancialQuarter.Of(q.End));
    }

    [Fact]
    public void AnImportWithBadRowsReportsEachAndChangesNothing()
    {
        using var store = new TestStore();
        var original = PlanGenerator.Generate("LMNSX1", 10, seed: 3);
        PlanStore.Replace(store.Database, TestAccess.As("analyst"), original);
        var before = Json(PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1"));
        var path = store.File("bad.csv", """
            Priority,Action ID,Action descriptor,Target date,Status,Indicators,Planned start,Also serves
            Priority 1,A1,Fine action,2024-03-31,On track,,,
            ,A2,Bad date,31/02/2024,,,,
            ,A3,Bad status,,Half done,,,
            ,A4,Bad indicator,,,NOT-AN-INDICATOR,,
            ,A1,Duplicate id,,,,,
            ,A6,Bad quarter,,,,Q5 2024-25,
            ,A7,Bad link,,,,,NHSE 2021/Priority 9
            """);

        var (read, saved) = PlanTable.Import(store.Database, TestAccess.As("analyst"), path, "LMNSX1");

        Assert.Null(saved);
        Assert.Null(read.Plan);
        Assert.Equal(
            [(3L, "Target date"), (4, "Status"), (5, "Indicators"), (6, "Action ID"), (7, "Planned start"), (8, "Also serves")],
            read.Issues.Select(i => (i.Row, i.Column)).OrderBy(x => x.Item1));
        Assert.Contains("A1", read.Issues.Single(i => i.Column == "Action ID").Reason, StringComparison.Ordinal);
        Assert.Equal(before, Json(PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1")));
    }

    [Fact]
    public void AWorkbookThatUnpacksToFarMoreThanItsSizeIsRefusedNamingTheFileForPlansAndReturns()
    {
        using var store = new TestStore();
        var path = Path.Combine(store.Directory, "bomb.xlsx");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var part = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 64; i++) part.Write(spaces);
        }
        Assert.InRange(new FileInfo(path).Length, 1, 1024 * 1024);

        var plan = Assert.Throws<InvalidDataException>(() => PlanTable.Import(store.Database, TestAccess.Admin, path, "LMNSX1"));
        var ret = Assert.Throws<InvalidDataException>(() => Maternity.Returns.TrustReturn.Import(store.Database, path));

        foreach (var refused in new[] { plan, ret })
        {
            Assert.StartsWith("bomb.xlsx: the workbook was not read", refused.Message, StringComparison.Ordinal);
            Assert.Contains("xl/worksheets/sheet1.xml", refused.Message, StringComparison.Ordinal);
        }
    }
}
