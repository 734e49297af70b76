using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Maternity.Plans;

/// <summary>
/// How a plan's cells are written, the way plans are kept in Word and Excel: labels for the controlled lists, "Ref: Title"
/// for tree nodes, one item per line for lists, and the line formats of milestones, updates and target-date changes.
/// Each Write has a Parse that reads it back to the same value, and the parsers also accept what real plans contain.
/// </summary>
public static partial class PlanText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string StatusLabel(ActionStatus status) => status switch
    {
        ActionStatus.NotStarted => "Not started",
        ActionStatus.OnTrack => "On track",
        ActionStatus.AtRisk => "At risk",
        ActionStatus.Delayed => "Delayed",
        ActionStatus.OnHold => "On hold",
        ActionStatus.Complete => "Complete",
        ActionStatus.CompleteAndEmbedded => "Complete and embedded",
        _ => status.ToString(),
    };

    /// <summary>
    /// Reads a status label or a status word plans write: "Complete", "Completed", "Complete &amp; embedded", "Ongoing" and
    /// "In progress" (on track), the Gantt colours ("Green", "Amber", "Red", "Grey").
    /// </summary>
    public static bool TryParseStatus(string? text, out ActionStatus status)
    {
        status = ActionStatus.NotStarted;
        var key = PlanTemplate.Normalise(text ?? "");
        ActionStatus? found = key switch
        {
            "notstarted" or "grey" or "notyetstarted" => ActionStatus.NotStarted,
            "ontrack" or "green" or "ongoing" or "inprogress" or "started" or "commencedontrack" => ActionStatus.OnTrack,
            "atrisk" or "amber" or "atriskofdelay" => ActionStatus.AtRisk,
            "delayed" or "red" or "behind" => ActionStatus.Delayed,
            "onhold" or "paused" => ActionStatus.OnHold,
            "complete" or "completed" or "done" or "achieved" => ActionStatus.Complete,
            "completeandembedded" or "completeembedded" or "completedandembedded" or "embedded" => ActionStatus.CompleteAndEmbedded,
            _ => null,
        };
        if (found is null) return false;
        status = found.Value;
        return true;
    }

    /// <summary>
    /// A Gantt cell in the one status vocabulary: "Milestone", "Complete", "On track" (green), "At risk" (amber), "Delayed"
    /// (red) or "Not started" (grey), from the colour word or status the plan wrote; null when it is none of these.
    /// </summary>
    public static string? GanttLabel(string? written)
    {
        var key = PlanTemplate.Normalise(written ?? "");
        if (key is "milestone" or "milestones") return "Milestone";
        if (key is "completedactivity") return "Complete";
        if (key.StartsWith("amber", StringComparison.Ordinal)) key = "amber";
        else if (key.StartsWith("green", StringComparison.Ordinal)) key = "green";
        else if (key.StartsWith("red", StringComparison.Ordinal)) key = "red";
        else if (key.StartsWith("grey", StringComparison.Ordinal) || key.StartsWith("gray", StringComparison.Ordinal)) key = "grey";
        if (!TryParseStatus(key, out var status)) return null;
        return status switch
        {
            ActionStatus.Complete or ActionStatus.CompleteAndEmbedded => "Complete",
            ActionStatus.OnTrack => "On track",
            ActionStatus.AtRisk => "At risk",
            ActionStatus.Delayed => "Delayed",
            _ => "Not started",
        };
    }

    /// <summary>A Gantt row, one quarter per line: "2022-23 Q3: Completed".</summary>
    public static string WriteGantt(IEnumerable<PlanAction.QuarterStatus>? gantt) =>
        Lines((gantt ?? []).Select(g => $"{g.Quarter}: {g.Status}"));

    /// <summary>Reads <see cref="WriteGantt"/>'s lines.</summary>
    public static List<PlanAction.QuarterStatus> ParseGantt(string cell, List<string> problems)
    {
        var list = new List<PlanAction.QuarterStatus>();
        foreach (var line in cell.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && FinancialQuarter.TryParse(line[..colon], out var q) && line[(colon + 1)..].Trim() is { Length: > 0 } status)
                list.Add(new(q, status));
            else problems.Add($"Gantt line '{line}' is not 'QUARTER: status' (e.g. 2022-23 Q3: Completed)");
        }
        return list;
    }

    public static string HorizonLabel(Horizon horizon) => horizon switch
    {
        Horizon.ShortTerm => "Short term",
        Horizon.IntermediateTerm => "Intermediate term",
        _ => "Long term",
    };

    public static bool TryParseHorizon(string? text, out Horizon horizon)
    {
        horizon = Horizon.ShortTerm;
        var key = PlanTemplate.Normalise(text ?? "");
        // The colours of the WRES action plan's legend: red short term, green intermediate, blue long term.
        if (key.StartsWith("short", StringComparison.Ordinal) || key.StartsWith("red", StringComparison.Ordinal)) horizon = Horizon.ShortTerm;
        else if (key.StartsWith("intermediate", StringComparison.Ordinal) || key.StartsWith("medium", StringComparison.Ordinal) || key.StartsWith("green", StringComparison.Ordinal))
            horizon = Horizon.IntermediateTerm;
        else if (key.StartsWith("long", StringComparison.Ordinal) || key.StartsWith("blue", StringComparison.Ordinal)) horizon = Horizon.LongTerm;
        else return false;
        return true;
    }

    /// <summary>"Ref: Title", or the title alone when the node has no separate ref (its ref is its title on one line).</summary>
    public static string RefTitle(PlanNode node) => node.Ref == node.Title || node.Ref == Tidy(node.Title) ? node.Title : $"{node.Ref}: {node.Title}";

    /// <summary>
    /// Splits a heading cell into ref and title: "4b Intervention 3: Implement NICE CG110", "Priority One: Restore ...",
    /// "Priority 4 Accelerate ...", "4a Understand your population ...", "Priority 4b Action on ...", "Intervention 3:",
    /// "Objective II: ..." (number words and roman numerals are read as digits, "Priority 4b" as "4b"). A short label
    /// before a colon ("Local objectives: ...", "Maternal medicine network: ...") is a ref too. Any other cell is the
    /// title and ref at once.
    /// </summary>
    public static (string Ref, string Title) ParseRefTitle(string cell)
    {
        var text = cell.Trim();
        var lead = LeadingRef().Match(text);
        if (lead.Success)
        {
            var title = lead.Groups["title"].Value.Trim().TrimStart(':', '-', '\u2013', '.').Trim();
            return (CanonicalRef(lead.Groups["ref"].Value), title);
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !text[..colon].Contains('\n', StringComparison.Ordinal) && text[..colon].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4)
            return (CanonicalRef(text[..colon]), text[(colon + 1)..].Trim());
        return (Tidy(text), LooksLikeRef(text) ? "" : text.Trim());
    }

    /// <summary>Whether <paramref name="cell"/> opens with a heading ref of the plans' own ("Priority One", "4a", "Intervention 3").</summary>
    public static bool StartsWithHeadingRef(string cell) => LeadingRef().IsMatch(cell.Trim());

    private static readonly string[] NumberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    private static readonly string[] Romans = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

    /// <summary>"Priority One" -> "Priority 1", "priority 4B" -> "4b", "4B INTERVENTION 1" -> "4b Intervention 1".</summary>
    private static string CanonicalRef(string reference)
    {
        var r = Tidy(reference);
        var m = NumberedRef().Match(r);
        if (!m.Success) return r;
        var word = m.Groups["word"].Value;
        var number = m.Groups["n"].Value.ToLowerInvariant();
        var index = Array.IndexOf(NumberWords, number);
        if (index < 0) index = Array.IndexOf(Romans, number);
        var digits = index > 0 ? index.ToString(Inv) : number;
        var sub = m.Groups["sub"].Value.ToLowerInvariant();
        if (sub.Length > 0 && word.Equals("priority", StringComparison.OrdinalIgnoreCase)) return digits + sub;
        return char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant() + " " + digits + sub;
    }

    private static string Tidy(string reference) => Spaces().Replace(reference.Trim(), " ");

    private static bool LooksLikeRef(string text) => RefPattern().IsMatch(text.Trim());
    /// <summary>A list cell: one item per line.</summary>
    public static string Lines(IEnumerable<string> items) => string.Join('\n', items);

    /// <summary>
    /// Splits a list cell as plans list roles: at "/" and ";" ("DoMs / Clinical Leads / Digital Midwives"), and at line
    /// ends (a list that wraps: "... / Data Analyst /" then "Governance Leads"); at "," too when it is one line.
    /// </summary>
    public static List<string> SplitRoles(string cell) =>
        Split(cell, cell.Contains('\n', StringComparison.Ordinal) ? ['\n', '/', ';'] : ['/', ';', ',']);

    /// <summary>Splits a list cell by line or ";" (items such as "Black, Asian and mixed ethnic groups" hold commas).</summary>
    public static List<string> SplitItems(string cell) => Split(cell, ['\n', ';']);

    /// <summary>Splits a cell of codes by line, ";", "," or space.</summary>
    public static List<string> SplitCodes(string cell) => Split(cell, ['\n', ';', ',', ' ']);

    private static List<string> Split(string cell, char[] separators) =>
        [.. cell.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>One milestone per line: "Title", "Title | due March 2023" or "Title | due 2023-03-31 | done 2023-04-02".</summary>
    public static string WriteMilestones(IEnumerable<PlanAction.Milestone> milestones) => Lines(milestones.Select(m =>
        m.Title + (m.Due is { } due ? $" | due {due}" : "") + (m.Done is { } done ? $" | done {done.ToString("yyyy-MM-dd", Inv)}" : "")));

    public static List<PlanAction.Milestone> ParseMilestones(string cell, List<string> problems)
    {
        var list = new List<PlanAction.Milestone>();
        foreach (var line in cell.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(" | ", StringSplitOptions.TrimEntries);
            PlanDate? due = null;
            DateOnly? done = null;
            foreach (var part in parts.Skip(1))
            {
                if (part.StartsWith("due ", StringComparison.OrdinalIgnoreCase) && PlanDate.TryParse(part[4..], out var d)) due = d;
                else if (part.StartsWith("done ", StringComparison.OrdinalIgnoreCase) && PlanDate.TryParse(part[5..], out var x) && !x.MonthOnly) done = x.Date;
                else problems.Add($"milestone '{line}': '{part}' is neither 'due DATE' nor 'done yyyy-MM-dd'");
            }
            list.Add(new(parts[0].TrimStart('-', '•', '·', '*', ' '), due, done));
        }
        return list;
    }

    /// <summary>
    /// Updates, oldest first, each starting with a line "[yyyy-MM-dd by Who]", then its text, an "Evidence: " line and
    /// "File: name sha256:..." lines. Text before any such line is an undated comment (how plans' comment columns import).
    /// </summary>
    public static string WriteUpdates(IEnumerable<PlanAction.Update> updates)
    {
        var text = new StringBuilder();
        foreach (var u in updates)
        {
            if (text.Length > 0) text.Append('\n');
            if (u.Date is { } date) text.Append(Inv, $"[{date:yyyy-MM-dd}{(u.By is { } by ? " by " + by : "")}]\n");
            text.Append(u.Text);
            if (u.Evidence is { } evidence) text.Append("\nEvidence: ").Append(evidence);
            foreach (var f in u.Files) text.Append(Inv, $"\nFile: {f.Name} sha256:{f.Sha256}");
        }
        return text.ToString();
    }

    public static List<PlanAction.Update> ParseUpdates(string cell, string? evidenceCell = null)
    {
        var updates = new List<PlanAction.Update>();
        DateOnly? date = null;
        string? by = null;
        var text = new List<string>();
        var evidence = new List<string>();
        var files = new List<PlanAction.EvidenceFile>();
        var inEvidence = false;
        var started = false;
        void Flush()
        {
            if (started || text.Any(t => t.Trim().Length > 0) || evidence.Count > 0 || files.Count > 0)
                updates.Add(new(date, by, string.Join('\n', text).Trim(), evidence.Count > 0 ? string.Join('\n', evidence).Trim() : null, [.. files]));
            (date, by, started, inEvidence) = (null, null, false, false);
            text.Clear();
            evidence.Clear();
            files.Clear();
        }
        foreach (var line in cell.Split('\n'))
        {
            var header = UpdateHeader().Match(line.Trim());
            if (header.Success)
            {
                Flush();
                date = DateOnly.ParseExact(header.Groups["date"].Value, "yyyy-MM-dd", Inv);
                by = header.Groups["by"].Success ? header.Groups["by"].Value.Trim() : null;
                started = true;
                continue;
            }
            var file = FileLine().Match(line.Trim());
            if (file.Success)
            {
                files.Add(new(file.Groups["name"].Value.Trim(), file.Groups["hash"].Value.ToLowerInvariant()));
                continue;
            }
            if (line.StartsWith("Evidence: ", StringComparison.Ordinal))
            {
                inEvidence = true;
                evidence.Add(line["Evidence: ".Length..]);
                continue;
            }
            (inEvidence ? evidence : text).Add(line);
        }
        Flush();
        if (!string.IsNullOrWhiteSpace(evidenceCell))
        {
            // A plan with a separate "Evidence" column: the evidence of its (undated) comment.
            var last = updates.Count > 0 && updates[^1].Date is null ? updates[^1] : null;
            if (last is null) updates.Add(new(null, null, "", evidenceCell.Trim(), []));
            else updates[^1] = last with { Evidence = evidenceCell.Trim() };
        }
        return updates;
    }

    /// <summary>One change per line: "[yyyy-MM-dd by Who] FROM -> TO: reason" (dates as <see cref="PlanDate"/> writes them, "none" for no date).</summary>
    public static string WriteTargetChanges(IEnumerable<PlanAction.TargetChange> changes) => Lines(changes.Select(c =>
        (c.On is { } on ? $"[{on.ToString("yyyy-MM-dd", Inv)}{(c.By is { } by ? " by " + by : "")}] " : "")
        + $"{c.From?.ToString() ?? "none"} -> {c.To?.ToString() ?? "none"}" + (c.Reason is { } reason ? ": " + reason : "")));

    /// <summary>Reads <see cref="WriteTargetChanges"/>'s lines and the free text plans write ("Date changed from 28th February 2022 to 30th September 2022").</summary>
    public static List<PlanAction.TargetChange> ParseTargetChanges(string cell, List<string> problems)
    {
        var list = new List<PlanAction.TargetChange>();
        foreach (var line in cell.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = ChangeLine().Match(line);
            if (m.Success && Date(m.Groups["from"].Value, out var from) && Date(m.Groups["to"].Value, out var to))
            {
                DateOnly? on = m.Groups["on"].Success ? DateOnly.ParseExact(m.Groups["on"].Value, "yyyy-MM-dd", Inv) : null;
                list.Add(new(on, m.Groups["by"].Success ? m.Groups["by"].Value.Trim() : null, from, to, m.Groups["reason"].Success ? m.Groups["reason"].Value.Trim() : null));
                continue;
            }
            var free = ChangedFrom().Match(line);
            if (free.Success && PlanDate.TryParse(free.Groups["from"].Value, out var f) && PlanDate.TryParse(free.Groups["to"].Value, out var t))
            {
                list.Add(new(null, null, f, t, line));
                continue;
            }
            problems.Add($"target-date change '{line}' is neither '[yyyy-MM-dd by Who] FROM -> TO: reason' nor 'changed from DATE to DATE'");
        }
        return list;
    }

    private static bool Date(string text, out PlanDate? value)
    {
        value = null;
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return true;
        if (!PlanDate.TryParse(text, out var d)) return false;
        value = d;
        return true;
    }

    [GeneratedRegex(@"^\[(?<date>\d{4}-\d{2}-\d{2})(?: by (?<by>[^\]]+))?\]$")]
    private static partial Regex UpdateHeader();

    [GeneratedRegex(@"^File: (?<name>.+) sha256:(?<hash>[0-9a-fA-F]{64})$")]
    private static partial Regex FileLine();

    [GeneratedRegex(@"^(?:\[(?<on>\d{4}-\d{2}-\d{2})(?: by (?<by>[^\]]+))?\]\s*)?(?<from>[^>]+?)\s*->\s*(?<to>.+?)(?::\s+(?<reason>.*))?$")]
    private static partial Regex ChangeLine();

    [GeneratedRegex(@"changed from (?<from>.+?) to (?<to>.+?)(?:[.;,)]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ChangedFrom();

    [GeneratedRegex(@"^(priority|objective|sub-?priority|action|aim|deliverable)\s*\S+$|^\d[a-e]$|^(\d[a-e]\s+)?(additional\s+)?intervention(\s+\d+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex RefPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private const string Number = @"\d+|one|two|three|four|five|six|seven|eight|nine|ten|i{1,3}|iv|vi{0,3}|ix|x";

    [GeneratedRegex(@"^(?<ref>(?:priority|objective)\s+(?:" + Number + @")(?:[a-e](?![a-z]))?|[1-9][a-e](?:\s+(?:additional\s+)?intervention(?:\s+\d+)?)?|(?:additional\s+)?intervention(?:\s+\d+)?)(?![a-z0-9])(?<title>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex LeadingRef();

    [GeneratedRegex(@"^(?<word>priority|objective)\s+(?<n>" + Number + @")(?<sub>[a-e]?)$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedRef();
}
