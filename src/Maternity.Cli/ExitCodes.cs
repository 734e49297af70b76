namespace Maternity.Cli;

/// <summary>What the <c>maternity</c> command's exit status means.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>An unexpected failure (a bug, a locked or unreadable store).</summary>
    public const int Failed = 1;
    /// <summary>Bad input: a file that cannot be read as what it claims to be, or bad arguments. Nothing was changed.</summary>
    public const int BadInput = 2;
    /// <summary>Loaded, but some rows were quarantined, or (a plan) some cells kept only as text or not read (see the report).</summary>
    public const int RowsQuarantined = 3;
}
