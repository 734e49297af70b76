using Maternity.Assurance;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Synthetic;

/// <summary>
/// A synthetic year of assurance declarations for the trusts of an LMNS: every item of every shipped framework declared
/// each quarter of the 12 months to <c>today</c>, moving from not met through partly met to met at a month of its own
/// (some never reaching it within the year, so the grid has overdue items); a few revised with a reason; the latest
/// quarter assured by the LMNS (most accepted, some queried). The same seed gives the same declarations.
/// </summary>
public static class AssuranceGenerator
{
    private static readonly string[] Queries =
    [
        "Evidence is a plan, not an audit: send the audit results",
        "The Board minutes cited do not mention this item",
        "Training figures are for midwives only: add obstetric staff",
    ];

    /// <summary>Generates and stores the declarations; returns how many revisions were made.</summary>
    public static int Generate(Database database, string lmns, DateOnly today, int seed = 7)
    {
        var random = new Random(seed);
        var trusts = ComplianceGrid.TrustsOf(database, lmns);
        var declarer = Access.System("demo-trust-lead");
        var lmnsLead = Access.System("demo-lmns-lead");
        var last = AssuranceStore.Month(today);
        var periods = Enumerable.Range(0, 4).Select(q => last.AddMonths(-9 + 3 * q)).ToList();
        // The quarter (0-5) each trust's item is met from: 4 and 5 are beyond the year, so it is still open.
        var doneAt = new Dictionary<(string, string, string), int>();
        foreach (var framework in Frameworks.Default)
            foreach (var item in framework.Items)
                foreach (var trust in trusts)
                    doneAt[(framework.Id, item.Id, trust)] = random.Next(100) switch { < 8 => -1, < 85 => random.Next(4), _ => 4 + random.Next(2) };
        var made = 0;
        foreach (var (period, q) in periods.Select((p, q) => (p, q)))
        {
            var inputs = new List<DeclarationInput>();
            foreach (var framework in Frameworks.Default)
                foreach (var item in framework.Items)
                    foreach (var trust in trusts)
                    {
                        var at = doneAt[(framework.Id, item.Id, trust)];
                        var status = at < 0 ? Compliance.NotApplicable : q >= at ? Compliance.Met : q >= at - 1 ? Compliance.PartlyMet : Compliance.NotMet;
                        inputs.Add(new DeclarationInput(framework.Id, item.Id, trust, period, status, Evidence(item, status, period),
                            Links(framework.Id, item.Id), null));
                    }
            AssuranceStore.DeclareAll(database, declarer, inputs, "synthetic");
            made += inputs.Count;
        }
        // A few of the latest quarter's declarations revised, with the reason.
        var current = AssuranceStore.Current(database, lmnsLead).Where(d => d.Period == last).ToList();
        var revised = current.Where(_ => random.Next(100) < 4).Select(d => new DeclarationInput(d.FrameworkId, d.ItemId, d.OrgCode, d.Period,
            d.Status == Compliance.PartlyMet ? Compliance.Met : d.Status, d.Evidence + " Audit results added.", d.Links,
            "Audit completed after the declaration was made")).ToList();
        if (revised.Count > 0) AssuranceStore.DeclareAll(database, declarer, revised, "synthetic");
        foreach (var d in AssuranceStore.Current(database, lmnsLead).Where(d => d.Period == last))
        {
            var roll = random.Next(100);
            if (roll < 75) AssuranceStore.Assure(database, lmnsLead, d.Id, Review.Accepted, null);
            else if (roll < 85) AssuranceStore.Assure(database, lmnsLead, d.Id, Review.Queried, Queries[random.Next(Queries.Length)]);
        }
        return revised.Count;
    }

    private static string Evidence(FrameworkItem item, Compliance status, DateOnly period) => status switch
    {
        Compliance.Met => $"Board report {period:MMMM yyyy}: {item.Evidence} All standards evidenced.",
        Compliance.PartlyMet => $"Board report {period:MMMM yyyy}: action plan in place; {item.Evidence} Some standards outstanding.",
        Compliance.NotMet => $"Gap analysis {period:MMMM yyyy}: work not yet started on all standards.",
        _ => "The trust does not provide this service.",
    };

    private static string[] Links(string framework, string item) => (framework, item) switch
    {
        ("SBL3", "E1") => ["/indicators/SATOD", "/plan/actions/A004"],
        ("OCK", "IEA2") => ["/plan/actions/A002"],
        ("MIS6" or "MIS7", "SA2") => ["/quality", "/measures/CSF_RECORDED"],
        ("MIS6" or "MIS7", "SA7") => ["/plan/actions/A002", "/measures"],
        _ => ["/plan"],
    };
}
