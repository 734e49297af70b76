namespace Maternity.Plans;

/// <summary>The levels of a plan's tree: framework -> priority or objective -> sub-priority (optional) -> intervention.</summary>
public enum NodeKind
{
    Framework,
    Priority,
    SubPriority,
    Intervention,
}
