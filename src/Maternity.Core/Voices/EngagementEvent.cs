namespace Maternity.Voices;

/// <summary>
/// One MNVP engagement (forum, survey, listening exercise, 15 Steps walk-through, outreach with a community group):
/// when, what, where, in which languages, with which partners, and how many people were heard. <see cref="Groups"/>
/// holds anonymous counts of those people by characteristic and group; each characteristic present sums to
/// <see cref="PeopleHeard"/>.
/// </summary>
public sealed record EngagementEvent(
    string Id, DateOnly Date, string Name, string Kind, string Place, string Languages, string Partners, long PeopleHeard,
    IReadOnlyList<GroupCount> Groups);
