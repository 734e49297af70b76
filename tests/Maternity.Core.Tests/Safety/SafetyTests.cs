using Dapper;
using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Safety;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Tests.Safety;

public sealed class SafetyTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private static readonly DateOnly January = new(2025, 1, 1);

    /// <summary>
    /// The small fixture: X1A in January 2025 with 3,000 births to White mothers, 3,000 to Black mothers, 3,000 in IMD
    /// quintile 1 and 3,000 in quintile 5; ten PSII cases: three of White women living in a decile-10 LSOA, six of Black
    /// women in a decile-1 LSOA, one whose ethnicity and LSOA were not recorded.
    /// </summary>
    private void LoadFixture()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        using (var connection = _store.Database.Open())
        {
            connection.Execute("""
                INSERT INTO imd_lsoa (lsoa_code, edition, imd_rank, imd_decile) VALUES ('E01000001', 'IMD2019', 10, 1), ('E01000002', 'IMD2019', 32000, 10)
                """);
            foreach (var (breakdown, group) in new[] { ("EthnicGroup", "White"), ("EthnicGroup", "Black"), ("ImdQuintile", "1"), ("ImdQuintile", "5") })
                connection.Execute(connection.Sql("""
                    INSERT INTO indicator_count (indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown, group_code,
                      numerator, denominator, source, exactness, computed_at)
                    VALUES ('STILLBIRTH_RATE', 1, 'Provider', 'X1A', 'Month', $month, $breakdown, $group, 10, 3000, 'record-level', 'exact', $at)
                    """), new { month = January.ToDateTime(TimeOnly.MinValue), breakdown, group, at = DateTime.UtcNow });
        }
        var rows = string.Concat(Enumerable.Range(1, 3).Select(i => $"W{i},X1A,PSII,2025-01-{i + 1:00},A,E01000002,closed,COMMUNICATION\n"))
            + string.Concat(Enumerable.Range(1, 6).Select(i => $"B{i},X1A,PSII,2025-01-{i + 10:00},N,E01000001,under review,{(i <= 3 ? "BIAS;COMMUNICATION" : "ESCALATION")}\n"))
            + "U1,X1A,PSII,2025-01-30,,,reported,\n";
        var file = _store.File("cases.csv", "CaseRef,Trust,Kind,EventDate,EthnicCategory,LSOA,Status,Themes\n" + rows);
        var result = SafetyImport.Import(_store.Database, Access.System("test"), file);
        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => $"{i.Row} {i.Column} {i.Reason}")));
        Assert.Equal(10, result.Cases);
    }

    [Fact]
    public void RatesPerThousandBirthsByGroupMatchTheReferenceValues()
    {
        LoadFixture();
        var analysis = SafetyAnalysis.Build(_store.Database, Access.System("test"), "X1A", January, months: 1);

        Assert.False(analysis.Suppressed);
        var white = analysis.Ethnic.Single(g => g.Group == "White");
        var black = analysis.Ethnic.Single(g => g.Group == "Black");
        Assert.Equal((3, 3000), (white.Cases, white.Births));
        Assert.Equal((6, 3000), (black.Cases, black.Births));
        // R poisson.test, shared/reference/statistics/rates_exact_poisson.csv: 3 per 3,000 and 6 per 3,000, per 1,000, 95%.
        Assert.Equal(1.0, white.Rate!.Value, 12);
        Assert.Equal(0.206224040965201, white.Rate.Lower, 9);
        Assert.Equal(2.92242435658077, white.Rate.Upper, 9);
        Assert.Equal(2.0, black.Rate!.Value, 12);
        Assert.Equal(0.733964751163617, black.Rate.Lower, 9);
        Assert.Equal(4.35315800750623, black.Rate.Upper, 9);
        // Rate ratio against White, worked by hand: 2.0 × exp(± 1.959964 × √(1/6 + 1/3)) = 0.5001953 to 7.9968763.
        Assert.True(white.Reference);
        Assert.Null(white.Ratio);
        Assert.Equal(2.0, black.Ratio!.Value, 12);
        Assert.Equal(0.5001953, black.Ratio.Lower, 6);
        Assert.Equal(7.9968763, black.Ratio.Upper, 6);
        Assert.Equal("no clear difference", SafetyAnalysis.Verdict(black.Ratio));
        // The case without ethnicity counts in "Not recorded", with no births to be a rate of.
        var unrecorded = analysis.Ethnic.Single(g => g.Group == SafetyCodes.NotRecorded);
        Assert.Equal((1, 0), (unrecorded.Cases, unrecorded.Births));
        Assert.Null(unrecorded.Rate);

        // Deprivation: the six Black women live in quintile 1, the three White women in quintile 5 (the reference).
        var q1 = analysis.Deprivation.Single(g => g.Group == "1");
        var q5 = analysis.Deprivation.Single(g => g.Group == "5");
        Assert.Equal((6, 3000, 3, 3000), (q1.Cases, q1.Births, q5.Cases, q5.Births));
        Assert.Equal(0.733964751163617, q1.Rate!.Lower, 9);
        Assert.Equal(7.9968763, q1.Ratio!.Upper, 6);
        Assert.Equal(1, analysis.Deprivation.Single(g => g.Group == SafetyCodes.Unknown).Cases);
    }

    [Fact]
    public void ACaseWithoutEthnicityCountsAgainstTheCodingMeasure()
    {
        LoadFixture();
        var coding = SafetyAnalysis.Build(_store.Database, Access.System("test"), "X1A", January, months: 1).EthnicityCoding;

        // 9 of 10 cases coded; Wilson score interval worked by hand (Newcombe 1998, method 3):
        // (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²)) with x = 9, n = 10, z = 1.959964: 0.595850 to 0.982124.
        Assert.Equal((9, 10), (coding.Valid, coding.Cases));
        Assert.Equal(90.0, coding.Percent!.Value, 9);
        Assert.Equal(59.5850, coding.Percent.Lower, 3);
        Assert.Equal(98.2124, coding.Percent.Upper, 3);
        Assert.Equal(100, coding.Target);
        Assert.False(coding.Met);
    }

    [Fact]
    public void ThemesAreCountedByGroup()
    {
        LoadFixture();
        var themes = SafetyAnalysis.Build(_store.Database, Access.System("test"), "X1A", January, months: 1).Themes;

        var communication = themes.Single(t => t.Code == "COMMUNICATION");
        Assert.Equal(6, communication.Cases);
        Assert.Equal(100.0, communication.Cells.Single(c => c.Group == "White").Percent);
        Assert.Equal(50.0, communication.Cells.Single(c => c.Group == "Black").Percent);
        var bias = themes.Single(t => t.Code == "BIAS");
        Assert.Equal((3L, 6L), (bias.Cells.Single(c => c.Group == "Black").Cases, bias.Cells.Single(c => c.Group == "Black").GroupCases));
        Assert.Equal(0, bias.Cells.Single(c => c.Group == "White").Cases);
    }

    [Fact]
    public void RareEventsAreChartedAsTheDaysBetweenCasesForThoseWhoMaySeeTheRecords()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        // Five maternal deaths at X1A, 100, 120, 80 and 150 days apart.
        var file = _store.File("deaths.csv", "CaseRef,Trust,Kind,EventDate,Status\n"
            + "D1,X1A,MATERNAL_DEATH,2024-01-10,closed\nD2,X1A,MATERNAL_DEATH,2024-04-19,closed\nD3,X1A,MATERNAL_DEATH,2024-08-17,closed\n"
            + "D4,X1A,MATERNAL_DEATH,2024-11-05,closed\nD5,X1A,MATERNAL_DEATH,2025-04-04,under review\n");
        Assert.True(SafetyImport.Import(_store.Database, Access.System("test"), file).Imported);

        var analyst = Access.Resolve(_store.Database, "analyst", Role.Analyst, ["LMNSX1"]);
        var analysis = SafetyAnalysis.Build(_store.Database, analyst, "X1A", new DateOnly(2025, 4, 1), asAt: new DateOnly(2025, 4, 30));
        var deaths = analysis.Rare!.Single(r => r.Kind == "MATERNAL_DEATH");
        Assert.Equal(5, deaths.Dates.Count);
        Assert.Equal(26, deaths.DaysSinceLast);
        // t chart (Provost and Murray 2011, ch. 7): y = t^(1/3.6) of 100, 120, 80, 150 days; mean of y and average moving
        // range 0.411276 give, transformed back by y^3.6, centre 110.3619 days, limits 31.1649 and 280.8163 days
        // (mean ± 2.66 × moving range, worked by hand from the four gaps).
        var point = deaths.Spc!.Points[0];
        Assert.Equal(4, deaths.Spc.Points.Count);
        Assert.Equal(100, point.Value, 6);
        Assert.Equal(110.3619037, point.Mean, 5);
        Assert.Equal(280.8162797, point.Upper, 5);
        Assert.Equal(31.1649401, point.Lower, 5);
        Assert.Null(analysis.Rare!.Single(r => r.Kind == "MNSI").Spc);

        // A viewer is not given the dates of single deaths.
        var viewer = Access.Resolve(_store.Database, "board", Role.Viewer, ["LMNSX1"]);
        Assert.Null(SafetyAnalysis.Build(_store.Database, viewer, "X1A", new DateOnly(2025, 4, 1)).Rare);
    }

    [Fact]
    public void MonthlyCountsAreChartedAndTheVariationIsJudgedOnTheExactCountsForEveryCaller()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        // Two investigations a month for 12 months, then nine in January 2025.
        var rows = string.Concat(Enumerable.Range(0, 12).SelectMany(m => Enumerable.Range(1, 2)
            .Select(i => $"M{m}-{i},X1A,PSII,{new DateOnly(2024, 1, 1).AddMonths(m):yyyy-MM}-{i + 10:00},closed\n")))
            + string.Concat(Enumerable.Range(1, 9).Select(i => $"J{i},X1A,PSII,2025-01-{i + 10:00},reported\n"));
        Assert.True(SafetyImport.Import(_store.Database, Access.System("test"), _store.File("cases.csv", "CaseRef,Trust,Kind,EventDate,Status\n" + rows)).Imported);

        var analyst = SafetyAnalysis.Build(_store.Database, Access.Resolve(_store.Database, "analyst", Role.Analyst, ["LMNSX1"]), "X1A", January);
        var viewer = SafetyAnalysis.Build(_store.Database, Access.Resolve(_store.Database, "board", Role.Viewer, ["LMNSX1"]), "X1A", January);
        Assert.True(analyst.Trend.Charted);
        Assert.Equal(13, analyst.Trend.Months.Count);
        Assert.Equal(new DateOnly(2024, 1, 1), analyst.Trend.Months[0].Month);
        Assert.Equal([.. Enumerable.Repeat(2L, 12), 9L], analyst.Trend.Months.Select(m => m.Cases));
        // The viewer's points are the rounded counts (2 shown as 5, 9 as 10); the verdict is the exact counts'.
        Assert.Equal([.. Enumerable.Repeat(5L, 12), 10L], viewer.Trend.Months.Select(m => m.Cases));
        Assert.Equal(Maternity.Statistics.VariationType.SpecialCauseConcern, analyst.Trend.Spc.Variation);
        Assert.Equal(analyst.Trend.Spc.Variation, viewer.Trend.Spc.Variation);
    }

    [Fact]
    public void AViewerSeesRoundedCountsAndRatesFromThem()
    {
        LoadFixture();
        var viewer = Access.Resolve(_store.Database, "board", Role.Viewer, ["LMNSX1"]);
        var analysis = SafetyAnalysis.Build(_store.Database, viewer, "X1A", January, months: 1);

        Assert.True(analysis.Suppressed);
        var white = analysis.Ethnic.Single(g => g.Group == "White");
        // 3 cases are shown as 5 (NHS England's rule: 1-7 as 5); the rate is 5 per 3,000.
        Assert.Equal((5, 3000), (white.Cases, white.Births));
        Assert.Equal(5 / 3.0, white.Rate!.Value, 9);
        Assert.Equal((10L, 10L), (analysis.EthnicityCoding.Valid, analysis.EthnicityCoding.Cases));
        Assert.Throws<AccessDeniedException>(() => SafetyStore.Cases(_store.Database, viewer, "X1A"));
        var anyone = Access.Resolve(_store.Database, "anyone", Role.Public, []);
        Assert.Throws<AccessDeniedException>(() => SafetyAnalysis.Build(_store.Database, anyone, "X1A", January, months: 1));
    }

    [Fact]
    public void CaseDetailsGoToTheirOwnTrustAndEveryReadIsAudited()
    {
        LoadFixture();
        var trustB = Access.Resolve(_store.Database, "b-user", Role.TrustUser, ["X1B"]);
        var trustA = Access.Resolve(_store.Database, "a-user", Role.TrustUser, ["X1A"]);
        var analyst = Access.Resolve(_store.Database, "analyst", Role.Analyst, ["LMNSX1"]);

        Assert.Throws<AccessDeniedException>(() => SafetyStore.Cases(_store.Database, trustB, "X1A"));
        Assert.Throws<AccessDeniedException>(() => SafetyStore.Cases(_store.Database, trustA, "LMNSX1"));
        Assert.Equal(10, SafetyStore.Cases(_store.Database, trustA, "X1A").Count);
        Assert.Equal(10, SafetyStore.Cases(_store.Database, analyst, "LMNSX1").Count);

        Assert.Equal(2, _store.Scalar("SELECT count(*) FROM audit_log WHERE action_name = 'safety.cases.read'"));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM audit_log WHERE action_name = 'safety.cases.read' AND actor = 'a-user' AND target = 'X1A'"));
    }

    [Fact]
    public void AnIncidentExportWithLocalColumnsAndCodesLoadsThroughAMapping()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        var file = _store.File("datix-export.csv", """
            Incident No,Site,Type,Date reported,Ethnicity,Harm grade,Interpreter?,Age,Status,Themes,Factors,Description
            DX-1001,X1B,Serious incident,03/02/2025,White British,Moderate harm,No,25-29,Open,Comms;Escalation,Staffing,Delay in review
            DX-1002,X1B,HSIB,14/02/2025,Black African,Severe harm,Yes,30-34,Closed,Interpreter,Interpreting,Language barrier
            DX-1003,X1C,Complaint,20/02/2025,Declined,No harm,No,Under 20,Under review,,,Attitude
            """);
        var mapping = _store.File("datix.json", """
            { "columns": { "Incident No": "CaseRef", "Site": "Trust", "Type": "Kind", "Date reported": "EventDate", "Ethnicity": "EthnicCategory",
                           "Harm grade": "Harm", "Interpreter?": "InterpreterNeeded", "Age": "AgeBand", "Factors": "ContributoryFactors" },
              "values": { "Kind": { "Serious incident": "PSII", "HSIB": "MNSI", "Complaint": "COMPLAINT" },
                          "EthnicCategory": { "White British": "A", "Black African": "N", "Declined": "Z" },
                          "Harm": { "Moderate harm": "moderate", "Severe harm": "severe", "No harm": "none" },
                          "InterpreterNeeded": { "Yes": "Y", "No": "N" },
                          "Status": { "Open": "reported", "Closed": "closed" },
                          "Themes": { "Comms": "COMMUNICATION", "Interpreter": "INTERPRETING" } },
              "dateFormats": [ "dd/MM/yyyy" ] }
            """);

        var result = SafetyImport.Import(_store.Database, Access.System("test"), file, ExtractMapping.Load(mapping));

        Assert.True(result.Imported, string.Join("; ", result.Issues.Select(i => $"{i.Row} {i.Column} {i.Reason}")));
        Assert.Equal(3, result.Cases);
        Assert.Equal(["Description"], result.Ignored);
        var cases = SafetyStore.Cases(_store.Database, Access.System("test"), "LMNSX1").OrderBy(c => c.CaseRef).ToList();
        Assert.Equal(["PSII", "MNSI", "COMPLAINT"], cases.Select(c => c.Kind));
        Assert.Equal(["A", "N", "Z"], cases.Select(c => c.EthnicCategory));
        Assert.Equal(new DateOnly(2025, 2, 3), cases[0].EventDate);
        Assert.Equal(["COMMUNICATION", "ESCALATION"], cases[0].Themes);
        Assert.Equal(["INTERPRETING"], cases[1].Factors);
        Assert.Equal("Y", cases[1].Interpreter);
        Assert.Equal(("under review", "Under 20"), (cases[2].Status, cases[2].AgeBand));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM audit_log WHERE action_name = 'safety.import' AND target = 'datix-export.csv'"));
    }

    [Fact]
    public void AFileWithNamesNhsNumbersOrBadCellsIsRefusedNamingRowAndColumnAndChangesNothing()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        var named = _store.File("named.csv", "CaseRef,Trust,Kind,EventDate,Status,Patient Name\nR1,X1A,PSII,2025-01-02,reported,Jane Doe\n");
        var result = SafetyImport.Import(_store.Database, Access.System("test"), named);
        Assert.False(result.Imported);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((1L, "Patient Name"), (issue.Row, issue.Column));
        Assert.Contains("a name", issue.Reason, StringComparison.Ordinal);

        // 943 476 5919 is a valid NHS number (its modulus 11 check digit is 9); it is never echoed back.
        var bad = _store.File("bad.csv", """
            CaseRef,Trust,Kind,EventDate,Status,Category,EthnicCategory
            R1,X1A,PSII,2025-01-02,reported,Delay,A
            R2,X1A,PSII,2025-01-03,reported,see 943 476 5919,A
            R3,X1A,PSII,31/01/2025,reported,Delay,A
            R4,X1B,NOT_A_KIND,2025-01-04,reported,Delay,White
            """);
        result = SafetyImport.Import(_store.Database, Access.System("test"), bad);
        Assert.False(result.Imported);
        Assert.Contains(result.Issues, i => i is { Row: 3, Column: "Category", Value: "(withheld)" });
        Assert.DoesNotContain(result.Issues, i => i.Value?.Contains("5919", StringComparison.Ordinal) == true);
        Assert.Contains(result.Issues, i => i is { Row: 4, Column: "EventDate", Value: "31/01/2025" });
        Assert.Contains(result.Issues, i => i is { Row: 5, Column: "Kind" });
        Assert.Contains(result.Issues, i => i is { Row: 5, Column: "EthnicCategory", Value: "WHITE" });
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM safety_case"));

        // A trust user may load its own trust's cases only.
        var trust = Access.Resolve(_store.Database, "b-user", Role.TrustUser, ["X1B"]);
        var other = _store.File("other.csv", "CaseRef,Trust,Kind,EventDate,Status\nR1,X1A,PSII,2025-01-02,reported\n");
        result = SafetyImport.Import(_store.Database, trust, other);
        Assert.Contains(result.Issues, i => i is { Row: 2, Column: "Trust" });
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM safety_case"));
    }

    [Fact]
    public void TheLessonsLogLinksToPlanActionsAndRefusesAnActionNotInThePlan()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        var admin = Access.System("test");
        Maternity.Plans.PlanStore.Replace(_store.Database, admin, Maternity.Synthetic.PlanGenerator.Generate("LMNSX1", 10));
        var bad = _store.File("lessons.csv", "Id,Lesson,SourceCases,Actions,SharedWhere,SharedOn\nL1,Use interpreters,X1A-PSII-0001,A001;NOPE,Board,2025-02-01\n");
        var result = SafetyLessons.Import(_store.Database, admin, "LMNSX1", bad);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((2L, "Actions", "NOPE"), (issue.Row, issue.Column, issue.Value));

        var good = _store.File("lessons-good.csv", "Id,Lesson,SourceCases,Actions,SharedWhere,SharedOn\nL1,Use interpreters,X1A-PSII-0001,A001,Board,2025-02-01\n");
        Assert.True(SafetyLessons.Import(_store.Database, admin, "LMNSX1", good).Imported);
        var lesson = Assert.Single(SafetyLessons.List(_store.Database, admin, "LMNSX1"));
        Assert.Equal(["A001"], lesson.Actions);
        Assert.Equal(new DateOnly(2025, 2, 1), lesson.SharedOn);
    }

    [Fact]
    public void TheSyntheticLogShowsItsKnownExcessForBlackWomen()
    {
        _store.LoadSynthetic(12_000, 12, seed: 3);
        Maternity.Plans.PlanStore.Replace(_store.Database, Access.System("test"), Maternity.Synthetic.PlanGenerator.Generate("LMNSX1", 20));
        var summary = Maternity.Synthetic.SafetyGenerator.Generate(_store.Database, "LMNSX1");
        Assert.True(summary.Cases > 300, $"{summary.Cases} cases");
        Assert.Equal(4, summary.Lessons);

        var analysis = SafetyAnalysis.Build(_store.Database, Access.System("test"), "LMNSX1");
        var black = analysis.Ethnic.Single(g => g.Group == "Black");
        Assert.True(black.Ratio!.Lower > 1, $"Black against White: {black.Ratio}");
        Assert.InRange(black.Ratio.Value, 1.5, 4);
        Assert.Equal("higher", SafetyAnalysis.Verdict(black.Ratio));
        Assert.Equal(12, analysis.Months.Count);
        Assert.True(analysis.EthnicityCoding.Met == false);
        // Births are stored record-level, so the rare kinds with enough cases get a g chart beside their t chart.
        Assert.Contains(analysis.Rare!, r => r.G is not null && r.BirthsBetween.Count >= 3);
    }

    /// <summary>The LMNS's own definition of the coding measure (monthly, sent by each trust) with its target of 100%.</summary>
    private MeasureStore.MeasureSet DefineCodingMeasure()
    {
        var analyst = Access.System("test");
        var content = MeasureFile.Read(_store.File("measures.csv", """
            Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority
            SAFETY_ETHNICITY_CODED,Safety cases with a valid ethnic code,Cases in the safety log,proportion,,,Coded,Cases,higher,month,,trust return,3
            """), "LMNSX1");
        Assert.Empty(content.Issues);
        MeasureStore.Import(_store.Database, analyst, "LMNSX1", content);
        var set = MeasureStore.Load(_store.Database, "LMNSX1");
        var (targets, issues) = MeasureTarget.Read(_store.File("targets.csv", """
            Measure,Org,Direction,Target,By,Baseline,BaselinePeriod,Reduction,Milestones,Source
            SAFETY_ETHNICITY_CODED,,at least,100,,,,,,ethnicity is recorded for all SIs and PMRT and HSIB cases
            """), "LMNSX1", m => set.Find(m) is { } x ? (x.Unit, x.Levels) : null);
        Assert.Empty(issues);
        MeasureStore.ImportTargets(_store.Database, analyst, "LMNSX1", targets);
        return MeasureStore.Load(_store.Database, "LMNSX1");
    }

    [Fact]
    public void ACaseWithoutEthnicityCountsAgainstTheCodingMeasureInTheMeasuresCatalogue()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        var set = DefineCodingMeasure();
        LoadFixture();

        // The fixture's January 2025 at X1A, by hand: 9 of its 10 cases carry a valid ethnic category (U1 has none).
        var value = MeasureReturns.Values(_store.Database, Access.System("test"), set, SafetyCodingMeasure.Id, "X1A").Single();
        Assert.Equal((9.0, 10.0), (value.Numerator, value.Denominator));
        Assert.Equal((January, "submitted", SafetyCodingMeasure.How), (value.Period, value.Status, value.How));
        // RAG against "at least 100%": 90% misses it, and its whole Wilson interval (59.585% to 98.212%, worked by hand in
        // ACaseWithoutEthnicityCountsAgainstTheCodingMeasure) lies below 100%, so Red rather than Amber.
        var view = MeasureView.Build(_store.Database, Access.System("test"), set, set.Find(SafetyCodingMeasure.Id)!, "X1A");
        Assert.Equal(90.0, view.Current!.Value!.Value, 9);
        Assert.Equal(98.2124, view.Current.Value.Upper, 3);
        Assert.Equal("Red", view.Current.Rag);

        // Coding U1 by hand in the form makes January 10 of 10: Green, the earlier value kept in the history.
        var fixedCase = SafetyImport.Enter(_store.Database, Access.System("test"), new Dictionary<string, string>
        {
            ["CaseRef"] = "U1", ["Trust"] = "X1A", ["Kind"] = "PSII", ["EventDate"] = "2025-01-30", ["EthnicCategory"] = "H", ["Status"] = "reported",
        });
        Assert.True(fixedCase.Imported);
        Assert.Equal((0, 1, 0), (fixedCase.Coding.Added, fixedCase.Coding.Replaced, fixedCase.Coding.Unchanged));
        view = MeasureView.Build(_store.Database, Access.System("test"), set, set.Find(SafetyCodingMeasure.Id)!, "X1A");
        Assert.Equal((10.0, 10.0), (view.Current!.Numerator, view.Current.Denominator));
        Assert.Equal("Green", view.Current.Rag);
        Assert.Equal(2, MeasureReturns.History(_store.Database, Access.System("test"), set, SafetyCodingMeasure.Id, "X1A").Count);
    }

    [Fact]
    public void WithoutTheCodingMeasureDefinedTheCasesLoadAndTheLoadSaysSo()
    {
        LoadFixture();
        var result = SafetyImport.Enter(_store.Database, Access.System("test"), new Dictionary<string, string>
        {
            ["CaseRef"] = "U2", ["Trust"] = "X1A", ["Kind"] = "PSII", ["EventDate"] = "2025-01-29", ["Status"] = "reported",
        });
        Assert.True(result.Imported);
        Assert.Contains("LMNSX1 has no measure SAFETY_ETHNICITY_CODED", result.Coding.Describe(), StringComparison.Ordinal);
        Assert.Equal(11, SafetyAnalysis.Build(_store.Database, Access.System("test"), "X1A", January, months: 1).EthnicityCoding.Cases);
    }

    [Fact]
    public void RareEventsAreChartedAsTheBirthsBetweenCasesFromTheStoredBirths()
    {
        OrgHierarchy.Demo.Store(_store.Database);
        // One birth a day at X1A from 1 February to 30 June 2024, seven more on 11 March; two births that are not counted:
        // a loss at 22 weeks (154 days, before 24+0) and a birth at another trust.
        var days = Enumerable.Range(0, 151).Select(i => (Org: "X1A", Day: new DateOnly(2024, 2, 1).AddDays(i), Gestation: 280))
            .Concat(Enumerable.Repeat((Org: "X1A", Day: new DateOnly(2024, 3, 11), Gestation: 280), 7))
            .Append((Org: "X1A", Day: new DateOnly(2024, 3, 5), Gestation: 154))
            .Append((Org: "X1B", Day: new DateOnly(2024, 3, 5), Gestation: 280)).ToList();
        using (var connection = _store.Database.Open())
            connection.Execute(connection.Sql("""
                INSERT INTO MSD401BabyDemographics (OrgCodeProvider, RPStartDate, LPIDBaby, LabourDeliveryID, PregnancyID,
                  PersonBirthDateBaby, PregOutcome, GestationLengthBirth)
                VALUES ($Org, $Month, $Id, $Id, $Id, $Day, '01', $Gestation)
                """), days.Select((d, i) => new
            {
                d.Org, Month = new DateTime(d.Day.Year, d.Day.Month, 1), Id = $"B{i}", Day = d.Day.ToDateTime(TimeOnly.MinValue), d.Gestation,
            }));
        // Five maternal deaths; the last, on 1 September, is after the stored births end, so its gap has no g point.
        var file = _store.File("deaths.csv", "CaseRef,Trust,Kind,EventDate,Status\n"
            + "D1,X1A,MATERNAL_DEATH,2024-03-01,closed\nD2,X1A,MATERNAL_DEATH,2024-03-11,closed\nD3,X1A,MATERNAL_DEATH,2024-03-21,closed\n"
            + "D4,X1A,MATERNAL_DEATH,2024-04-10,closed\nD5,X1A,MATERNAL_DEATH,2024-09-01,under review\n");
        Assert.True(SafetyImport.Import(_store.Database, Access.System("test"), file).Imported);

        var analyst = Access.Resolve(_store.Database, "analyst", Role.Analyst, ["LMNSX1"]);
        var deaths = SafetyAnalysis.Build(_store.Database, analyst, "X1A", new DateOnly(2024, 9, 1)).Rare!.Single(r => r.Kind == "MATERNAL_DEATH");
        Assert.Equal(4, deaths.Spc!.Points.Count);
        // Births from one case's day up to the day before the next, counted by hand: 1-10 March 10; 11-20 March 10 + 7 = 17;
        // 21 March to 9 April 11 + 9 = 20.
        Assert.Equal([10L, 17L, 20L], deaths.BirthsBetween);
        Assert.Equal([new DateOnly(2024, 3, 11), new DateOnly(2024, 3, 21), new DateOnly(2024, 4, 10)], deaths.BirthsBetweenDates);
        // g chart (Benneyan JC, Health Care Manag Sci 2001;4:305-18; Provost and Murray, The Health Care Data Guide 2011, ch. 7;
        // qicharts2 and PowerBI-SPC alike): CL = mean g = 47/3 = 15.666667; UCL = CL + 3 sqrt(CL(CL + 1))
        // = 15.666667 + 3 sqrt(15.666667 x 16.666667) = 15.666667 + 3 x 16.158933 = 64.143465; LCL 0. No gap is above it.
        Assert.Equal(15.666667, deaths.G!.Mean, 6);
        Assert.Equal(64.143465, deaths.G.Upper, 6);
        Assert.Equal(0, deaths.G.Lower);
        Assert.Equal(3, deaths.GSpc!.Points.Count);
        Assert.All(deaths.GSpc.Points, p => Assert.Equal(Maternity.Statistics.VariationType.CommonCause, p.Type));
        Assert.Null(deaths.BirthsSinceLast);

        // As the t chart: record-level, not for a viewer.
        var viewer = Access.Resolve(_store.Database, "board", Role.Viewer, ["LMNSX1"]);
        Assert.Null(SafetyAnalysis.Build(_store.Database, viewer, "X1A", new DateOnly(2024, 9, 1)).Rare);
    }
}
