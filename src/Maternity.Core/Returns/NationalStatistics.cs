using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Maternity.Indicators;
using Maternity.National;
using Maternity.Security;
using Maternity.Storage;
using Sylvan.Data.Csv;

namespace Maternity.Returns;

/// <summary>
/// Imports NHS England's published maternity statistics: the annual NHS Maternity Statistics MSDS CSV
/// (Period, Dimension, Org_Level, Org_Code, Org_Name, Measure, Count_Of, Value; and the 2019-20 layout with lower-case
/// headers, measure1 and upper-case dimensions) and the Maternity Services Monthly Statistics data file
/// (ReportingPeriodStartDate, ReportingPeriodEndDate, Dimension, Org_Level, Org_Code, Org_Name, Measure, Count_Of,
/// Final_value).
/// <para>Every row of a dimension in <see cref="NationalMapping"/> is stored as published (<c>national_count</c>); any
/// other row is reported with its reason. A value that is not a count (<c>*</c>, blank, any other marker) is stored as
/// missing, never 0, and counted. Rates whose categories make a catalogue indicator are also written to
/// <c>indicator_count</c> as "published-rounded", unless a part of them is missing.</para>
/// <para>A publication is identified by what it holds (annual or monthly, and the period), not by its file name:
/// loading a period again replaces it in one transaction, the replaced load kept in
/// <c>national_publication_history</c> (its rows in <c>national_count_history</c>) and the replacement in the audit trail.</para>
/// </summary>
public static class NationalStatistics
{
    /// <summary>A row not stored, and why.</summary>
    public sealed record Skip(long Row, string Dimension, string Reason);

    /// <summary>What one dimension of a file gave: rows read, stored, skipped and cells missing.</summary>
    public sealed record DimensionCount(string Published, string? Canonical, long Read, long Stored, long Skipped, long Missing);

    public sealed record Result(string File, long RowsRead, long RowsStored, IReadOnlyList<Skip> Skipped, long MissingCells,
        IReadOnlyList<DimensionCount> Dimensions, long Counts, long RatesWithheld, IReadOnlyList<string> Periods, IReadOnlyList<string> Replaced)
    {
        /// <summary>The skipped rows as sentences "FILE row N: reason".</summary>
        public IReadOnlyList<string> Problems => [.. Skipped.Select(s => $"{File} row {s.Row}: {s.Reason}")];
    }

    private sealed record Cell(string Publication, string PeriodType, DateOnly Start, string Dimension, string Category, string Level, string Org,
        string OrgName, string CountOf, long? Value, string? Marker, long Row);

    public static Result Import(Database database, string path, string actor = "system")
    {
        var file = Path.GetFileName(path);
        var cells = new List<Cell>();
        var skipped = new List<Skip>();
        var perDimension = new Dictionary<string, (string? Canonical, long Read, long Stored, long Skipped, long Missing)>(StringComparer.Ordinal);
        long rowsRead = 0;
        string publication;
        using (var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        using (var csv = Ingest.CsvText.Open(text, file))
        {
            int Column(params string[] names) => Enumerable.Range(0, csv.FieldCount).FirstOrDefault(i => names.Any(n => csv.GetName(i).Trim().Equals(n, StringComparison.OrdinalIgnoreCase)), -1);
            var (period, start, dimension, level, org, orgName, measure, countOf, value) = (Column("Period"), Column("ReportingPeriodStartDate", "RPStartDate"),
                Column("Dimension"), Column("Org_Level"), Column("Org_Code"), Column("Org_Name"), Column("Measure", "measure1"), Column("Count_Of"),
                Column("Value", "Final_value"));
            if ((period < 0 && start < 0) || dimension < 0 || level < 0 || org < 0 || measure < 0 || value < 0)
                throw new InvalidDataException($"{file} row 1: not a national maternity statistics file (expected Period or ReportingPeriodStartDate, Dimension, Org_Level, Org_Code, Measure and Value or Final_value)");
            publication = start >= 0 ? "monthly" : "annual";
            var row = 1L;
            while (Ingest.CsvText.Read(csv, file, row + 1))
            {
                row++;
                rowsRead++;
                var published = csv.GetString(dimension).Trim();
                var mapped = NationalMapping.Find(published);
                var tally = perDimension.GetValueOrDefault(published, (mapped?.Name, 0, 0, 0, 0));
                tally.Read++;
                var reason = Read(out var cell);
                if (reason is null)
                {
                    cells.Add(cell!);
                    tally.Stored++;
                    if (cell!.Value is null) tally.Missing++;
                }
                else
                {
                    skipped.Add(new Skip(row, published, reason));
                    tally.Skipped++;
                }
                perDimension[published] = tally;

                string? Read(out Cell? read)
                {
                    read = null;
                    if (mapped is null) return $"column Dimension: '{published}' is not a published dimension the product knows (docs/data-model.md lists them)";
                    DateOnly periodStart;
                    string type;
                    if (start >= 0)
                    {
                        if (!DateOnly.TryParse(csv.GetString(start), CultureInfo.InvariantCulture, out periodStart)) return $"column ReportingPeriodStartDate: '{csv.GetString(start)}' is not a date";
                        (periodStart, type) = (new DateOnly(periodStart.Year, periodStart.Month, 1), "Month");
                    }
                    else
                    {
                        var p = csv.GetString(period).Trim();
                        if (p.Length < 4 || !int.TryParse(p.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return $"column Period: '{p}' is not a financial year";
                        (periodStart, type) = (new DateOnly(year, 4, 1), "FinancialYear");
                    }
                    var orgLevel = csv.GetString(level).Trim().ToUpperInvariant() switch
                    {
                        "NATIONAL" or "ALL SUBMITTERS" => "National",
                        "NHS ENGLAND (REGION)" or "REGION" => "Region",
                        "PROVIDER" => "Provider",
                        "LOCAL MATERNITY SYSTEM" or "LMNS" => "LMNS",
                        _ => null,
                    };
                    if (orgLevel is null) return $"column Org_Level: '{csv.GetString(level)}' is not National, Region, Provider or Local Maternity System";
                    var code = orgLevel == "National" ? "ENGLAND" : csv.GetString(org).Trim();
                    if (code.Length == 0) return "column Org_Code: blank";
                    var raw = csv.GetString(value).Trim();
                    long? count = long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                    var name = orgName >= 0 ? csv.GetString(orgName).Trim() : code;
                    var unit = countOf >= 0 ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(csv.GetString(countOf).Trim().ToLowerInvariant()) : "";
                    read = new Cell(publication, type, periodStart, mapped.Name, NationalMapping.Category(mapped.Name, csv.GetString(measure)), orgLevel, code,
                        orgLevel == "National" ? "England" : name, unit, count, count is null ? raw : null, row);
                    return null;
                }
            }
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        var now = Database.Now();
        var periods = cells.GroupBy(c => (c.PeriodType, c.Start)).OrderBy(g => g.Key.Start).ToList();
        var rates = new List<object?[]>();
        long withheld = 0;
        foreach (var periodCells in periods)
        {
            var source = Source(publication, periodCells.Key.PeriodType, periodCells.Key.Start);
            foreach (var org in periodCells.GroupBy(c => (c.Level, c.Org)))
            {
                foreach (var rate in NationalMapping.Rates.Where(r => r.Indicator is not null))
                {
                    var parts = org.Where(c => c.Dimension == rate.Dimension).ToList();
                    if (parts.Count == 0) continue;
                    var numeratorParts = parts.Where(c => rate.Numerator.Contains(c.Category, StringComparer.OrdinalIgnoreCase)).ToList();
                    var denominatorParts = parts.Where(c => NationalMapping.InDenominator(rate, c.Category)).ToList();
                    if (numeratorParts.Concat(denominatorParts).Any(c => c.Value is null)) { withheld++; continue; }
                    var denominator = denominatorParts.Sum(c => c.Value!.Value);
                    if (denominator == 0) continue;
                    var definition = Catalogue.Find(rate.Indicator!)!;
                    rates.Add([definition.Id, definition.Version, org.Key.Level, org.Key.Org, periodCells.Key.PeriodType, periodCells.Key.Start, "Total", "Total",
                        numeratorParts.Sum(c => c.Value!.Value), denominator, source, "published-rounded", now, null]);
                }
            }
        }

        var replaced = new List<string>();
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (database.Dialect.SerialiseWriters(SqlDialect.CountsLock) is { } serialise) connection.Execute(serialise, transaction: tx);
        foreach (var periodCells in periods)
        {
            var key = new { publication, type = periodCells.Key.PeriodType, start = periodCells.Key.Start };
            var orgs = periodCells.Select(c => c.Org).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var orgSet = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", orgs))));
            var before = connection.QueryFirstOrDefault<(string File, string Hash, string OrgSet)?>(connection.Sql("""
                SELECT file_name, content_hash, org_set FROM national_publication WHERE publication = $publication AND period_type = $type AND period_start = $start
                """), key, tx);
            if (before is { } old)
            {
                connection.Execute(connection.Sql("""
                    INSERT INTO national_publication_history (publication, period_type, period_start, file_name, content_hash, org_set, orgs, rows_stored,
                      missing_cells, loaded_at, loaded_by, replaced_at, replaced_by)
                    SELECT publication, period_type, period_start, file_name, content_hash, org_set, orgs, rows_stored, missing_cells, loaded_at, loaded_by,
                      $now, $file FROM national_publication WHERE publication = $publication AND period_type = $type AND period_start = $start
                    """), new { key.publication, key.type, key.start, now, file }, tx);
                // The earlier load's rows too, so a revision can be compared with what it replaced (NationalHistory).
                connection.Execute(connection.Sql("""
                    INSERT INTO national_count_history (publication, period_type, period_start, dimension, category, org_level, org_code, org_name,
                      count_of, value, marker, source_row, replaced_at)
                    SELECT publication, period_type, period_start, dimension, category, org_level, org_code, org_name, count_of, value, marker, source_row,
                      $now FROM national_count WHERE publication = $publication AND period_type = $type AND period_start = $start
                    """), new { key.publication, key.type, key.start, now }, tx);
                connection.Execute(connection.Sql("DELETE FROM national_publication WHERE publication = $publication AND period_type = $type AND period_start = $start"), key, tx);
                connection.Execute(connection.Sql("DELETE FROM national_count WHERE publication = $publication AND period_type = $type AND period_start = $start"), key, tx);
                connection.Execute(connection.Sql("DELETE FROM indicator_count WHERE source = $source OR source = $legacy"),
                    new { source = Source(publication, key.type, key.start), legacy = $"national {old.File}" }, tx);
                replaced.Add($"{Label(key.type, key.start)} loaded before from {old.File}: " + (old.Hash == hash ? "the same file, reloaded"
                    : old.OrgSet == orgSet ? "replaced (same organisations, revised counts)" : "replaced (a revision with a different set of organisations)"));
            }
            var stored = periodCells.LongCount();
            connection.Execute(connection.Sql("""
                INSERT INTO national_publication (publication, period_type, period_start, file_name, content_hash, org_set, orgs, rows_read, rows_stored,
                  rows_skipped, missing_cells, loaded_at, loaded_by)
                VALUES ($publication, $type, $start, $file, $hash, $orgSet, $orgs, $read, $stored, $skipped, $missing, $now, $actor)
                """), new { key.publication, key.type, key.start, file, hash, orgSet, orgs = orgs.Count, read = rowsRead, stored, skipped = (long)skipped.Count,
                    missing = periodCells.LongCount(c => c.Value is null), now, actor }, tx);
        }
        using (var writer = new BulkWriter(connection, "national_count"))
        {
            foreach (var c in cells)
                writer.Write([c.Publication, c.PeriodType, c.Start, c.Dimension, c.Category, c.Level, c.Org, c.OrgName, c.CountOf, c.Value, c.Marker, c.Row]);
        }
        using (var writer = new BulkWriter(connection, "indicator_count"))
        {
            foreach (var r in rates) writer.Write(r);
        }
        var labels = periods.Select(p => Label(p.Key.PeriodType, p.Key.Start)).ToList();
        AuditLog.Commit(database, connection, tx, actor, "national.import", file,
            $"{publication} {string.Join(", ", labels)}: {cells.Count} rows stored, {skipped.Count} skipped, {cells.Count(c => c.Value is null)} missing cells"
            + (replaced.Count > 0 ? "; " + string.Join("; ", replaced) : ""));
        var dimensions = perDimension.Select(d => new DimensionCount(d.Key, d.Value.Canonical, d.Value.Read, d.Value.Stored, d.Value.Skipped, d.Value.Missing))
            .OrderBy(d => d.Published, StringComparer.Ordinal).ToList();
        return new Result(file, rowsRead, cells.Count, skipped, cells.LongCount(c => c.Value is null), dimensions, rates.Count, withheld, labels, replaced);
    }

    /// <summary>The source label of a publication's counts in <c>indicator_count</c>: by content, never the file name.</summary>
    public static string Source(string publication, string periodType, DateOnly start) => $"national {publication} {Label(periodType, start)}";

    /// <summary>A period as people say it: a financial year "2022-23", a month "2022-04".</summary>
    public static string Label(string periodType, DateOnly start) =>
        periodType == "FinancialYear" ? $"{start.Year}-{(start.Year + 1) % 100:00}" : start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
