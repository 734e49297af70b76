using System.Globalization;
using Maternity.Indicators;
using Maternity.Plans;

namespace Maternity.Synthetic;

/// <summary>
/// A synthetic equity and equality plan for demos and tests: the NHS England 2021 tree with local additional
/// interventions, a local objective framework, a data-gap register, and actions using every field (lists, month and
/// day dates, revised target dates, dated updates with evidence, text with commas, quotes, line breaks, leading
/// "-" and "=" and non-ASCII letters). The same seed gives the same plan.
/// </summary>
public static class PlanGenerator
{
    private static readonly string[] Leads = ["DoMs", "Clinical Leads", "Digital Midwives", "Data Analyst", "Governance Leads", "Safety Champions", "Public Health", "LMNS Team", "Trust Informatics Teams", "MNVP Chair", "Equity Lead Midwife"];
    private static readonly string[] Orgs = ["LMNS", "X1A", "X1B", "X1C", "X1D"];
    private static readonly string[] Groups = ["Black, Asian and mixed ethnic groups", "Most deprived 20% (IMD deciles 1-2)", "Under 20s", "Women needing an interpreter", "Women with complex social factors"];
    private static readonly Dictionary<string, string[]> GroupTargets = new()
    {
        [Groups[0]] = ["EthnicGroup:Black", "EthnicGroup:Asian", "EthnicGroup:Mixed"], [Groups[1]] = ["ImdQuintile:1"], [Groups[2]] = ["AgeBand:Under 20"],
    };
    private static readonly string[] Verbs = ["Review", "Implement", "Audit", "Co-produce", "Extend", "Train staff in", "Publish", "Embed", "Evaluate", "Procure"];
    private static readonly string[] Objects = ["the PCSP in community languages", "ethnicity recording at booking", "postcode capture on the EPR", "the smoke-free pregnancy pathway", "continuity of carer teams in deprived areas", "cultural-competence training", "MNVP outreach sessions", "vitamin D advice at booking", "the interpreter booking process", "SI reviews for culture, ethnicity and language"];

    public static Plan Generate(string lmns, int actions = 100, int seed = 1, DateOnly? today = null)
    {
        var now = today ?? new DateOnly(2024, 6, 30);
        var random = new Random(seed);
        var nodes = PlanTemplate.Nodes.ToList();
        var sub4b = PlanNode.IdOf(PlanNode.IdOf(PlanTemplate.Framework, "Priority 4"), "4b");
        nodes.Insert(nodes.FindIndex(n => n.Id == PlanNode.IdOf(sub4b, "4b Intervention 6")) + 1,
            new PlanNode(PlanNode.IdOf(sub4b, "4b Additional intervention"), sub4b, NodeKind.Intervention, "4b Additional intervention", "Establish a perinatal pelvic health service", 0));
        const string local = "Local objectives";
        nodes.Add(new PlanNode(local, null, NodeKind.Framework, local, "Local objectives: what we will achieve in five years", 0));
        for (var o = 1; o <= 3; o++)
            nodes.Add(new PlanNode(PlanNode.IdOf(local, $"Objective {o}"), local, NodeKind.Priority, $"Objective {o}", o switch
            {
                1 => "Enhance maternity engagement and access in the community",
                2 => "Listen to marginalised groups and act",
                _ => "Improve data collection",
            }, 0));
        nodes = [.. nodes.Select((n, i) => n with { Order = i })];
        var parents = nodes.Where(n => n.ParentId is not null).Select(n => n.ParentId!).ToHashSet();
        var homes = nodes.Where(n => !parents.Contains(n.Id) && n.Kind != NodeKind.Framework).ToList();

        var gaps = new List<DataGap>
        {
            new("G1", "Ethnicity of MVP meeting attendees not recorded", "MNVP Chair", PlanDate.Month(2024, 9), false, null, 0),
            new("G2", "PCSP data not available by postcode", "Digital Midwives", PlanDate.Day(new DateOnly(2025, 3, 31)), false, "Supplier change needed, \"phase 2\"", 1),
            new("G3", "WRES data not broken down to maternity and neonatal staff groups", "LMNS Team", null, true, null, 2),
        };

        var list = new List<PlanAction>();
        var indicators = Catalogue.Definitions.Select(d => d.Id).ToArray();
        for (var i = 0; i < actions; i++)
        {
            var home = homes[i % homes.Count];
            var fyStart = FinancialQuarter.Of(now).Year - 2 + random.Next(4);
            var start = new FinancialQuarter(fyStart, 1 + random.Next(4));
            var end = start;
            for (var k = random.Next(6); k > 0; k--) end = end.Next;
            var target = random.Next(3) == 0 ? PlanDate.Month(end.End.Year, end.End.Month) : PlanDate.Day(end.End.AddDays(-random.Next(20)));
            var status = (ActionStatus)random.Next(Enum.GetValues<ActionStatus>().Length);
            var verb = Verbs[random.Next(Verbs.Length)];
            var obj = Objects[random.Next(Objects.Length)];
            var also = random.Next(8) == 0 ? new[] { homes[(i + 7) % homes.Count].Id }.Where(x => x != home.Id) : [];
            var changes = new List<PlanAction.TargetChange>();
            if (random.Next(4) == 0)
            {
                var earlier = PlanDate.Day(target.Date.AddMonths(-3));
                changes.Add(new(now.AddDays(-random.Next(400)), "LMNS Team", earlier, target, "Waiting for the supplier's EPR release; agreed at LMNS Board"));
            }
            var updates = new List<PlanAction.Update>();
            for (var u = random.Next(4); u > 0; u--)
            {
                var evidence = random.Next(2) == 0 ? "Minutes of the equity group, item 4" : null;
                var files = random.Next(5) == 0 ? new List<PlanAction.EvidenceFile> { new("audit-results.pdf", Convert.ToHexStringLower(BitConverter.GetBytes((long)i * 31 + u).Concat(new byte[24]).ToArray())) } : [];
                updates.Add(new(now.AddDays(-random.Next(200)), Leads[random.Next(Leads.Length)], $"Progress {u}: {verb.ToLowerInvariant()} on plan; 3 of 4 sites done, \"good\" feedback.\n- next: report to Board", evidence, files));
            }
            updates = [.. updates.OrderBy(u => u.Date)];
            if (random.Next(10) == 0) updates.Insert(0, new(null, null, "Carried over from the 2022 plan: =see appendix", null, []));
            var action = new PlanAction(
                string.Create(CultureInfo.InvariantCulture, $"A{i + 1:000}"),
                [home.Id, .. also],
                $"{verb} {obj}" + (i % 9 == 0 ? " (Zoë's proposal, phase 2)" : ""),
                random.Next(3) == 0 ? null : $"To educate clinical staff, so these fields are completed.\nSecond line: {obj}, \"as agreed\".",
                [.. Enumerable.Range(0, random.Next(3)).Select(m => new PlanAction.Milestone($"Milestone {m + 1} of {verb.ToLowerInvariant()}",
                    m == 0 ? PlanDate.Month(start.End.Year, start.End.Month) : null, m == 0 && random.Next(2) == 0 ? start.End.AddDays(-3) : null))],
                [.. Leads.OrderBy(_ => random.Next()).Take(1 + random.Next(3))],
                [.. Orgs.OrderBy(_ => random.Next()).Take(1 + random.Next(2))],
                FinancialQuarter.FinancialYearText(fyStart),
                random.Next(4) == 0 ? null : (Horizon)random.Next(3),
                random.Next(6) == 0 ? null : start,
                random.Next(6) == 0 ? null : end,
                random.Next(10) == 0 ? null : target,
                changes,
                status,
                status is ActionStatus.AtRisk or ActionStatus.Delayed ? "Waiting for funding; escalated" : null,
                random.Next(2) == 0 ? "- % of women with a PCSP\n- MNVP membership reflects the population" : null,
                [.. indicators.OrderBy(_ => random.Next()).Take(random.Next(3))],
                [.. Groups.OrderBy(_ => random.Next()).Take(random.Next(3))],
                updates,
                random.Next(6) == 0 ? [gaps[random.Next(gaps.Count)].Id] : [],
                i);
            // Every third action with indicators names its target groups explicitly (decided without drawing from the
            // random sequence, so a seed gives the same plan as before otherwise).
            list.Add(i % 3 == 1 && action.Indicators.Count > 0 ? action with { TargetGroups = Targets(action.Groups) } : action);
        }
        return new Plan(lmns, nodes, list, gaps, new Dictionary<string, Plan.Stamp>());
    }

    /// <summary>
    /// The target groups (<see cref="TargetGroups"/> codes, in its order) that an action's "Groups that will benefit most"
    /// mean: the ethnic groups, the most deprived fifth, women under 20; the priority cohort when its words name none of them.
    /// </summary>
    private static IReadOnlyList<string> Targets(IReadOnlyList<string> groups)
    {
        var codes = groups.SelectMany(g => GroupTargets.TryGetValue(g, out var c) ? c : []).ToHashSet();
        if (codes.Count == 0) codes.Add("PriorityCohort");
        return [.. TargetGroups.All.Select(g => g.Code).Where(codes.Contains)];
    }
}
