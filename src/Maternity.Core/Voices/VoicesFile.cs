using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Maternity.Ingest;
using Maternity.Reference;

namespace Maternity.Voices;

/// <summary>
/// Reads the MNVP's files, telling them apart by their columns: an engagement log (one row an event, with
/// <c>People heard</c> and a column per group, <c>Ethnic group: Asian</c>); a sign-up export (one row a person, as
/// Eventbrite writes it: <c>Event Name</c>, <c>Event Date</c>, names, email, phone, postcode, ethnicity, age ...);
/// feedback themes ("you said, we did"); or a population profile. Names, emails and phone numbers of a sign-up export
/// are dropped as they are read and counted, never kept; a full postcode is cut to its district (outward code) at once.
/// Every bad cell is reported with its row and column and refuses the whole file.
/// </summary>
public static partial class VoicesFile
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public enum FileKind { Events, SignUps, Feedback, Profile }

    /// <summary>What a sign-up export held that is never stored: counted so the report can say so.</summary>
    public sealed record Dropped(long Names, long Emails, long Phones, long FullPostcodes)
    {
        public long Total => Names + Emails + Phones + FullPostcodes;

        public string Describe() => string.Create(Inv,
            $"dropped and not stored: {Names} names, {Emails} email addresses, {Phones} phone numbers; {FullPostcodes} full postcodes cut to their district");
    }

    public sealed record Content(
        string File, FileKind Kind, long Rows, IReadOnlyList<EngagementEvent> Events, IReadOnlyList<FeedbackItem> Feedback,
        IReadOnlyList<ProfileRow> Profile, Dropped Dropped, IReadOnlyList<RowIssue> Issues);

    public static readonly string[] EventColumns = ["Date", "Event", "Kind", "Place", "Languages", "Partners", "People heard"];
    public static readonly string[] FeedbackColumns = ["Date", "Source", "Theme", "You said", "We did", "Action", "Status"];
    public static readonly string[] ProfileColumns = ["Characteristic", "Group", "People", "Source"];
    private static readonly string[] RequiredEventColumns = ["Date", "Event", "People heard"];
    private static readonly string[] RequiredFeedbackColumns = ["Date", "Theme", "You said"];
    public static readonly string[] Kinds = ["forum", "survey", "listening", "walk-through", "outreach", "other"];
    public static readonly string[] Statuses = ["open", "in progress", "done"];

    private static readonly string[] NameColumns = ["First Name", "Last Name", "Name", "Full Name", "Surname", "Attendee Name", "Buyer Name"];
    private static readonly string[] EmailColumns = ["Email", "Email Address", "Buyer Email", "Attendee Email"];
    private static readonly string[] PhoneColumns = ["Phone", "Cell Phone", "Mobile", "Mobile Phone", "Home Phone", "Work Phone", "Telephone"];
    private static readonly string[] AddressColumns = ["Address", "Address 1", "Address 2", "Home Address", "City"];

    /// <summary>
    /// Reads <paramref name="path"/> (CSV or XLSX). <paramref name="districts"/> maps a postcode sector (B12 9) or district
    /// (B12) to its IMD quintile (<see cref="DistrictLookup"/>), for sign-ups that give a postcode but no deprivation band.
    /// <paramref name="mapping"/> reads another layout: its <c>columns</c> rename local headers to this reader's, its
    /// <c>values</c> recode local answers (keyed by this reader's column, e.g. <c>Ethnicity</c>), its <c>dateFormats</c>
    /// read local dates. Problems name the file's own column.
    /// </summary>
    public static Content Read(string path, IReadOnlyDictionary<string, string>? districts = null, ExtractMapping? mapping = null, string? fileName = null)
    {
        var file = fileName ?? Path.GetFileName(path);
        var (header, rows) = TableFile.Read(path)!.Value;
        Dictionary<string, string> sources = new(StringComparer.OrdinalIgnoreCase);
        if (mapping is not null)
        {
            var targets = header.Select(h => (Source: h, Target: mapping.TargetOf(h))).ToList();
            foreach (var twice in targets.GroupBy(t => t.Target, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                return Refused(file, new RowIssue(1, string.Join(", ", twice.Select(t => t.Source)), null,
                    $"{file}: the mapping gives these columns the same column {twice.Key}"));
            foreach (var (source, target) in targets.Where(t => !t.Source.Equals(t.Target, StringComparison.OrdinalIgnoreCase)))
                sources[target] = source;
            header = [.. targets.Select(t => t.Target)];
            rows = Mapped(rows, targets, mapping);
        }
        var content = Dispatch(file, header, rows, districts);
        return sources.Count == 0 ? content
            : content with { Issues = [.. content.Issues.Select(i => i with { Column = string.Join(", ", i.Column.Split(", ").Select(c => sources.GetValueOrDefault(c, c))) })] };
    }

    /// <summary>The characteristics a single event's form asks counts for (the open ones, language and postcode district, are not).</summary>
    public static IReadOnlyList<Characteristic> FormCharacteristics { get; } = [.. Characteristic.All.Where(c => c.Groups.Count > 0)];

    /// <summary>The group column of the engagement log for <paramref name="group"/> of <paramref name="characteristic"/>: "Ethnic group: Asian".</summary>
    public static string GroupColumn(Characteristic characteristic, string group) =>
        (characteristic == Characteristic.ImdQuintile ? "Deprivation" : characteristic.Title) + ": " + group;

    /// <summary>
    /// One event entered in the web form, by the engagement log's column names (<see cref="EventColumns"/> and group columns
    /// such as "Ethnic group: Asian"), read as row 2 of an engagement log: the same checks as a file's row.
    /// </summary>
    public static Content Entered(IReadOnlyDictionary<string, string> fields)
    {
        var groups = FormCharacteristics.SelectMany(c => c.Groups.Select(g => GroupColumn(c, g)))
            .Where(c => fields.TryGetValue(c, out var v) && v.Trim().Length > 0);
        List<string> header = [.. EventColumns, .. groups];
        var cells = header.ToDictionary(h => h, h => fields.TryGetValue(h, out var v) ? v : "", StringComparer.OrdinalIgnoreCase);
        return ReadEvents(FormFile, header, [(2L, cells)]);
    }

    /// <summary>How an event entered in the web form is named in problems and the audit trail.</summary>
    public const string FormFile = "web form";

    private static Content Dispatch(string file, List<string> header, IEnumerable<(long Row, Dictionary<string, string> Cells)> rows, IReadOnlyDictionary<string, string>? districts)
    {
        bool Has(string column) => header.Contains(column, StringComparer.OrdinalIgnoreCase);
        if (Has("People heard")) return ReadEvents(file, header, rows);
        if (Has("You said")) return ReadFeedback(file, header, rows);
        if (Has("Characteristic") && Has("Group")) return ReadProfile(file, header, rows);
        if (Has("Event Name") || Has("Event Date")) return ReadSignUps(file, header, rows, districts);
        return Refused(file, new RowIssue(1, "", null,
            $"{file}: not an MNVP file: an engagement log has the columns {string.Join(",", EventColumns)} and one per group (e.g. 'Ethnic group: Asian'); "
            + "a sign-up export has Event Name and Event Date; feedback has You said and We did; a profile has Characteristic, Group, People"));
    }

    private static Content Refused(string file, RowIssue issue) => new(file, FileKind.Events, 0, [], [], [], new(0, 0, 0, 0), [issue]);

    private static readonly string[] DateColumns = ["Date", "Event Date", "Event Start Date"];

    /// <summary>The rows under this reader's column names, local answers recoded and local dates rewritten as yyyy-MM-dd.</summary>
    private static IEnumerable<(long Row, Dictionary<string, string> Cells)> Mapped(IEnumerable<(long Row, Dictionary<string, string> Cells)> rows,
        List<(string Source, string Target)> targets, ExtractMapping mapping)
    {
        foreach (var (row, cells) in rows)
        {
            var mapped = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (source, target) in targets)
            {
                var value = cells.TryGetValue(source, out var v) ? v.Trim() : "";
                value = mapping.Recode(target, value);
                if (mapping.DateFormats is { Count: > 0 } formats && DateColumns.Contains(target, StringComparer.OrdinalIgnoreCase)
                    && DateTime.TryParseExact(value, [.. formats], Inv, DateTimeStyles.None, out var d))
                    value = d.ToString("yyyy-MM-dd", Inv);
                mapped[target] = value;
            }
            yield return (row, mapped);
        }
    }

    private static Content ReadEvents(string file, List<string> header, IEnumerable<(long Row, Dictionary<string, string> Cells)> rows)
    {
        var issues = new List<RowIssue>();
        foreach (var missing in RequiredEventColumns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            issues.Add(new RowIssue(1, missing, null, $"{file}: the engagement log needs the column {missing}"));
        // Group columns: "Characteristic: Group".
        var groupColumns = new List<(string Column, Characteristic Characteristic, string Group)>();
        foreach (var column in header.Where(h => !EventColumns.Contains(h, StringComparer.OrdinalIgnoreCase) && h.Length > 0))
        {
            var colon = column.IndexOf(':', StringComparison.Ordinal);
            var characteristic = colon > 0 ? Characteristic.Find(column[..colon].Trim()) : null;
            var group = colon > 0 ? Canonical(characteristic, column[(colon + 1)..].Trim()) : "";
            if (characteristic is null)
                issues.Add(new RowIssue(1, column, null, $"{file}: not a column of the engagement log; a group column is 'Characteristic: Group' with a characteristic of "
                    + string.Join(", ", Characteristic.All.Select(c => c.Title))));
            else if (!characteristic.Allows(group))
                issues.Add(new RowIssue(1, column, null, $"{file}: '{group}' is not a group of {characteristic.Title}: one of {string.Join(", ", characteristic.Groups)}"));
            else groupColumns.Add((column, characteristic, group));
        }
        if (issues.Count > 0) return new(file, FileKind.Events, 0, [], [], [], new(0, 0, 0, 0), issues);
        var events = new Dictionary<string, EngagementEvent>(StringComparer.Ordinal);
        long count = 0;
        foreach (var (row, cells) in rows)
        {
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
            if (cells.Values.All(v => string.IsNullOrWhiteSpace(v))) continue;
            count++;
            void Bad(string column, string reason) => issues.Add(new RowIssue(row, column, Cell(column), $"{file}: {reason}"));
            var date = ParseDate(Cell("Date"));
            if (date is null) Bad("Date", "not a date: write yyyy-MM-dd or dd/MM/yyyy");
            var name = Cell("Event");
            if (name.Length == 0) Bad("Event", "each event needs a name");
            var kind = Cell("Kind").ToLowerInvariant();
            if (kind.Length == 0) kind = "forum";
            if (!Kinds.Contains(kind)) Bad("Kind", $"not a kind of engagement: one of {string.Join(", ", Kinds)}");
            var heard = Whole(Cell("People heard"));
            if (heard is null) Bad("People heard", "not a whole number of people (0 or more)");
            var groups = new List<GroupCount>();
            foreach (var byCharacteristic in groupColumns.GroupBy(g => g.Characteristic))
            {
                var filled = byCharacteristic.Where(g => Cell(g.Column).Length > 0).ToList();
                if (filled.Count == 0) continue;
                long sum = 0;
                var ok = true;
                foreach (var (column, characteristic, group) in filled)
                {
                    if (Whole(Cell(column)) is { } n) { sum += n; groups.Add(new GroupCount(characteristic.Name, group, n)); }
                    else { ok = false; Bad(column, "not a whole number of people (0 or more)"); }
                }
                if (ok && heard is { } total && sum != total)
                {
                    var columns = string.Join(", ", byCharacteristic.Select(g => g.Column));
                    issues.Add(new RowIssue(row, columns, sum.ToString(Inv),
                        $"{file}: the {byCharacteristic.Key.Title} counts add up to {sum}, not the {total} people heard: the event is refused"));
                }
            }
            if (date is { } d && name.Length > 0 && heard is { } h)
            {
                var id = EventId(d, name);
                if (events.ContainsKey(id)) Bad("Event", $"the event '{name}' on {d:yyyy-MM-dd} appears twice");
                else events[id] = new EngagementEvent(id, d, name, kind, Cell("Place"), Cell("Languages"), Cell("Partners"), h,
                    [.. groups.Where(g => g.People > 0)]);
            }
        }
        return new(file, FileKind.Events, count, issues.Count > 0 ? [] : [.. events.Values], [], [], new(0, 0, 0, 0), issues);
    }

    private static Content ReadSignUps(string file, List<string> header, IEnumerable<(long Row, Dictionary<string, string> Cells)> rows,
        IReadOnlyDictionary<string, string>? districts)
    {
        string? Column(params string[] names) => header.FirstOrDefault(h => names.Contains(h, StringComparer.OrdinalIgnoreCase));
        var eventName = Column("Event Name", "Event");
        var eventDate = Column("Event Date", "Event Start Date", "Date");
        var issues = new List<RowIssue>();
        if (eventName is null || eventDate is null)
            return new(file, FileKind.SignUps, 0, [], [], [], new(0, 0, 0, 0),
                [new RowIssue(1, eventName is null ? "Event Name" : "Event Date", null, $"{file}: a sign-up export needs the columns Event Name and Event Date")]);
        var kindColumn = Column("Event Type", "Kind");
        var place = Column("Venue", "Venue Name", "Place");
        var ethnicity = Column("Ethnicity", "Ethnic Group", "Ethnic Category");
        var postcode = Column("Postcode", "Post Code", "Home Postcode", "Zip", "Partial Postcode");
        var deprivation = Column("IMD Quintile", "Deprivation", "Deprivation Quintile");
        var age = Column("Age", "Age Band", "Age Group");
        var language = Column("Language", "Preferred Language", "First Language");
        var role = Column("Attending As", "Role", "Parent Role", "I Am");
        var disability = Column("Disability", "Disabled", "Do You Consider Yourself Disabled");
        var names = header.Where(h => NameColumns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        var emails = header.Where(h => EmailColumns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        var phones = header.Where(h => PhoneColumns.Contains(h, StringComparer.OrdinalIgnoreCase) || AddressColumns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        var events = new Dictionary<string, (DateOnly Date, string Name, string Kind, string Place, HashSet<string> Languages, long People, Dictionary<(string, string), long> Groups)>(StringComparer.Ordinal);
        long nameCount = 0, emailCount = 0, phoneCount = 0, fullPostcodes = 0, count = 0;
        foreach (var (row, cells) in rows)
        {
            string Cell(string? column) => column is not null && cells.TryGetValue(column, out var v) ? v.Trim() : "";
            if (cells.Values.All(v => string.IsNullOrWhiteSpace(v))) continue;
            count++;
            // Counted and let go: these cells are never copied anywhere.
            nameCount += names.Any(n => Cell(n).Length > 0) ? 1 : 0;
            emailCount += emails.Count(e => Cell(e).Length > 0);
            phoneCount += phones.Count(p => Cell(p).Length > 0);
            var before = issues.Count;
            // A bad value is named by row and column only, never quoted: it may be personal.
            void Bad(string column, string reason) => issues.Add(new RowIssue(row, column, null, $"{file}: {reason}"));
            var date = ParseDate(Cell(eventDate));
            if (date is null) Bad(eventDate, "not a date: write yyyy-MM-dd or dd/MM/yyyy");
            var name = Cell(eventName);
            if (name.Length == 0) Bad(eventName, "each sign-up needs the event's name");
            var kind = Cell(kindColumn).ToLowerInvariant();
            if (kind.Length == 0) kind = "forum";
            if (!Kinds.Contains(kind)) Bad(kindColumn!, $"not a kind of engagement: one of {string.Join(", ", Kinds)}");
            var groups = new List<(string, string)>();
            if (ethnicity is not null)
            {
                if (EthnicGroupOf(Cell(ethnicity)) is { } g) groups.Add((Characteristic.EthnicGroup.Name, g));
                else Bad(ethnicity, "ethnicity not recognised: use the NHS ethnic categories (e.g. 'Asian or Asian British - Pakistani' or the code J), or leave blank");
            }
            string? district = null;
            if (postcode is not null && Cell(postcode).Length > 0)
            {
                var (outward, full) = District(Cell(postcode));
                if (outward is null) Bad(postcode, "not a UK postcode or postcode district (e.g. B12 or B12 9LP)");
                else
                {
                    district = outward;
                    if (full) fullPostcodes++;
                    groups.Add((Characteristic.PostcodeDistrict.Name, outward));
                }
            }
            if (deprivation is not null)
            {
                var q = Cell(deprivation);
                if (q.Length == 0) groups.Add((Characteristic.ImdQuintile.Name, Characteristic.NotStated));
                else if (q is "1" or "2" or "3" or "4" or "5") groups.Add((Characteristic.ImdQuintile.Name, q));
                else Bad(deprivation, "an IMD quintile is 1 (most deprived) to 5, or blank");
            }
            else if (districts is not null)
            {
                // The sector is finer than the district: looked up first, then let go (only the district is kept).
                var sector = postcode is null ? null : Sector(Cell(postcode));
                groups.Add((Characteristic.ImdQuintile.Name, sector is not null && districts.TryGetValue(sector, out var q) ? q
                    : district is not null && districts.TryGetValue(district, out q) ? q : Characteristic.NotStated));
            }
            if (age is not null)
            {
                if (AgeBandOf(Cell(age)) is { } band) groups.Add((Characteristic.AgeBand.Name, band));
                else Bad(age, "not an age in years (12 to 60) or one of the bands " + string.Join(", ", Characteristic.AgeBand.Groups));
            }
            if (role is not null)
            {
                if (RoleOf(Cell(role)) is { } r) groups.Add((Characteristic.ParentRole.Name, r));
                else Bad(role, "not a parent role: " + string.Join(", ", Characteristic.ParentRole.Groups));
            }
            if (disability is not null)
            {
                if (YesNoOf(Cell(disability)) is { } y) groups.Add((Characteristic.Disability.Name, y));
                else Bad(disability, "disability is Yes, No or blank");
            }
            var spoken = Cell(language);
            if (language is not null) groups.Add((Characteristic.Language.Name, spoken.Length == 0 ? Characteristic.NotStated : Title(spoken)));
            if (issues.Count > before || date is not { } d) continue;
            var id = EventId(d, name);
            if (!events.TryGetValue(id, out var e))
                events[id] = e = (d, name, kind, Cell(place), new HashSet<string>(StringComparer.OrdinalIgnoreCase), 0, []);
            if (spoken.Length > 0) e.Languages.Add(Title(spoken));
            e.People++;
            foreach (var g in groups) e.Groups[g] = e.Groups.GetValueOrDefault(g) + 1;
            events[id] = e;
        }
        var dropped = new Dropped(nameCount, emailCount, phoneCount, fullPostcodes);
        if (issues.Count > 0) return new(file, FileKind.SignUps, count, [], [], [], dropped, issues);
        return new(file, FileKind.SignUps, count, [.. events.Select(kv => new EngagementEvent(kv.Key, kv.Value.Date, kv.Value.Name, kv.Value.Kind, kv.Value.Place,
            string.Join("; ", kv.Value.Languages.Order(StringComparer.Ordinal)), "", kv.Value.People,
            [.. kv.Value.Groups.Select(g => new GroupCount(g.Key.Item1, g.Key.Item2, g.Value)).OrderBy(g => g.Characteristic, StringComparer.Ordinal).ThenBy(g => g.Group, StringComparer.Ordinal)]))],
            [], [], dropped, []);
    }

    private static Content ReadFeedback(string file, List<string> header, IEnumerable<(long Row, Dictionary<string, string> Cells)> rows)
    {
        var issues = new List<RowIssue>();
        foreach (var missing in RequiredFeedbackColumns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            issues.Add(new RowIssue(1, missing, null, $"{file}: feedback needs the column {missing}"));
        var items = new Dictionary<string, FeedbackItem>(StringComparer.Ordinal);
        long count = 0;
        foreach (var (row, cells) in issues.Count > 0 ? [] : rows)
        {
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
            if (cells.Values.All(v => string.IsNullOrWhiteSpace(v))) continue;
            count++;
            void Bad(string column, string reason) => issues.Add(new RowIssue(row, column, Cell(column), $"{file}: {reason}"));
            var date = ParseDate(Cell("Date"));
            if (date is null) Bad("Date", "not a date: write yyyy-MM-dd or dd/MM/yyyy");
            if (Cell("Theme").Length == 0) Bad("Theme", "each row needs a theme");
            if (Cell("You said").Length == 0) Bad("You said", "each row says what was heard");
            var status = Cell("Status").ToLowerInvariant();
            if (status.Length == 0) status = Cell("We did").Length > 0 ? "done" : "open";
            if (!Statuses.Contains(status)) Bad("Status", $"one of {string.Join(", ", Statuses)}");
            if (date is not { } d || Cell("Theme").Length == 0) continue;
            var id = EventId(d, Cell("Theme"));
            if (!items.TryAdd(id, new FeedbackItem(id, d, Cell("Source").Length > 0 ? Cell("Source") : "MNVP", Cell("Theme"), Cell("You said"), Cell("We did"),
                Cell("Action") is { Length: > 0 } a ? a : null, status)))
                Bad("Theme", $"the theme '{Cell("Theme")}' on {d:yyyy-MM-dd} appears twice");
        }
        return new(file, FileKind.Feedback, count, [], issues.Count > 0 ? [] : [.. items.Values], [], new(0, 0, 0, 0), issues);
    }

    private static Content ReadProfile(string file, List<string> header, IEnumerable<(long Row, Dictionary<string, string> Cells)> rows)
    {
        var issues = new List<RowIssue>();
        var profile = new List<ProfileRow>();
        var seen = new HashSet<(string, string)>();
        long count = 0;
        foreach (var (row, cells) in rows)
        {
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : "";
            if (cells.Values.All(v => string.IsNullOrWhiteSpace(v))) continue;
            count++;
            void Bad(string column, string reason) => issues.Add(new RowIssue(row, column, Cell(column), $"{file}: {reason}"));
            var characteristic = Characteristic.Find(Cell("Characteristic"));
            if (characteristic is null || characteristic.Breakdown is null)
            {
                Bad("Characteristic", "a profile compares " + string.Join(", ", Characteristic.Compared.Select(c => c.Name)));
                continue;
            }
            var group = Canonical(characteristic, Cell("Group"));
            if (!characteristic.Allows(group)) Bad("Group", $"not a group of {characteristic.Title}: one of {string.Join(", ", characteristic.Groups)}");
            var people = double.TryParse(Cell("People").TrimEnd('%'), NumberStyles.Float, Inv, out var p) && p >= 0 && double.IsFinite(p) ? p : (double?)null;
            if (people is null) Bad("People", "people, births or a percentage: a number, 0 or more");
            if (!seen.Add((characteristic.Name, group))) Bad("Group", $"{group} appears twice for {characteristic.Title}");
            if (people is { } n) profile.Add(new ProfileRow(characteristic.Name, group, n, Cell("Source").Length > 0 ? Cell("Source") : file));
        }
        return new(file, FileKind.Profile, count, [], [], issues.Count > 0 ? [] : profile, new(0, 0, 0, 0), issues);
    }

    /// <summary>The event's id: its date and the letters and digits of its name (so loading it again replaces it).</summary>
    public static string EventId(DateOnly date, string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        return date.ToString("yyyy-MM-dd", Inv) + "/" + slug.ToString().Trim('-');
    }

    /// <summary>The ethnic group of a sign-up's answer: a code (A-S, Z, 99), a category name, a group name; blank or "prefer not to say" is not stated; null when not recognised.</summary>
    public static string? EthnicGroupOf(string answer)
    {
        var a = answer.Trim();
        if (a.Length == 0 || a.StartsWith("prefer", StringComparison.OrdinalIgnoreCase) || a is "Z" or "99" || a.Equals("not stated", StringComparison.OrdinalIgnoreCase))
            return Characteristic.NotStated;
        if (EthnicCategory.IsValid(a.ToUpperInvariant())) return EthnicCategory.GroupOf(a.ToUpperInvariant());
        foreach (var g in new[] { EthnicCategory.Mixed, EthnicCategory.Asian, EthnicCategory.Black, EthnicCategory.White })
            if (a.Contains(g, StringComparison.OrdinalIgnoreCase)) return g;
        return a.Contains("chinese", StringComparison.OrdinalIgnoreCase) || a.Contains("arab", StringComparison.OrdinalIgnoreCase)
            || a.StartsWith("other", StringComparison.OrdinalIgnoreCase) || a.StartsWith("any other", StringComparison.OrdinalIgnoreCase)
            ? EthnicCategory.Other : null;
    }

    /// <summary>The age band of an age in years or a band as written; blank is not stated; null when not recognised.</summary>
    public static string? AgeBandOf(string answer)
    {
        var a = answer.Trim();
        if (a.Length == 0 || a.StartsWith("prefer", StringComparison.OrdinalIgnoreCase)) return Characteristic.NotStated;
        var band = Characteristic.AgeBand.Groups.FirstOrDefault(g => g.Equals(a.Replace(" to ", "-", StringComparison.OrdinalIgnoreCase).Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)
            || g.Equals(a, StringComparison.OrdinalIgnoreCase));
        if (band is not null) return band;
        if (!int.TryParse(a, NumberStyles.None, Inv, out var years) || years is < 12 or > 60) return null;
        return years switch { < 20 => "Under 20", < 25 => "20-24", < 30 => "25-29", < 35 => "30-34", < 40 => "35-39", < 45 => "40-44", _ => "45 and over" };
    }

    private static string? RoleOf(string answer)
    {
        var a = answer.Trim().ToLowerInvariant();
        return a switch
        {
            "" or "prefer not to say" or "not stated" => Characteristic.NotStated,
            "mother" or "mum" or "woman" => "Mother",
            "birthing person" or "birthing parent" => "Birthing person",
            "partner" or "co-parent" or "non-birthing partner" => "Partner",
            "dad" or "father" => "Dad",
            _ => null,
        };
    }

    private static string? YesNoOf(string answer) => answer.Trim().ToLowerInvariant() switch
    {
        "" or "prefer not to say" or "not stated" => Characteristic.NotStated,
        "yes" or "y" => "Yes",
        "no" or "n" => "No",
        _ => null,
    };

    /// <summary>The postcode's district (outward code), and whether a full postcode was given; null district when it is not a postcode.</summary>
    public static (string? District, bool Full) District(string postcode)
    {
        var parts = postcode.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2)
        {
            if (!Outward().IsMatch(parts[0])) return (null, false);
            if (Inward().IsMatch(parts[1])) return (parts[0], true);
            return parts[1].Length == 1 && char.IsAsciiDigit(parts[1][0]) ? (parts[0], false) : (null, false);
        }
        if (parts.Length != 1) return (null, false);
        var full = FullPostcode().Match(parts[0]);
        if (full.Success) return (full.Groups[1].Value, true);
        return (Outward().IsMatch(parts[0]) ? parts[0] : null, false);
    }

    /// <summary>The postcode's sector (outward code, space, the inward code's digit: B12 9), or null when it gives none.</summary>
    public static string? Sector(string postcode)
    {
        var compact = postcode.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        var (district, full) = District(postcode);
        if (district is null) return null;
        if (full || compact.Length == district.Length + 1) return $"{district} {compact[district.Length]}";
        return null;
    }

    private static string Canonical(Characteristic? characteristic, string group) =>
        characteristic?.Groups.FirstOrDefault(g => g.Equals(group, StringComparison.OrdinalIgnoreCase)) ?? group;

    private static string Title(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].ToLowerInvariant();

    private static long? Whole(string text) =>
        long.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, Inv, out var n) ? n : null;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy HH:mm", "yyyy-MM-ddTHH:mm:ss"];

    private static DateOnly? ParseDate(string text) =>
        DateTime.TryParseExact(text, DateFormats, Inv, DateTimeStyles.None, out var d) ? DateOnly.FromDateTime(d) : null;

    [GeneratedRegex("^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")]
    private static partial Regex FullPostcode();

    [GeneratedRegex("^[0-9][A-Z]{2}$")]
    private static partial Regex Inward();

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?$")]
    private static partial Regex Outward();
}
