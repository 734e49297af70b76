namespace Maternity.Plans;

/// <summary>The controlled status list of an action (labels in <see cref="PlanText.StatusLabel"/>).</summary>
public enum ActionStatus
{
    NotStarted,
    OnTrack,
    AtRisk,
    Delayed,
    OnHold,
    Complete,
    CompleteAndEmbedded,
}
