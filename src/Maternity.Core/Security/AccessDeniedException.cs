namespace Maternity.Security;

/// <summary>The caller's role or organisations do not allow what was asked; nothing was read or changed.</summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException(string message) : base(message)
    {
    }

    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message, Exception inner) : base(message, inner)
    {
    }
}
