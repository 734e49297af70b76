using Dapper;
using Maternity.Indicators;
using Maternity.Plans;
using Maternity.Reports;
using Maternity.Security;
using Maternity.Statistics;
using Maternity.Synthetic;
using Maternity.Voices;

namespace Maternity.Tests.Voices;

/// <summary>MNVP voices: the statistics against hand-worked values, the importer's privacy and refusals, and the demo's known under-representation.</summary>
public sealed class VoicesTests
{
    [Fact]
    public void TheRepresentationRatioIsTheWilsonIntervalOfTheShareHeardOverTheBookedShare()
    {
        // Hand-worked: 8 of the 100 people heard were Asian; 22% of the women booked were Asian.
        // Wilson 95% (z = 1.959964) for 8/100: (2·8 + z² ∓ z·√(z² + 4·8·0.92)) / (2·(100 + z²)) = 0.041093 to 0.149981.
        // Ratio 0.08 / 0.22 = 0.363636, interval 0.041093 / 0.22 = 0.186788 to 0.149981 / 0.22 = 0.681732: upper below 1, under-represented.
        var heard = new Dictionary<string, long> { ["White"] = 66, ["Mixed"] = 6, ["Asian"] = 8, ["Black"] = 13, ["Other"] = 7, ["Not stated"] = 4 };
        var booked = new Dictionary<string, double> { ["White"] = 550, ["Mixed"] = 50, ["Asian"] = 220, ["Black"] = 120, ["Other"] = 60 };

        var result = Representativeness.Compare(Characteristic.EthnicGroup, heard, booked, "test");

        var asian = result.Rows.Single(r => r.Group == "Asian");
        Assert.Equal(100, result.Heard); // "Not stated" is left out of the shares
        Assert.Equal(0.363636, asian.Ratio.Value, 6);
        Assert.Equal(0.186788, asian.Ratio.Lower, 6);
        Assert.Equal(0.681732, asian.Ratio.Upper, 6);
        Assert.Equal(Representativeness.Under, asian.Verdict);
        Assert.Equal(["Asian"], result.UnderRepresented);
    }

    [Fact]
    public void TheChiSquaredGoodnessOfFitMatchesRsChisqTest()
    {
        // R: chisq.test(c(66, 6, 8, 13, 7), p = c(0.55, 0.05, 0.22, 0.12, 0.06))
        //    Chi-squared test for given probabilities: X-squared = 11.559, df = 4, p-value = 0.02095
        // Worked by hand: E = 55, 5, 22, 12, 6; X² = 121/55 + 1/5 + 196/22 + 1/12 + 1/6 = 11.559091; for even df the upper
        // tail is exp(−X²/2)·Σₖ₌₀^(df/2−1) (X²/2)ᵏ/k! = exp(−5.779545)·(1 + 5.779545) = 0.020950.
        var test = GoodnessOfFit.ChiSquared([66, 6, 8, 13, 7], [0.55, 0.05, 0.22, 0.12, 0.06]);

        Assert.Equal(11.559091, test.Statistic, 6);
        Assert.Equal(4, test.DegreesOfFreedom);
        Assert.Equal(0.020950, test.PValue, 6);
        Assert.Equal(5, test.MinExpected, 9);
    }

    [Fact]
    public void ASignUpExportWithNamesEmailsPhonesAndFullPostcodesKeepsNoneOfThem()
    {
        using var store = new TestStore();
        var path = store.File("eventbrite.csv", """
            Order #,First Name,Last Name,Email,Cell Phone,Event Name,Event Date,Ticket Type,Postcode,Ethnicity,Age,Language,Attending As,Disability
            1001,Amina,Qureshi,amina.q@example.org,07700 900123,Maternity forum,2026-03-10,Free,B12 9LP,Asian or Asian British - Pakistani,29,Urdu,Mother,No
            1002,Zofia,Nowak,zofia@example.org,,Maternity forum,2026-03-10,Free,B13 8QT,C,34,Polish,Mother,
            1003,Tom,Baker,tom.b@example.org,07700 900456,Maternity forum,2026-03-10,Free,B12,White - British,36,English,Dad,Yes
            """);

        var result = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", path);

        Assert.True(result.Stored, string.Join("; ", result.Issues.Select(i => i.Reason)));
        Assert.Equal(new VoicesFile.Dropped(3, 3, 2, 2), result.Dropped);
        using var connection = store.Database.Open();
        var stored = string.Join("|", connection.Query<string>("SELECT CONCAT_WS('|', event_id, event_name, place, languages, partners, source_file) FROM voice_event")
            .Concat(connection.Query<string>("SELECT CONCAT_WS('|', characteristic, group_code) FROM voice_group"))
            .Concat(connection.Query<string>("SELECT detail FROM audit_log")));
        foreach (var personal in new[] { "Amina", "Qureshi", "Zofia", "Nowak", "Tom", "Baker", "example.org", "07700", "9LP", "8QT", "1001" })
            Assert.DoesNotContain(personal, stored, StringComparison.OrdinalIgnoreCase);
        var e = Assert.Single(VoicesStore.Events(store.Database, "LMNSX1", new(2026, 3, 1), new(2026, 3, 31)));
        Assert.Equal(3, e.PeopleHeard);
        Assert.Equal(2, e.Groups.Single(g => g is { Characteristic: "PostcodeDistrict", Group: "B12" }).People);
        Assert.Equal(1, e.Groups.Single(g => g is { Characteristic: "EthnicGroup", Group: "Asian" }).People);
        Assert.Equal(2, e.Groups.Single(g => g is { Characteristic: "EthnicGroup", Group: "White" }).People);
        Assert.Equal(1, e.Groups.Single(g => g is { Characteristic: "AgeBand", Group: "25-29" }).People);
        Assert.Equal(1, e.Groups.Single(g => g is { Characteristic: "Disability", Group: "Not stated" }).People);
        Assert.Contains("dropped and not stored: 3 names, 3 email addresses, 2 phone numbers; 2 full postcodes", result.Dropped.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEventWhoseGroupsDoNotAddUpToThePeopleHeardIsRefusedWithItsRowAndNothingIsStored()
    {
        using var store = new TestStore();
        var path = store.File("log.csv", """
            Date,Event,Kind,Place,Languages,Partners,People heard,Ethnic group: White,Ethnic group: Asian,Ethnic group: Not stated,Age band: 25-29,Age band: 30-34
            2026-01-12,January forum,forum,X1A,English,,10,6,3,1,4,6
            2026-02-09,February forum,forum,X1B,English,,12,6,3,1,5,7
            """);

        var result = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", path);

        Assert.False(result.Stored);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(3, issue.Row);
        Assert.Equal("Ethnic group: White, Ethnic group: Asian, Ethnic group: Not stated", issue.Column);
        Assert.Contains("log.csv", issue.Reason, StringComparison.Ordinal);
        Assert.Contains("add up to 10, not the 12 people heard", issue.Reason, StringComparison.Ordinal);
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM voice_event"));
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM voice_group"));
    }

    [Fact]
    public void FeedbackNamingAnActionNotInThePlanIsRefusedAndAGoodFileIsAudited()
    {
        using var store = new TestStore();
        PlanStore.Replace(store.Database, TestAccess.Admin, PlanGenerator.Generate("LMNSX1", 5, seed: 11));
        var bad = store.File("said.csv", """
            Date,Source,Theme,You said,We did,Action,Status
            2026-01-05,Friends and Family Test,Interpreters,Waited for an interpreter,Interpreters booked ahead,A001,done
            2026-02-05,MNVP report,Signage,Clinic hard to find,,A999,open
            """);
        var refused = VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", bad);
        Assert.False(refused.Stored);
        Assert.Contains("A999", Assert.Single(refused.Issues).Reason, StringComparison.Ordinal);
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM voice_feedback"));

        var good = store.File("said-ok.csv", File.ReadAllText(bad).Replace("A999", "A002", StringComparison.Ordinal));
        var stored = VoicesStore.Import(store.Database, TestAccess.As("mnvp-lead"), "LMNSX1", good);
        Assert.True(stored.Stored);
        Assert.Equal(2, stored.Added);
        Assert.Equal("A001", VoicesStore.Feedback(store.Database, "LMNSX1", new(2026, 1, 1), new(2026, 12, 31)).Single(f => f.Theme == "Interpreters").ActionId);
        Assert.Single(AuditLog.List(store.Database, TestAccess.Admin, action: "voices.load"), e => e.Actor == "mnvp-lead");
    }

    [Fact]
    public void OnlyThoseWhoMayEditThePlanMayLoadTheMnvpRecords()
    {
        using var store = new TestStore();
        Maternity.Reference.OrgHierarchy.Demo.Store(store.Database);
        var viewer = Access.Resolve(store.Database, "board", Role.Viewer, ["LMNSX1"]);
        var path = store.File("log.csv", "Date,Event,People heard\n2026-01-12,January forum,10\n");
        Assert.Throws<AccessDeniedException>(() => VoicesStore.Import(store.Database, viewer, "LMNSX1", path));
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM voice_event"));
    }

    [Fact]
    public void WithoutBookingsAnUploadedPopulationProfileIsTheReference()
    {
        using var store = new TestStore();
        Maternity.Reference.OrgHierarchy.Demo.Store(store.Database);
        VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", store.File("profile.csv", """
            Characteristic,Group,People,Source
            Ethnic group,White,55,ONS Census 2021
            Ethnic group,Mixed,5,ONS Census 2021
            Ethnic group,Asian,22,ONS Census 2021
            Ethnic group,Black,12,ONS Census 2021
            Ethnic group,Other,6,ONS Census 2021
            """));
        VoicesStore.Import(store.Database, TestAccess.Admin, "LMNSX1", store.File("log.csv", """
            Date,Event,Kind,People heard,Ethnic group: White,Ethnic group: Mixed,Ethnic group: Asian,Ethnic group: Black,Ethnic group: Other
            2026-01-12,January forum,forum,50,33,3,4,7,3
            2026-02-09,February forum,forum,50,33,3,4,6,4
            """));

        var report = VoicesReport.Build(store.Database, TestAccess.Admin, "LMNSX1", new DateOnly(2026, 2, 1));

        var ethnic = Assert.Single(report.Representation);
        Assert.StartsWith("population profile: ONS Census 2021", ethnic.ReferenceSource, StringComparison.Ordinal);
        Assert.Equal(11.559091, ethnic.Test.Statistic, 6); // the same counts as the chi-squared test above
        Assert.Equal(["Asian"], ethnic.UnderRepresented);
        Assert.Equal(2, report.Forums);
        Assert.Equal(100, report.PeopleHeard);
    }

    public sealed class Demo : IDisposable
    {
        public Demo()
        {
            Store.LoadSynthetic(6_000, 14, seed: 5);
            PlanStore.Replace(Store.Database, TestAccess.Admin, PlanGenerator.Generate("LMNSX1", 40, seed: 9));
            Results = VoicesGenerator.Generate(Store.Database, "LMNSX1");
            Last = VoicesStore.LatestMonth(Store.Database, "LMNSX1")!.Value;
        }

        public TestStore Store { get; } = new();

        public VoicesStore.SaveResult[] Results { get; }

        public DateOnly Last { get; }

        public void Dispose() => Store.Dispose();
    }
}
