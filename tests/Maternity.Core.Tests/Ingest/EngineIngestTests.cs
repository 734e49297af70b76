using System.Globalization;
using System.Text;
using Dapper;
using Maternity.Ingest;
using Maternity.Security;

namespace Maternity.Tests.Ingest;

/// <summary>
/// On DuckDB a file is read by DuckDB and checked set-wise; every other way (PostgreSQL, local date formats, a file DuckDB's
/// reader refuses) reads it row by row. The two must load and quarantine exactly the same: the same rows loaded, the
/// same quarantine entries (file, row, column, value, reason, provider, period), the same report. Each test loads the
/// same files both ways into two stores and compares everything. (On PostgreSQL both stores read row by row.)
/// </summary>
public sealed class EngineIngestTests : IDisposable
{
    private readonly TestStore _rowByRow = new();
    private readonly TestStore _engine = new();

    public void Dispose()
    {
        _rowByRow.Dispose();
        _engine.Dispose();
    }

    [Fact]
    public void EveryKindOfBadValueIsQuarantinedInTheSameWordsAndRowsEitherWay()
    {
        var files = MsdsSchema.Tables.Select((t, i) => Write(t, new Random(23 + i), 1500)).ToList();

        foreach (var path in files) Compare(path, null, TestAccess.Admin);

        Assert.True(_engine.Scalar("SELECT count(*) FROM quarantine") > 1000, "the files should hold many bad rows");
        Assert.True(_engine.Scalar("SELECT count(DISTINCT reason) FROM quarantine") > 25, "the files should break many different rules");
    }

    [Fact]
    public void AUserWhoMayLoadOneProviderGetsTheSameRefusalsEitherWay()
    {
        var trust = new Access("trust user", Role.TrustUser, ["X1A"], new HashSet<string> { "X1A" });
        var files = MsdsSchema.Tables.Take(2).Select((t, i) => Write(t, new Random(7 + i), 800)).ToList();

        foreach (var path in files) Compare(path, null, trust);

        Assert.True(_engine.Scalar("SELECT count(*) FROM quarantine WHERE reason = 'trust user may not load records of X1B'") > 0);
    }

    [Fact]
    public void AMappingThatRenamesAndRecodesGivesTheSameLoadEitherWay()
    {
        var mapping = ExtractMapping.Load(_engine.File("epr.json", """
            { "table": "MSD001MotherDemog",
              "columns": { "Site": "OrgCodeProvider", "Month": "RPStartDate", "Patient": "LPIDMother", "Ethnicity": "EthnicCategoryMother" },
              "values": { "EthnicCategoryMother": { "White British": "A", "Declined": "Z", "it's unknown": "99" } } }
            """));
        var path = _engine.File("epr-export.csv", """
            Site,Month,Patient,Ethnicity,Ward
            X1A,2025-04-01,E1,White British,Delivery suite
            X1A,2025-04-01,E2, Declined ,Delivery suite
            X1A,2025-04-01,E3,it's unknown,Delivery suite
            X1A,2025-04-01,E4,Other,Delivery suite
            X1A,2025-04-01,,A,Delivery suite
            """);

        var report = Compare(path, mapping, TestAccess.Admin);

        Assert.Equal((4L, 1L), (report.RowsLoaded, report.RowsQuarantined));
        Assert.Equal(1, report.Warnings["EthnicCategoryMother"]);
    }

    [Fact]
    public void BlankLinesQuotedLineBreaksAndAByteOrderMarkKeepTheFilesRowNumbers()
    {
        var path = Path.Combine(_engine.Directory, "MSD001MotherDemog.csv");
        File.WriteAllText(path, "OrgCodeProvider,RPStartDate,LPIDMother,Postcode\n"
            + "X1A,2025-04-01,M1,\"ZX1\n1AA\"\n"
            + "\n"
            + "X1A,2025-04-01,M2,ZX1 1AA\n"
            + "X1A,2025-13-01,M3,\"a, b\"\n"
            + "X1A,2025-04-01,M4,\"say \"\"hi\"\"\"\n"
            + "x1a,2025-04-01,M5,\n", new UTF8Encoding(true));

        var report = Compare(path, null, TestAccess.Admin);

        // The value with a line break is row 2, the blank line row 3 (a row with one field), M3's month row 5, x1a row 7.
        Assert.Equal([3L, 5L, 7L], report.Issues.Select(i => i.Row).Distinct());
        Assert.Equal([(5L, "RPStartDate"), (7L, "OrgCodeProvider")], report.Issues.Where(i => i.Row > 3).Select(i => (i.Row, i.Column)));
    }

    [Fact]
    public void DuckDbReadsAWellFormedFileItselfAndLeavesARaggedOneToTheRowByRowReader()
    {
        // DuckDB's reader itself, on an embedded store of its own whichever engine the other tests run on (PostgreSQL
        // always reads row by row).
        using var duckDb = Maternity.Storage.Database.DuckDbFile(Path.Combine(_engine.Directory, "reader.duckdb"));
        var good = _engine.File("MSD001MotherDemog.csv", "OrgCodeProvider,RPStartDate,LPIDMother\nX1A,2025-04-01,\"M1, M2\"\nX1A,2025-04-01,M3\n");
        var ragged = _engine.File("MSD001MotherDemog_ragged.csv", "OrgCodeProvider,RPStartDate,LPIDMother\nX1A,2025-04-01\n");
        var blank = _engine.File("MSD001MotherDemog_blank.csv", "OrgCodeProvider,RPStartDate,LPIDMother\n\nX1A,2025-04-01,M1\n");
        using var connection = duckDb.Open();

        Assert.Equal(2, EngineChecks.Read(connection, good, 3)?.Rows);
        EngineChecks.Drop(connection);
        Assert.Null(EngineChecks.Read(connection, ragged, 3));
        Assert.Null(EngineChecks.Read(connection, blank, 3));
        // A name DuckDB would read as a pattern of files (here matching the good file too) is left to the row-by-row reader.
        var pattern = _engine.File("MSD001MotherDemog[_].csv", "OrgCodeProvider,RPStartDate,LPIDMother\nX1A,2025-04-01,M4\n");
        Assert.Null(EngineChecks.Read(connection, pattern, 3));
    }

    /// <summary>Loads <paramref name="path"/> into both stores, one each way, and compares the reports and the stores.</summary>
    private IngestReport Compare(string path, ExtractMapping? mapping, Access access)
    {
        var expected = Ingester.Ingest(_rowByRow.Database, path, mapping, null, access, rowByRow: true, CancellationToken.None);
        var actual = Ingester.Ingest(_engine.Database, path, mapping, null, access, rowByRow: false, CancellationToken.None);

        var file = Path.GetFileName(path);
        Assert.Equal((expected.RowsRead, expected.RowsLoaded, expected.RowsQuarantined), (actual.RowsRead, actual.RowsLoaded, actual.RowsQuarantined));
        Assert.Equal(expected.Issues, actual.Issues);
        Assert.Equal(expected.Warnings.OrderBy(w => w.Key), actual.Warnings.OrderBy(w => w.Key));
        Assert.Equal(expected.Submissions, actual.Submissions);
        Assert.Equal(expected.IgnoredColumns, actual.IgnoredColumns);
        var table = MsdsSchema.Find(expected.Table)!;
        var columns = string.Join(", ", table.Columns.Select(c => $"CAST({c.Name} AS VARCHAR)"));
        foreach (var sql in new[]
        {
            $"SELECT {columns} FROM {table.Name}",
            $"SELECT row_number, column_name, value, reason, org_code, CAST(rp_start_date AS VARCHAR) FROM quarantine WHERE file_name = '{file}'",
            $"SELECT table_name, org_code, CAST(rp_start_date AS VARCHAR), rows_loaded, rows_quarantined FROM submission",
        })
        {
            Assert.Equal(Rows(_rowByRow, sql), Rows(_engine, sql));
        }
        return actual;
    }

    private static List<string> Rows(TestStore store, string sql)
    {
        using var connection = store.Database.Open();
        return [.. connection.Query(sql).Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "<null>"))).Order(StringComparer.Ordinal)];
    }

    /// <summary>A file of <paramref name="table"/> with every column drawn from good and bad values of its kind.</summary>
    private string Write(MsdsTable table, Random random, int rows)
    {
        var text = new StringBuilder(string.Join(",", table.Columns.Select(c => c.Name)) + ",Ward\n");
        for (var r = 0; r < rows; r++)
        {
            // Most rows good enough to load, so duplicates, orphans and the replacement are exercised too.
            var clean = random.NextDouble() < 0.5;
            var cells = table.Columns.Select(c => Csv(Value(c, random, clean))).Append("ward");
            text.Append(string.Join(",", cells)).Append('\n');
        }
        return _engine.File(table.Name + ".csv", text.ToString());
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    private static string Value(ColumnSpec column, Random random, bool clean)
    {
        if (column.Name == "OrgCodeProvider")
            return clean ? Pick(random, "X1A", "X1A", "X1B") : Pick(random, "X1A", "X1B", " X1A ", "x1a", "X1A!", "TOOLONG", "", "\u00a0X1B");
        if (column.Name == "RPStartDate")
            return clean ? Pick(random, "2025-03-01", "2025-04-01") : Pick(random, "2025-04-01", "2025-04-15", "2099-01-01", "1899-12-01", "", "2025-4-01", " 2025-04-01", "01/04/2025", "2025-02-29", "2024-02-29");
        if (column.Name.EndsWith("ID", StringComparison.Ordinal) || column.Name.StartsWith("LPID", StringComparison.Ordinal))
        {
            var prefix = column.Name switch { "PregnancyID" => "P", "LabourDeliveryID" => "L", "LPIDMother" => "M", _ => "B" };
            return clean || random.NextDouble() < 0.8 ? prefix + random.Next(1, 60).ToString(CultureInfo.InvariantCulture) : Pick(random, "", " ", "\uFFFD");
        }
        switch (column.Kind)
        {
            case ColumnKind.Date:
                return clean ? Pick(random, "2025-03-20", "2025-04-10", "", "2024-12-31")
                    : Pick(random, "2025-04-10", "2025-13-01", "2025-02-30", "1899-01-01", "0000-01-01", "2099-05-01", "2025-09-01", "2025-08-01",
                        "2026-06-30", "2024-03-31", "20250410", "2025-04-10T00:00", "", "2025-04-10 ");
            case ColumnKind.WholeNumber:
            {
                int min = (int)(column.Min ?? 0), max = (int)(column.Max ?? 100);
                var inside = (min + random.Next(max - min + 1)).ToString(CultureInfo.InvariantCulture);
                return clean ? Pick(random, inside, "")
                    : Pick(random, inside, (min - 1).ToString(CultureInfo.InvariantCulture), (max + 1).ToString(CultureInfo.InvariantCulture), "+" + inside, "0" + inside,
                        "1.5", "99999999999", "\u0663", "1e2", "x", " 7 ", "-0", "");
            }
            case ColumnKind.Number:
                return clean ? Pick(random, "70.5", "3", "")
                    : Pick(random, "1.", ".5", "1e3", "1E-2", "NaN", "Infinity", "-0", "1e400", "abc", "1,5", "-1", "1001", "+2.5", "0x10", "1_000");
            case ColumnKind.Code:
                return clean ? Pick(random, [.. column.Codes!, ""]) : Pick(random, [.. column.Codes!, "zz", "", column.Codes![0].ToLowerInvariant() + "x", " " + column.Codes![0] + " ", "99"]);
            case ColumnKind.Text when column.Pattern is not null:
                return clean ? Pick(random, "E01000001", "ZX1 1AA", "77176002", "")
                    : Pick(random, "E01000001", "E0100001", "ZX1 1AA", "zx1 1aa", "77176002", "12345", "1234567890123456789", "", "not, valid");
            default:
                return clean ? Pick(random, "kg", "en", "T1") : Pick(random, "kg", "", "a \"quoted\" word", "two\nlines", "comma, inside", "  padded  ");
        }
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
