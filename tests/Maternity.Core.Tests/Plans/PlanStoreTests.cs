using System.Text;
using Dapper;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Synthetic;

namespace Maternity.Tests.Plans;

public sealed class PlanStoreTests
{
    private static (TestStore Store, Plan Plan) Stored(int actions = 5)
    {
        var store = new TestStore();
        PlanStore.Replace(store.Database, TestAccess.As("analyst"), PlanGenerator.Generate("LMNSX1", actions, seed: 11));
        return (store, PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1"));
    }

    [Fact]
    public void ASecondEditOfTheSameVersionIsRefusedNamingWhoChangedItFirst()
    {
        var (store, plan) = Stored();
        using var _ = store;
        var opened = plan.Actions[0];
        var version = plan.ActionStamps[opened.Id].Version;

        PlanStore.SaveAction(store.Database, TestAccess.As("alice"), "LMNSX1", opened with { StatusNote = "alice's note" }, version);
        var refused = Assert.Throws<PlanConflictException>(() =>
            PlanStore.SaveAction(store.Database, TestAccess.As("bob"), "LMNSX1", opened with { StatusNote = "bob's note" }, version));

        Assert.Contains($"Action {opened.Id} was changed by alice", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"now version {version + 1}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", refused.Message, StringComparison.Ordinal);
        var now = PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1");
        Assert.Equal("alice's note", now.Action(opened.Id)!.StatusNote);
        Assert.Equal(new { Version = version + 1, By = "alice" }, new { now.ActionStamps[opened.Id].Version, now.ActionStamps[opened.Id].By });
    }

    [Fact]
    public async Task OfManyEditorsSavingTheSameVersionAtOnceExactlyOneWins()
    {
        var (store, plan) = Stored();
        using var _ = store;
        var opened = plan.Actions[1];
        var version = plan.ActionStamps[opened.Id].Version;
        var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            start.Wait();
            try
            {
                PlanStore.SaveAction(store.Database, TestAccess.As($"editor{i}"), "LMNSX1", opened with { StatusNote = $"editor {i}" }, version);
                return true;
            }
            catch (PlanConflictException)
            {
                return false;
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Single(results, r => r);
        var now = PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1");
        Assert.Equal(version + 1, now.ActionStamps[opened.Id].Version);
        var winner = Array.IndexOf(results, true);
        Assert.Equal($"editor {winner}", now.Action(opened.Id)!.StatusNote);
    }

    [Fact]
    public void ChangingTheTargetDateNeedsAReasonAndIsKeptInItsHistory()
    {
        var (store, plan) = Stored();
        using var _ = store;
        var action = plan.Actions.First(a => a.TargetDate is not null);
        var version = plan.ActionStamps[action.Id].Version;
        var moved = action with { TargetDate = PlanDate.Month(2027, 3) };

        Assert.Throws<InvalidDataException>(() => PlanStore.SaveAction(store.Database, TestAccess.As("alice"), "LMNSX1", moved, version));
        PlanStore.SaveAction(store.Database, TestAccess.As("alice"), "LMNSX1", moved, version, "Funding moved to next year");

        var change = PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Action(action.Id)!.TargetChanges[^1];
        Assert.Equal((action.TargetDate, (PlanDate?)PlanDate.Month(2027, 3), "alice", "Funding moved to next year"), (change.From, change.To, change.By, change.Reason));
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), change.On);
    }

    [Fact]
    public void ThePlanCanBeSeenAsItStoodOnAnyDateAndEveryChangeShowsBeforeAndAfter()
    {
        var (store, plan) = Stored();
        using var _ = store;
        using (var connection = store.Database.Open())
            connection.Execute("UPDATE plan_entity SET changed_at = TIMESTAMP '2024-01-10 09:00:00'");
        var action = plan.Actions[2];
        PlanStore.SaveAction(store.Database, TestAccess.As("alice"), "LMNSX1", action with { Status = ActionStatus.Delayed, StatusNote = "Supplier late" }, 1);

        Assert.Empty(PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1", new DateOnly(2024, 1, 9)).Actions);
        var then = PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1", new DateOnly(2024, 1, 10));
        Assert.Equal(plan.Actions.Count, then.Actions.Count);
        Assert.Equal(action.Status, then.Action(action.Id)!.Status);
        Assert.Equal(ActionStatus.Delayed, PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Action(action.Id)!.Status);

        var history = PlanStore.History(store.Database, TestAccess.Admin, "LMNSX1", PlanStore.ActionKind, action.Id);
        Assert.Equal([1, 2], history.Select(h => h.Version));
        Assert.Equal(new DateTime(2024, 1, 10, 9, 0, 0), history[0].At);
        Assert.Equal("alice", history[1].By);
        var status = history[1].Fields.Single(f => f.Field == "status");
        Assert.Equal((action.Status.ToString(), "Delayed"), (status.Before, status.After));
        var note = history[1].Fields.Single(f => f.Field == "statusNote");
        Assert.Equal((action.StatusNote, "Supplier late"), (note.Before, note.After));
        Assert.Equal(2, history[1].Fields.Count);
        // Changes since a date: only the edit.
        Assert.Single(PlanStore.History(store.Database, TestAccess.Admin, "LMNSX1", since: new DateTime(2024, 1, 11)));
    }

    [Fact]
    public void RemovingAnActionByImportKeepsItsHistoryAndItCanBeSeenBefore()
    {
        var (store, plan) = Stored();
        using var _ = store;
        var result = PlanStore.Replace(store.Database, TestAccess.As("analyst"), plan with { Actions = plan.Actions.Skip(1).ToList() });
        Assert.Equal(new PlanStore.ReplaceResult(0, 0, 1, plan.Nodes.Count + plan.Actions.Count - 1 + plan.Gaps.Count), result);
        Assert.Null(PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Action(plan.Actions[0].Id));
        var history = PlanStore.History(store.Database, TestAccess.Admin, "LMNSX1", PlanStore.ActionKind, plan.Actions[0].Id);
        Assert.True(history[^1].Deleted);
    }

    [Fact]
    public void AnUpdateWithAnEvidenceFileIsStoredOnceByItsHash()
    {
        var (store, plan) = Stored();
        using var _ = store;
        var content = Encoding.UTF8.GetBytes("audit results: 94% recorded");
        var file = PlanStore.AddFile(store.Database, TestAccess.As("alice"), "../../audit.txt", "text/plain", content);
        var same = PlanStore.AddFile(store.Database, TestAccess.As("bob"), "audit.txt", "text/plain", content);
        Assert.Equal(file, same);
        Assert.Equal("audit.txt", file.Name);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), file.Sha256);

        var action = plan.Actions[0];
        PlanStore.AddUpdate(store.Database, TestAccess.As("alice"), "LMNSX1", action.Id, plan.ActionStamps[action.Id].Version,
            new PlanAction.Update(new DateOnly(2024, 6, 1), null, "Audit done", "Audit report", [file]));

        var update = PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Action(action.Id)!.Updates[^1];
        Assert.Equal(("alice", "Audit done"), (update.By, update.Text));
        Assert.Equal(content, PlanStore.File(store.Database, TestAccess.Admin, update.Files[0].Sha256)!.Value.Content);
        Assert.Equal(1L, store.Scalar("SELECT count(*) FROM plan_file"));
    }

    private static readonly Access OtherAnalyst = new("other-analyst", Role.Analyst, ["LMNSX2"], new HashSet<string> { "LMNSX2", "X2A" });

    private static readonly Access TrustUser = new("trust", Role.TrustUser, ["X1A"], new HashSet<string> { "X1A", "X1A01", "X1A02" });

    [Fact]
    public void AnAnalystOfAnotherLmnsMayNeitherEditNorImportThisLmnssPlan()
    {
        var (store, plan) = Stored();
        using var _ = store;
        var action = plan.Actions[0];

        Assert.Throws<AccessDeniedException>(() => PlanStore.SaveAction(store.Database, OtherAnalyst, "LMNSX1",
            action with { StatusNote = "from another LMNS" }, plan.ActionStamps[action.Id].Version));
        Assert.Throws<AccessDeniedException>(() => PlanStore.Replace(store.Database, OtherAnalyst, plan with { Actions = [] }));

        var after = PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1");
        Assert.Equal(plan.Actions.Count, after.Actions.Count);
        Assert.NotEqual("from another LMNS", after.Action(action.Id)!.StatusNote);
        var ownAnalyst = new Access("analyst", Role.Analyst, ["LMNSX1"], new HashSet<string> { "LMNSX1", "X1A" });
        PlanStore.SaveAction(store.Database, ownAnalyst, "LMNSX1", action with { StatusNote = "from this LMNS" }, plan.ActionStamps[action.Id].Version);
    }

    [Fact]
    public void ATrustUserMayEditItsActionButNotAddOrRemoveAnotherOwner()
    {
        var (store, plan) = Stored();
        using var _ = store;
        var shared = plan.Actions[0] with { Orgs = ["X1A", "X1B"] };
        PlanStore.SaveAction(store.Database, TestAccess.Admin, "LMNSX1", shared, plan.ActionStamps[shared.Id].Version);
        var version = plan.ActionStamps[shared.Id].Version + 1;

        foreach (var owners in new[] { new[] { "X1A", "X1B", "X1C" }, ["X1A", "X1B", "LMNS"], ["X1A", "X1B", "LMNSX1"], ["X1A"], ["X1A", "X1C"] })
            Assert.Throws<AccessDeniedException>(() => PlanStore.SaveAction(store.Database, TrustUser, "LMNSX1", shared with { Orgs = owners }, version));
        Assert.Equal(["X1A", "X1B"], PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Action(shared.Id)!.Orgs);

        PlanStore.SaveAction(store.Database, TrustUser, "LMNSX1", shared with { Orgs = ["X1B", "X1A"], StatusNote = "X1A's progress" }, version);
        Assert.Equal("X1A's progress", PlanStore.Load(store.Database, TestAccess.Admin, "LMNSX1").Action(shared.Id)!.StatusNote);
    }
}
