namespace Maternity.Programme;

/// <summary>
/// What the registers say that a board needs: funding against profile, overdue instalments, posts by status, equality
/// impact assessments whose review date has passed (Status not Closed), and the plan's latest approvals. Pure: the day
/// is given.
/// </summary>
public sealed record ProgrammeSummary(string Lmns, DateOnly Today, FundingStatus Funding, IReadOnlyList<ProgrammeSummary.PostCount> Posts,
    IReadOnlyList<ProgrammeSummary.Review> OverdueReviews, IReadOnlyList<ProgrammeEntry> Approvals)
{
    public sealed record PostCount(string Status, int Posts, decimal Wte);

    public sealed record Review(string Id, string Subject, string Author, DateOnly Due, int DaysOverdue, IReadOnlyList<string> Actions);

    public bool IsEmpty => Funding.Streams.Count == 0 && Posts.Count == 0 && OverdueReviews.Count == 0 && Approvals.Count == 0;

    public static ProgrammeSummary Build(ProgrammeStore.Registers registers, DateOnly today)
    {
        var posts = registers.Rows("posts.posts").GroupBy(p => p.Text("Status")!)
            .Select(g => new PostCount(g.Key, g.Count(), g.Sum(p => p.Number("Wte") ?? 0)))
            .OrderBy(p => Array.IndexOf(StatusOrder, p.Status)).ToList();
        return new ProgrammeSummary(registers.Lmns, today, FundingStatus.Build(registers, today), posts, OverdueReviewsOf(registers, today),
            [.. registers.Rows("approvals.approvals").OrderBy(a => a.Date("Date")).ThenBy(a => a.Id, StringComparer.Ordinal)]);
    }

    /// <summary>Assessments not closed whose review date is before <paramref name="today"/>, most overdue first.</summary>
    public static IReadOnlyList<Review> OverdueReviewsOf(ProgrammeStore.Registers registers, DateOnly today) =>
    [
        .. registers.Rows("eia.assessments")
            .Where(e => e.Text("Status") != "Closed" && e.Date("Review") is { } r && r < today)
            .Select(e => new Review(e.Id, e.Text("Subject")!, e.Text("Author")!, e.Date("Review")!.Value,
                today.DayNumber - e.Date("Review")!.Value.DayNumber, e.List("Actions")))
            .OrderByDescending(r => r.DaysOverdue).ThenBy(r => r.Id, StringComparer.Ordinal),
    ];

    private static readonly string[] StatusOrder = ["In post", "Recruiting", "Vacant", "Planned"];
}
