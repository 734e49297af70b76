namespace Maternity.Plans;

/// <summary>
/// One of an LMNS's plans (its equity and equality plan, or another such as a WRES plan) as it stands (or stood, when
/// loaded as at a date): its tree, actions and data gaps, each in plan order, with the version stamp of each action for editing.
/// </summary>
public sealed record Plan(string Lmns, IReadOnlyList<PlanNode> Nodes, IReadOnlyList<PlanAction> Actions, IReadOnlyList<DataGap> Gaps,
    IReadOnlyDictionary<string, Plan.Stamp> ActionStamps)
{
    /// <summary>Which of the LMNS's plans this is: <see cref="PlanStore.MainPlan"/> (its equity and equality plan) or another it keeps, e.g. "wres".</summary>
    public string Name { get; init; } = PlanStore.MainPlan;

    /// <summary>Who last changed an entity, when, and its version (1 for the first).</summary>
    public sealed record Stamp(int Version, DateTime At, string By);

    public static Plan Empty(string lmns) => new(lmns, [], [], [], new Dictionary<string, Stamp>());

    public PlanNode? Node(string id) => Nodes.FirstOrDefault(n => n.Id == id);

    public PlanAction? Action(string id) => Actions.FirstOrDefault(a => a.Id == id);

    /// <summary>The node and its ancestors, nearest first.</summary>
    public IEnumerable<PlanNode> Lineage(string nodeId)
    {
        for (var node = Node(nodeId); node is not null; node = node.ParentId is null ? null : Node(node.ParentId))
            yield return node;
    }

    /// <summary>The priority or objective an action sits under (the level below the framework).</summary>
    public PlanNode? PriorityOf(PlanAction action) =>
        action.NodeIds.Count == 0 ? null : Lineage(action.NodeIds[0]).FirstOrDefault(n => n.Kind == NodeKind.Priority);
}
