using System.Globalization;
using Dapper;
using Maternity.Storage;
using Sylvan.Data.Csv;

namespace Maternity.Reference;

/// <summary>
/// Imports the English Indices of Deprivation "File 1" (IMD by LSOA) in its official CSV layout:
/// LSOA code, LSOA name, local authority district code and name, IMD rank (1 = most deprived; written with a
/// thousands separator and quoted from 1,000) and IMD decile (1 = most deprived 10%). The decile is read,
/// never derived from the rank: ties in the official release make the two disagree at the boundaries.
/// An import replaces the edition as a whole, in one transaction, and only when every row is good.
/// </summary>
public static class ImdImporter
{
    public sealed record Result(string Edition, long Rows, IReadOnlyList<string> Problems)
    {
        public bool Succeeded => Problems.Count == 0;
    }

    private static readonly string[] Expected =
    [
        "LSOA code", "LSOA name", "Local Authority District code", "Local Authority District name",
        "Index of Multiple Deprivation (IMD) Rank", "Index of Multiple Deprivation (IMD) Decile",
    ];

    public static Result Import(Database database, string path, string edition = "IMD2019", int maxProblems = 50)
    {
        using var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var file = Path.GetFileName(path);
        using var csv = Ingest.CsvText.Open(text, file);
        var problems = new List<string>();
        var columns = new int[Expected.Length];
        for (var i = 0; i < Expected.Length; i++)
        {
            columns[i] = Enumerable.Range(0, csv.FieldCount).FirstOrDefault(c => csv.GetName(c).Trim().StartsWith(Expected[i], StringComparison.OrdinalIgnoreCase), -1);
            if (columns[i] < 0) problems.Add($"{file}: no column starting '{Expected[i]}' in the header (is this File 1 of the English indices of deprivation?)");
        }
        if (problems.Count > 0) return new Result(edition, 0, problems);

        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute(connection.Sql("DELETE FROM imd_lsoa WHERE edition = $edition"), new { edition }, tx);
        long rows = 0;
        var seen = new HashSet<string>();
        using (var writer = new BulkWriter(connection, "imd_lsoa"))
        {
            var row = 1L;
            while (Ingest.CsvText.Read(csv, file, row + 1))
            {
                row++;
                var code = csv.GetString(columns[0]).Trim();
                var rankText = csv.GetString(columns[4]).Replace(",", "", StringComparison.Ordinal).Trim();
                var decileText = csv.GetString(columns[5]).Trim();
                string? problem = null;
                if (!IsLsoaCode(code)) problem = $"column '{Expected[0]}': '{code}' is not an LSOA code (E01 and six digits)";
                else if (!seen.Add(code)) problem = $"column '{Expected[0]}': {code} appears twice";
                else if (!int.TryParse(rankText, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) || rank < 1) problem = $"column '{Expected[4]}': '{csv.GetString(columns[4])}' is not a rank";
                else if (!int.TryParse(decileText, NumberStyles.None, CultureInfo.InvariantCulture, out var decile) || decile is < 1 or > 10) problem = $"column '{Expected[5]}': '{decileText}' is not a decile 1-10";
                else
                {
                    writer.Write([code, edition, csv.GetString(columns[1]), csv.GetString(columns[2]), csv.GetString(columns[3]), rank, decile]);
                    rows++;
                }
                if (problem is not null && problems.Count < maxProblems) problems.Add($"{file} row {row}: {problem}");
                else if (problem is not null && problems.Count == maxProblems) problems.Add($"{file}: more problems not listed");
            }
        }
        if (problems.Count > 0) return new Result(edition, 0, problems);
        if (rows == 0) return new Result(edition, 0, [$"{file}: no data rows"]);
        using (database.Writing()) tx.Commit();
        return new Result(edition, rows, problems);
    }

    public static bool IsLsoaCode(string code) =>
        code.Length == 9 && code[0] == 'E' && code[1] == '0' && code[2] == '1' && code.AsSpan(3).IndexOfAnyExceptInRange('0', '9') < 0;
}
