using System.Globalization;
using Maternity.Measures;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Safety;

/// <summary>
/// The completeness of ethnicity coding on the safety log's own cases, fed to the measures catalogue so that it has a
/// target, a RAG status, a place on the overview and in the board pack like every other measure. After every load of
/// cases (a file, the web form or the synthetic log) each trust loaded has, for every period of the measure's frequency
/// holding one of its cases, Numerator = cases of every kind with a valid ethnic category (A to S; Z, 99 and blank are
/// not valid) and Denominator = all its cases, written through <see cref="MeasureReturns.Save"/> as the trust's
/// submitted return with how = <see cref="How"/>, by the person who loaded the cases.
/// <para>
/// The measure is the LMNS's data, not code: the LMNS defines <see cref="Id"/> in its measures file (a proportion sent
/// by each trust, usually monthly, target 100%: "ethnicity is recorded for all SIs and PMRT and HSIB cases"). When its
/// LMNS has not defined it, or defined it as something other than a trust-sent proportion, nothing is written and the
/// load says so; the cases are loaded either way. A period whose value changes is replaced with the reason
/// <see cref="Reason"/>, and the earlier value stays in the measure's history.
/// </para>
/// </summary>
public static class SafetyCodingMeasure
{
    /// <summary>The measure id an LMNS defines to receive the coding completeness of its trusts' cases.</summary>
    public const string Id = "SAFETY_ETHNICITY_CODED";

    /// <summary>How the values are recorded as entered: from the safety register.</summary>
    public const string How = "safety";

    public const string Reason = "recomputed from the safety log";

    /// <summary>What a load wrote to the measure: cells added, replaced and unchanged, and why any trust got nothing.</summary>
    public sealed record Outcome(int Added, int Replaced, int Unchanged, IReadOnlyList<string> Notes)
    {
        public static Outcome None { get; } = new(0, 0, 0, []);

        public string Describe() => string.Join(" ", new[]
        {
            Added + Replaced + Unchanged > 0
                ? $"{Id}: {Added} added, {Replaced} replaced, {Unchanged} unchanged." : null,
        }.Concat(Notes).Where(s => s is not null));
    }

    /// <summary>
    /// Recomputes the measure for <paramref name="trusts"/> from every case they have logged, as
    /// <paramref name="access"/>. Never throws for a measure that is missing or refused: the outcome's notes say why.
    /// </summary>
    public static Outcome Write(Database database, Access access, IEnumerable<string> trusts)
    {
        var hierarchy = OrgHierarchy.Read(database);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // A case dated in a period that has not begun cannot be returned yet (a return is for a period that has begun).
        var cases = SafetyStore.Read(database).Where(c => c.EventDate <= today).ToList();
        int added = 0, replaced = 0, unchanged = 0;
        var notes = new List<string>();
        var byLmns = trusts.Distinct(StringComparer.Ordinal)
            .Select(t => (Trust: t, Lmns: hierarchy.Orgs.FirstOrDefault(o => o.Code == t)?.Parent))
            .Where(t => t.Lmns is not null).GroupBy(t => t.Lmns!, StringComparer.Ordinal);
        foreach (var lmns in byLmns.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var set = MeasureStore.Load(database, lmns.Key);
            var measure = set.Find(Id);
            if (measure is null)
            {
                notes.Add($"{lmns.Key} has no measure {Id}, so the ethnicity coding of its cases is not written to the measures.");
                continue;
            }
            if (measure.BuiltIn || measure.Unit != UnitKind.Proportion || measure.Supplier != Supplier.TrustReturn)
            {
                notes.Add($"{lmns.Key}'s {Id} is not a proportion sent by each trust, so the coding of its cases is not written to it.");
                continue;
            }
            var lines = new List<(long Row, MeasureReturns.Line Line)>();
            foreach (var (trust, _) in lmns.OrderBy(t => t.Trust, StringComparer.Ordinal))
                foreach (var period in cases.Where(c => c.OrgCode == trust)
                    .GroupBy(c => MeasurePeriod.Containing(c.EventDate, measure.Frequency)).OrderBy(g => g.Key))
                {
                    var valid = period.Count(c => EthnicCategory.IsValid(c.EthnicCategory));
                    lines.Add((lines.Count + 2L, new MeasureReturns.Line(trust, MeasurePeriod.Format(period.Key, measure.Frequency),
                        measure.Id, Dimension.Total, Dimension.Total,
                        Numerator: valid.ToString(CultureInfo.InvariantCulture),
                        Denominator: period.Count().ToString(CultureInfo.InvariantCulture), Reason: Reason)));
                }
            if (lines.Count == 0) continue;
            var result = MeasureReturns.Save(database, access, set, lines, submit: true, How);
            if (result.Imported) { added += result.Added; replaced += result.Replaced; unchanged += result.Unchanged; }
            else
            {
                var issue = result.Issues[0];
                notes.Add($"{Id} for {lmns.Key} was not written: {issue.Column} {issue.Value}: {issue.Reason}.");
            }
        }
        return new Outcome(added, replaced, unchanged, notes);
    }
}
