namespace Maternity.Plans;

/// <summary>The horizon an action belongs to; its due date is the action's target date.</summary>
public enum Horizon
{
    ShortTerm,
    IntermediateTerm,
    LongTerm,
}
