using System.CommandLine;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Security;
using Maternity.Storage;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity plan measures</c>: the plan's measures of success offered as measures to track.</summary>
internal static class PlanMeasuresCommand
{
    public static Command Build(Func<Func<int>, int> guard, Func<ParseResult, Database> open)
    {
        var lmns = new Option<string?>("--lmns") { Description = "The LMNS whose plan this is (default: the only LMNS among the organisations loaded)" };
        var planName = new Option<string>("--plan") { Description = "Which of the LMNS's plans (default: equity)", DefaultValueFactory = _ => PlanStore.MainPlan };
        var output = new Option<FileInfo?>("--out")
        {
            Description = "Write a measures file: the LMNS's own measures as they are, then a draft for each measure of success that matches none; complete it and import it with maternity measures import",
        };
        var link = new Option<bool>("--link") { Description = "Name on each action the measure its words match, or its draft once defined (saved as edits, kept in the plan's history)" };
        var by = new Option<string>("--by") { Description = "Who is making the change, for the plan's history", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("measures", """
            The plan's measures of success ("How we will measure success", "Metrics for Success", "Target") offered as measures to track:
            each action's text beside the measures it names, the measure whose title shares most of its words, or a draft to define.
            --out writes the drafts as a measures file; --link names the matched (or, once imported, drafted) measures on their actions.
            """) { lmns, planName, output, link, by };
        command.SetAction(r => guard(() =>
        {
            var database = open(r);
            var code = r.GetValue(lmns) ?? PlanStore.DefaultLmns(database);
            var name = r.GetValue(planName)!;
            var plan = PlanStore.Load(database, Commands.Operator, code, plan: name);
            var measures = MeasureStore.Load(database, code);
            var offers = PlanMeasures.Offers(plan, measures);
            foreach (var o in offers)
            {
                var said = o.Linked.Count > 0 ? $"names {string.Join(", ", o.Linked)}"
                    : o.Match is { } m ? $"matches {m.Id} ({m.Title}), {o.Similarity:P0} of its words"
                    : $"no measure matches: draft {o.Draft!.Id} ({MeasureFile.UnitName(o.Draft.Unit)})";
                AnsiConsole.WriteLine($"{o.ActionId}: {o.Metric.Replace('\n', ' ')}");
                AnsiConsole.WriteLine($"    {said}");
            }
            AnsiConsole.WriteLine($"{code} {name} plan: {offers.Count} actions with a measure of success; {offers.Count(o => o.Linked.Count > 0)} name a measure, "
                + $"{offers.Count(o => o.Linked.Count == 0 && o.Match is not null)} match one, {offers.Count(o => o.Draft is not null)} to define.");
            if (r.GetValue(output) is { } file)
            {
                var drafts = PlanMeasures.WriteDrafts(measures, offers, file.FullName);
                AnsiConsole.WriteLine($"{drafts} draft measures written to {file.FullName}: complete them and run maternity measures import {file.Name}.");
            }
            if (r.GetValue(link))
            {
                var linked = PlanMeasures.Link(database, Access.System(r.GetValue(by)!), code, name);
                foreach (var (action, measure) in linked) AnsiConsole.WriteLine($"Action {action} now names {measure}.");
                AnsiConsole.WriteLine($"{linked.Count} actions linked to a measure.");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
