using Maternity.Plans;
using Maternity.Programme;
using Maternity.Reference;
using Maternity.Synthetic;

namespace Maternity.Tests.Programme;

public sealed class ProgrammeCliTests
{
    [Fact]
    public void TheCommandImportsShowsAndExportsAFundingSheetAndRefusesABadFileNamingRowAndColumn()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command is not built beside the tests");
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        var streams = store.File("funding-streams.csv", "Id,Source,Purpose,Year,Amount,Conditions\nCGM,NHS England,Continuous Glucose Monitoring,2022/23,\"£44,000\",\n");
        var instalments = store.File("funding-instalments.csv", "Id,Stream,When,Amount,Received\nCGM-M4,CGM,M4,22000,\nCGM-M10,CGM,M10,22000,\n");
        var bad = store.File("bad.csv", "Id,Stream,When,Amount\nX,CGM,M4,lots\n");
        string[] Args(params string[] a) => [.. a, .. TestCli.StoreArguments(store)];

        var first = TestCli.Run(cli!, Args("programme", "funding", "import", streams));
        var second = TestCli.Run(cli!, Args("programme", "funding", "import", instalments));
        var refused = TestCli.Run(cli!, Args("programme", "funding", "import", bad, "--sheet", "instalments"));
        var show = TestCli.Run(cli!, Args("programme", "funding", "show", "--today", "2022-11-15"));
        var out_ = Path.Combine(store.Directory, "out.csv");
        var export = TestCli.Run(cli!, Args("programme", "funding", "export", "--sheet", "instalments", "--out", out_));

        Assert.True(first.Exit == 0, first.Output);
        Assert.Contains("funding-streams.csv (funding.streams): 1 added", first.Output, StringComparison.Ordinal);
        Assert.True(second.Exit == 0, second.Output);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("row 2, column Amount 'lots': not an amount in pounds", refused.Output, StringComparison.Ordinal);
        Assert.Contains("1 instalments overdue (£22,000)", show.Output, StringComparison.Ordinal);
        Assert.True(export.Exit == 0, export.Output);
        Assert.Equal("Id,Stream,When,Amount,Due,Received,Risk\nCGM-M10,CGM,M10,22000,,,\nCGM-M4,CGM,M4,22000,,,\n", File.ReadAllText(out_));
    }

    [Fact]
    public void TheDemoHoldsAYearOfEachRegister()
    {
        using var store = new TestStore();
        OrgHierarchy.Demo.Store(store.Database);
        PlanStore.Replace(store.Database, TestAccess.Admin, PlanGenerator.Generate("LMNSX1", 40, seed: 5));
        var today = new DateOnly(2026, 12, 2);

        ProgrammeGenerator.Generate(store.Database, "LMNSX1", today);

        var registers = ProgrammeStore.Load(store.Database, TestAccess.Admin, "LMNSX1");
        Assert.All(ProgrammeRegisters.Sheets, s => Assert.NotEmpty(registers.Rows(s.Key)));
        var sessions = registers.Rows("training.sessions").Select(s => s.Date("Date")!.Value).ToList();
        Assert.Equal((new DateOnly(2026, 1, 10), new DateOnly(2026, 12, 10)), (sessions.Min(), sessions.Max()));
        var summary = ProgrammeSummary.Build(registers, today);
        Assert.Equal("GEN-H1", Assert.Single(summary.Funding.Overdue).Id);
        Assert.Equal("E1", Assert.Single(summary.OverdueReviews).Id);
        Assert.Equal(600, LsoaBoundaries.Load(store.Database, TestAccess.Admin, "LMNSX1").Count);
    }
}
