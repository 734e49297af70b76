using System.Globalization;
using Maternity.Ingest;

namespace Maternity.Wres;

/// <summary>
/// A record-level staff extract (CSV, or the sheet <see cref="Sheet"/> of a workbook): one row a person, aggregated in
/// the trust's own instance into the counts a WRES file holds (<see cref="WresFile.Row"/>), which then load through the
/// same path as the aggregate file. The person reference is used only to refuse a person given twice in a trust and
/// year; it is dropped after aggregation and never stored. Columns <see cref="Columns"/>; a local extract's own headers
/// and codes are renamed and recoded by an <see cref="ExtractMapping"/> (its <c>columns</c> and <c>values</c>).
/// <list type="bullet">
/// <item>Every person counts in the whole trust (<c>Trust</c>); one whose StaffGroup is <c>Maternity</c> or
/// <c>Neonatal</c> counts in that group too.</item>
/// <item>InPost (default yes) puts the person in staff in post by Category and Band; an applicant who is not staff has
/// InPost no and counts only as shortlisted or appointed.</item>
/// <item>Shortlisted, Appointed, Disciplinary, Training and the board flags are yes/no; a column left out of the file
/// means "not given" (no count), a column present gives counts for White, BME and unknown, zeros included.</item>
/// <item>Board flags count in the whole trust only, and stand for people not in post (non-executive members).</item>
/// </list>
/// Any bad cell refuses the whole extract, named by file, row and column.
/// </summary>
public static class WresStaffExtract
{
    public const string Sheet = "Staff";

    public const string Person = "Person";

    public static readonly string[] Columns =
        [Person, "Org", "Year", "StaffGroup", "Category", "Band", "Ethnicity", "InPost", "Shortlisted", "Appointed", "Disciplinary", "Training",
         .. WresFile.BoardItems];

    private static readonly string[] Required = [Person, "Org", "Year", "Ethnicity"];

    private static readonly string[] FlagItems =
        [WresFile.Shortlisted, WresFile.Appointed, WresFile.Disciplinary, WresFile.Training, .. WresFile.BoardItems];

    private static readonly string[] Groups = [WresFile.White, WresFile.Bme, WresFile.Unknown];

    /// <summary>Whether the file at <paramref name="path"/> is a staff extract: it has a Person column (after mapping).</summary>
    public static bool Is(string path, ExtractMapping? mapping = null)
    {
        var map = mapping ?? ExtractMapping.Identity;
        var read = TableFile.Read(path, Sheet);
        return read is { } r && r.Header.Any(h => map.TargetOf(h).Equals(Person, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Reads, checks and aggregates a staff extract. Cells: Person not blank and once per trust and year; Org a trust
    /// loaded in the store; Year 2014 to 2100; StaffGroup Maternity, Neonatal, or blank / Other (the whole trust only);
    /// Category and Band as in the WRES file, required for staff in post; Ethnicity an ethnic category code (A-S, Z, 99)
    /// or White, BME, Unknown; flags Y/N, Yes/No, 1/0, True/False or blank (no). Across cells: appointed without being
    /// shortlisted, and disciplinary or training for someone not in post, are refused. The rows returned carry the first
    /// person row behind each count as their source row.
    /// </summary>
    public static WresFile.Content Read(string path, IReadOnlySet<string> trusts, ExtractMapping? mapping = null)
    {
        var map = mapping ?? ExtractMapping.Identity;
        var file = Path.GetFileName(path);
        var where = TableFile.IsXlsx(path) ? $"{file}, sheet {Sheet}, " : $"{file}, ";
        var (header, rows) = TableFile.Read(path, Sheet)!.Value;
        // Local header -> canonical column.
        var columns = header.Where(h => h.Length > 0).GroupBy(h => Columns.FirstOrDefault(c => c.Equals(map.TargetOf(h), StringComparison.OrdinalIgnoreCase)) ?? "")
            .Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            return new([], [new RowIssue(1, string.Join(", ", missing), null,
                $"{where}missing column(s) {string.Join(", ", missing)}; a staff extract has the columns {string.Join(",", Columns)}")]) { People = 0 };
        var given = FlagItems.Where(columns.ContainsKey).ToList();

        var issues = new List<RowIssue>();
        var people = new Dictionary<(string Org, int Year, string Person), long>();
        var counts = new Dictionary<(string Org, int Year, string Group, string Item, string Category, string Band, string Ethnicity, string Code), (long Count, long Row)>();
        var years = new Dictionary<(string Org, int Year, string Group), long>();
        foreach (var (row, cells) in rows)
        {
            string Cell(string column) => columns.TryGetValue(column, out var h) && cells.TryGetValue(h, out var v) ? map.Recode(column, v.Trim()) : "";
            if (Columns.All(c => Cell(c).Length == 0)) continue;
            var before = issues.Count;
            void Bad(string column, string reason) =>
                issues.Add(new RowIssue(row, columns.GetValueOrDefault(column, column), Cell(column),
                    where + $"row {row}, column {columns.GetValueOrDefault(column, column)}: " + reason));
            var person = Cell(Person);
            if (person.Length == 0) Bad(Person, "each row is one person: give their reference (it is not stored)");
            var org = Cell("Org").ToUpperInvariant();
            if (!trusts.Contains(org)) Bad("Org", "not a trust loaded in the store (see 'maternity reference orgs')");
            if (!int.TryParse(Cell("Year"), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2014 or > 2100)
                Bad("Year", "the WRES year, four digits (staff as at 31 March of that year), from 2014");
            var groupText = Cell("StaffGroup");
            var group = groupText.Length == 0 || groupText.Equals("Other", StringComparison.OrdinalIgnoreCase) || groupText.Equals("Trust", StringComparison.OrdinalIgnoreCase)
                ? "" : WresFile.StaffGroups.Skip(1).FirstOrDefault(g => g.Equals(groupText, StringComparison.OrdinalIgnoreCase));
            if (group is null) Bad("StaffGroup", "Maternity, Neonatal, or blank or Other for staff counted in the whole trust only");
            var flags = new Dictionary<string, bool>();
            foreach (var item in given)
            {
                if (Flag(Cell(item)) is { } f) flags[item] = f;
                else Bad(item, "Y or N (yes or no; blank is no)");
            }
            var inPost = true;
            if (columns.ContainsKey("InPost"))
            {
                if (Flag(Cell("InPost")) is { } p) inPost = Cell("InPost").Length == 0 || p;
                else Bad("InPost", "Y or N: N for an applicant who is not on the staff");
            }
            var (ethnicity, code) = WresFile.Ethnicity(Cell("Ethnicity"));
            if (ethnicity is null or WresFile.Total) Bad("Ethnicity", "an ethnic category code A-S, Z or 99, or White, BME or Unknown");
            var category = "";
            var band = "";
            if (inPost)
            {
                category = WresFile.Categories.FirstOrDefault(c => c.Equals(Cell("Category"), StringComparison.OrdinalIgnoreCase)) ?? "";
                if (category.Length == 0) Bad("Category", $"staff in post are {string.Join(", ", WresFile.Categories)}");
                var bands = category == "Medical" ? WresFile.MedicalGrades : WresFile.AfcBands;
                var text = Cell("Band").StartsWith("Band ", StringComparison.OrdinalIgnoreCase) ? Cell("Band")[5..].Trim() : Cell("Band");
                band = bands.FirstOrDefault(b => b.Equals(text, StringComparison.OrdinalIgnoreCase)) ?? "";
                if (category.Length > 0 && band.Length == 0) Bad("Band", $"{category} staff are in one of {string.Join(", ", bands)}");
            }
            else
            {
                // Non-executive board members are not staff: board flags stand without InPost.
                foreach (var item in new[] { WresFile.Disciplinary, WresFile.Training })
                    if (flags.GetValueOrDefault(item)) Bad(item, "only staff in post (InPost Y) are counted here");
            }
            if (flags.GetValueOrDefault(WresFile.Appointed) && flags.TryGetValue(WresFile.Shortlisted, out var listed) && !listed)
                Bad(WresFile.Appointed, "appointed but not shortlisted: the WRES counts appointments from shortlisting");
            if (issues.Count > before) continue;
            if (people.TryGetValue((org, year, person), out var first))
            {
                Bad(Person, $"the same person is on row {first} for {org} {year.ToString(CultureInfo.InvariantCulture)}");
                continue;
            }
            people[(org, year, person)] = row;

            foreach (var g in group!.Length == 0 ? ["Trust"] : new[] { "Trust", group })
            {
                years.TryAdd((org, year, g), row);
                void Add(string item, string cat, string b)
                {
                    var key = (org, year, g, item, cat, b, ethnicity!, code);
                    counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, c.Row) : (1, row);
                }
                if (inPost) Add(WresFile.StaffInPost, category, band);
                foreach (var (item, on) in flags)
                    if (on && (g == "Trust" || !WresFile.BoardItems.Contains(item))) Add(item, "", "");
            }
        }
        if (issues.Count == 0 && people.Count == 0) issues.Add(new RowIssue(2, Person, null, where + "the extract has no people"));
        if (issues.Count > 0) return new([], issues) { People = people.Count };

        // A flag column given means its counts are known: zeros for each group without anyone flagged.
        foreach (var ((org, year, g), row) in years)
            foreach (var item in given.Where(i => g == "Trust" || !WresFile.BoardItems.Contains(i)))
                foreach (var e in Groups)
                    if (!counts.Keys.Any(k => k.Org == org && k.Year == year && k.Group == g && k.Item == item && k.Ethnicity == e))
                        counts[(org, year, g, item, "", "", e, "")] = (0, row);
        var result = counts
            .Select(kv => new WresFile.Row(kv.Key.Org, kv.Key.Year, kv.Key.Group, kv.Key.Item, kv.Key.Category, kv.Key.Band, kv.Key.Ethnicity, kv.Key.Code,
                kv.Value.Count, null, null, file, kv.Value.Row))
            .OrderBy(r => r.Org, StringComparer.Ordinal).ThenBy(r => r.Year).ThenBy(r => Array.IndexOf(WresFile.StaffGroups, r.StaffGroup))
            .ThenBy(r => r.SourceRow).ThenBy(r => r.Item, StringComparer.Ordinal).ThenBy(r => r.Ethnicity, StringComparer.Ordinal)
            .ToList();
        return new(result, []) { People = people.Count };
    }

    /// <summary>A yes/no cell: blank is no; null when it is neither.</summary>
    private static bool? Flag(string text) => text.ToUpperInvariant() switch
    {
        "" or "N" or "NO" or "0" or "FALSE" => false,
        "Y" or "YES" or "1" or "TRUE" => true,
        _ => null,
    };
}
