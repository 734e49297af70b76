using Dapper;
using Maternity.Indicators;
using Maternity.Ingest;

namespace Maternity.Tests.Indicators;

/// <summary>
/// A provider's month sent again with changes (care activities dropped, mothers' ethnicity and a booking's date changed)
/// recomputes only the months those pregnancies and babies fall in, and leaves exactly the counts a full recompute gives.
/// </summary>
public sealed class IncrementalComputeTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void IncrementalRecomputeAfterAOneMonthResubmissionGivesTheCountsOfAFullRecompute()
    {
        _store.LoadSynthetic(births: 2_400, months: 6, seed: 23);
        var dir = Path.Combine(_store.Directory, "gen");
        var before = Counts();
        var resubmitted = Path.Combine(_store.Directory, "resubmitted");
        Directory.CreateDirectory(resubmitted);
        var (provider, period) = ("X1A", Month(dir, 3));
        // The provider's month again: a third of its care activities gone, every mother recorded as 'Not stated', and each
        // booking 20 days later (moving pregnancies between cohort months).
        Resubmit(dir, resubmitted, "MSD202CareActivityPreg.csv", provider, period, (row, i) => i % 3 == 0 ? null : row);
        Resubmit(dir, resubmitted, "MSD001MotherDemog.csv", provider, period, (row, _) => With(row, "EthnicCategoryMother", "Z"));
        Resubmit(dir, resubmitted, "MSD101PregnancyBooking.csv", provider, period,
            (row, _) => With(row, "AntenatalAppDate", v => Later(v, 20)));
        var reports = Ingester.IngestAll(_store.Database, Directory.GetFiles(resubmitted));
        Assert.All(reports, r => Assert.True(r.RowsLoaded > 0));

        var incremental = IndicatorEngine.Compute(_store.Database);
        var afterIncremental = Counts();
        var full = IndicatorEngine.Compute(_store.Database, full: true);
        var afterFull = Counts();

        Assert.True(incremental.Incremental);
        Assert.False(full.Incremental);
        Assert.NotEmpty(incremental.Months);
        Assert.NotEqual(before, afterFull);
        // Fewer counts rewritten than a full recompute writes: only the touched months.
        Assert.True(incremental.CountRows < full.CountRows, $"{incremental.CountRows} counts rewritten, a full recompute writes {full.CountRows}");
        Assert.Equal(afterFull.Count, afterIncremental.Count);
        Assert.Equal(afterFull, afterIncremental);
    }

    [Fact]
    public void ComputeWithNothingChangedRecomputesNoMonth()
    {
        _store.LoadSynthetic(births: 1_200, months: 3, seed: 5);
        var before = Counts();
        var summary = IndicatorEngine.Compute(_store.Database);
        Assert.True(summary.Incremental);
        Assert.Empty(summary.Months);
        Assert.Equal(0, summary.CountRows);
        Assert.Equal(before, Counts());
    }

    /// <summary>Every record-level count, ordered, without the time it was computed.</summary>
    private List<string> Counts()
    {
        using var connection = _store.Database.Open();
        return [.. connection.Query<(string, int, string, string, string, DateTime, string, string, long, long, string, string)>("""
            SELECT indicator_id, indicator_version, org_level, org_code, period_type, period_start, breakdown, group_code,
                   numerator, denominator, source, exactness
            FROM indicator_count WHERE source = 'record-level'
            ORDER BY indicator_id, org_level, org_code, period_start, breakdown, group_code
            """).Select(r => r.ToString())];
    }

    /// <summary>The <paramref name="index"/>th reporting month of the generated bookings.</summary>
    private static DateOnly Month(string dir, int index)
    {
        var rows = File.ReadLines(Path.Combine(dir, "MSD101PregnancyBooking.csv")).Skip(1)
            .Select(l => l.Split(',')[1]).Distinct().Order(StringComparer.Ordinal).ToList();
        return DateOnly.Parse(rows[index], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the rows of <paramref name="name"/> for one provider and month, each changed by <paramref name="change"/> (null drops it).</summary>
    private static void Resubmit(string from, string to, string name, string provider, DateOnly period, Func<Row, int, Row?> change)
    {
        var lines = File.ReadLines(Path.Combine(from, name)).ToList();
        var header = lines[0].Split(',');
        var kept = lines.Skip(1).Select(l => new Row(header, l.Split(',')))
            .Where(r => r["OrgCodeProvider"] == provider && r["RPStartDate"] == period.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Select(change).OfType<Row>().Select(r => string.Join(',', r.Values));
        File.WriteAllLines(Path.Combine(to, name), [lines[0], .. kept]);
    }

    private static string Later(string date, int days) =>
        DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static Row With(Row row, string column, string value) => With(row, column, _ => value);

    private static Row With(Row row, string column, Func<string, string> value)
    {
        var values = row.Values.ToArray();
        var i = Array.IndexOf(row.Header, column);
        if (values[i].Length > 0) values[i] = value(values[i]);
        return row with { Values = values };
    }

    private sealed record Row(string[] Header, string[] Values)
    {
        public string this[string column] => Values[Array.IndexOf(Header, column)];
    }
}
