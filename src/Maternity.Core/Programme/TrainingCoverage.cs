using Maternity.Security;
using Maternity.Statistics;

namespace Maternity.Programme;

/// <summary>
/// "% trained" by trust and staff group, and for the LMNS by staff group: numerator the staff recorded as completing a
/// session of any course (the sum of Attended over the sessions of that trust and group, so each person should be
/// counted once, in the session they completed); denominator the staff in post (the latest InPost row for that trust and
/// group). Interval: Wilson score, 95% (<see cref="Proportion.Wilson"/>). No interval when nobody is in post or no staff
/// in post are recorded; when more completed than are in post the row is flagged and has no interval. For a caller
/// without record-level access to the trust (viewers) both counts pass <see cref="Access.Policy"/> first and the
/// percentage and interval are computed from the counts as shown.
/// </summary>
public sealed record TrainingCoverage(IReadOnlyList<TrainingCoverage.Row> Rows)
{
    public sealed record Row(string Org, string StaffGroup, long? Trained, long? InPost, Interval? Percent, bool Suppressed, string? Problem);

    public static TrainingCoverage Build(ProgrammeStore.Registers registers, Access access)
    {
        var trained = registers.Rows("training.sessions")
            .GroupBy(s => (Trust: s.Text("Trust")!, Group: s.Text("StaffGroup")!))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Whole("Attended") ?? 0));
        var inPost = registers.Rows("training.staff")
            .GroupBy(s => (Trust: s.Text("Trust")!, Group: s.Text("StaffGroup")!))
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Date("AsAt") ?? DateOnly.MinValue).Last().Whole("InPost") ?? 0);
        var keys = trained.Keys.Union(inPost.Keys).OrderBy(k => k.Trust, StringComparer.Ordinal).ThenBy(k => k.Group, StringComparer.Ordinal).ToList();
        var rows = keys.Select(k => Make(access, k.Trust, k.Group, trained.GetValueOrDefault(k), inPost.TryGetValue(k, out var n) ? n : null)).ToList();
        foreach (var group in keys.Select(k => k.Group).Distinct().Order(StringComparer.Ordinal))
        {
            var ks = keys.Where(k => k.Group == group).ToList();
            var lmnsInPost = ks.All(inPost.ContainsKey) ? ks.Sum(k => inPost[k]) : (long?)null;
            rows.Add(Make(access, registers.Lmns, group, ks.Sum(k => trained.GetValueOrDefault(k)), lmnsInPost));
        }
        return new TrainingCoverage(rows);
    }

    private static Row Make(Access access, string org, string group, long trained, long? inPost)
    {
        var exact = access.SeesRecordsOf(org);
        long? x = exact ? trained : Access.Policy.Apply(trained);
        long? n = inPost is { } p ? exact ? p : Access.Policy.Apply(p) : null;
        string? problem = inPost is null ? "no staff in post recorded"
            : trained > inPost ? "more completions than staff in post: count each person once"
            : inPost == 0 ? "no staff in post" : null;
        var percent = problem is null && x is { } a && n is { } b && b > 0 ? Proportion.Wilson(Math.Min(a, b), b, 0.95, 100) : null;
        return new Row(org, group, x, n, percent, !exact, problem);
    }
}
