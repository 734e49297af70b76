namespace Maternity.Plans;

/// <summary>
/// An edit was made to a version of an action that someone else has changed since: nothing was saved. The message says
/// who changed it and when, so the editor can reload, see their change and apply theirs again.
/// </summary>
public sealed class PlanConflictException : Exception
{
    public PlanConflictException(string message) : base(message)
    {
    }

    public PlanConflictException()
    {
    }

    public PlanConflictException(string message, Exception inner) : base(message, inner)
    {
    }

    public int? CurrentVersion { get; init; }
}
