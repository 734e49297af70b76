using Maternity.Plans;

namespace Maternity.Tests.Plans;

/// <summary>The plans' own ways of writing dates, headings and lists, in small tables typed as the plans type them.</summary>
public sealed class PlanLayoutTests
{
    [Theory]
    [InlineData("by March 2024", 2024, 3, 31)]
    [InlineData("by the end of 2023/24", 2024, 3, 31)]
    [InlineData("end of 2023/24", 2024, 3, 31)]
    [InlineData("by October 2023", 2023, 10, 31)]
    [InlineData("by 2027/28", 2028, 3, 31)]
    [InlineData("2027/28", 2028, 3, 31)]
    [InlineData("Throughout 2023", 2023, 12, 31)]
    [InlineData("By 2025", 2025, 12, 31)]
    [InlineData("Q3 2023/24", 2023, 12, 31)]
    [InlineData("by Q1 2023/24", 2023, 6, 30)]
    [InlineData("by 30th September 2023", 2023, 9, 30)]
    public void DatesAsPlansWriteThemFallDueAtTheEndOfWhatTheyName(string text, int y, int m, int d)
    {
        Assert.True(PlanDate.TryParse(text, out var date));
        Assert.Equal(new DateOnly(y, m, d), date.Date);
        Assert.Equal(text, date.ToString());
        Assert.True(PlanDate.TryParse(date.ToString(), out var again));
        Assert.Equal(date, again);
    }

    [Theory]
    [InlineData("by")]
    [InlineData("Spring")]
    [InlineData("by the end of the pilot")]
    [InlineData("2023/25")]
    public void WordsThatNameNoDateAreNotDates(string text) => Assert.False(PlanDate.TryParse(text, out _));

    [Theory]
    [InlineData("Priority One: Restore NHS services inclusively", "Priority 1", "Restore NHS services inclusively")]
    [InlineData(" Priority Three: Ensure data sets are complete", "Priority 3", "Ensure data sets are complete")]
    [InlineData("Priority 4 Accelerate preventative programmes", "Priority 4", "Accelerate preventative programmes")]
    [InlineData("Priority 4b Action on maternal mortality, morbidity and experience", "4b", "Action on maternal mortality, morbidity and experience")]
    [InlineData("Priority 4a: Understand your population", "4a", "Understand your population")]
    [InlineData("4e Enablers", "4e", "Enablers")]
    [InlineData("4b Intervention 1", "4b Intervention 1", "")]
    [InlineData("Intervention 3:", "Intervention 3", "")]
    [InlineData("Intervention 2: when investigating serious incidents", "Intervention 2", "when investigating serious incidents")]
    [InlineData("Objective II: Listen to marginalised groups and act", "Objective 2", "Listen to marginalised groups and act")]
    [InlineData("Priority action 1: Reduce inequalities", "Priority action 1", "Reduce inequalities")]
    [InlineData("Maternal medicine network: Continue to embed the MMN", "Maternal medicine network", "Continue to embed the MMN")]
    public void HeadingsAreReadInThePlansOwnWords(string cell, string reference, string title) =>
        Assert.Equal((reference, title), PlanText.ParseRefTitle(cell));

    [Fact]
    public void ALeadListThatWrapsOverLinesIsSplitIntoItsRoles()
    {
        using var store = new TestStore();
        // The per-priority table of the Herefordshire & Worcestershire plan: the priority as a row in the actions
        // column, a list of leads wrapping onto a second line, a "Comments / Evidence" column.
        var path = store.File("format-a.csv", """
            Action descriptor,Action required,Responsible Leads,Target date to complete,Comments / Evidence
            Priority 3: Ensure datasets are complete and timely,,,,
            "4. Ensure all providers record on maternity information systems the ethnicity of every woman",To educate clinical staff to ensure these fields are completed.,"DoMs / Clinical Leads / Digital Midwives / Data Analyst /
            Governance Leads / Safety Champions / Public Health",March 31st 2023,Regional Measures Report / BadgerNet data set
            To review LMNS dashboard to include trust compliance,,NHS Digital/ICS digital leads/Digital Midwives,September 2023,
            """);

        var read = PlanTable.Read(path, "LMNSX1");

        Assert.Empty(read.Issues);
        Assert.True(read.FullyRead);
        var plan = read.Plan!;
        Assert.Equal(2, plan.Actions.Count);
        Assert.All(plan.Actions, a => Assert.Equal("NHSE 2021/Priority 3", a.NodeIds[0]));
        Assert.Equal(["DoMs", "Clinical Leads", "Digital Midwives", "Data Analyst", "Governance Leads", "Safety Champions", "Public Health"], plan.Actions[0].Leads);
        Assert.Equal(["NHS Digital", "ICS digital leads", "Digital Midwives"], plan.Actions[1].Leads);
        Assert.Equal((PlanDate?)PlanDate.Day(new DateOnly(2023, 3, 31)), plan.Actions[0].TargetDate);
        Assert.Equal("Regional Measures Report / BadgerNet data set", plan.Actions[0].Updates.Single().Text);
        Assert.Equal("A001", Assert.Single(PlanViews.Select(plan, new PlanViews.Filter(Lead: "Data Analyst"), new DateOnly(2023, 1, 1))).Id);
        Assert.Equal(2, PlanViews.Select(plan, new PlanViews.Filter(Lead: "Digital Midwives"), new DateOnly(2023, 1, 1)).Count);
    }

    [Fact]
    public void DeliverablesWithDeadlinesInWordsGoInAndFallDue()
    {
        using var store = new TestStore();
        // Deadlines as the Coventry & Warwickshire plan writes its key metrics and deliverables.
        var path = store.File("deliverables.csv", """
            Objective,Action,Deadline
            Objective 1: Key metrics and deliverables,Deliver the first deliverable,by March 2024
            ,Deliver the second deliverable,by the end of 2023/24
            ,Deliver the third deliverable,by October 2023
            ,Achieve fill rates for midwifery,by 2027/28
            ,Hold the listening events,Throughout 2023
            ,Increase fill rates against funded establishment,By 2025
            ,Review the pathway,October 2022 / April 2023
            ,Agree the approach,after the pilot
            """);

        var read = PlanTable.Read(path, "LMNSX1");

        Assert.Empty(read.Issues);
        var a = read.Plan!.Actions;
        Assert.Equal(
            ["by March 2024", "by the end of 2023/24", "by October 2023", "by 2027/28", "Throughout 2023", "By 2025", "April 2023", null],
            a.Select(x => x.TargetDate?.ToString()));
        Assert.Equal(
            [new DateOnly(2024, 3, 31), new DateOnly(2024, 3, 31), new DateOnly(2023, 10, 31), new DateOnly(2028, 3, 31), new DateOnly(2023, 12, 31), new DateOnly(2025, 12, 31), new DateOnly(2023, 4, 30), (DateOnly?)null],
            a.Select(PlanViews.Due));
        // "October 2022 / April 2023": the date and its revision.
        var revision = Assert.Single(a[6].TargetChanges);
        Assert.Equal(((PlanDate?)PlanDate.Month(2022, 10), (PlanDate?)PlanDate.Month(2023, 4)), (revision.From, revision.To));
        // Words that name no date are kept as written, and the import says so.
        Assert.Equal("after the pilot", a[7].TargetText);
        var kept = Assert.Single(read.KeptAsText);
        Assert.Equal((9L, "Target date", "after the pilot"), (kept.Row, kept.Column, kept.Value));
        Assert.Equal(["A003", "A005", "A007"], PlanViews.Select(read.Plan, new PlanViews.Filter(Overdue: true), new DateOnly(2024, 1, 1)).Select(x => x.Id));
    }

    [Fact]
    public void AHeaderTheTableDoesNotKnowIsNamedWithTheNearestColumnAndItsCellsKeptAsText()
    {
        using var store = new TestStore();
        var path = store.File("plan.csv", """
            Plan title: our equity plan,,,
            Priority,Action,Target dtae,Risk owner notes
            Priority 2: Mitigate against digital exclusion,Lend devices,March 2024,Depends on funding
            """);

        var read = PlanTable.Read(path, "LMNSX1");

        Assert.Empty(read.Issues);
        Assert.Equal(["Target dtae", "Risk owner notes"], read.UnknownColumns.Select(u => u.Header));
        Assert.Equal("Target date", read.UnknownColumns[0].Nearest);
        var action = Assert.Single(read.Plan!.Actions);
        Assert.Equal("March 2024", action.Other!["Target dtae"]);
        Assert.Equal(2, read.KeptAsText.Count);
        var above = Assert.Single(read.NotRead);
        Assert.Equal((1L, "Plan title: our equity plan"), (above.Row, above.Value));
    }

    [Fact]
    public void AnLmnsKeepsSeveralPlansAndAnImportReplacesOnlyThePlanItNames()
    {
        using var store = new TestStore();
        var analyst = TestAccess.As("analyst");
        var equity = store.File("equity.csv", """
            Priority,Action,Target date
            Priority 3: Ensure datasets are complete and timely,Review MSDS submissions monthly,March 2024
            ,Report ethnicity completeness to the board,by the end of 2023/24
            """);
        // A WRES action plan: objectives per indicator, owners, targets and horizons as deadlines.
        var wres = store.File("wres.csv", """
            Objective,Action,Owners,Target,Deadline
            Objective 2: Equal likelihood of being appointed from shortlisting,Diverse interview panels,"HR, DoMs, Recruiting managers",Relative likelihood 1.0,by September 2023
            """);

        var (_, first) = PlanTable.Import(store.Database, analyst, equity, "LMNSX1");
        var (_, second) = PlanTable.Import(store.Database, analyst, wres, "LMNSX1", plan: "wres");
        var (_, again) = PlanTable.Import(store.Database, analyst, equity, "LMNSX1");

        // The framework, Priority 3 and two actions.
        Assert.Equal((4, 0), (first!.Added, first.Removed));
        Assert.Equal(0, second!.Removed);
        Assert.Equal(new PlanStore.ReplaceResult(0, 0, 0, 4), again);
        Assert.Equal(["equity", "wres"], PlanStore.PlanNames(store.Database, TestAccess.Admin, "LMNSX1"));
        Assert.Equal(2, PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Actions.Count);
        var w = Assert.Single(PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1", plan: "wres").Actions);
        Assert.Equal(["HR", "DoMs", "Recruiting managers"], w.Leads);
        Assert.Equal(("Relative likelihood 1.0", new DateOnly(2023, 9, 30)), (w.Metrics, w.TargetDate!.Value.Date));
        Assert.All(PlanStore.History(store.Database, TestAccess.Admin, "LMNSX1", plan: "wres"), c => Assert.Equal(1, c.Version));

        // Editing the WRES plan's action leaves the equity plan's action of the same id alone.
        var wresPlan = PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1", plan: "wres");
        PlanStore.SaveAction(store.Database, analyst, "LMNSX1", w with { StatusNote = "panels agreed" }, wresPlan.ActionStamps[w.Id].Version, planName: "wres");
        Assert.Null(PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Action(w.Id)!.StatusNote);
        Assert.Equal("panels agreed", PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1", plan: "wres").Action(w.Id)!.StatusNote);
    }

    [Fact]
    public void AColumnMappingRemembersHowAPlansOwnHeadersAreRead()
    {
        using var store = new TestStore();
        var path = store.File("plan.csv", """
            Priority,Action,Target dtae,Risk owner notes
            Priority 2: Mitigate against digital exclusion,Lend devices,March 2024,Depends on funding
            """);
        var mapPath = Path.Combine(store.Directory, "columns.csv");

        // First month: the headers it does not know go into the mapping with the nearest column beside them.
        var first = PlanTable.Read(path, "LMNSX1");
        Assert.Equal(2, PlanTable.WriteColumnMap(mapPath, first.UnknownColumns));
        var suggested = PlanTable.ReadColumnMap(mapPath);
        Assert.Equal(["Target dtae", "Risk owner notes"], suggested.Keys);
        Assert.All(suggested.Values, v => Assert.Equal("", v));

        // Someone fills in the choice; next month the header is read as that column and the other kept as text.
        File.WriteAllText(mapPath, "Header,Column,Nearest column\nTarget dtae,Target date,Target date\nRisk owner notes,,Status note\n");
        var next = PlanTable.Read(path, "LMNSX1", columnMap: PlanTable.ReadColumnMap(mapPath));

        Assert.Empty(next.Issues);
        var action = Assert.Single(next.Plan!.Actions);
        Assert.Equal((PlanDate?)PlanDate.Month(2024, 3), action.TargetDate);
        Assert.Equal("Risk owner notes", Assert.Single(next.UnknownColumns).Header);
        Assert.Equal("Depends on funding", action.Other!["Risk owner notes"]);

        File.WriteAllText(mapPath, "Header,Column\nTarget dtae,Target daet\n");
        Assert.Contains("'Target daet' is not a column of the plan table", Assert.Throws<InvalidDataException>(() => PlanTable.ReadColumnMap(mapPath)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HorizonsWithTheirDeadlinesFallDueThen()
    {
        using var store = new TestStore();
        // The WRES action plan's horizons: targets in red by September 2023, green by September 2024, blue by September 2025.
        var path = store.File("wres.csv", """
            Objective,Action,Horizon
            Objective 1: Representation in senior roles,Reverse mentoring for senior leaders,"Red: short term (0-12 months), by September 2023"
            ,Career conversations for band 5 and 6 midwives,"Green: intermediate term (1-2 years), by September 2024"
            ,Senior roles in line with the model employer goals,"Blue: long term (3-5 years), by September 2025"
            ,Review the panel guidance,Short term
            """);

        var actions = PlanTable.Read(path, "LMNSX1").Plan!.Actions;

        Assert.Equal([Horizon.ShortTerm, Horizon.IntermediateTerm, Horizon.LongTerm, Horizon.ShortTerm], actions.Select(a => a.Horizon!.Value));
        Assert.Equal(["by September 2023", "by September 2024", "by September 2025", null], actions.Select(a => a.TargetDate?.ToString()));
        Assert.Equal(new DateOnly(2024, 9, 30), PlanViews.Due(actions[1]));
    }
}
