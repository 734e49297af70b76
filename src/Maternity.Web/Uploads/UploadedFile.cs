namespace Maternity.Web.Uploads;

/// <summary>
/// One uploaded table file (CSV or XLSX) kept in a temporary folder under the user's own file name while it is read, so
/// every message names the user's file and never the server's folder; the folder goes when this is disposed.
/// </summary>
public sealed class UploadedFile : IDisposable
{
    private static readonly string[] Tables = [".csv", ".xlsx"];
    private readonly string _folder;

    private UploadedFile(string folder, string name)
    {
        _folder = folder;
        Name = name;
        Path = System.IO.Path.Combine(folder, name);
    }

    /// <summary>The file's own name, as the user sent it.</summary>
    public string Name { get; }

    /// <summary>Where it is kept while it is read.</summary>
    public string Path { get; }

    /// <summary>The first file of the form, kept; or the problem to show (none chosen, too large, not CSV or XLSX).</summary>
    public static async Task<(UploadedFile? File, string? Problem)> Receive(IFormCollection form, long maxBytes, CancellationToken cancel)
    {
        var upload = form.Files.FirstOrDefault(f => f.Length > 0);
        if (upload is null) return (null, "Choose a file to upload.");
        var name = System.IO.Path.GetFileName(upload.FileName);
        if (upload.Length > maxBytes || !Tables.Contains(System.IO.Path.GetExtension(name).ToLowerInvariant()))
            return (null, $"{name}: the file must be CSV or XLSX and at most {maxBytes / 1024 / 1024} MB.");
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "maternity-uploads", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = new UploadedFile(folder, name);
        await using (var stream = File.Create(file.Path)) await upload.CopyToAsync(stream, cancel);
        return (file, null);
    }

    /// <summary>A message about the file with the server's folder taken out.</summary>
    public string Clean(string message) => message.Replace(_folder + System.IO.Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); }
        catch (IOException) { /* removed with the temporary folder later */ }
    }
}
