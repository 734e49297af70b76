namespace Maternity.Voices;

/// <summary>
/// A theme from feedback (Friends and Family Test, CQC maternity survey, an MNVP report or event) with what changed
/// because of it: "you said, we did". <see cref="ActionId"/> links it to an action of the LMNS's plan.
/// </summary>
public sealed record FeedbackItem(
    string Id, DateOnly HeardOn, string Source, string Theme, string YouSaid, string WeDid, string? ActionId, string Status);
