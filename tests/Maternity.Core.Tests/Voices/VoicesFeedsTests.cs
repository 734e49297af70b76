using Maternity.Ingest;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Synthetic;
using Maternity.Voices;

namespace Maternity.Tests.Voices;

/// <summary>
/// What a voices load feeds and reads beyond its own tables: the measures catalogue, a mapping for other sign-up layouts,
/// the postcode district and sector lookup to IMD, the pack's workbook and the single-event form's load path.
/// </summary>
public sealed class VoicesFeedsTests
{
    private const string Profile = """
        Characteristic,Group,People,Source
        Ethnic group,White,55,ONS Census 2021
        Ethnic group,Mixed,5,ONS Census 2021
        Ethnic group,Asian,22,ONS Census 2021
        Ethnic group,Black,12,ONS Census 2021
        Ethnic group,Other,6,ONS Census 2021
        """;

    // Q1 2026/27 (April to June 2026): two forums of 50 and a survey of 30; Q2: one forum of 8. The two forums' ethnic
    // groups add up to 66, 6, 8, 13, 7: the counts of the hand-worked ratio in VoicesTests (Asian 0.364, 0.187 to 0.682
    // against the profile's 22%), so Asian is the one group under-represented in every 12 months that holds them.
    private const string Log = """
        Date,Event,Kind,People heard,Ethnic group: White,Ethnic group: Mixed,Ethnic group: Asian,Ethnic group: Black,Ethnic group: Other
        2026-04-10,April forum,forum,50,33,3,4,7,3
        2026-05-12,May forum,forum,50,33,3,4,6,4
        2026-06-02,Postnatal survey,survey,30,,,,,
        2026-07-05,July forum,forum,8,,,,,
        """;

    [Fact]
    public void ALoadWritesForumsPeopleHeardAndGroupsUnderRepresentedToTheLmnssMeasuresForThePeriodsTouched()
    {
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        VoicesGenerator.DefineMeasures(store.Database, "LMNSX1");
        VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", store.File("profile.csv", Profile));

        var result = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", store.File("log.csv", Log));

        Assert.True(result.Stored);
        Assert.Equal(VoicesMeasures.Ids, result.Measures.Written);
        Assert.Empty(result.Measures.NotDefined);
        Assert.Equal(6, result.Measures.Added); // three measures x two quarters
        var set = MeasureStore.Load(store.Database, "LMNSX1");
        double? Value(string id, DateOnly quarter) => MeasureReturns.Values(store.Database, TestAccess.Admin, set, id, "LMNSX1")
            .Single(v => v.Period == quarter && v.Dimension == Dimension.Total).Numerator;
        var q1 = new DateOnly(2026, 4, 1);
        var q2 = new DateOnly(2026, 7, 1);
        Assert.Equal(2, Value(VoicesMeasures.ForumsHeld, q1));
        Assert.Equal(1, Value(VoicesMeasures.ForumsHeld, q2));
        Assert.Equal(130, Value(VoicesMeasures.PeopleHeard, q1));
        Assert.Equal(8, Value(VoicesMeasures.PeopleHeard, q2));
        Assert.Equal(1, Value(VoicesMeasures.GroupsUnderRepresented, q1)); // Asian, 12 months to June 2026
        Assert.Equal(1, Value(VoicesMeasures.GroupsUnderRepresented, q2)); // the same forums, 12 months to September 2026
        var stored = MeasureReturns.Values(store.Database, TestAccess.Admin, set, VoicesMeasures.ForumsHeld, "LMNSX1").Single(v => v.Period == q1);
        Assert.Equal("voices", stored.How);

        // The demo's targets: at least 3 forums a quarter (2 is Red), at most 0 groups under-represented (1 is Red).
        var forums = MeasureView.Build(store.Database, TestAccess.Admin, set, set.Find(VoicesMeasures.ForumsHeld)!, "LMNSX1");
        Assert.Equal("Red", forums.Series.Single(p => p.Period == q1).Rag);
        var people = MeasureView.Build(store.Database, TestAccess.Admin, set, set.Find(VoicesMeasures.PeopleHeard)!, "LMNSX1");
        Assert.Equal("Green", people.Series.Single(p => p.Period == q1).Rag); // 130 against at least 100

        // A third forum in Q1 loaded later replaces the quarter's values, with the reason kept.
        var again = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", store.File("june.csv", "Date,Event,Kind,People heard\n2026-06-20,June forum,forum,12\n"));
        Assert.Equal(3, Value(VoicesMeasures.ForumsHeld, q1));
        Assert.Equal(142, Value(VoicesMeasures.PeopleHeard, q1));
        Assert.Equal(2, again.Measures.Replaced);
        var replaced = MeasureReturns.Values(store.Database, TestAccess.Admin, set, VoicesMeasures.ForumsHeld, "LMNSX1").Single(v => v.Period == q1);
        Assert.Contains("june.csv", replaced.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnLmnsThatHasNotDefinedTheMeasuresLoadsItsEventsAndIsToldTheyWereNotWritten()
    {
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);

        var result = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", store.File("log.csv", Log));

        Assert.True(result.Stored);
        Assert.Equal(VoicesMeasures.Ids, result.Measures.NotDefined);
        Assert.Empty(result.Measures.Written);
        Assert.Contains("not defined by the LMNS, so not written: FORUMS_HELD, PEOPLE_HEARD, GROUPS_UNDER_REPRESENTED", result.Measures.Describe(), StringComparison.Ordinal);
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM measure_value"));
        Assert.Equal(4, store.Scalar("SELECT COUNT(*) FROM voice_event"));
    }

    [Fact]
    public void AMappingFileReadsAnotherSignUpLayoutItsCodesAndDatesAndNamesTheLocalColumnInProblems()
    {
        using var store = new TestStore();
        var mapping = ExtractMapping.Load(store.File("mapping.json", """
            { "columns": { "Session": "Event Name", "When": "Event Date", "Ethnic origin": "Ethnicity", "Post code": "Postcode",
                           "Age (years)": "Age", "Full name": "Name", "E-mail": "Email" },
              "values": { "Ethnicity": { "1": "White", "2": "Asian", "3": "Black", "9": "Not stated" } },
              "dateFormats": [ "dd.MM.yyyy" ] }
            """));
        var path = store.File("signups.csv", """
            Full name,E-mail,Session,When,Ethnic origin,Post code,Age (years)
            Amina Qureshi,amina@example.org,Spring forum,10.03.2026,2,B12 9LP,29
            Zofia Nowak,zofia@example.org,Spring forum,10.03.2026,1,B13,34
            Grace Obi,,Spring forum,10.03.2026,9,,41
            """);

        var result = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", path, mapping: mapping);

        Assert.True(result.Stored, string.Join("; ", result.Issues.Select(i => i.Reason)));
        Assert.Equal(new VoicesFile.Dropped(3, 2, 0, 1), result.Dropped);
        var e = Assert.Single(VoicesStore.Events(store.Database, "LMNSX1", new(2026, 3, 1), new(2026, 3, 31)));
        Assert.Equal("Spring forum", e.Name);
        Assert.Equal(3, e.PeopleHeard);
        Assert.Equal(1, e.Groups.Single(g => g is { Characteristic: "EthnicGroup", Group: "Asian" }).People);
        Assert.Equal(1, e.Groups.Single(g => g is { Characteristic: "EthnicGroup", Group: "White" }).People);
        Assert.Equal(1, e.Groups.Single(g => g is { Characteristic: "EthnicGroup", Group: "Not stated" }).People);
        Assert.Equal(1, e.Groups.Single(g => g is { Characteristic: "AgeBand", Group: "40-44" }).People);

        var bad = store.File("bad.csv", File.ReadAllText(path).Replace("Spring forum,10.03.2026,1,", "Spring forum,10.03.2026,7,", StringComparison.Ordinal));
        var refused = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", bad, mapping: mapping);
        var issue = Assert.Single(refused.Issues);
        Assert.Equal((3L, "Ethnic origin"), (issue.Row, issue.Column));
        Assert.Contains("bad.csv", issue.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialPostcodesMapToTheModalImdQuintileOfTheirSectorElseTheirDistrictThroughTheStoredLookup()
    {
        using var store = new TestStore();
        // IMD deciles: E01000001 decile 1 (quintile 1), ...02 decile 6 (q3), ...03 decile 9 (q5), ...04 decile 4 (q2).
        var imd = ImdImporter.Import(store.Database, store.File("imd.csv", """
            LSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile
            E01000001,Town 001A,E08000025,Town,100,1
            E01000002,Town 001B,E08000025,Town,"17,000",6
            E01000003,Town 001C,E08000025,Town,"29,000",9
            E01000004,Town 001D,E08000025,Town,"11,000",4
            """));
        Assert.True(imd.Succeeded, string.Join("; ", imd.Problems));
        // Hand-worked: B12 has 3 live residential postcodes in quintile 1 and 1 in quintile 3 (B12 0AD is terminated):
        // modal quintile 1, 3 of 4 = 75%. B13 has 1 in quintile 5 and 2 in quintile 2 (B13 9AD is a large user): quintile 2,
        // 2 of 3. Sector B13 8 is wholly in quintile 5, so a sign-up from B13 8QT is quintile 5 although its district is 2.
        var loaded = DistrictLookup.Import(store.Database, TestAccess.Admin, store.File("NSPL_FEB_2025_UK.csv", """
            pcd,pcds,dointr,doterm,usertype,lsoa11,lsoa21
            B12 9AA,B12 9AA,199801,,0,E01000001,E01033000
            B12 9AB,B12 9AB,199801,,0,E01000001,E01033000
            B12 0AA,B12 0AA,199801,,0,E01000001,E01033000
            B12 0AB,B12 0AB,199801,,0,E01000002,E01033001
            B12 0AD,B12 0AD,199801,201501,0,E01000002,E01033001
            B13 8AA,B13 8AA,199801,,0,E01000003,E01033002
            B13 9AA,B13 9AA,199801,,0,E01000004,E01033003
            B13 9AB,B13 9AB,199801,,0,E01000004,E01033003
            B13 9AD,B13 9AD,199801,,1,E01000003,E01033002
            """));
        Assert.True(loaded.Stored, string.Join("; ", loaded.Issues.Select(i => i.Reason)));
        Assert.Equal((7L, 2, 4, 2L), (loaded.Postcodes, loaded.Districts, loaded.Sectors, loaded.Skipped));

        var areas = DistrictLookup.Areas(store.Database).ToDictionary(a => a.Code);
        Assert.Equal(("1", 0.75), (areas["B12"].Quintile, areas["B12"].Share));
        Assert.Equal("2", areas["B13"].Quintile);
        Assert.Equal(2 / 3.0, areas["B13"].Share, 9);
        Assert.Equal("5", areas["B13 8"].Quintile);
        Assert.Equal("1", areas["B12 0"].Quintile); // 2 in quintile 1, 1 in quintile 3
        // Only districts and sectors are kept, never a postcode.
        Assert.Equal(6, store.Scalar("SELECT COUNT(DISTINCT area_code) FROM postcode_area_lsoa"));

        var result = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", store.File("signups.csv", """
            Event Name,Event Date,Postcode
            Spring forum,2026-03-10,B12 9LP
            Spring forum,2026-03-10,B13 8QT
            Spring forum,2026-03-10,B13
            Spring forum,2026-03-10,B99 1AA
            Spring forum,2026-03-10,B12
            """));

        Assert.True(result.Stored, string.Join("; ", result.Issues.Select(i => i.Reason)));
        var groups = Assert.Single(VoicesStore.Events(store.Database, "LMNSX1", new(2026, 3, 1), new(2026, 3, 31))).Groups
            .Where(g => g.Characteristic == "ImdQuintile").ToDictionary(g => g.Group, g => g.People);
        Assert.Equal(new Dictionary<string, long> { ["1"] = 2, ["2"] = 1, ["5"] = 1, ["Not stated"] = 1 }, groups);
        Assert.Single(AuditLog.List(store.Database, TestAccess.Admin, action: "voices.postcodes"));
    }

    [Fact]
    public void ALookupWithABadRowChangesNothing()
    {
        using var store = new TestStore();
        var result = DistrictLookup.Import(store.Database, TestAccess.Admin, store.File("nspl.csv", """
            pcds,doterm,lsoa11
            B12 9AA,,E01000001
            B12,,E01000001
            B12 9AB,,X
            """));

        Assert.False(result.Stored);
        Assert.Equal([(3L, "pcds"), (4L, "lsoa11")], result.Issues.Select(i => (i.Row, i.Column)));
        Assert.Contains("nspl.csv", result.Issues[0].Reason, StringComparison.Ordinal);
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM postcode_area_lsoa"));
    }

    [Fact]
    public void AnEventEnteredByFormIsCheckedAsAFileRowIsAndStoredWithItsAuditEntry()
    {
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        var fields = new Dictionary<string, string>
        {
            ["Date"] = "2026-05-14", ["Event"] = "Coffee morning", ["Kind"] = "outreach", ["People heard"] = "12",
            ["Ethnic group: White"] = "5", ["Ethnic group: Asian"] = "6", ["Deprivation: 1"] = "12",
        };

        var refused = VoicesStore.Enter(store.Database, TestAccess.Admin, "LMNSX1", fields);

        var issue = Assert.Single(refused.Issues);
        Assert.Equal((2L, "Ethnic group: White, Ethnic group: Asian"), (issue.Row, issue.Column));
        Assert.Equal("web form: the Ethnic group counts add up to 11, not the 12 people heard: the event is refused", issue.Reason);
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM voice_event"));

        fields["Ethnic group: Asian"] = "7";
        var stored = VoicesStore.Enter(store.Database, TestAccess.As("mnvp-lead"), "LMNSX1", fields);

        Assert.True(stored.Stored);
        var e = Assert.Single(VoicesStore.Events(store.Database, "LMNSX1", new(2026, 5, 1), new(2026, 5, 31)));
        Assert.Equal(("outreach", 12L), (e.Kind, e.PeopleHeard));
        Assert.Equal(12, e.Groups.Single(g => g is { Characteristic: "ImdQuintile", Group: "1" }).People);
        Assert.Contains(AuditLog.List(store.Database, TestAccess.Admin, action: "voices.load"), a => a.Actor == "mnvp-lead" && a.Detail.StartsWith("web form", StringComparison.Ordinal));
    }
}

/// <summary>The demo MNVP's measures and the board pack workbook's voices sheet, over the generated LMNS.</summary>
public sealed class DemoVoicesFeedsTests(VoicesTests.Demo demo) : IClassFixture<VoicesTests.Demo>
{
    [Fact]
    public void TheDemoLoadFillsTheVoicesMeasuresWithTargets()
    {
        var set = MeasureStore.Load(demo.Store.Database, "LMNSX1");

        Assert.All(VoicesMeasures.Ids, id => Assert.NotNull(set.TargetFor(id, "LMNSX1")));
        var values = MeasureReturns.Values(demo.Store.Database, TestAccess.Admin, set, VoicesMeasures.GroupsUnderRepresented, "LMNSX1");
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Equal("voices", v.How));
        // Asian women are under-represented over the whole year: the latest quarter counts at least that group.
        Assert.True(values.MaxBy(v => v.Period)!.Numerator >= 1);
    }

    [Fact]
    public void ThePacksWorkbookHasTheVoicesSheetWithTheSectionsRepresentativenessTable()
    {
        var pack = BoardPack.Build(demo.Store.Database, "LMNSX1", demo.Last, "test");
        var bytes = BoardPackWorkbook.Write(pack);
        using var stream = new MemoryStream(bytes);

        Assert.Contains(VoicesSheet.Name, MiniExcelLibs.MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: VoicesSheet.Name).Cast<IDictionary<string, object?>>().ToList();
        var expected = pack.Voices!.Representation.SelectMany(r => r.Rows.Select(x => (r.Title, x.Group, x.Heard))).ToList();
        Assert.Equal(expected, rows.Select(r => ((string)r["Characteristic"]!, (string)r["Group"]!, Convert.ToInt64(r["Heard"], System.Globalization.CultureInfo.InvariantCulture))));
        var asian = rows.Single(r => (string)r["Characteristic"]! == "Ethnic group" && (string)r["Group"]! == "Asian");
        Assert.Equal(Representativeness.Under, asian["Verdict"]);
        Assert.Equal("rounded by the suppression policy", asian["Counts"]);
    }
}
