namespace Maternity.Programme;

/// <summary>
/// A column of a register's sheet as its file names it: what it holds, whether every row needs it, the sheet its ids
/// refer to (<see cref="ProgrammeValueKind.Reference"/>) or the values it may take (<see cref="ProgrammeValueKind.Choice"/>).
/// </summary>
public sealed record ProgrammeColumn(string Name, ProgrammeValueKind Kind, bool Required = false, string Description = "")
{
    public string? Refers { get; init; }

    public IReadOnlyList<string> Choices { get; init; } = [];
}
