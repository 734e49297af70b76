namespace Maternity.Programme;

/// <summary>Where an instalment stands against its profile on a given day.</summary>
public enum InstalmentState
{
    /// <summary>It has arrived (a received date is recorded).</summary>
    Received,
    /// <summary>Its due date has passed and it has not arrived.</summary>
    Overdue,
    /// <summary>Due within the next 31 days.</summary>
    Due,
    /// <summary>Not yet due, but it may not come: a risk is recorded, or its stream is "subject to" a condition.</summary>
    AtRisk,
    /// <summary>Not yet due, with no risk recorded.</summary>
    Expected,
}
