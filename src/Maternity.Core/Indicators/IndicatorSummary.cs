using Maternity.Storage;

namespace Maternity.Indicators;

/// <summary>
/// Values of each indicator for one organisation over a run of months, summed from the stored counts:
/// the total, and each group of each breakdown.
/// </summary>
public static class IndicatorSummary
{
    /// <param name="Source">Where the counts came from: record-level, return or national.</param>
    /// <param name="Exactness">exact, suppressed or published-rounded.</param>
    public sealed record Row(string Breakdown, string Group, IndicatorValue Value, string Source, string Exactness);

    /// <summary>
    /// The months that have counts, newest last.
    /// </summary>
    public static IReadOnlyList<DateOnly> Periods(Database database)
    {
        return database.ReadOrKept<IReadOnlyList<DateOnly>>("periods", connection =>
            [.. Dapper.SqlMapper.Query<DateTime>(connection, "SELECT DISTINCT period_start FROM indicator_count WHERE period_type = 'Month' ORDER BY period_start").Select(DateOnly.FromDateTime)]);
    }

    /// <summary>When the record-level counts were last computed (null before the first computation).</summary>
    public static DateTime? ComputedAt(Database database)
    {
        return database.ReadOrKept("computed-at", connection =>
            Dapper.SqlMapper.ExecuteScalar<DateTime?>(connection, $"SELECT max(computed_at) FROM indicator_count WHERE source = '{IndicatorEngine.RecordLevel}'"));
    }

    /// <summary>Ethnic groups in their conventional order (White, Mixed, Asian, Black, Other, then the not-valid rows); other groups as they sort.</summary>
    private static int GroupOrder(string group)
    {
        var index = Reference.EthnicCategory.Groups.ToList().IndexOf(group);
        return index < 0 ? 0 : index;
    }

    /// <summary>
    /// Sums the stored monthly counts of <paramref name="definition"/> for <paramref name="orgCode"/> from
    /// <paramref name="from"/> to <paramref name="to"/> inclusive; counts of different provenance are kept apart.
    /// </summary>
    public static IReadOnlyList<Row> For(Database database, Security.Access access, IndicatorDefinition definition, string orgCode, DateOnly from, DateOnly to, double level = 0.95)
    {
        var counts = IndicatorEngine.Read(database, access, definition.Id, orgCode)
            .Where(c => c.PeriodType == "Month" && c.PeriodStart >= from && c.PeriodStart <= to);
        return [.. counts
            .GroupBy(c => (c.Breakdown, c.GroupCode, Source: IndicatorAnalysis.SourceKind(c.Source), c.Exactness))
            .Select(g => new Row(g.Key.Breakdown, g.Key.GroupCode, IndicatorValue.Of(definition, g.Sum(c => c.Numerator), g.Sum(c => c.Denominator), level), g.Key.Source, g.Key.Exactness))
            .OrderBy(r => r.Breakdown == "Total" ? 0 : 1).ThenBy(r => r.Breakdown, StringComparer.Ordinal).ThenBy(r => GroupOrder(r.Group)).ThenBy(r => r.Group, StringComparer.Ordinal)];
    }
}
