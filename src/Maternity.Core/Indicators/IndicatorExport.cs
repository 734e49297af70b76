using System.Globalization;
using Dapper;
using Maternity.Ingest;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Indicators;

/// <summary>Indicator results as files: our own CSV, and the layout of NHS England's Maternity Services Monthly Statistics data file.</summary>
public static class IndicatorExport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const string CsvHeader = "indicator_id,org_level,org_code,period_type,period,period_start,period_end,months_covered,breakdown,group,numerator,denominator,value,lower_95,upper_95,reference_group,ratio,ratio_lower,ratio_upper,difference,difference_lower,difference_upper,rag,source,exactness";

    /// <summary>
    /// Writes results as CSV, one row each (header <see cref="CsvHeader"/>); numbers invariant, NaN as empty. <c>period</c> is the
    /// label the pages show ("2022-23" for a financial year, "2022-04" for a month), beside the dates.
    /// </summary>
    public static long WriteCsv(IEnumerable<IndicatorResult> results, TextWriter writer)
    {
        writer.Write(CsvHeader);
        writer.Write('\n');
        long rows = 0;
        foreach (var r in results)
        {
            writer.Write(CsvRow(r));
            writer.Write('\n');
            rows++;
        }
        return rows;
    }

    /// <summary>One result's cells in the order of <see cref="CsvHeader"/>, without the line end.</summary>
    public static string CsvRow(IndicatorResult r) =>
        string.Join(',', r.IndicatorId, r.OrgLevel, QuarantineReport.Csv(r.OrgCode), r.PeriodType, r.Period, D(r.PeriodStart), D(r.PeriodEnd), r.MonthsCovered.ToString(Inv),
            r.Breakdown, QuarantineReport.Csv(r.Group), r.Numerator.ToString(Inv), r.Denominator.ToString(Inv),
            N(r.Value.Value), N(r.Value.Lower), N(r.Value.Upper), QuarantineReport.Csv(r.ReferenceGroup),
            N(r.Ratio?.Value), N(r.Ratio?.Lower), N(r.Ratio?.Upper), N(r.Difference?.Value), N(r.Difference?.Lower), N(r.Difference?.Upper), r.Rag, r.Source, r.Exactness);

    /// <summary>
    /// The month's counts in the column layout of the national Maternity Services Monthly Statistics data file:
    /// ReportingPeriodStartDate, ReportingPeriodEndDate, Dimension, Org_Level, Org_Code, Org_Name, Measure,
    /// Count_Of, Final_value. Dimension is the indicator id (with "By" and the breakdown for split rows); Measure
    /// is the group; Count_Of is Numerator, Denominator or Rate. Counts pass <paramref name="policy"/> (default:
    /// the national rounding rule) and the rate is computed from the suppressed counts, rounded to one decimal place.
    /// Org_Level uses the national names: Local Maternity System, Provider, Site.
    /// </summary>
    public static long WriteNational(Database database, DateOnly month, TextWriter writer, SuppressionPolicy? policy = null)
    {
        policy ??= SuppressionPolicy.Default;
        using var connection = database.Open();
        using var reading = database.Reading();
        var names = connection.Query<(string Code, string Name)>("SELECT org_code, org_name FROM org").ToDictionary(o => o.Code, o => o.Name);
        writer.Write("ReportingPeriodStartDate,ReportingPeriodEndDate,Dimension,Org_Level,Org_Code,Org_Name,Measure,Count_Of,Final_value\n");
        long rows = 0;
        var end = month.AddMonths(1).AddDays(-1);
        foreach (var c in IndicatorEngine.Read(connection, null, null, null, month))
        {
            var definition = Catalogue.Find(c.IndicatorId);
            if (definition is null) continue;
            var dimension = c.Breakdown == nameof(Breakdown.Total) ? c.IndicatorId : $"{c.IndicatorId}By{c.Breakdown}";
            var level = c.OrgLevel switch { "LMNS" => "Local Maternity System", var l => l };
            var prefix = string.Join(',', D(month), D(end), dimension, level, QuarantineReport.Csv(c.OrgCode), QuarantineReport.Csv(names.GetValueOrDefault(c.OrgCode, c.OrgCode).ToUpperInvariant()), QuarantineReport.Csv(c.GroupCode));
            var rate = policy.Rate(c.Numerator, c.Denominator, definition.Multiplier);
            writer.Write($"{prefix},Numerator,{Shown(policy.Apply(c.Numerator))}\n");
            writer.Write($"{prefix},Denominator,{Shown(policy.Apply(c.Denominator))}\n");
            writer.Write($"{prefix},Rate,{(rate is { } v ? Math.Round(v, 1, MidpointRounding.AwayFromZero).ToString(Inv) : "*")}\n");
            rows += 3;
        }
        return rows;
    }

    private static string Shown(long? value) => value?.ToString(Inv) ?? "*";

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

    private static string N(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", Inv) : "";
}
