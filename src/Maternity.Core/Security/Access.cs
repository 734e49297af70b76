using Dapper;
using Maternity.Indicators;
using Maternity.Plans;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.Security;

/// <summary>
/// Who is asking, and so what they may see: passed to every Core function that reads records or counts, which
/// filter and suppress by it (so no page, API call, export or report can bypass it). <see cref="RecordOrgs"/> is the
/// set of organisations whose records and exact counts the caller may see (an analyst's LMNS with its trusts and
/// sites; a trust user's trusts with their sites); null for an admin (all). Every other count the caller sees passes
/// <see cref="Policy"/>; the national publications are shown as published (already rounded) to every role.
/// </summary>
public sealed record Access(string Name, Role Role, IReadOnlyList<string> Orgs, IReadOnlySet<string>? RecordOrgs)
{
    /// <summary>Each organisation's parent, for protecting totals across the hierarchy (empty when nothing is suppressed for the caller).</summary>
    public IReadOnlyDictionary<string, string> Parents { get; init; } = new Dictionary<string, string>();

    /// <summary>The disclosure-control policy for every count leaving the record-level roles: NHS England's rounding rule.</summary>
    public static SuppressionPolicy Policy => SuppressionPolicy.Default;

    /// <summary>
    /// Someone working on the store directly (the command line run by a person who holds the store): admin. The
    /// command line is for those who already have the data files or the database credentials.
    /// </summary>
    public static Access System(string name) => new(name, Role.Admin, [], null);

    /// <summary>The access of a user with <paramref name="role"/> over <paramref name="orgs"/>, expanded down the organisation hierarchy.</summary>
    public static Access Resolve(Database database, string name, Role role, IReadOnlyList<string> orgs)
    {
        if (role == Role.Admin) return System(name);
        var links = Reference.OrgHierarchy.Read(database).Orgs.Where(o => o.Parent is not null).Select(o => (o.Code, o.Parent)).ToList();
        var parents = links.ToDictionary(o => o.Code, o => o.Parent!);
        if (role is Role.Viewer or Role.Public) return new(name, role, orgs, new HashSet<string>()) { Parents = parents };
        var children = links.ToLookup(o => o.Parent!, o => o.Code);
        var scope = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(orgs);
        while (queue.TryDequeue(out var org))
            if (scope.Add(org))
                foreach (var child in children[org]) queue.Enqueue(child);
        return new(name, role, orgs, scope) { Parents = parents };
    }

    public bool IsRecordLevel => Role is Role.Admin or Role.Analyst or Role.TrustUser;

    /// <summary>
    /// Whether the caller may see the records, and exact counts, of <paramref name="org"/>. A site count keyed
    /// <c>PROVIDER/SITE</c> (<see cref="SiteKey"/>) is the provider's records, whoever's site code they carry.
    /// </summary>
    public bool SeesRecordsOf(string org) => Role == Role.Admin
        || (IsRecordLevel && (SiteKey.Provider(org) is { } provider ? RecordOrgs!.Contains(provider) : RecordOrgs!.Contains(org)));

    /// <summary>Refuses record-level access to <paramref name="org"/> unless the caller has it.</summary>
    public void DemandRecords(string org)
    {
        if (!SeesRecordsOf(org))
            throw new AccessDeniedException(IsRecordLevel
                ? $"{Name} ({Role}) may see the records of {string.Join(", ", Orgs)} only, not {org}"
                : $"{Name} ({Role}) may not see record-level data");
    }

    /// <summary>Refuses unless <paramref name="allowed"/>, naming what was refused.</summary>
    public void Demand(bool allowed, string what)
    {
        if (!allowed) throw new AccessDeniedException($"{Name} ({Role}) may not {what}");
    }

    /// <summary>
    /// Stored counts as the caller may see them: the national publications as published; exact counts of the caller's
    /// organisations; everything else through <see cref="Policy"/> (labelled "suppressed") with the totals beside small
    /// counts protected (<see cref="Disclosure.Protect"/>), or nothing for the public role.
    /// </summary>
    public IReadOnlyList<IndicatorCount> Apply(IEnumerable<IndicatorCount> counts) => Disclosure.Protect(
    [
        .. counts.Select(c =>
        {
            if (IndicatorAnalysis.SourceKind(c.Source) == "national") return c;
            if (Role == Role.Public) return null;
            if (SeesRecordsOf(c.OrgCode)) return c;
            return c with { Numerator = Policy.Apply(c.Numerator)!.Value, Denominator = Policy.Apply(c.Denominator)!.Value, Exactness = "suppressed" };
        }).OfType<IndicatorCount>(),
    ], Parents);

    /// <summary>A count of records of <paramref name="org"/> as the caller may see it (for counts that are not indicator counts).</summary>
    public long Count(string org, long count)
    {
        Demand(Role != Role.Public, "see counts of records");
        return SeesRecordsOf(org) ? count : Policy.Apply(count)!.Value;
    }

    /// <summary>
    /// Whether the caller may change the plan of <paramref name="lmns"/> as a whole (import it, add actions, give an
    /// action to any organisation): an admin, and analysts whose organisations include that LMNS.
    /// </summary>
    public bool CanEditPlan(string lmns) => Role == Role.Admin || (Role == Role.Analyst && RecordOrgs!.Contains(lmns));

    /// <summary>
    /// Whether the caller may change this action of the plan of <paramref name="lmns"/>: those who may change that plan;
    /// a trust user the actions its trusts own.
    /// </summary>
    public bool CanEdit(string lmns, PlanAction action) =>
        CanEditPlan(lmns) || (Role == Role.TrustUser && action.Orgs.Any(IsOwn));

    /// <summary>
    /// Whether the caller may save <paramref name="edited"/> over <paramref name="current"/> (null for a new action): those who
    /// may change the plan, anything; a trust user an action its trusts own, keeping one of them as an owner and leaving the
    /// other owners (other trusts, the LMNS) as they were, neither adding nor removing any.
    /// </summary>
    public bool CanSave(string lmns, PlanAction? current, PlanAction edited)
    {
        if (CanEditPlan(lmns)) return true;
        if (current is null || !CanEdit(lmns, current) || !CanEdit(lmns, edited)) return false;
        var others = current.Orgs.Where(o => !IsOwn(o)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return others.SetEquals(edited.Orgs.Where(o => !IsOwn(o)));
    }

    private bool IsOwn(string org) => Orgs.Contains(org, StringComparer.OrdinalIgnoreCase);
}
