using Maternity.Assurance;
using Maternity.Reference;
using Maternity.Reports;
using Maternity.Security;
using MiniExcelLibs;

namespace Maternity.Tests.Assurance;

/// <summary>The scheme's year 7 as shipped, a plan action's linked items with each trust's status, and the pack workbook's assurance sheet.</summary>
public sealed class AssuranceOutputTests : IDisposable
{
    private readonly TestStore _store = new();

    public AssuranceOutputTests() => OrgHierarchy.Demo.Store(_store.Database);

    public void Dispose() => _store.Dispose();

    private static DeclarationInput Declared(string framework, string item, string org, Compliance status, params string[] links) =>
        new(framework, item, org, new DateOnly(2025, 1, 1), status, "Board report", links, null);

    [Fact]
    public void YearSevenOfTheSchemeIsShippedWithItsTenActionsEachCitedAndMarkedUnverified()
    {
        var mis7 = Frameworks.Find("MIS7")!;
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"SA{i}"), mis7.Items.Select(i => i.Id));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"Safety action {i}"), mis7.Items.Select(i => i.Group));
        Assert.StartsWith("https://resolution.nhs.uk/", mis7.Source, StringComparison.Ordinal);
        Assert.All(mis7.Items, i => Assert.False(i.Verified));
        Assert.All(mis7.Items, i => Assert.Equal(new DateOnly(2026, 3, 3), i.Deadline));
        Assert.Contains("NOT verified", mis7.Verification, StringComparison.Ordinal);
        // Each action cites where its subject is published, and says what of year 7 that source does not show.
        Assert.All(mis7.Items, i =>
        {
            Assert.Contains("https://", i.Source, StringComparison.Ordinal);
            Assert.Contains("not verified", i.Source, StringComparison.Ordinal);
        });
        Assert.Contains("npeu.ox.ac.uk/pmrt", mis7.Item("SA1")!.Source, StringComparison.Ordinal);
        Assert.Contains("2018/12/12", mis7.Item("SA2")!.Source, StringComparison.Ordinal);
        Assert.Contains("Early Notification", mis7.Item("SA10")!.Source, StringComparison.Ordinal);
        // The searches that did not find the year 7 guidance are recorded with their date.
        Assert.Contains("3 December 2026", mis7.Verification, StringComparison.Ordinal);
        // Selectable as the other years are: listed after year 6 and found by its id.
        Assert.Equal(["MIS6", "MIS7"], Frameworks.Default.Take(2).Select(f => f.Id));
        // Its safety action 2 scorecard was not found published: none is shipped and the file says so.
        Assert.DoesNotContain(Sa2Scorecard.Default, s => s.Scheme == "MIS7");
        Assert.Contains("Year 7 (2025/26)", Sa2Scorecard.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void APlanActionShowsEachLinkedItemWithEveryTrustsLatestStatus()
    {
        var db = _store.Database;
        AssuranceStore.DeclareAll(db, TestAccess.Admin,
        [
            Declared("OCK", "IEA2", "X1A", Compliance.PartlyMet, "/plan/actions/A002"),
            Declared("OCK", "IEA2", "X1B", Compliance.Met, "/plan/actions/A002", "/measures"),
            Declared("MIS7", "SA7", "X1C", Compliance.NotMet, "/plan/actions/A002"),
            Declared("MIS6", "SA1", "X1A", Compliance.Met, "/plan/actions/A009"),
        ], "test");
        var later = AssuranceStore.Declare(db, TestAccess.Admin,
            Declared("OCK", "IEA2", "X1A", Compliance.Met, "/plan/actions/A002") with { Period = new DateOnly(2025, 4, 1) });
        AssuranceStore.Assure(db, TestAccess.Admin, later.Id, Review.Accepted, null);

        var items = ActionAssurance.For(db, TestAccess.Admin, "LMNSX1", "A002");
        // Framework order (MIS7 before OCK), each trust once with its latest period.
        Assert.Equal(["MIS7 SA7", "OCK IEA2"], items.Select(i => $"{i.FrameworkId} {i.ItemId}"));
        Assert.Equal("/assurance/OCK/IEA2", items[1].Href);
        Assert.Equal(["X1A ✓ Met, accepted 2025-04", "X1B ✓ Met 2025-01"],
            items[1].Trusts.Select(t => $"{t.OrgCode} {t.Symbol} {t.Status} {t.Period:yyyy-MM}"));
        Assert.Equal("X1C ✗ Not met", $"{items[0].Trusts[0].OrgCode} {items[0].Trusts[0].Symbol} {items[0].Trusts[0].Status}");
        Assert.Empty(ActionAssurance.For(db, new Access("anyone", Role.Public, [], null), "LMNSX1", "A002"));
    }

    [Fact]
    public void ThePackWorkbookHasAnAssuranceSheetWithTheGridsCellsAndWhyEachConcernIs()
    {
        var db = _store.Database;
        AssuranceStore.DeclareAll(db, TestAccess.Admin,
        [
            Declared("MIS6", "SA1", "X1A", Compliance.Met),
            Declared("MIS6", "SA2", "X1B", Compliance.NotMet),
            Declared("MIS6", "SA3", "X1C", Compliance.NotApplicable),
        ], "test");
        var sa1 = AssuranceStore.Current(db, TestAccess.Admin, "MIS6").Single(d => d.ItemId == "SA1");
        AssuranceStore.Assure(db, TestAccess.Admin, sa1.Id, Review.Accepted, null);
        var asAt = new DateOnly(2025, 4, 1);
        var pack = BoardPack.Build(db, "LMNSX1", new DateOnly(2025, 3, 1), "test", asAt);

        using var stream = new MemoryStream(BoardPackWorkbook.Write(pack));
        Assert.Contains("Assurance", MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Assurance").Cast<IDictionary<string, object?>>().ToList();
        // Every item x trust cell of every framework: MIS6 alone is 10 actions x 4 trusts.
        Assert.Equal(4 * Frameworks.Default.Sum(f => f.Items.Count), rows.Count);
        var mis6 = rows.Where(r => (string?)r["Framework"] == "MIS6").ToList();
        Assert.Equal(40, mis6.Count);
        IDictionary<string, object?> Cell(string item, string org) => mis6.Single(r => (string?)r["Item"] == item && (string?)r["Org"] == org);
        // Declared met and accepted: done, no concern.
        Assert.Equal(("✓", "Met, accepted", ""), ((string?)Cell("SA1", "X1A")["Symbol"], (string?)Cell("SA1", "X1A")["Status"], (string?)Cell("SA1", "X1A")["Concern"] ?? ""));
        // Not met, deadline 3 March 2025 passed by 1 April 2025: overdue, with why.
        Assert.Equal("✗", Cell("SA2", "X1B")["Symbol"]);
        Assert.Equal("Overdue", Cell("SA2", "X1B")["Concern"]);
        Assert.Equal("overdue since 3 Mar 2025", Cell("SA2", "X1B")["Why"]);
        Assert.Equal(new DateTime(2025, 3, 3), Cell("SA2", "X1B")["Deadline"]);
        // Not applicable is done; never declared is "?" and overdue too.
        Assert.Equal(("–", "Not applicable"), ((string?)Cell("SA3", "X1C")["Symbol"], (string?)Cell("SA3", "X1C")["Status"]));
        Assert.Equal(("?", "Not declared", "Overdue"), ((string?)Cell("SA4", "X1D")["Symbol"], (string?)Cell("SA4", "X1D")["Status"], (string?)Cell("SA4", "X1D")["Concern"]));
        // 40 cells less the two done ones are overdue in MIS6.
        Assert.Equal(38, mis6.Count(r => (string?)r["Concern"] == "Overdue"));
    }
}
