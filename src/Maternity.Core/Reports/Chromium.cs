using System.Diagnostics;

namespace Maternity.Reports;

/// <summary>
/// Prints HTML to PDF with headless Chromium, the browser the charts were designed in, so the PDF is the HTML as it
/// prints. The browser is MATERNITY_CHROMIUM when set, else the first of the usual install paths; it runs sandboxed
/// from the network by the pack's own content-security policy, with a fresh profile each time.
/// </summary>
public static class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>The browser to use, or null when none is installed.</summary>
    public static string? Find() =>
        Environment.GetEnvironmentVariable("MATERNITY_CHROMIUM") is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);

    /// <summary>The PDF of <paramref name="html"/> on A4, or an exception saying why there is none.</summary>
    public static byte[] PrintToPdf(string html, TimeSpan? timeout = null)
    {
        var browser = Find() ?? throw new InvalidOperationException(
            "no Chromium found for the PDF: install Debian's chromium package (apt-get install chromium) or set MATERNITY_CHROMIUM to a Chromium or Chrome executable");
        var dir = Directory.CreateTempSubdirectory("maternity-pdf-");
        try
        {
            var page = Path.Combine(dir.FullName, "pack.html");
            var pdf = Path.Combine(dir.FullName, "pack.pdf");
            File.WriteAllText(page, html);
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--no-pdf-header-footer",
                         $"--user-data-dir={Path.Combine(dir.FullName, "profile")}", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {browser}");
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{browser} did not finish printing the PDF within {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds:F0} s");
            }
            if (!File.Exists(pdf) || new FileInfo(pdf).Length == 0)
                throw new InvalidOperationException($"{browser} exited with {process.ExitCode} and wrote no PDF: {stderr.Result.Trim().Split('\n').LastOrDefault()}");
            return File.ReadAllBytes(pdf);
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { /* a browser helper still closing; the temp folder is cleaned by the system */ }
        }
    }
}
