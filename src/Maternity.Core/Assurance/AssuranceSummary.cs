using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Assurance;

/// <summary>
/// The board pack's assurance section for an LMNS: each framework's cells met or not applicable of all (item x trust),
/// and every item overdue or at risk as at the pack's date. Null when no declarations are stored.
/// </summary>
public sealed record AssuranceSummary(DateOnly AsAt, IReadOnlyList<AssuranceSummary.Progress> Frameworks,
    IReadOnlyList<ComplianceGrid.Concern> Concerns)
{
    public sealed record Progress(string Id, string Name, int Done, int Cells, int Overdue, int AtRisk);

    public static AssuranceSummary? Build(Database database, Access access, string lmns, DateOnly asAt)
    {
        var declarations = AssuranceStore.Current(database, access);
        if (declarations.Count == 0) return null;
        var trusts = ComplianceGrid.TrustsOf(database, lmns);
        var grids = Assurance.Frameworks.Default.Select(f => ComplianceGrid.Build(f, lmns, asAt, trusts, declarations)).ToList();
        return new AssuranceSummary(asAt,
            [.. grids.Select(g => new Progress(g.Framework.Id, g.Framework.Name, g.Rows.Sum(r => r.Done), g.Rows.Sum(r => r.Cells.Count),
                g.Rows.Sum(r => r.Cells.Count(c => c.Overdue)), g.Rows.Sum(r => r.Cells.Count(c => c.AtRisk))))],
            [.. grids.SelectMany(g => g.Concerns())]);
    }
}
