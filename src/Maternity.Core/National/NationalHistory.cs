using Dapper;
using Maternity.Storage;

namespace Maternity.National;

/// <summary>
/// The national publications that were replaced by a later load of the same period (the same file reloaded, or a
/// revision), with their rows (<c>national_count_history</c>), so a revised publication can be compared with the one it
/// replaced: every published cell (dimension, category, organisation, unit) whose value or marker changed, was added or
/// was removed. A cell's value is compared as published, a missing cell (<c>*</c>, blank) by its marker.
/// </summary>
public static class NationalHistory
{
    /// <summary>A replaced load: what it was, how many of its rows are kept, and when and by which file it was replaced.</summary>
    public sealed record Load(string Publication, string PeriodType, DateOnly Start, string File, string ContentHash, long Rows, long RowsKept,
        DateTime LoadedAt, DateTime ReplacedAt, string ReplacedBy)
    {
        public string Label => Returns.NationalStatistics.Label(PeriodType, Start);
    }

    /// <summary>One published cell before and after; a side with no such cell has <c>Present</c> false.</summary>
    public sealed record Change(string Dimension, string Category, string Level, string Org, string OrgName, string CountOf,
        bool BeforePresent, long? Before, string? BeforeMarker, bool AfterPresent, long? After, string? AfterMarker);

    /// <summary>A replaced load against the load that replaced it: cells unchanged, changed, added and removed.</summary>
    public sealed record Comparison(Load Replaced, string Against, long Unchanged, IReadOnlyList<Change> Changed, IReadOnlyList<Change> Added,
        IReadOnlyList<Change> Removed);

    private sealed record Cell(string Dimension, string Category, string Level, string Org, string OrgName, string CountOf, long? Value, string? Marker);

    /// <summary>Every replaced load, latest replacement first.</summary>
    public static IReadOnlyList<Load> Loads(Database database)
    {
        using var connection = database.Open();
        var kept = connection.Query<(string Publication, string PeriodType, DateTime Start, DateTime ReplacedAt, long Rows)>("""
            SELECT publication, period_type, period_start, replaced_at, COUNT(*) FROM national_count_history
            GROUP BY publication, period_type, period_start, replaced_at
            """).ToDictionary(k => (k.Publication, k.PeriodType, k.Start, k.ReplacedAt), k => k.Rows);
        return [.. connection.Query<(string Publication, string PeriodType, DateTime Start, string File, string Hash, long Rows, DateTime LoadedAt,
            DateTime ReplacedAt, string ReplacedBy)>("""
            SELECT publication, period_type, period_start, file_name, content_hash, rows_stored, loaded_at, replaced_at, replaced_by
            FROM national_publication_history ORDER BY replaced_at DESC, period_start DESC, publication
            """).Select(h => new Load(h.Publication, h.PeriodType, DateOnly.FromDateTime(h.Start), h.File, h.Hash, h.Rows,
                kept.GetValueOrDefault((h.Publication, h.PeriodType, h.Start, h.ReplacedAt)), h.LoadedAt, h.ReplacedAt, h.ReplacedBy))];
    }

    /// <summary>
    /// A replaced load against the load that replaced it (the current one, or a later replaced load when that too was
    /// replaced). Cells are matched on dimension, category, organisation level and code, and unit.
    /// </summary>
    public static Comparison Compare(Database database, Load replaced)
    {
        // The load that replaced it was made at the moment it was replaced: current, or itself replaced later.
        var next = Loads(database).FirstOrDefault(l => l.Publication == replaced.Publication && l.PeriodType == replaced.PeriodType
            && l.Start == replaced.Start && l.LoadedAt == replaced.ReplacedAt);
        using var connection = database.Open();
        var key = new { publication = replaced.Publication, type = replaced.PeriodType, start = replaced.Start, at = replaced.ReplacedAt };
        var current = new { publication = replaced.Publication, type = replaced.PeriodType, start = replaced.Start };
        var before = Cells(connection, connection.Sql("""
            SELECT dimension, category, org_level AS level, org_code AS org, org_name AS orgname, count_of AS countof, value, marker
            FROM national_count_history
            WHERE publication = $publication AND period_type = $type AND period_start = $start AND replaced_at = $at
            """), key);
        var after = next is null
            ? Cells(connection, connection.Sql("""
                SELECT dimension, category, org_level AS level, org_code AS org, org_name AS orgname, count_of AS countof, value, marker
                FROM national_count WHERE publication = $publication AND period_type = $type AND period_start = $start
                """), current)
            : Cells(connection, connection.Sql("""
                SELECT dimension, category, org_level AS level, org_code AS org, org_name AS orgname, count_of AS countof, value, marker
                FROM national_count_history
                WHERE publication = $publication AND period_type = $type AND period_start = $start AND replaced_at = $at
                """), key with { at = next.ReplacedAt });
        var old = Index(before);
        var now = Index(after);
        var changed = new List<Change>();
        var added = new List<Change>();
        var removed = new List<Change>();
        long unchanged = 0;
        foreach (var (k, b) in old)
        {
            if (!now.TryGetValue(k, out var a)) removed.Add(new(b.Dimension, b.Category, b.Level, b.Org, b.OrgName, b.CountOf, true, b.Value, b.Marker, false, null, null));
            else if (a.Value == b.Value && a.Marker == b.Marker) unchanged++;
            else changed.Add(new(b.Dimension, b.Category, b.Level, b.Org, a.OrgName, b.CountOf, true, b.Value, b.Marker, true, a.Value, a.Marker));
        }
        foreach (var (k, a) in now.Where(n => !old.ContainsKey(n.Key)))
            added.Add(new(a.Dimension, a.Category, a.Level, a.Org, a.OrgName, a.CountOf, false, null, null, true, a.Value, a.Marker));
        return new Comparison(replaced, next?.File ?? "the current load", unchanged, Order(changed), Order(added), Order(removed));

        static List<Change> Order(List<Change> changes) =>
            [.. changes.OrderBy(c => c.Dimension, StringComparer.Ordinal).ThenBy(c => c.Org, StringComparer.Ordinal).ThenBy(c => c.Category, StringComparer.Ordinal)];
    }

    private static List<Cell> Cells(System.Data.Common.DbConnection connection, string sql, object parameters) =>
        [.. connection.Query<(string Dimension, string Category, string Level, string Org, string OrgName, string CountOf, long? Value, string? Marker)>(
            sql, parameters).Select(c => new Cell(c.Dimension, c.Category, c.Level, c.Org, c.OrgName, c.CountOf, c.Value, c.Marker))];

    /// <summary>Cells by their identity; a cell published twice (a spelling of one category) is summed, missing when any part is.</summary>
    private static Dictionary<(string, string, string, string, string), Cell> Index(IEnumerable<Cell> cells) =>
        cells.GroupBy(c => (c.Dimension, c.Category, c.Level, c.Org, c.CountOf)).ToDictionary(g => g.Key, g =>
        {
            var first = g.First();
            return g.Count() == 1 ? first : first with
            {
                Value = g.Any(c => c.Value is null) ? null : g.Sum(c => c.Value!.Value),
                Marker = string.Join("+", g.Where(c => c.Marker is not null).Select(c => c.Marker)) is { Length: > 0 } m ? m : null,
            };
        });
}
