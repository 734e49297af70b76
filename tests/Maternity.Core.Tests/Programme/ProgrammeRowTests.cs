using Dapper;
using Maternity.Plans;
using Maternity.Programme;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Synthetic;

namespace Maternity.Tests.Programme;

/// <summary>
/// Adding and removing one row of a register (the browser's forms and <c>programme REGISTER remove</c>), and the map's
/// births view saying plainly why no LSOA is shaded when the LMNS has no record-level births.
/// </summary>
public sealed class ProgrammeRowTests
{
    private const string Lmns = "LMNSX1";

    private static TestStore Store()
    {
        var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        PlanStore.Replace(store.Database, TestAccess.Admin, PlanGenerator.Generate(Lmns, 5, seed: 3));
        ProgrammeStore.Import(store.Database, TestAccess.Admin, Lmns, ProgrammeRegisters.Find("funding.streams"), store.File("streams.csv",
            "Id,Source,Purpose,Year,Amount,Conditions\nCGM,NHS England,Continuous Glucose Monitoring,2022-23,44000,\n" +
            "CAP,NHS England,LMNS Capacity Targeted (ICS/LMNS),2022-23,150000,\n"));
        ProgrammeStore.Import(store.Database, TestAccess.Admin, Lmns, ProgrammeRegisters.Find("funding.instalments"), store.File("instalments.csv",
            "Id,Stream,When,Amount\nCGM-M4,CGM,M4,22000\nCGM-M10,CGM,M10,22000\n"));
        return store;
    }

    private static Dictionary<string, string> Stream(string purpose) => new()
    {
        ["Source"] = "ICB", ["Purpose"] = purpose, ["Year"] = "2022-23", ["Amount"] = "4500",
    };

    [Fact]
    public void ANewRowIsAddedAtVersionOneAndItsIdMustBeFreeAndUsable()
    {
        using var store = Store();
        var sheet = ProgrammeRegisters.Find("funding.streams");

        var added = ProgrammeStore.Edit(store.Database, TestAccess.Admin, Lmns, sheet, "MVP", Stream("MVP contribution"), 0);

        Assert.Empty(added.Issues);
        Assert.Equal(1, added.Added);
        var row = Assert.Single(ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows(sheet.Key), r => r.Id == "MVP");
        Assert.Equal((1, "4500"), (row.Version, row.Text("Amount")));
        // A second "new" row with the same id is told the id is taken, and nothing changes.
        var taken = ProgrammeStore.Edit(store.Database, TestAccess.Admin, Lmns, sheet, "MVP", Stream("Another"), 0);
        Assert.Equal("funding.streams already has a row with id MVP: change that row, or choose another id", Assert.Single(taken.Issues).Reason);
        Assert.Equal("MVP contribution", ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows(sheet.Key).Single(r => r.Id == "MVP").Text("Purpose"));
        // Ids that cannot be named in a file or a link.
        foreach (var (id, reason) in new[] { ("", "Id is required"), (" X", "Id may not start or end with a space"), ("A;B", "Id may not hold a ';' or a control character") })
            Assert.Equal(reason, Assert.Single(ProgrammeStore.Edit(store.Database, TestAccess.Admin, Lmns, sheet, id, Stream("x"), 0).Issues).Reason);
    }

    [Fact]
    public void ARowIsRemovedWithItsHistoryKeptAndTheRemovalAudited()
    {
        using var store = Store();
        var sheet = ProgrammeRegisters.Find("funding.instalments");

        var removed = ProgrammeStore.Remove(store.Database, TestAccess.Admin, Lmns, sheet, "CGM-M10", 1);

        Assert.Empty(removed.Issues);
        Assert.Equal(1, removed.Removed);
        Assert.Equal(["CGM-M4"], ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows(sheet.Key).Select(r => r.Id));
        var history = ProgrammeStore.History(store.Database, TestAccess.Admin, Lmns, sheet, "CGM-M10");
        Assert.Equal([(1, false), (2, true)], history.Select(h => (h.Version, h.Deleted)));
        var audit = AuditLog.List(store.Database, TestAccess.Admin, 10, "programme.remove");
        Assert.Equal($"{Lmns}/funding.instalments/CGM-M10", Assert.Single(audit).Target);
        Assert.True(AuditLog.Verify(store.Database).Intact);
        // A removed row can be added again, as a new row.
        Assert.Empty(ProgrammeStore.Edit(store.Database, TestAccess.Admin, Lmns, sheet, "CGM-M10",
            new Dictionary<string, string> { ["Stream"] = "CGM", ["When"] = "M10", ["Amount"] = "22000" }, 0).Issues);
    }

    [Fact]
    public void ARemovalOfAVersionNoLongerTheLatestIsRefusedAndNothingChanges()
    {
        using var store = Store();
        var sheet = ProgrammeRegisters.Find("funding.instalments");
        ProgrammeStore.Edit(store.Database, TestAccess.As("carol"), Lmns, sheet, "CGM-M4", new Dictionary<string, string> { ["Received"] = "2022-07-29" }, 1);

        var stale = Assert.Throws<PlanConflictException>(() => ProgrammeStore.Remove(store.Database, TestAccess.As("dave"), Lmns, sheet, "CGM-M4", 1));

        Assert.Contains("has changed since you opened it: it is now version 2", stale.Message, StringComparison.Ordinal);
        Assert.Equal(2, ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows(sheet.Key).Single(r => r.Id == "CGM-M4").Version);
    }

    [Fact]
    public void ARowAnotherSheetNamesIsNotRemovedUntilThoseRowsAreGone()
    {
        using var store = Store();
        var streams = ProgrammeRegisters.Find("funding.streams");

        var refused = ProgrammeStore.Remove(store.Database, TestAccess.Admin, Lmns, streams, "CGM", 1);

        Assert.Equal("funding.instalments CGM-M10, CGM-M4 name CGM as its Stream: change or remove them first", Assert.Single(refused.Issues).Reason);
        Assert.Contains(ProgrammeStore.Load(store.Database, TestAccess.Admin, Lmns).Rows(streams.Key), r => r.Id == "CGM");
        // A stream no instalment names goes at once.
        Assert.Empty(ProgrammeStore.Remove(store.Database, TestAccess.Admin, Lmns, streams, "CAP", 1).Issues);
    }

    [Fact]
    public void OnlyThoseWhoMayChangeThePlanMayRemoveARow()
    {
        using var store = Store();
        var viewer = Access.Resolve(store.Database, "v", Role.Viewer, [Lmns]);
        Assert.Throws<AccessDeniedException>(() =>
            ProgrammeStore.Remove(store.Database, viewer, Lmns, ProgrammeRegisters.Find("funding.instalments"), "CGM-M4", 1));
    }

    [Fact]
    public void WithoutRecordLevelDataTheBirthsViewSaysWhyNoLsoaIsShadedAndWhatIsHeldInstead()
    {
        using var store = Store();
        var none = PriorityBirths.Build(store.Database, TestAccess.Admin, Lmns);
        Assert.Empty(none.ByLsoa);
        Assert.StartsWith("No record-level data are loaded for LMNSX1, and births by LSOA come only from them", none.Note, StringComparison.Ordinal);
        Assert.EndsWith("The map stays shaded by IMD decile.", none.Note, StringComparison.Ordinal);
        Assert.False(none.HasReturns);

        // Trust returns rolled up to the LMNS: births by IMD decile, not by LSOA.
        using (var connection = store.Database.Open())
            connection.Execute(connection.Sql("""
                INSERT INTO indicator_count (indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown, group_code,
                  numerator, denominator, source, exactness, computed_at)
                VALUES ('PRETERM_37', 1, 'LMNS', 'LMNSX1', 'Month', $month, 'ImdDecile', '1', 4, 60, 'returns', 'exact', $at)
                """), new { month = new DateTime(2025, 4, 1), at = DateTime.UtcNow });
        var returns = PriorityBirths.Build(store.Database, TestAccess.Admin, Lmns);
        Assert.True(returns.HasReturns);
        Assert.Contains("Its trusts' returns are loaded, but a return counts births by ethnic group and IMD decile, not by LSOA", returns.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void WithRecordLevelBirthsThereIsNothingToExplain()
    {
        using var store = new TestStore();
        store.LoadSynthetic(3_000, 12, seed: 5);
        var births = PriorityBirths.Build(store.Database, TestAccess.Admin, Lmns);
        Assert.NotEmpty(births.ByLsoa);
        Assert.Null(births.Note);
    }
}
