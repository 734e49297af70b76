using Maternity.Security;

namespace Maternity.Tests;

/// <summary>Callers for Core tests: an admin, or a named admin for tests of who did what.</summary>
internal static class TestAccess
{
    public static Access Admin { get; } = Access.System("test");

    public static Access As(string name) => Access.System(name);
}
