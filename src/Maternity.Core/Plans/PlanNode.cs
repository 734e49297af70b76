namespace Maternity.Plans;

/// <summary>
/// A node of the plan's tree. <see cref="Ref"/> is how the plan labels it ("Priority 4", "4b", "4b Intervention 3",
/// "Objective 2"); <see cref="Id"/> is the path of refs from the framework ("NHSE 2021/Priority 4/4b/4b Intervention 3"),
/// unique in the plan because plans number interventions within their sub-priority.
/// </summary>
public sealed record PlanNode(string Id, string? ParentId, NodeKind Kind, string Ref, string Title, int Order)
{
    public static string IdOf(string? parentId, string reference) => parentId is null ? reference : parentId + "/" + reference;
}
