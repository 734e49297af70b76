using Dapper;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Assurance;

/// <summary>
/// One framework's compliance grid for the trusts of an LMNS: each item x trust cell holds the declaration in force for
/// the latest period up to <see cref="AsAt"/>, and whether the item is overdue (its deadline passed and it is neither met
/// nor not applicable) or at risk (due within <see cref="AtRiskDays"/> days and not met, or met but queried by the LMNS).
/// </summary>
public sealed record ComplianceGrid(Framework Framework, string Lmns, DateOnly AsAt, IReadOnlyList<string> Trusts,
    IReadOnlyList<ComplianceGrid.Row> Rows)
{
    /// <summary>How near its deadline an unmet item is at risk.</summary>
    public const int AtRiskDays = 90;

    public sealed record Cell(string OrgCode, Declaration? Current, bool Overdue, bool AtRisk)
    {
        /// <summary>The cell in words (a symbol and text: never colour alone).</summary>
        public string Text => Current is null ? "Not declared" : ComplianceText.Label(Current.Status)
            + (Current.Review?.Outcome == Review.Queried ? ", queried" : Current.Review?.Outcome == Review.Accepted ? ", accepted" : "");

        public string Symbol => Current is null ? "?" : ComplianceText.Symbol(Current.Status);
    }

    public sealed record Row(FrameworkItem Item, IReadOnlyList<Cell> Cells)
    {
        public int Done => Cells.Count(c => c.Current?.IsDone == true);
    }

    /// <summary>One overdue or at-risk cell, for the board pack.</summary>
    public sealed record Concern(string FrameworkId, string FrameworkName, string ItemId, string ItemTitle, string OrgCode,
        string Status, DateOnly? Deadline, bool Overdue, string Why);

    /// <summary>Month by month, how many item x trust cells were met or not applicable, of all cells.</summary>
    public sealed record Point(DateOnly Month, int Done, int Cells)
    {
        public double Percent => Cells == 0 ? double.NaN : 100.0 * Done / Cells;
    }

    /// <summary>The grid of <paramref name="framework"/> over the trusts of <paramref name="lmns"/>, as at <paramref name="asAt"/>.</summary>
    public static ComplianceGrid Build(Database database, Access access, Framework framework, string lmns, DateOnly asAt)
    {
        var trusts = TrustsOf(database, lmns);
        var declarations = AssuranceStore.Current(database, access, framework.Id);
        return Build(framework, lmns, asAt, trusts, declarations);
    }

    /// <summary>The grid from declarations already read (pure: the clock is <paramref name="asAt"/>).</summary>
    public static ComplianceGrid Build(Framework framework, string lmns, DateOnly asAt, IReadOnlyList<string> trusts,
        IReadOnlyList<Declaration> declarations)
    {
        var latest = declarations.Where(d => d.FrameworkId == framework.Id && d.Period <= asAt)
            .GroupBy(d => (Item: d.ItemId.ToUpperInvariant(), d.OrgCode))
            .ToDictionary(g => g.Key, g => g.MaxBy(d => d.Period)!);
        var rows = framework.Items.Select(item => new Row(item, [.. trusts.Select(org =>
        {
            var current = latest.GetValueOrDefault((item.Id.ToUpperInvariant(), org));
            var (overdue, atRisk) = Judge(item, current, asAt);
            return new Cell(org, current, overdue, atRisk);
        })])).ToList();
        return new ComplianceGrid(framework, lmns, asAt, trusts, rows);
    }

    /// <summary>Overdue: the deadline has passed and the item is neither met nor not applicable. At risk: not overdue, and either
    /// not done with the deadline within <see cref="AtRiskDays"/> days, or done but queried by the LMNS.</summary>
    public static (bool Overdue, bool AtRisk) Judge(FrameworkItem item, Declaration? current, DateOnly asAt)
    {
        var done = current?.IsDone == true;
        var overdue = !done && item.Deadline is { } d && d < asAt;
        var atRisk = !overdue && ((!done && item.Deadline is { } due && due <= asAt.AddDays(AtRiskDays))
            || current?.Review?.Outcome == Review.Queried);
        return (overdue, atRisk);
    }

    /// <summary>The overdue and at-risk cells.</summary>
    public IReadOnlyList<Concern> Concerns() => [.. Rows.SelectMany(r => r.Cells.Where(c => c.Overdue || c.AtRisk).Select(c =>
        new Concern(Framework.Id, Framework.Name, r.Item.Id, r.Item.Title, c.OrgCode, c.Text, r.Item.Deadline, c.Overdue,
            c.Overdue ? $"overdue since {r.Item.Deadline:d MMM yyyy}"
            : c.Current?.Review?.Outcome == Review.Queried ? $"queried by the LMNS: {c.Current.Review.Reason}"
            : $"due {r.Item.Deadline:d MMM yyyy}")))];

    /// <summary>The trajectory to full compliance: each month from <paramref name="from"/> to <see cref="AsAt"/>, the cells done by then.</summary>
    public IReadOnlyList<Point> Trajectory(IReadOnlyList<Declaration> declarations, DateOnly from)
    {
        var points = new List<Point>();
        for (var month = AssuranceStore.Month(from); month <= AsAt; month = month.AddMonths(1))
        {
            var then = Build(Framework, Lmns, month, Trusts, declarations);
            points.Add(new Point(month, then.Rows.Sum(r => r.Done), then.Rows.Sum(r => r.Cells.Count)));
        }
        return points;
    }

    /// <summary>The trusts of an LMNS (or the one trust named), in code order.</summary>
    public static IReadOnlyList<string> TrustsOf(Database database, string lmnsOrTrust)
    {
        using var connection = database.Open();
        return [.. connection.Query<string>(connection.Sql("""
            SELECT org_code FROM org WHERE org_type = 'Trust' AND (parent_code = $code OR org_code = $code) ORDER BY org_code
            """), new { code = lmnsOrTrust })];
    }
}
