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

    /// <summary>Each framework's compliance grid as at the pack's date (the workbook's assurance sheet).</summary>
    public IReadOnlyList<ComplianceGrid> Grids { get; init; } = [];

    /// <summary>
    /// The grids as rows for a table: one per item x trust cell with its symbol and words, deadline, period declared, the
    /// LMNS's assurance, and why it is a concern (overdue since its deadline, due soon, queried) or empty.
    /// </summary>
    public IEnumerable<object?[]> GridRows() => Grids.SelectMany(g =>
    {
        var concerns = g.Concerns().ToDictionary(c => (c.ItemId, c.OrgCode), c => c.Why);
        return g.Rows.SelectMany(r => r.Cells.Select(c => new object?[]
        {
            g.Framework.Id, r.Item.Id, r.Item.Title, r.Item.Deadline?.ToDateTime(TimeOnly.MinValue), c.OrgCode, c.Symbol, c.Text,
            c.Current?.Period.ToDateTime(TimeOnly.MinValue), c.Current?.DeclaredBy, c.Current?.Review?.Outcome,
            c.Overdue ? "Overdue" : c.AtRisk ? "At risk" : "", concerns.GetValueOrDefault((r.Item.Id, c.OrgCode)) ?? "",
        }));
    });

    /// <summary>The header of <see cref="GridRows"/>.</summary>
    public static readonly string[] GridHeader =
        ["Framework", "Item", "Title", "Deadline", "Org", "Symbol", "Status", "Period declared", "Declared by", "LMNS assurance", "Concern", "Why"];

    public static AssuranceSummary? Build(Database database, Access access, string lmns, DateOnly asAt)
    {
        var declarations = AssuranceStore.Current(database, access);
        if (declarations.Count == 0) return null;
        var trusts = ComplianceGrid.TrustsOf(database, lmns);
        var grids = Assurance.Frameworks.Default.Select(f => ComplianceGrid.Build(f, lmns, asAt, trusts, declarations)).ToList();
        return new AssuranceSummary(asAt,
            [.. grids.Select(g => new Progress(g.Framework.Id, g.Framework.Name, g.Rows.Sum(r => r.Done), g.Rows.Sum(r => r.Cells.Count),
                g.Rows.Sum(r => r.Cells.Count(c => c.Overdue)), g.Rows.Sum(r => r.Cells.Count(c => c.AtRisk))))],
            [.. grids.SelectMany(g => g.Concerns())]) { Grids = grids };
    }
}
