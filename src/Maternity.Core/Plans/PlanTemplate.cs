namespace Maternity.Plans;

/// <summary>
/// NHS England's "Equity and equality: guidance for local maternity systems" (September 2021) as a plan tree: five
/// priorities, sub-priorities 4a-4e under priority 4, and the standard interventions, worded as the published plans
/// that follow it word them. A plan starts from it and adds local "Additional intervention"s and local frameworks.
/// </summary>
public static class PlanTemplate
{
    public const string Framework = "NHSE 2021";

    public const string Title = "Equity and equality guidance for local maternity systems (NHS England, September 2021)";

    /// <summary>The guidance's two aims.</summary>
    public static readonly string[] Aims =
    [
        "Equity for mothers and babies from Black, Asian and mixed ethnic groups and those living in the most deprived areas",
        "Race equality for staff",
    ];

    private static readonly (string Priority, string? Sub, string Title, string[] Interventions)[] Tree =
    [
        ("Priority 1", null, "Restore NHS services inclusively", ["Continue to implement the Covid-19 four actions"]),
        ("Priority 2", null, "Mitigate against digital exclusion", ["Ensure personalised care and support plans (PCSPs) are available in a range of languages and formats"]),
        ("Priority 3", null, "Ensure datasets are complete and timely", ["On maternity information systems continuously improve the data quality of ethnic coding and the mother's postcode"]),
        ("Priority 4", null, "Accelerate preventative programmes that engage those at greatest risk of poor health outcomes", []),
        ("Priority 4", "4a", "Understand your population and co-produce interventions",
        [
            "Understand the local population's maternal and perinatal health needs (including the social determinants of health)",
            "Map the community assets which help address the social determinants of health",
            "Baseline assessment of maternity and neonatal staff experience by ethnicity, using WRES indicators 1 to 8",
            "Plan to co-produce interventions to improve equity for birthing people, babies and race equality for staff",
        ]),
        ("Priority 4", "4b", "Action on maternal mortality, morbidity and experience",
        [
            "Implement maternal medicine networks to help achieve equity",
            "Offer referral to the NHS Diabetes Prevention Programme to women with a past diagnosis of gestational diabetes mellitus who are not currently pregnant and do not currently have diabetes",
            "Implement NICE CG110 antenatal care for pregnant women with complex social factors",
            "Implement maternal mental health services with a focus on access by ethnicity and deprivation",
            "Ensure personalised care and support plans are available to everyone",
            "Ensure the MVPs in your LMS reflect the ethnic diversity of the local population, in line with NICE QS167",
        ]),
        ("Priority 4", "4c", "Action on perinatal mortality and morbidity",
        [
            "Implement targeted and enhanced continuity of carer, as set out in the NHS Long Term Plan",
            "Implement a smoke-free pregnancy pathway for mothers and their partners",
            "Implement an LMS breastfeeding strategy and continuously improve breastfeeding rates for women living in the most deprived areas",
            "Culturally-sensitive genetics services for consanguineous couples",
        ]),
        ("Priority 4", "4d", "Support for maternity and neonatal staff",
        [
            "Roll out multidisciplinary training about cultural competence in maternity and neonatal services",
            "When investigating serious incidents, consider the impact of culture, ethnicity and language",
            "Implement the Workforce Race Equality Standard (WRES) in maternity and neonatal services",
        ]),
        ("Priority 4", "4e", "Enablers",
        [
            "Establish community hubs in the areas with the greatest maternal and perinatal health needs",
            "Work with system partners and the VCSE sector to address the social determinants of health",
        ]),
        ("Priority 5", null, "Strengthen leadership and accountability", []),
    ];

    /// <summary>The template's nodes, in order: the framework, 5 priorities, 5 sub-priorities and 22 interventions.</summary>
    public static IReadOnlyList<PlanNode> Nodes { get; } = Build();

    /// <summary>The template node a plan's ref names, matched without regard to case or spacing.</summary>
    public static PlanNode? Find(string id) => Nodes.FirstOrDefault(n => Normalise(n.Id) == Normalise(id));

    /// <summary>The template intervention ref for sub-priority <paramref name="sub"/> (e.g. "4b") or priority <paramref name="priority"/>.</summary>
    public static string InterventionRef(string? sub, int number) => sub is null ? $"Intervention {number}" : $"{sub} Intervention {number}";

    internal static string Normalise(string text) => string.Concat(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));

    private static List<PlanNode> Build()
    {
        var nodes = new List<PlanNode> { new(Framework, null, NodeKind.Framework, Framework, Title, 0) };
        var order = 1;
        foreach (var (priority, sub, title, interventions) in Tree)
        {
            var priorityId = PlanNode.IdOf(Framework, priority);
            string parent;
            if (sub is null)
            {
                nodes.Add(new(priorityId, Framework, NodeKind.Priority, priority, title, order++));
                parent = priorityId;
            }
            else
            {
                parent = PlanNode.IdOf(priorityId, sub);
                nodes.Add(new(parent, priorityId, NodeKind.SubPriority, sub, title, order++));
            }
            for (var i = 0; i < interventions.Length; i++)
            {
                var reference = InterventionRef(sub, i + 1);
                nodes.Add(new(PlanNode.IdOf(parent, reference), parent, NodeKind.Intervention, reference, interventions[i], order++));
            }
        }
        return nodes;
    }
}
