namespace Maternity.Programme;

/// <summary>
/// One table of a register (the funding register has streams, instalments and allocations): its columns, the first
/// of which is always Id. A sheet is imported and exported as one CSV file with these columns.
/// </summary>
public sealed record ProgrammeSheet(string Register, string Name, string Title, IReadOnlyList<ProgrammeColumn> Columns)
{
    /// <summary>How the store and messages name the sheet: register.sheet, e.g. funding.instalments.</summary>
    public string Key => $"{Register}.{Name}";

    public ProgrammeColumn? Column(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
