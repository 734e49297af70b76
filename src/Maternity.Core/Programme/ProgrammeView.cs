using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Programme;

/// <summary>Everything the programme page, its API and the board pack show for one LMNS on one day, built once through Core.</summary>
public sealed record ProgrammeView(ProgrammeStore.Registers Registers, ProgrammeSummary Summary, TrainingCoverage Training, LsoaMap Map, bool MayEdit)
{
    /// <param name="priorityBirths">Whether to count births to the priority cohort by LSOA for the map (a pass over the records).</param>
    public static ProgrammeView Build(Database database, Access access, string lmns, DateOnly today, bool priorityBirths = false)
    {
        var registers = ProgrammeStore.Load(database, access, lmns);
        return new ProgrammeView(registers, ProgrammeSummary.Build(registers, today), TrainingCoverage.Build(registers, access),
            LsoaMap.Build(LsoaBoundaries.Load(database, access, lmns), registers.Rows("assets.assets"),
                postcodes: PostcodeLookup.Load(database, lmns), births: priorityBirths ? PriorityBirths.Build(database, access, lmns) : null), ProgrammeStore.MayEdit(access, lmns));
    }
}
