using Dapper;
using Maternity.Ingest;

namespace Maternity.Tests.Ingest;

public sealed class IngesterTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private const string GoodBaby = "X1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,3400,";

    [Theory]
    [InlineData("X1A,2025-04-01,B1,L1,P1,,01,280,3400,", "PersonBirthDateBaby", "a value is required")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-13-01,01,280,3400,", "PersonBirthDateBaby", "not a date")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-04-10,01,40w,3400,", "GestationLengthBirth", "not a whole number")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-04-10,01,153,3400,", "GestationLengthBirth", "outside the range 154-314 days")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-04-10,01,315,3400,", "GestationLengthBirth", "outside the range 154-314 days")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,199,", "BirthWeight", "outside the range 200-7000 g")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,7001,", "BirthWeight", "outside the range 200-7000 g")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-04-10,05,280,3400,", "PregOutcome", "not a valid code")]
    [InlineData("x1a!,2025-04-01,B1,L1,P1,2025-04-10,01,280,3400,", "OrgCodeProvider", "not a valid value")]
    [InlineData("X1A,2025-04-02,B1,L1,P1,2025-04-10,01,280,3400,", "RPStartDate", "first day of a month")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,3400,2025-04-09", "PersonDeathDateBaby", "is before PersonBirthDateBaby")]
    [InlineData("X1A,2025-04-01,B1,L1,P9,2025-04-10,01,280,3400,", "PregnancyID", "no MSD101PregnancyBooking row")]
    [InlineData("X1A,2025-04-01,B1,L9,P1,2025-04-10,01,280,3400,", "LabourDeliveryID", "no MSD301LabourDelivery row")]
    [InlineData("X1A,2099-04-01,B1,L1,P1,2025-04-10,01,280,3400,", "RPStartDate", "a reporting period after the current month")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2099-04-10,01,280,3400,", "PersonBirthDateBaby", "after today")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,1899-04-10,01,280,3400,", "PersonBirthDateBaby", "before 1900-01-01")]
    [InlineData("X1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,3400,2025-08-01", "PersonDeathDateBaby", "more than 3 months after the reporting period (2025-04) ends")]
    public void BadRowIsQuarantinedWithColumnAndReasonAndGoodRowsLoad(string badRow, string column, string reason)
    {
        IngestFixture.LoadParents(_store);
        var file = _store.File("MSD401BabyDemographics.csv", $"{IngestFixture.BabyHeader}\nX1A,2025-04-01,B2,L2,P2,2025-04-11,01,266,3100,\n{badRow}\nX1A,2025-04-01,B3,L3,P3,2025-04-12,02,200,900,\n");

        var report = Ingester.Ingest(_store.Database, file);

        Assert.Equal(3, report.RowsRead);
        Assert.Equal(2, report.RowsLoaded);
        Assert.Equal(1, report.RowsQuarantined);
        var issue = Assert.Single(report.Issues);
        Assert.Equal(3, issue.Row);
        Assert.Equal(column, issue.Column);
        Assert.Contains(reason, issue.Reason, StringComparison.Ordinal);
        using var connection = _store.Database.Open();
        var stored = connection.QuerySingle<(long Row, string Column, string File, string Reason)>(
            "SELECT row_number, column_name, file_name, reason FROM quarantine WHERE table_name = 'MSD401BabyDemographics'");
        Assert.Equal((3L, column, "MSD401BabyDemographics.csv"), (stored.Row, stored.Column, stored.File));
        Assert.Equal(2, _store.Scalar("SELECT count(*) FROM MSD401BabyDemographics"));
    }

    [Fact]
    public void ARowForAMonthNotYetBegunIsQuarantinedAndStartsNoSubmissionForThatMonth()
    {
        IngestFixture.LoadParents(_store);
        var file = _store.File("MSD401BabyDemographics.csv",
            $"{IngestFixture.BabyHeader}\nX1A,2099-04-01,B1,L1,P1,2099-04-10,01,280,3400,\nX1A,2025-04-01,B2,L2,P2,2025-04-11,01,266,3100,\n");

        var report = Ingester.Ingest(_store.Database, file);

        Assert.Equal((1L, 1L), (report.RowsLoaded, report.RowsQuarantined));
        Assert.Equal([("X1A", new DateOnly(2025, 4, 1))], report.Submissions);
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM submission WHERE rp_start_date > DATE '2090-01-01'"));
        Assert.Equal([("RPStartDate", "2099-04-01"), ("PersonBirthDateBaby", "2099-04-10")], report.Issues.Where(i => i.Row == 2).Select(i => (i.Column, i.Value)));
    }

    [Fact]
    public void AnAgreedDueDateAfterTodayIsAccepted()
    {
        IngestFixture.LoadParents(_store);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var due = today.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var file = _store.File("MSD101PregnancyBooking.csv",
            $"OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate,GestAgeBooking,EDDAgreed\nX1A,{month},P9,M1,{month},70,{due}\n");

        Assert.Equal(0, Ingester.Ingest(_store.Database, file).RowsQuarantined);
    }

    [Fact]
    public void ALoadOfSeveralFilesWithABadHeaderInALaterOneLoadsNone()
    {
        var mothers = _store.File("MSD001MotherDemog.csv", IngestFixture.Mothers);
        var bookings = _store.File("MSD101PregnancyBooking.csv", "OrgCodeProvider,RPStartDate,PregnancyID\nX1A,2024-09-01,P1\n");

        var refused = Assert.Throws<InvalidDataException>(() => Ingester.IngestAll(_store.Database, [mothers, bookings]));

        Assert.Contains("MSD101PregnancyBooking.csv row 1: required column(s) LPIDMother", refused.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was loaded", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM MSD001MotherDemog"));
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM ingest_run"));
    }

    [Fact]
    public void ADirectoryGivesEveryFileNamedAfterATableInAnyCaseAndSaysWhichItSkipped()
    {
        var dir = Path.Combine(_store.Directory, "extract");
        Directory.CreateDirectory(dir);
        foreach (var name in new[] { "msd001motherdemog.csv", "MSD101PregnancyBooking.CSV", "Msd301.csv", "notes.csv", "readme.txt" })
            File.WriteAllText(Path.Combine(dir, name), "x\n");

        var (files, skipped) = Ingester.FilesIn(dir);

        Assert.Equal(["MSD101PregnancyBooking.CSV", "Msd301.csv", "msd001motherdemog.csv"], files.Select(Path.GetFileName));
        Assert.Equal(["notes.csv"], skipped);
    }

    [Theory]
    [InlineData("154", "200")]
    [InlineData("314", "7000")]
    public void BoundaryValuesAreAccepted(string gestation, string weight)
    {
        IngestFixture.LoadParents(_store);
        var file = _store.File("MSD401BabyDemographics.csv", $"{IngestFixture.BabyHeader}\nX1A,2025-04-01,B1,L1,P1,2025-04-10,01,{gestation},{weight},\n");
        Assert.Equal(1, Ingester.Ingest(_store.Database, file).RowsLoaded);
    }

    [Fact]
    public void SecondRowWithTheSameKeyIsADuplicateOfTheFirst()
    {
        IngestFixture.LoadParents(_store);
        var file = _store.File("MSD401BabyDemographics.csv", $"{IngestFixture.BabyHeader}\n{GoodBaby}\nX1A,2025-04-01,B2,L2,P2,2025-04-11,01,266,3100,\n{GoodBaby}\n");

        var report = Ingester.Ingest(_store.Database, file);

        Assert.Equal((3L, 2L, 1L), (report.RowsRead, report.RowsLoaded, report.RowsQuarantined));
        var issue = Assert.Single(report.Issues);
        Assert.Equal(4, issue.Row);
        Assert.Contains("duplicate of row 2", issue.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RowWithSeveralProblemsIsCountedOnceAndEachProblemReported()
    {
        IngestFixture.LoadParents(_store);
        var file = _store.File("MSD401BabyDemographics.csv", $"{IngestFixture.BabyHeader}\nX1A,2025-04-01,B1,L1,P1,2025-04-10,07,999,99999,\n");

        var report = Ingester.Ingest(_store.Database, file);

        Assert.Equal((1L, 0L, 1L), (report.RowsRead, report.RowsLoaded, report.RowsQuarantined));
        Assert.Equal(["PregOutcome", "GestationLengthBirth", "BirthWeight"], report.Issues.Select(i => i.Column).ToArray());
        Assert.Equal(3, _store.Scalar("SELECT count(*) FROM quarantine WHERE table_name = 'MSD401BabyDemographics'"));
    }

    [Fact]
    public void InvalidEthnicCodeIsLoadedAsSubmittedAndCountedAsAWarning()
    {
        var file = _store.File("MSD001MotherDemog.csv", """
            OrgCodeProvider,RPStartDate,LPIDMother,EthnicCategoryMother,Postcode
            X1A,2025-04-01,M1,A,ZX1 1AA
            X1A,2025-04-01,M2,X,not a postcode
            X1A,2025-04-01,M3,,
            """);

        var report = Ingester.Ingest(_store.Database, file);

        Assert.Equal((3L, 3L, 0L), (report.RowsRead, report.RowsLoaded, report.RowsQuarantined));
        Assert.Equal(1, report.Warnings["EthnicCategoryMother"]);
        Assert.Equal(1, report.Warnings["Postcode"]);
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM MSD001MotherDemog WHERE EthnicCategoryMother = 'X'"));
    }

    [Fact]
    public void FileMissingARequiredColumnIsRefusedAndNothingChanges()
    {
        IngestFixture.LoadParents(_store);
        var file = _store.File("MSD401BabyDemographics.csv", "OrgCodeProvider,RPStartDate,LPIDBaby\nX1A,2025-04-01,B1\n");

        var error = Assert.Throws<InvalidDataException>(() => Ingester.Ingest(_store.Database, file));

        Assert.Contains("MSD401BabyDemographics.csv row 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("PregOutcome", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM MSD401BabyDemographics"));
        Assert.Equal(3, _store.Scalar("SELECT count(*) FROM ingest_run"));
    }

    [Theory]
    [InlineData("", "MSD401BabyDemographics.csv: the file is empty")]
    [InlineData("HEADER\nX1A,2025-04-01,\"B1,L1,P1,2025-04-10,01,280,3400,\n", "MSD401BabyDemographics.csv row 3: a quoted value is not closed")]
    [InlineData("HEADER\nLONG\n", "MSD401BabyDemographics.csv row 3: the row is longer than 1,048,576 characters")]
    public void AFileThatIsNotAWellFormedCsvIsRefusedNamingFileAndRowAndNothingChanges(string content, string message)
    {
        IngestFixture.LoadParents(_store);
        var good = _store.File("MSD401BabyDemographics.csv", $"{IngestFixture.BabyHeader}\n{GoodBaby}\n");
        Ingester.Ingest(_store.Database, good);
        var file = _store.File("MSD401BabyDemographics.csv", content
            .Replace("HEADER", IngestFixture.BabyHeader + "\n" + GoodBaby, StringComparison.Ordinal)
            .Replace("LONG", "X1A,2025-04-01,B9,L1,P1,2025-04-10,01,280,3400," + new string('9', CsvText.MaxRowChars + 10), StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => Ingester.Ingest(_store.Database, file));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was loaded", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM MSD401BabyDemographics"));
        Assert.Equal(4, _store.Scalar("SELECT count(*) FROM ingest_run"));
    }

    [Fact]
    public void RaggedRowsAndTextThatIsNotUtf8AreQuarantinedNamingRowAndColumn()
    {
        IngestFixture.LoadParents(_store);
        var path = _store.File("MSD401BabyDemographics.csv", "");
        var latin1 = System.Text.Encoding.Latin1;
        File.WriteAllBytes(path, [.. System.Text.Encoding.UTF8.GetBytes($"{IngestFixture.BabyHeader}\n{GoodBaby}\nX1A,2025-04-01,B2,L2,P2,2025-04-11\nX1A,2025-04-01,B3,L3,P3,2025-04-12,02,200,900,,extra\n"),
            .. latin1.GetBytes("X1A,2025-04-01,B\u00e94,L1,P1,2025-04-10,01,280,3400,\n")]);

        var report = Ingester.Ingest(_store.Database, path);

        Assert.Equal((4L, 1L, 3L), (report.RowsRead, report.RowsLoaded, report.RowsQuarantined));
        Assert.Contains(report.Issues, i => i is { Row: 3, Column: "PregOutcome" } && i.Reason.Contains("the row has 6 fields and the header 10", StringComparison.Ordinal));
        Assert.Contains(report.Issues, i => i is { Row: 4, Column: "field 11", Value: "extra" } && i.Reason.Contains("the row has 11 fields", StringComparison.Ordinal));
        var notUtf8 = Assert.Single(report.Issues, i => i.Row == 5);
        Assert.Equal("LPIDBaby", notUtf8.Column);
        Assert.Contains("not UTF-8", notUtf8.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ATypedTableWithARaggedRowOrTextThatIsNotUtf8IsRefusedNamingRowAndColumn()
    {
        var ragged = _store.File("plan.csv", "Id,Title,Status\nA1,First,Open\nA2,Second\n");
        var error = Assert.Throws<InvalidDataException>(() => TableFile.Read(ragged)!.Value.Rows.ToList());
        Assert.StartsWith("plan.csv row 3, column Status: the row has 2 fields and the header 3", error.Message, StringComparison.Ordinal);

        var latin1 = _store.File("plan2.csv", "");
        File.WriteAllBytes(latin1, System.Text.Encoding.Latin1.GetBytes("Id,Title,Status\nA1,Caf\u00e9 forum,Open\n"));
        error = Assert.Throws<InvalidDataException>(() => TableFile.Read(latin1)!.Value.Rows.ToList());
        Assert.StartsWith("plan2.csv row 2, column Title: the text is not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileOfUnknownTableIsRefused()
    {
        var file = _store.File("births.csv", "a,b\n1,2\n");
        var error = Assert.Throws<InvalidDataException>(() => Ingester.Ingest(_store.Database, file));
        Assert.Contains("cannot tell which MSDS table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingTheSameSubmissionTwiceLeavesEveryCountUnchanged()
    {
        IngestFixture.LoadParents(_store);
        var file = _store.File("MSD401BabyDemographics.csv", $"{IngestFixture.BabyHeader}\n{GoodBaby}\nX1A,2025-04-01,B2,L2,P2,2025-04-11,01,266,99999,\n");

        Ingester.Ingest(_store.Database, file);
        var first = Snapshot();
        Ingester.Ingest(_store.Database, file);

        Assert.Equal(first, Snapshot());
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM MSD401BabyDemographics"));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM quarantine"));
    }

    [Fact]
    public void ResubmissionReplacesOnlyItsOwnProviderAndPeriod()
    {
        IngestFixture.LoadParents(_store);
        var bookingsMay = """
            OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate
            X1A,2024-10-01,P4,M1,2024-10-03
            """;
        Ingester.Ingest(_store.Database, _store.File("MSD101PregnancyBooking_oct.csv", bookingsMay));
        Assert.Equal(4, _store.Scalar("SELECT count(*) FROM MSD101PregnancyBooking"));

        // September resubmitted with one pregnancy fewer: September is replaced, October untouched.
        var september = """
            OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate
            X1A,2024-09-01,P1,M1,2024-09-10
            X1A,2024-09-01,P2,M2,2024-09-15
            """;
        var report = Ingester.Ingest(_store.Database, _store.File("MSD101PregnancyBooking_sep.csv", september));

        Assert.Equal([("X1A", new DateOnly(2024, 9, 1))], report.Submissions);
        Assert.Equal(3, _store.Scalar("SELECT count(*) FROM MSD101PregnancyBooking"));
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM MSD101PregnancyBooking WHERE PregnancyID = 'P4'"));
        Assert.Equal(2, _store.Scalar("SELECT rows_loaded FROM submission WHERE table_name = 'MSD101PregnancyBooking' AND rp_start_date = DATE '2024-09-01'"));
    }

    [Fact]
    public void SubmissionWhoseEveryRowIsRejectedStillReplacesTheEarlierOne()
    {
        IngestFixture.LoadParents(_store);
        Ingester.Ingest(_store.Database, _store.File("MSD401BabyDemographics.csv", $"{IngestFixture.BabyHeader}\n{GoodBaby}\n"));
        Ingester.Ingest(_store.Database, _store.File("MSD401BabyDemographics.csv", $"{IngestFixture.BabyHeader}\nX1A,2025-04-01,B1,L1,P1,2025-04-10,01,280,1,\n"));

        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM MSD401BabyDemographics"));
        Assert.Equal(1, _store.Scalar("SELECT rows_quarantined FROM submission WHERE table_name = 'MSD401BabyDemographics'"));
    }

    [Fact]
    public void CancelledLoadLeavesThePreviousStateIntact()
    {
        IngestFixture.LoadParents(_store);
        var before = Snapshot();
        var rows = string.Join("\n", Enumerable.Range(1, 50_000).Select(i => $"X1A,2024-09-01,Q{i},M1,2024-09-10"));
        var file = _store.File("MSD101PregnancyBooking.csv", "OrgCodeProvider,RPStartDate,PregnancyID,LPIDMother,AntenatalAppDate\n" + rows + "\n");
        using var cancel = new CancellationTokenSource();
        var progress = new Progress(p => { if (p.Rows > 10_000) cancel.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() => Ingester.Ingest(_store.Database, file, progress: progress, cancellation: cancel.Token));

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void MappingFileRenamesColumnsRecodesValuesAndReadsLocalDates()
    {
        var mapping = _store.File("epr.json", """
            { "table": "MSD001MotherDemog",
              "columns": { "Site": "OrgCodeProvider", "Month": "RPStartDate", "Patient": "LPIDMother", "Ethnicity": "EthnicCategoryMother", "DOB": "PersonBirthDateMother" },
              "values": { "EthnicCategoryMother": { "White British": "A", "Black African": "N", "Declined": "Z" } },
              "dateFormats": [ "dd/MM/yyyy" ] }
            """);
        var file = _store.File("epr-export.csv", """
            Site,Month,Patient,Ethnicity,DOB,Ward
            X1A,01/04/2025,E1,White British,02/03/1990,Delivery suite
            X1A,01/04/2025,E2,Black African,15/11/1985,Delivery suite
            X1A,01/04/2025,E3,Declined,,Delivery suite
            """);

        var report = Ingester.Ingest(_store.Database, file, ExtractMapping.Load(mapping));

        Assert.Equal((3L, 0L), (report.RowsLoaded, report.RowsQuarantined));
        Assert.Equal(["Ward"], report.IgnoredColumns);
        using var connection = _store.Database.Open();
        var codes = connection.Query<string>("SELECT EthnicCategoryMother FROM MSD001MotherDemog ORDER BY LPIDMother").ToArray();
        Assert.Equal(["A", "N", "Z"], codes);
        Assert.Equal(new DateTime(1990, 3, 2), connection.ExecuteScalar<DateTime>("SELECT PersonBirthDateMother FROM MSD001MotherDemog WHERE LPIDMother = 'E1'"));
    }

    private string Snapshot()
    {
        using var connection = _store.Database.Open();
        return string.Join("|", new[] { "MSD001MotherDemog", "MSD101PregnancyBooking", "MSD301LabourDelivery", "MSD401BabyDemographics", "quarantine", "submission" }
            .Select(t => $"{t}={connection.ExecuteScalar<long>($"SELECT count(*) FROM {t}")}"));
    }

    private sealed class Progress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
