using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Maternity.Assurance;
using Maternity.Reference;
using Maternity.Security;

namespace Maternity.Tests.Assurance;

/// <summary>
/// Evidence files on declarations: the type read from the bytes (PDF, DOCX, XLSX, PNG, JPEG), the size limit, the name
/// sanitised, all or nothing with the declaration, reached only by its random token by the roles that may see
/// declarations, and audited both ways.
/// </summary>
public sealed class EvidenceFileTests : IDisposable
{
    private readonly TestStore _store = new();
    private static readonly DateOnly May2024 = new(2024, 5, 1);

    public EvidenceFileTests() => OrgHierarchy.Demo.Store(_store.Database);

    public void Dispose() => _store.Dispose();

    private static Access Trust(string org) => new("trust-lead", Role.TrustUser, [org], new HashSet<string> { org, org + "01" });

    private static Access Viewer => new("board-member", Role.Viewer, ["LMNSX1"], null);

    private static Access Public => new("anyone", Role.Public, [], null);

    /// <summary>The smallest files each signature names: "%PDF-", the 8-byte PNG signature, FF D8 FF for JPEG.</summary>
    private static byte[] Pdf(int size = 64) => [.. "%PDF-1.7\n"u8, .. new byte[Math.Max(0, size - 9)]];

    private static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    /// <summary>An Office Open XML package: the content-types part and the main part named, and a macro part when asked.</summary>
    private static byte[] Package(string mainPart, bool macros = false)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var part in new[] { "[Content_Types].xml", mainPart }.Concat(macros ? ["word/vbaProject.bin"] : []))
            {
                using var writer = new StreamWriter(zip.CreateEntry(part).Open());
                writer.Write("<x/>");
            }
        }
        return stream.ToArray();
    }

    private static DeclarationInput Sa2(string org, params EvidenceFiles.Upload[] files) =>
        new DeclarationInput("MIS6", "SA2", org, May2024, Compliance.Met, "July scorecard passed", ["/quality"], null) { Files = files };

    [Fact]
    public void EachAllowedTypeIsKnownByItsBytesAndNothingElseIs()
    {
        Assert.Equal(".pdf", EvidenceFiles.Sniff(Pdf())?.Extension);
        Assert.Equal(".png", EvidenceFiles.Sniff(PngBytes)?.Extension);
        Assert.Equal("image/jpeg", EvidenceFiles.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 16])?.MediaType);
        Assert.Equal(".docx", EvidenceFiles.Sniff(Package("word/document.xml"))?.Extension);
        Assert.Equal(".xlsx", EvidenceFiles.Sniff(Package("xl/workbook.xml"))?.Extension);
        // A Windows program (MZ), a script, a ZIP that is no Office document, a document with macros, a broken ZIP: none.
        Assert.Null(EvidenceFiles.Sniff([0x4D, 0x5A, 0x90, 0]));
        Assert.Null(EvidenceFiles.Sniff("<script>alert(1)</script>"u8.ToArray()));
        Assert.Null(EvidenceFiles.Sniff(Package("notes.txt")));
        Assert.Null(EvidenceFiles.Sniff(Package("word/document.xml", macros: true)));
        Assert.Null(EvidenceFiles.Sniff([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]));
    }

    [Theory]
    [InlineData("../../etc/Board minutes<script>.pdf", "Board minutes_script_.pdf")]
    [InlineData("C:\\Users\\midwife\\ATAIN audit (Q3).pdf", "ATAIN audit (Q3).pdf")]
    [InlineData("..", "evidence")]
    [InlineData("résumé\u0000.pdf", "r_sum_.pdf")]
    public void AFileNameIsCutToItsLastPartAndSafeCharacters(string given, string kept) =>
        Assert.Equal(kept, EvidenceFiles.Sanitise(given));

    [Fact]
    public void AFileGoesWithItsDeclarationIsListedAndOpensByItsTokenForTheRolesThatSeeDeclarations()
    {
        var db = _store.Database;
        var content = Pdf(2_000);
        var d = AssuranceStore.Declare(db, Trust("X1A"), Sa2("X1A", new EvidenceFiles.Upload("../July <scorecard>.pdf", content)));

        var file = Assert.Single(EvidenceFiles.Of(db, Viewer, [d.Id])[d.Id]);
        Assert.Equal("July _scorecard_.pdf", file.FileName);
        Assert.Equal("application/pdf", file.MediaType);
        Assert.Equal(2_000, file.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.Sha256);
        Assert.Matches("^[0-9a-f]{32}$", file.Token);
        Assert.Equal($"/assurance/evidence/{file.Token}", file.Href);

        // The roles that see declarations (all but the public one) open it; the public role is refused.
        foreach (var access in new[] { TestAccess.Admin, Trust("X1A"), Trust("X1B"), Viewer })
            Assert.Equal(content, EvidenceFiles.Open(db, access, file.Token)!.Value.Content);
        Assert.Throws<AccessDeniedException>(() => EvidenceFiles.Open(db, Public, file.Token));
        Assert.Throws<AccessDeniedException>(() => EvidenceFiles.Of(db, Public, [d.Id]));
        // An address that is not a file's token finds nothing (and a made-up one is not tried against the store).
        Assert.Null(EvidenceFiles.Open(db, Viewer, new string('0', 32)));
        Assert.Null(EvidenceFiles.Open(db, Viewer, "1"));

        // Audited both ways: the upload with the declaration, every download.
        var audit = AuditLog.List(db, TestAccess.Admin);
        Assert.Contains(audit, e => e.Action == "assurance.declare" && e.Detail.Contains($"July _scorecard_.pdf (SHA-256 {file.Sha256[..12]})", StringComparison.Ordinal));
        Assert.Equal(4, audit.Count(e => e.Action == "assurance.evidence.download" && e.Target == "X1A"));
        Assert.Contains(audit, e => e.Action == "assurance.evidence.download" && e.Actor == "board-member");
    }

    [Fact]
    public void AWrongTypeOrAFileTooLargeIsRefusedNamingTheFileAndNothingIsStored()
    {
        var db = _store.Database;
        var result = AssuranceStore.DeclareAll(db, Trust("X1A"),
        [
            Sa2("X1A", new EvidenceFiles.Upload("minutes.pdf", [0x4D, 0x5A, 0x90, 0, 3])),
            Sa2("X1A", new EvidenceFiles.Upload("photo.pdf", PngBytes)) with { ItemId = "SA3", Row = 3 },
            Sa2("X1A", new EvidenceFiles.Upload("big.pdf", Pdf((int)EvidenceFiles.MaxBytes + 1))) with { ItemId = "SA4", Row = 4 },
            Sa2("X1A", new EvidenceFiles.Upload("macro.docx", Package("word/document.xml", macros: true))) with { ItemId = "SA5", Row = 5 },
            Sa2("X1A", new EvidenceFiles.Upload("ok.png", PngBytes)) with { ItemId = "SA6", Row = 6 },
        ], "form");

        Assert.False(result.Succeeded);
        Assert.Equal(4, result.Issues.Count);
        Assert.All(result.Issues, i => Assert.Equal("Evidence file", i.Column));
        Assert.StartsWith("minutes.pdf: its content is not a PDF, DOCX, XLSX, PNG or JPEG file", result.Issues[0].Reason, StringComparison.Ordinal);
        Assert.Equal("photo.pdf: its name says .pdf but its content is a .png file", result.Issues[1].Reason);
        Assert.Equal("big.pdf: 10.0 MB is over the limit of 10 MB", result.Issues[2].Reason);
        Assert.Equal(4, result.Issues[2].Row);
        Assert.StartsWith("macro.docx: its content is not", result.Issues[3].Reason, StringComparison.Ordinal);
        // One transaction: not the good file, not one declaration.
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM assurance_evidence"));
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM assurance_declaration"));
    }

    [Fact]
    public void FilesAddedToAnUnchangedDeclarationJoinTheOneInForceAndOnlyItsTrustMayAddThem()
    {
        var db = _store.Database;
        var first = AssuranceStore.Declare(db, Trust("X1A"), Sa2("X1A"));
        var again = AssuranceStore.Declare(db, Trust("X1A"), Sa2("X1A", new EvidenceFiles.Upload("scorecard", PngBytes)));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, again.Revision);
        // No extension given: the one the bytes show is added.
        Assert.Equal("scorecard.png", Assert.Single(EvidenceFiles.Of(db, TestAccess.Admin, [first.Id])[first.Id]).FileName);

        var docx = EvidenceFiles.Attach(db, Trust("X1A"), first.Id, [new EvidenceFiles.Upload("Board paper.docx", Package("word/document.xml"))]);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Assert.Single(docx).MediaType);
        Assert.Throws<AccessDeniedException>(() =>
            EvidenceFiles.Attach(db, Trust("X1B"), first.Id, [new EvidenceFiles.Upload("x.pdf", Pdf())]));
        Assert.Throws<AccessDeniedException>(() =>
            EvidenceFiles.Attach(db, Viewer, first.Id, [new EvidenceFiles.Upload("x.pdf", Pdf())]));
        var refused = Assert.Throws<InvalidDataException>(() =>
            EvidenceFiles.Attach(db, Trust("X1A"), first.Id, [new EvidenceFiles.Upload("a.pdf", Pdf()), new EvidenceFiles.Upload("b.xlsx", Pdf())]));
        Assert.Equal("b.xlsx: its name says .xlsx but its content is a .pdf file", refused.Message);
        Assert.Equal(2, _store.Scalar("SELECT count(*) FROM assurance_evidence"));
        Assert.Contains(AuditLog.List(db, TestAccess.Admin), e => e.Action == "assurance.evidence.add" && e.Detail.Contains("Board paper.docx", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDeclareCommandCarriesEvidenceFilesAndRefusesABadOneChangingNothing()
    {
        var cli = TestCli.Find();
        Assert.SkipWhen(cli is null, "the maternity command was not built beside the tests");
        string[] Declare(params string[] args) =>
            ["assurance", "declare", "--framework", "MIS7", "--item", "SA1", "--org", "X1A", "--period", "2025-10", "--status", "met",
             "--evidence", "PMRT quarterly report", .. args, .. TestCli.StoreArguments(_store)];
        var pdf = Path.Combine(_store.Directory, "pmrt q3.pdf");
        File.WriteAllBytes(pdf, Pdf(3_000));
        var exe = Path.Combine(_store.Directory, "pmrt.pdf");
        File.WriteAllBytes(exe, [0x4D, 0x5A, 0x90, 0, 3]);

        var refused = TestCli.Run(cli!, Declare("--evidence-file", pdf, "--evidence-file", exe));
        Assert.Equal(2, refused.Exit);
        Assert.Contains("pmrt.pdf: its content is not a PDF", refused.Output, StringComparison.Ordinal);
        Assert.Equal(0, _store.Scalar("SELECT count(*) FROM assurance_declaration"));

        var made = TestCli.Run(cli!, Declare("--evidence-file", pdf));
        Assert.True(made.Exit == 0, made.Output);
        Assert.Contains("MIS7 SA1 X1A 2025-10 Met (revision 1)", made.Output, StringComparison.Ordinal);
        Assert.Contains("Evidence file pmrt q3.pdf (3 KB, SHA-256", made.Output, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(pdf))), made.Output, StringComparison.Ordinal);
        Assert.Equal(1, _store.Scalar("SELECT count(*) FROM assurance_evidence"));
    }
}
