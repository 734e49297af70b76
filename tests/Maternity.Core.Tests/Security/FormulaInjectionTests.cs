using System.IO.Compression;
using Maternity.Ingest;
using Maternity.Plans;
using Maternity.Synthetic;

namespace Maternity.Tests.Security;

/// <summary>Text that a spreadsheet would run as a formula stays text in every CSV and XLSX written.</summary>
public sealed class FormulaInjectionTests
{
    private const string Payload = "=HYPERLINK(\"http://example.invalid\",\"click\")";

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("plain, text", "\"plain, text\"")]
    public void CsvCellsThatStartLikeAFormulaAreWrittenAsText(string value, string written) =>
        Assert.Equal(written, QuarantineReport.Csv(value));

    [Fact]
    public void APlanWorkbookHoldsTextNeverFormulasAndTheCsvNeutralisesThem()
    {
        using var store = new TestStore();
        var plan = PlanGenerator.Generate("LMNSX1", 3);
        plan = plan with { Actions = [plan.Actions[0] with { Descriptor = Payload, StatusNote = "@evil" }, .. plan.Actions.Skip(1)] };
        var xlsx = Path.Combine(store.Directory, "plan.xlsx");
        PlanTable.Write(plan, xlsx);
        using (var zip = ZipFile.OpenRead(xlsx))
        {
            foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(sheet.Open());
                var xml = reader.ReadToEnd();
                Assert.DoesNotContain("<x:f>", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<f>", xml, StringComparison.Ordinal);
            }
        }
        var csv = Path.Combine(store.Directory, "plan.csv");
        PlanTable.Write(plan, csv);
        var text = File.ReadAllText(csv);
        Assert.Contains("\"'=HYPERLINK(", text, StringComparison.Ordinal);
        Assert.Contains("'@evil", text, StringComparison.Ordinal);
        // And both read back to the text that was written.
        Assert.Equal(Payload, PlanTable.Read(xlsx, "LMNSX1").Plan!.Actions[0].Descriptor);
        Assert.Equal(Payload, PlanTable.Read(csv, "LMNSX1").Plan!.Actions[0].Descriptor);
    }
}
