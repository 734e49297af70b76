using Sylvan.Data.Csv;

namespace Maternity.Ingest;

/// <summary>
/// Opens and reads every CSV file the product takes in, turning a file that is not a well-formed CSV (empty, a quote
/// left open, a row longer than any real one, binary) into an <see cref="InvalidDataException"/> that names the file and
/// row, so the caller refuses it as bad input and changes nothing.
/// </summary>
public static class CsvText
{
    /// <summary>The longest row read, in characters: far beyond any real row, short of a file that is one open quote.</summary>
    public const int MaxRowChars = 1 << 20;

    /// <summary>The character a decoder puts where the bytes were not UTF-8 (a file saved as Latin-1 or "ANSI").</summary>
    public const char Undecodable = '\uFFFD';

    /// <summary>Why a value cannot be kept as it was read, for the row issue or error that names its row and column.</summary>
    public const string NotUtf8 = "the text is not UTF-8 (a character could not be read); save the file as \"CSV UTF-8\" and load it again";

    /// <summary>A reader over <paramref name="text"/> with its header read; <paramref name="file"/> names it in errors.</summary>
    public static CsvDataReader Open(TextReader text, string file, int bufferSize = 1 << 16)
    {
        try
        {
            return CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, BufferSize = bufferSize, MaxBufferSize = MaxRowChars });
        }
        catch (CsvMissingHeadersException)
        {
            throw new InvalidDataException($"{file}: the file is empty; its first row must name the columns. Nothing was loaded.");
        }
        catch (CsvFormatException e)
        {
            throw Refused(file, 1, e);
        }
    }

    /// <summary>Reads the next row, which is row <paramref name="row"/> of the file as a spreadsheet numbers it.</summary>
    public static bool Read(CsvDataReader csv, string file, long row)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            throw Refused(file, row, e);
        }
    }

    /// <summary>Why row <paramref name="row"/> does not fit the header: too few or too many fields, else null.</summary>
    public static RowIssue? Ragged(CsvDataReader csv, long row)
    {
        if (csv.RowFieldCount == csv.FieldCount) return null;
        return csv.RowFieldCount < csv.FieldCount
            ? new RowIssue(row, csv.GetName(csv.RowFieldCount), null,
                $"the row has {csv.RowFieldCount} fields and the header {csv.FieldCount}: a comma is missing or the row was cut short")
            : new RowIssue(row, $"field {csv.FieldCount + 1}", csv.GetString(csv.FieldCount),
                $"the row has {csv.RowFieldCount} fields and the header {csv.FieldCount}: a value holds a comma outside quotes, or the row has columns the header does not name");
    }

    private static InvalidDataException Refused(string file, long row, CsvFormatException e) => new(e switch
    {
        CsvRecordTooLargeException => $"{file} row {row}: the row is longer than {MaxRowChars:N0} characters; a quote may be left open, or this is not a CSV file. Nothing was loaded.",
        _ when e.Message.Contains("quote", StringComparison.OrdinalIgnoreCase) => $"{file} row {row}: a quoted value is not closed before the end of the file. Nothing was loaded.",
        _ => $"{file} row {row}: not a well-formed CSV file ({e.Message}). Nothing was loaded.",
    }, e);
}
