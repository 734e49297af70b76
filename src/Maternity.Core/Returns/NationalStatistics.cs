using System.Globalization;
using Dapper;
using Maternity.Indicators;
using Maternity.Storage;
using Sylvan.Data.Csv;

namespace Maternity.Returns;

/// <summary>
/// Imports NHS England's published maternity statistics: the annual NHS Maternity Statistics MSDS CSV
/// (Period, Dimension, Org_Level, Org_Code, Org_Name, Measure, Count_Of, Value; and the 2019-20 layout with lower-case
/// headers, measure1 and upper-case dimensions) and the Maternity Services Monthly Statistics data file
/// (ReportingPeriodStartDate, ReportingPeriodEndDate, Dimension, Org_Level, Org_Code, Org_Name, Measure, Count_Of,
/// Final_value). Dimensions whose categories give a catalogue indicator's numerator and denominator are mapped to it
/// (see <see cref="Mappings"/>); their counts are stored as "published-rounded", at National, Region and Provider
/// level, so a trust and the LMNS can be set beside England and peers. The published definitions count deliveries
/// or babies of the year, which is close to but not always the catalogue's own cohort; each mapping says how.
/// </summary>
public static class NationalStatistics
{
    /// <summary>A published dimension read as an indicator: the categories that count in the numerator and in the denominator.</summary>
    public sealed record Mapping(string Dimension, string Indicator, string[] Numerator, string[] Denominator, string Note);

    public static IReadOnlyList<Mapping> Mappings { get; } =
    [
        new("BIRTHWEIGHTTERMGROUP2500", "LBW_TERM", ["Under 2500g"], ["Under 2500g", "2500g and over"], "term babies, live and stillborn"),
        new("GESTATIONLENGTHBIRTHGROUP37", "PRETERM_37", ["<37 weeks"], ["<37 weeks", ">=37 weeks"], "babies, live and stillborn"),
        new("APGARSCORE5TERMGROUP7", "APGAR_LOW_TERM", ["0 to 6"], ["0 to 6", "7 to 10"], "term babies with a score"),
        new("BABYFIRSTFEEDBREASTMILKSTATUS", "BREASTMILK_FIRST_FEED", ["Maternal or Donor Breast Milk"], ["Maternal or Donor Breast Milk", "Not Breast Milk"], "babies with the first feed recorded"),
        new("SMOKINGSTATUSGROUPBOOKING", "SMOKING_BOOKING", ["Smoker"], ["Smoker", "Non-Smoker / Ex-Smoker"], "women delivering in the period, by their status at booking"),
        new("SMOKINGATBOOKING", "SMOKING_BOOKING", ["Smoker"], ["Smoker", "Non-Smoker / Ex-Smoker"], "women delivering in the period, by their status at booking (2019-20 layout)"),
        new("ETHNICCATEGORYMOTHERGROUP", "DQ_ETHNICITY_VALID", ["White", "Mixed", "Asian or Asian British", "Black or Black British", "Any other ethnic group"], [], "women delivering in the period (the catalogue counts bookings); every category is in the denominator"),
    ];

    public sealed record Result(string File, long RowsRead, long Counts, IReadOnlyList<string> Problems);

    public static Result Import(Database database, string path)
    {
        var file = Path.GetFileName(path);
        var cells = new Dictionary<(string Dimension, string Level, string Org, DateOnly Start, string Type), Dictionary<string, long>>();
        long rowsRead = 0;
        var problems = new List<string>();
        using (var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        using (var csv = Ingest.CsvText.Open(text, file))
        {
            int Column(params string[] names) => Enumerable.Range(0, csv.FieldCount).FirstOrDefault(i => names.Any(n => csv.GetName(i).Trim().Equals(n, StringComparison.OrdinalIgnoreCase)), -1);
            var (period, start, dimension, level, org, measure, value) = (Column("Period"), Column("ReportingPeriodStartDate", "RPStartDate"), Column("Dimension"),
                Column("Org_Level"), Column("Org_Code"), Column("Measure", "measure1"), Column("Value", "Final_value"));
            if ((period < 0 && start < 0) || dimension < 0 || level < 0 || org < 0 || measure < 0 || value < 0)
                throw new InvalidDataException($"{file} row 1: not a national maternity statistics file (expected Period or ReportingPeriodStartDate, Dimension, Org_Level, Org_Code, Measure and Value or Final_value)");
            var row = 1L;
            while (Ingest.CsvText.Read(csv, file, row + 1))
            {
                row++;
                rowsRead++;
                var mapping = Mappings.FirstOrDefault(m => m.Dimension.Equals(csv.GetString(dimension).Trim(), StringComparison.OrdinalIgnoreCase));
                if (mapping is null) continue;
                DateOnly periodStart;
                string type;
                if (start >= 0)
                {
                    if (!DateOnly.TryParse(csv.GetString(start), CultureInfo.InvariantCulture, out periodStart)) { problems.Add($"{file} row {row}: '{csv.GetString(start)}' is not a date"); continue; }
                    (periodStart, type) = (new DateOnly(periodStart.Year, periodStart.Month, 1), "Month");
                }
                else
                {
                    var p = csv.GetString(period).Trim();
                    if (p.Length < 4 || !int.TryParse(p.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) { problems.Add($"{file} row {row}: '{p}' is not a financial year"); continue; }
                    (periodStart, type) = (new DateOnly(year, 4, 1), "FinancialYear");
                }
                if (!long.TryParse(csv.GetString(value).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) { problems.Add($"{file} row {row}: value '{csv.GetString(value)}' is not a count"); continue; }
                var orgLevel = csv.GetString(level).Trim().ToUpperInvariant() switch
                {
                    "NATIONAL" or "ALL SUBMITTERS" => "National",
                    "NHS ENGLAND (REGION)" or "REGION" => "Region",
                    "PROVIDER" => "Provider",
                    "LOCAL MATERNITY SYSTEM" => "LMNS",
                    _ => null,
                };
                if (orgLevel is null) continue;
                var orgCode = orgLevel == "National" ? "ENGLAND" : csv.GetString(org).Trim();
                var key = (mapping.Dimension, orgLevel, orgCode, periodStart, type);
                if (!cells.TryGetValue(key, out var measures)) cells[key] = measures = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
                var label = csv.GetString(measure).Trim();
                measures[label] = measures.GetValueOrDefault(label) + count;
            }
        }

        var rows = new List<object?[]>();
        var now = Database.Now();
        foreach (var ((dimension, orgLevel, orgCode, start, type), measures) in cells)
        {
            var mapping = Mappings.First(m => m.Dimension == dimension);
            var definition = Catalogue.Find(mapping.Indicator)!;
            var numerator = mapping.Numerator.Sum(m => measures.GetValueOrDefault(m));
            var denominator = mapping.Denominator.Length == 0 ? measures.Values.Sum() : mapping.Denominator.Sum(m => measures.GetValueOrDefault(m));
            if (denominator == 0) continue;
            rows.Add([definition.Id, definition.Version, orgLevel, orgCode, type, start, "Total", "Total", numerator, denominator, $"national {file}", "published-rounded", now, null]);
        }
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.CountsLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        connection.Execute(connection.Sql("DELETE FROM indicator_count WHERE source = $source"), new { source = $"national {file}" }, tx);
        using (var writer = new BulkWriter(connection, "indicator_count"))
        {
            foreach (var r in rows) writer.Write(r);
        }
        using (database.Writing()) tx.Commit();
        return new Result(file, rowsRead, rows.Count, problems);
    }
}
