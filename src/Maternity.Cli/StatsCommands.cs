using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maternity.Statistics;
using Spectre.Console;

namespace Maternity.Cli;

/// <summary><c>maternity stats</c>: the statistics engine on its own, arguments or a CSV/JSON file in, a table or JSON out.</summary>
internal static class StatsCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly Option<FileInfo?> FileOption = new("--file") { Description = "CSV (with a header row) or JSON (an array of objects) of inputs" };
    private static readonly Option<string> FormatOption = new("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
    private static readonly Option<double> LevelOption = new("--level") { Description = "Confidence level, e.g. 0.95 or 0.998", DefaultValueFactory = _ => 0.95 };

    public static Command Build(Func<Func<int>, int> guard)
    {
        var stats = new Command("stats", "The statistics engine on its own: intervals, means, standardised rates, comparisons, inequality gradients, trends, funnel plots, SPC and rare-event charts (Poisson CUSUM, VLAD, g and t charts). See docs/statistics.md.");
        stats.Subcommands.Add(Proportion(guard));
        stats.Subcommands.Add(Rate(guard));
        stats.Subcommands.Add(MeanCommand(guard));
        stats.Subcommands.Add(Dsr(guard));
        stats.Subcommands.Add(Isr(guard));
        stats.Subcommands.Add(TrendCommand(guard));
        stats.Subcommands.Add(Compare(guard));
        stats.Subcommands.Add(Sii(guard));
        stats.Subcommands.Add(FunnelCommand(guard));
        stats.Subcommands.Add(SpcCommand(guard));
        stats.Subcommands.Add(CusumCommand(guard));
        stats.Subcommands.Add(ArlCommand(guard));
        stats.Subcommands.Add(VladCommand(guard));
        stats.Subcommands.Add(GChartCommand(guard));
        stats.Subcommands.Add(TChartCommand(guard));
        return stats;
    }

    private static Command Proportion(Func<Func<int>, int> guard)
    {
        var x = new Option<double?>("--x") { Description = "Numerator" };
        var n = new Option<double?>("--n") { Description = "Denominator" };
        var multiplier = new Option<double>("--multiplier") { Description = "1 for a proportion, 100 for a percentage", DefaultValueFactory = _ => 100 };
        var exact = new Option<bool>("--exact") { Description = "Clopper-Pearson exact interval instead of Wilson" };
        var command = new Command("proportion", "Proportion with its Wilson score (or exact) interval. File columns: id (optional), numerator, denominator.")
        {
            x, n, multiplier, exact, LevelOption, FileOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var rows = Inputs(r, x, n).Select(i => new
            {
                i.Id, Numerator = i.X, Denominator = i.N,
                Interval = r.GetValue(exact) ? Statistics.Proportion.ClopperPearson(i.X, i.N, r.GetValue(LevelOption), r.GetValue(multiplier)) : Statistics.Proportion.Wilson(i.X, i.N, r.GetValue(LevelOption), r.GetValue(multiplier)),
            }).ToList();
            return Write(r, rows, ["Id", "Numerator", "Denominator", "Value", "Lower", "Upper", "Method"],
                o => [o.Id, F(o.Numerator), F(o.Denominator), F(o.Interval.Value), F(o.Interval.Lower), F(o.Interval.Upper), o.Interval.Method]);
        }));
        return command;
    }

    private static Command Rate(Func<Func<int>, int> guard)
    {
        var x = new Option<double?>("--x") { Description = "Events" };
        var n = new Option<double?>("--n") { Description = "Denominator (births, population)" };
        var multiplier = new Option<double>("--multiplier") { Description = "Per 1,000 by default", DefaultValueFactory = _ => 1000 };
        var exact = new Option<bool>("--exact") { Description = "Exact Poisson interval at any count (R poisson.test) instead of Byar's from 10 events" };
        var command = new Command("rate", "Rate with Byar's interval (exact Poisson below 10 events, or always with --exact). File columns: id (optional), numerator, denominator.")
        {
            x, n, multiplier, exact, LevelOption, FileOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var level = r.GetValue(LevelOption);
            var rows = Inputs(r, x, n).Select(i => new
            {
                i.Id, Numerator = i.X, Denominator = i.N,
                Interval = r.GetValue(exact) ? Statistics.Rate.Exact(i.X, i.N, level, r.GetValue(multiplier)) : Statistics.Rate.Interval(i.X, i.N, level, r.GetValue(multiplier)),
            }).ToList();
            return Write(r, rows, ["Id", "Numerator", "Denominator", "Value", "Lower", "Upper", "Method"],
                o => [o.Id, F(o.Numerator), F(o.Denominator), F(o.Interval.Value), F(o.Interval.Lower), F(o.Interval.Upper), o.Interval.Method]);
        }));
        return command;
    }

    private static Command Compare(Func<Func<int>, int> guard)
    {
        var a = new Option<double?>("--a") { Description = "Events in the group" };
        var n1 = new Option<double?>("--n1") { Description = "Denominator of the group" };
        var c = new Option<double?>("--c") { Description = "Events in the reference group" };
        var n2 = new Option<double?>("--n2") { Description = "Denominator of the reference group" };
        var kind = new Option<string>("--kind") { Description = "proportion (risk ratio, Newcombe difference) or rate (rate ratio, rate difference)", DefaultValueFactory = _ => "proportion" };
        var multiplier = new Option<double>("--multiplier") { Description = "Scale of the difference (100 for percentage points, 1,000 per 1,000)", DefaultValueFactory = _ => 100 };
        var command = new Command("compare", "A group against a reference group: ratio and difference with intervals. File columns: id, a, n1, c, n2.")
        {
            a, n1, c, n2, kind, multiplier, LevelOption, FileOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var rate = r.GetValue(kind) switch
            {
                "rate" => true,
                "proportion" => false,
                var k => throw new InvalidDataException($"--kind '{k}' is not proportion or rate"),
            };
            var level = r.GetValue(LevelOption);
            var inputs = r.GetValue(FileOption) is { } file
                ? StatsInput.Read(file.FullName).Select(i => (Id: i.Text("id") ?? i.Row.ToString(Inv), A: i.Number("a"), N1: i.Number("n1"), C: i.Number("c"), N2: i.Number("n2"))).ToList()
                : [("1", Required(r, a), Required(r, n1), Required(r, c), Required(r, n2))];
            var rows = inputs.Select(i => new
            {
                i.Id, i.A, i.N1, i.C, i.N2,
                Ratio = rate ? Comparison.RateRatio(i.A, i.N1, i.C, i.N2, level) : Comparison.RiskRatio(i.A, i.N1, i.C, i.N2, level),
                Difference = rate ? Comparison.RateDifference(i.A, i.N1, i.C, i.N2, level, r.GetValue(multiplier)) : Comparison.ProportionDifference(i.A, i.N1, i.C, i.N2, level, r.GetValue(multiplier)),
            }).ToList();
            return Write(r, rows, ["Id", "Ratio", "Ratio CI", "Difference", "Difference CI"],
                o => [o.Id, F(o.Ratio.Value), $"{F(o.Ratio.Lower)} to {F(o.Ratio.Upper)}", F(o.Difference.Value), $"{F(o.Difference.Lower)} to {F(o.Difference.Upper)}"]);
        }));
        return command;
    }

    private static Command Sii(Func<Func<int>, int> guard)
    {
        var repetitions = new Option<int>("--repetitions") { Description = "Simulations for the confidence limits", DefaultValueFactory = _ => 100_000 };
        var command = new Command("sii", "Slope and relative index of inequality across deprivation quantiles. File columns: quantile (1 = most deprived), value, population, lower, upper (the value's confidence limits at --level).")
        {
            FileOption, repetitions, LevelOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var file = r.GetValue(FileOption) ?? throw new InvalidDataException("--file is required: one row per quantile");
            var quantiles = StatsInput.Read(file.FullName).Select(i => new Inequality.Quantile((int)i.Number("quantile"), i.Number("value"), i.Number("population"), i.Number("lower"), i.Number("upper"))).ToList();
            var result = Inequality.SlopeIndex(quantiles, r.GetValue(LevelOption), r.GetValue(LevelOption), r.GetValue(repetitions));
            return Write(r, new[] { result }, ["Measure", "Value", "Lower", "Upper"],
                o => ["SII", F(o.Sii.Value), F(o.Sii.Lower), F(o.Sii.Upper)],
                o => ["RII", F(o.Rii.Value), F(o.Rii.Lower), F(o.Rii.Upper)]);
        }));
        return command;
    }

    private static Command FunnelCommand(Func<Func<int>, int> guard)
    {
        var kind = new Option<string>("--kind")
        {
            Description = "proportion (columns numerator, denominator), rate (numerator, denominator), ratio (observed, expected: an indirectly standardised ratio against 1) or dsr (numerator, rate: directly standardised rates; fewer than 10 events is not applicable)",
            DefaultValueFactory = _ => "proportion",
        };
        var method = new Option<string>("--method") { Description = "For proportions: wilson (public-health limits) or exact (binomial)", DefaultValueFactory = _ => "wilson" };
        var target = new Option<double?>("--target") { Description = "Target in the plot's unit; default the overall value (ratios: always 1 × multiplier)" };
        var multiplier = new Option<double?>("--multiplier") { Description = "Scale of the values: default 100 (percentage) for proportions, 1,000 for rates, 1 for ratios (100 for the SMR convention), 100,000 for DSRs" };
        var overdispersion = new Option<bool>("--overdispersion") { Description = "Also show Spiegelhalter's overdispersion-adjusted limits and flags (arcsine scale for proportions, log scale for rates, ratios and DSRs)" };
        var command = new Command("funnel", "Funnel plot limits at 95% and 99.8% and the flag of each unit, as PHEindicatormethods. File columns: id, then those of --kind.")
        {
            FileOption, kind, method, target, multiplier, overdispersion, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var file = r.GetValue(FileOption) ?? throw new InvalidDataException("--file is required: one row per unit");
            var rows = StatsInput.Read(file.FullName).ToList();
            string Id(StatsInput i) => i.Text("id") ?? i.Row.ToString(Inv);
            List<FunnelUnit> Units(string events, string denominator) => [.. rows.Select(i => new FunnelUnit(Id(i), i.Number(events), i.Number(denominator)))];
            var result = r.GetValue(kind) switch
            {
                "proportion" => Funnel.Proportions(Units("numerator", "denominator"), r.GetValue(method) == "exact" ? FunnelMethod.ExactBinomial : FunnelMethod.Wilson, r.GetValue(target), r.GetValue(overdispersion), r.GetValue(multiplier) ?? 100),
                "rate" => Funnel.Rates(Units("numerator", "denominator"), r.GetValue(target), r.GetValue(overdispersion), r.GetValue(multiplier) ?? 1000),
                "ratio" => r.GetValue(target) is null
                    ? Funnel.Ratios(Units("observed", "expected"), r.GetValue(overdispersion), r.GetValue(multiplier) ?? 1)
                    : throw new InvalidDataException("--target does not apply to ratios: their target is 1 (× --multiplier)"),
                "dsr" => Funnel.Dsrs([.. rows.Select(i => new FunnelRateUnit(Id(i), i.Number("numerator"), i.OptionalNumber("rate") ?? double.NaN))], r.GetValue(target), r.GetValue(overdispersion), r.GetValue(multiplier) ?? 100_000),
                var k => throw new InvalidDataException($"--kind '{k}' is not proportion, rate, ratio or dsr"),
            };
            if (r.GetValue(FormatOption) == "json") return Emit(result);
            AnsiConsole.WriteLine($"Target {F(result.Target)}{(result.Tau2 is { } t ? $"; overdispersion phi {F(result.Phi!.Value)}, tau^2 {F(t)}" : "")}");
            return Write(r, result.Units, ["Id", "Value", "Denominator", "95% limits", "99.8% limits", "Flag", "Adjusted flag"],
                u => [u.Id, F(u.Value), F(u.Denominator), $"{F(u.Limits.Lower95)} to {F(u.Limits.Upper95)}", $"{F(u.Limits.Lower998)} to {F(u.Limits.Upper998)}", u.Significance, u.AdjustedSignificance ?? ""]);
        }));
        return command;
    }

    private static Command SpcCommand(Func<Func<int>, int> guard)
    {
        var chart = new Option<string>("--chart") { Description = "xmr (column value), p or pprime (columns numerator, denominator)", DefaultValueFactory = _ => "xmr" };
        var multiplier = new Option<double>("--multiplier") { Description = "Scale of p and pprime charts (100 for percentages)", DefaultValueFactory = _ => 100 };
        var spc = new SpcArguments("increase");
        var command = new Command("spc", "Statistical process control as Making Data Count uses it: limits, special-cause rules, variation and assurance icons.")
        {
            FileOption, chart, multiplier, FormatOption,
        };
        spc.AddTo(command);
        command.SetAction(r => guard(() =>
        {
            var file = r.GetValue(FileOption) ?? throw new InvalidDataException("--file is required: one row per period, in order");
            var options = spc.Options(r);
            var inputs = StatsInput.Read(file.FullName).ToList();
            var result = r.GetValue(chart) switch
            {
                "xmr" => Spc.XmR([.. inputs.Select(i => i.Number("value"))], options),
                "p" or "pprime" => Spc.PChart([.. inputs.Select(i => (long)i.Number("numerator"))], [.. inputs.Select(i => (long)i.Number("denominator"))], r.GetValue(chart) == "pprime", options, r.GetValue(multiplier)),
                var c => throw new InvalidDataException($"--chart '{c}' is not xmr, p or pprime"),
            };
            return WriteSpc(r, result, options);
        }));
        return command;
    }

    private static int WriteSpc(ParseResult r, SpcResult result, SpcOptions options)
    {
        if (r.GetValue(FormatOption) == "json") return Emit(result);
        AnsiConsole.WriteLine($"Variation: {result.Variation}; assurance: {result.Assurance}{(result.TrialLimits ? $"; trial limits (fewer than {options.MinimumPoints} points)" : "")}");
        return Write(r, result.Points, ["Point", "Value", "Mean", "Lower", "Upper", "Rule", "Type"],
            p => [(p.Index + 1).ToString(Inv), F(p.Value), F(p.Mean), F(p.Lower), F(p.Upper), p.Rule == SpcRule.None ? "" : p.Rule.ToString(), p.Type.ToString()]);
    }

    /// <summary>The engine's <see cref="SpcOptions"/> as options, shared by <c>stats spc</c> and <c>stats tchart</c>.</summary>
    private sealed class SpcArguments(string defaultDirection)
    {
        private readonly Option<string> _direction = new("--direction") { Description = "increase, decrease or neutral: which way is better", DefaultValueFactory = _ => defaultDirection };
        private readonly Option<double?> _target = new("--target") { Description = "Target, for the assurance icon" };
        private readonly Option<int> _runLength = new("--run-length") { Description = "Points that make a shift or a trend (6 or 7)", DefaultValueFactory = _ => 7 };
        private readonly Option<string?> _rebase = new("--rebase") { Description = "Comma-separated 1-based points at which limits are recalculated, e.g. 13,25" };
        private readonly Option<int?> _trendLength = new("--trend-length") { Description = "Points that make a trend, if not the same as --run-length (6 or 7)" };
        private readonly Option<bool> _plotTheDots = new("--plotthedots") { Description = "Count only points between the 2 and 3 sigma lines towards 2 of 3, as NHSRplotthedots 0.2 does (before MDC's 2023 change)" };
        private readonly Option<bool> _noScreening = new("--no-screening") { Description = "Keep every moving range: no screening of those of 3.267 x the mean moving range or more" };
        private readonly Option<int?> _fixAfter = new("--fix-after") { Description = "Compute each segment's mean and limits from its first N points only (a baseline)" };
        private readonly Option<int> _minimumPoints = new("--minimum-points") { Description = "Segments shorter than this have trial limits", DefaultValueFactory = _ => 13 };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _direction, _target, _runLength, _trendLength, _rebase, _plotTheDots, _noScreening, _fixAfter, _minimumPoints })
                command.Options.Add(option);
        }

        public SpcOptions Options(ParseResult r) => new(
            r.GetValue(_direction) switch
            {
                "increase" => ImprovementDirection.Increase,
                "decrease" => ImprovementDirection.Decrease,
                "neutral" => ImprovementDirection.Neutral,
                var d => throw new InvalidDataException($"--direction '{d}' is not increase, decrease or neutral"),
            },
            r.GetValue(_runLength), r.GetValue(_trendLength) ?? r.GetValue(_runLength),
            ScreenOutliers: !r.GetValue(_noScreening),
            TwoOfThreeCountsBeyondLimits: !r.GetValue(_plotTheDots),
            FixAfterPoints: r.GetValue(_fixAfter) is { } k ? k > 0 ? k : throw new InvalidDataException($"--fix-after {k}: needs a number of points above 0") : null,
            Rebase: r.GetValue(_rebase)?.Split(',').Select(s => int.TryParse(s, NumberStyles.None, Inv, out var v) && v > 0 ? v - 1 : throw new InvalidDataException($"--rebase: '{s}' is not a point number")).ToList(),
            MinimumPoints: r.GetValue(_minimumPoints),
            Target: r.GetValue(_target));
    }

    private static Command MeanCommand(Func<Func<int>, int> guard)
    {
        var values = new Option<string?>("--values") { Description = "Comma-separated values, e.g. 3.2,4.1,3.8 (or give --file)" };
        var command = new Command("mean", "Mean with Student's t interval (as PHEindicatormethods phe_mean). File columns: value, and group (optional: one mean per group, in order of first appearance).")
        {
            values, LevelOption, FileOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var groups = r.GetValue(FileOption) is { } file
                ? StatsInput.Read(file.FullName).Select(i => (Group: i.Text("group") ?? "all", Value: i.Number("value"))).ToList()
                : [.. (r.GetValue(values) ?? throw new InvalidDataException("--values or --file is required")).Split(',')
                    .Select(v => ("all", double.TryParse(v, NumberStyles.Float, Inv, out var d) && double.IsFinite(d) ? d : throw new InvalidDataException($"--values: '{v}' is not a number")))];
            var rows = groups.GroupBy(g => g.Group).Select(g => new { Group = g.Key, Mean = Statistics.Mean.Student(g.Select(v => v.Value), r.GetValue(LevelOption)) }).ToList();
            return Write(r, rows, ["Group", "Count", "Mean", "SD", "Lower", "Upper", "Method"],
                o => [o.Group, o.Mean.Count.ToString(Inv), F(o.Mean.Interval.Value), F(o.Mean.StandardDeviation), F(o.Mean.Interval.Lower), F(o.Mean.Interval.Upper), o.Mean.Interval.Method]);
        }));
        return command;
    }

    private static Command Dsr(Func<Func<int>, int> guard)
    {
        var multiplier = new Option<double>("--multiplier") { Description = "Per 100,000 by default", DefaultValueFactory = _ => 100_000 };
        var command = new Command("dsr", "Directly standardised rate with Dobson's interval (as PHEindicatormethods calculate_dsr); not calculated below 10 events. File columns, one row per band: group (optional), count, population, standard (the standard population; without it the 19 bands 0-4 ... 90+ of the 2013 European Standard Population, in that order).")
        {
            multiplier, LevelOption, FileOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var file = r.GetValue(FileOption) ?? throw new InvalidDataException("--file is required: one row per band");
            var rows = StatsInput.Read(file.FullName).GroupBy(i => i.Text("group") ?? "all").Select(g =>
            {
                var bands = g.ToList();
                if (bands.Any(b => b.Text("standard") is null) && bands.Count != Standardisation.Esp2013.Count)
                    throw new InvalidDataException($"{file.Name}, group '{g.Key}': without a 'standard' column each group needs the {Standardisation.Esp2013.Count} bands of the 2013 European Standard Population (0-4 ... 90+), it has {bands.Count}");
                var result = Standardisation.DirectRate([.. bands.Select((b, i) => new Standardisation.Band(b.OptionalNumber("count") ?? 0, b.Number("population"), b.OptionalNumber("standard") ?? Standardisation.Esp2013[i]))],
                    r.GetValue(LevelOption), r.GetValue(multiplier));
                return new { Group = g.Key, result.Observed, result.Population, result.Interval };
            }).ToList();
            return Write(r, rows, ["Group", "Events", "Population", "DSR", "Lower", "Upper", "Method"],
                o => [o.Group, F(o.Observed), F(o.Population), F(o.Interval.Value), F(o.Interval.Lower), F(o.Interval.Upper), o.Interval.Method]);
        }));
        return command;
    }

    private static Command Isr(Func<Func<int>, int> guard)
    {
        var statistic = new Option<string>("--statistic") { Description = "ratio (observed/expected) or rate (the ratio x the reference population's crude rate)", DefaultValueFactory = _ => "ratio" };
        var multiplier = new Option<double?>("--multiplier") { Description = "Ratios: 1 by default (100 for the SMR convention); rates: per 100,000 by default" };
        var command = new Command("isr", "Indirectly standardised ratio or rate with exact (below 10 events) or Byar's interval (as PHEindicatormethods calculate_ISRatio, calculate_ISRate). File columns, one row per band: group (optional), count, population, refcount, refpopulation.")
        {
            statistic, multiplier, LevelOption, FileOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var file = r.GetValue(FileOption) ?? throw new InvalidDataException("--file is required: one row per band");
            var rate = r.GetValue(statistic) switch
            {
                "ratio" => false,
                "rate" => true,
                var k => throw new InvalidDataException($"--statistic '{k}' is not ratio or rate"),
            };
            var rows = StatsInput.Read(file.FullName).GroupBy(i => i.Text("group") ?? "all").Select(g =>
            {
                List<Standardisation.ReferenceBand> bands = [.. g.Select(b => new Standardisation.ReferenceBand(b.OptionalNumber("count") ?? 0, b.OptionalNumber("population") ?? 0, b.OptionalNumber("refcount") ?? 0, b.Number("refpopulation")))];
                var result = rate
                    ? Standardisation.IndirectRate(bands, r.GetValue(LevelOption), r.GetValue(multiplier) ?? 100_000)
                    : Standardisation.IndirectRatio(bands, r.GetValue(LevelOption), r.GetValue(multiplier) ?? 1);
                return new { Group = g.Key, result.Observed, result.Expected, result.Interval };
            }).ToList();
            return Write(r, rows, ["Group", "Observed", "Expected", rate ? "ISRate" : "ISR", "Lower", "Upper", "Method"],
                o => [o.Group, F(o.Observed), F(o.Expected), F(o.Interval.Value), F(o.Interval.Lower), F(o.Interval.Upper), o.Interval.Method]);
        }));
        return command;
    }

    private static Command TrendCommand(Func<Func<int>, int> guard)
    {
        var level = new Option<double>("--level") { Description = "Significance level of the label (0.999: the public-health trend markers' 99.9%)", DefaultValueFactory = _ => 0.999 };
        var command = new Command("trend", "Chi-squared test for trend in proportions (as base R prop.trend.test): increasing, decreasing or no significant change. File columns, one row per period in time order: numerator, denominator, score (optional; default 1, 2, ...).")
        {
            FileOption, level, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var file = r.GetValue(FileOption) ?? throw new InvalidDataException("--file is required: one row per period, in order");
            var rows = StatsInput.Read(file.FullName).ToList();
            var scores = rows.All(i => i.Text("score") is null) ? null : rows.Select(i => i.Number("score")).ToList();
            var result = Statistics.Trend.Proportions([.. rows.Select(i => i.Number("numerator"))], [.. rows.Select(i => i.Number("denominator"))], scores, r.GetValue(level));
            var output = new { result.ChiSquared, result.PValue, result.Slope, result.Direction, Label = Statistics.Trend.Label(result.Direction) };
            if (r.GetValue(FormatOption) == "json") return Emit(output);
            return Write(r, new[] { output }, ["Chi-squared", "p-value", "Slope", "Trend"],
                o => [F(o.ChiSquared), F(o.PValue), F(o.Slope), o.Label]);
        }));
        return command;
    }

    private static Command CusumCommand(Func<Func<int>, int> guard)
    {
        var ratio = new Option<double>("--ratio") { Description = "Out-of-control mean as a multiple of the expected (MOSS: 2, a doubling); sets each period's reference value k = (ratio - 1) x expected / ln(ratio)", DefaultValueFactory = _ => 2 };
        var h1 = new Option<double?>("--h1") { Description = "Level 1 decision interval; default: the h whose in-control average run length reaches --arl1 at the mean expected count" };
        var h2 = new Option<double?>("--h2") { Description = "Level 2 decision interval (the CUSUM resets to 0 after a level 2 signal); default: from --arl2" };
        var arl1 = new Option<double>("--arl1") { Description = "Target in-control average run length, in periods, for level 1 (MOSS: 20)", DefaultValueFactory = _ => 20 };
        var arl2 = new Option<double>("--arl2") { Description = "Target in-control average run length, in periods, for level 2 (MOSS: 100)", DefaultValueFactory = _ => 100 };
        var command = new Command("cusum", "Upper Poisson CUSUM of rare events as NHS England's MOSS runs it: the statistic S and the signal (0, 1 or 2) of each period. File columns, one row per period in time order: observed, expected, period (optional label).")
        {
            FileOption, ratio, h1, h2, arl1, arl2, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var rows = Periods(r);
            var ratioValue = r.GetValue(ratio) is > 1 and var v ? v : throw new InvalidDataException("--ratio must be above 1");
            var mu0 = rows.Count == 0 ? 0 : rows.Average(p => p.Expected);
            double Decision(Option<double?> given, Option<double> arl) => r.GetValue(given) ?? (mu0 > 0
                ? RareEvents.DecisionInterval(mu0, r.GetValue(arl), ratioValue)
                : throw new InvalidDataException($"{given.Name} is required when the mean expected count is 0"));
            var (level1, level2) = (Decision(h1, arl1), Decision(h2, arl2));
            var k = RareEvents.ReferenceValue(mu0, ratioValue);
            var points = RareEvents.PoissonCusum([.. rows.Select(p => p.Observed)], [.. rows.Select(p => p.Expected)], level1, level2, ratioValue);
            var result = new
            {
                Ratio = ratioValue, MeanExpected = mu0, H1 = level1, H2 = level2,
                Arl1 = mu0 > 0 ? RareEvents.AverageRunLength(mu0, k, level1) : double.NaN,
                Arl2 = mu0 > 0 ? RareEvents.AverageRunLength(mu0, k, level2) : double.NaN,
                Points = points.Select(p => new { Period = rows[p.Index].Label, p.Index, p.Observed, p.Expected, p.K, p.S, p.Signal }).ToList(),
            };
            if (r.GetValue(FormatOption) == "json") return Emit(result);
            AnsiConsole.WriteLine($"h1 {F(result.H1)} (in-control ARL {F(result.Arl1)}), h2 {F(result.H2)} (in-control ARL {F(result.Arl2)}) at the mean expected {F(mu0)} per period");
            return Write(r, result.Points, ["Period", "Observed", "Expected", "k", "S", "Signal"],
                p => [p.Period, F(p.Observed), F(p.Expected), F(p.K), F(p.S), p.Signal == 0 ? "" : $"Level {p.Signal}"]);
        }));
        return command;
    }

    private static Command ArlCommand(Func<Func<int>, int> guard)
    {
        var mu0 = new Option<double?>("--mu0") { Description = "In-control (expected) events per period" };
        var ratio = new Option<double>("--ratio") { Description = "Out-of-control mean as a multiple of mu0, which sets k = (ratio - 1) x mu0 / ln(ratio)", DefaultValueFactory = _ => 2 };
        var k = new Option<double?>("--k") { Description = "Reference value, instead of the one --ratio gives (with --h only)" };
        var h = new Option<double?>("--h") { Description = "Decision interval: print its in-control average run length" };
        var arl = new Option<double?>("--arl") { Description = "Target in-control average run length: print the decision interval that first reaches it" };
        var command = new Command("arl", "Design of an upper Poisson CUSUM: the in-control average run length of a decision interval h, or the h for a target run length (Markov chain of Brook and Evans on a 1/20 grid, k and h rounded to it).")
        {
            mu0, ratio, k, h, arl, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var mean = r.GetValue(mu0) is > 0 and var m ? m : throw new InvalidDataException("--mu0 is required and must be above 0");
            var ratioValue = r.GetValue(ratio) is > 1 and var v ? v : throw new InvalidDataException("--ratio must be above 1");
            var (hValue, arlValue) = (r.GetValue(h), r.GetValue(arl));
            if ((hValue is null) == (arlValue is null)) throw new InvalidDataException("give one of --h or --arl");
            if (arlValue is not null && r.GetValue(k) is not null) throw new InvalidDataException("--k applies with --h only: with --arl, k comes from --ratio");
            var reference = r.GetValue(k) ?? RareEvents.ReferenceValue(mean, ratioValue);
            var interval = hValue ?? RareEvents.DecisionInterval(mean, arlValue!.Value, ratioValue);
            var result = new { Mu0 = mean, K = reference, H = interval, Arl = RareEvents.AverageRunLength(mean, reference, interval) };
            if (r.GetValue(FormatOption) == "json") return Emit(result);
            return Write(r, new[] { result }, ["mu0", "k", "h", "In-control ARL"], o => [F(o.Mu0), F(o.K), F(o.H), F(o.Arl)]);
        }));
        return command;
    }

    private static Command VladCommand(Func<Func<int>, int> guard)
    {
        var command = new Command("vlad", "Variable life-adjusted display: the running total of observed minus expected events (above 0: more events than expected). File columns, one row per period in time order: observed, expected, period (optional label).")
        {
            FileOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var rows = Periods(r);
            var vlad = RareEvents.Vlad([.. rows.Select(p => p.Observed)], [.. rows.Select(p => p.Expected)]);
            var points = rows.Select((p, i) => new { Period = p.Label, Index = i, p.Observed, p.Expected, Vlad = vlad[i] }).ToList();
            return Write(r, points, ["Period", "Observed", "Expected", "Observed - expected, cumulative"],
                p => [p.Period, F(p.Observed), F(p.Expected), F(p.Vlad)]);
        }));
        return command;
    }

    private static Command GChartCommand(Func<Func<int>, int> guard)
    {
        var values = new Option<string?>("--values") { Description = "Comma-separated counts between events, e.g. 120,340,95 (or give --file)" };
        var command = new Command("gchart", "g chart of the opportunities (e.g. births) between consecutive events: mean, limits mean +/- 3 sqrt(mean (mean + 1)) (lower at least 0), and the points above the upper limit (a long gap: fewer events). File column: between, one row per event in time order.")
        {
            values, FileOption, FormatOption,
        };
        command.SetAction(r => guard(() =>
        {
            var between = Values(r, values, "between");
            if (between.Any(b => b < 0)) throw new InvalidDataException("counts between events cannot be negative");
            var g = RareEvents.GChart(between);
            var result = new { g.Mean, g.Lower, g.Upper, Points = between.Select((b, i) => new { Index = i, Between = b, AboveUpper = g.AboveUpper[i] }).ToList() };
            if (r.GetValue(FormatOption) == "json") return Emit(result);
            AnsiConsole.WriteLine($"Mean {F(g.Mean)}; limits {F(g.Lower)} to {F(g.Upper)}");
            return Write(r, result.Points, ["Event", "Between", "Above the upper limit"],
                p => [(p.Index + 1).ToString(Inv), F(p.Between), p.AboveUpper ? "Yes" : ""]);
        }));
        return command;
    }

    private static Command TChartCommand(Func<Func<int>, int> guard)
    {
        var values = new Option<string?>("--values") { Description = "Comma-separated days between events (or give --file)" };
        var spc = new SpcArguments("increase");
        var command = new Command("tchart", "t chart of the time between events: the times raised to 1/3.6, charted as XmR with the spc rules, and the values, mean and limits raised back to 3.6. --direction increase (the default) reads a longer gap as improvement. File column: days, one row per event in time order.")
        {
            values, FileOption, FormatOption,
        };
        spc.AddTo(command);
        command.SetAction(r => guard(() =>
        {
            var days = Values(r, values, "days");
            if (days.Any(d => d < 0)) throw new InvalidDataException("times between events cannot be negative");
            var options = spc.Options(r);
            return WriteSpc(r, RareEvents.TChart(days, options), options);
        }));
        return command;
    }

    /// <summary>Rows of observed and expected events per period, in time order, with an optional label.</summary>
    private static List<(string Label, double Observed, double Expected)> Periods(ParseResult r)
    {
        var file = r.GetValue(FileOption) ?? throw new InvalidDataException("--file is required: one row per period, in order");
        return [.. StatsInput.Read(file.FullName).Select((i, n) =>
        {
            var (observed, expected) = (i.Number("observed"), i.Number("expected"));
            if (observed < 0 || expected < 0) throw new InvalidDataException($"{i.File} row {i.Row}: observed and expected cannot be negative");
            return (i.Text("period") ?? (n + 1).ToString(Inv), observed, expected);
        })];
    }

    /// <summary>A list of numbers from a comma-separated option or a file's column.</summary>
    private static List<double> Values(ParseResult r, Option<string?> values, string column) =>
        r.GetValue(FileOption) is { } file
            ? [.. StatsInput.Read(file.FullName).Select(i => i.Number(column))]
            : [.. (r.GetValue(values) ?? throw new InvalidDataException($"{values.Name} or --file is required")).Split(',')
                .Select(v => double.TryParse(v, NumberStyles.Float, Inv, out var d) && double.IsFinite(d) ? d : throw new InvalidDataException($"{values.Name}: '{v}' is not a number"))];

    private static double Required(ParseResult r, Option<double?> option) =>
        r.GetValue(option) ?? throw new InvalidDataException($"{option.Name} is required (or give --file)");

    private static List<(string Id, double X, double N)> Inputs(ParseResult r, Option<double?> x, Option<double?> n) =>
        r.GetValue(FileOption) is { } file
            ? [.. StatsInput.Read(file.FullName).Select(i => (i.Text("id") ?? i.Row.ToString(Inv), i.Number("numerator"), i.Number("denominator")))]
            : [("1", Required(r, x), Required(r, n))];

    private static string F(double v) => double.IsNaN(v) ? "NaN" : v.ToString("G10", Inv);

    private static int Emit<T>(T value)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
        return ExitCodes.Ok;
    }

    private static int Write<T>(ParseResult r, IEnumerable<T> rows, string[] columns, params Func<T, string[]>[] cells)
    {
        if (r.GetValue(FormatOption) == "json") return Emit(rows);
        var table = new Table().AddColumns(columns);
        foreach (var row in rows)
            foreach (var cell in cells) table.AddRow(cell(row).Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}
