using System.Globalization;
using Maternity.Measures;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Synthetic;

/// <summary>
/// The demo LMNS's own measures, modelled on the success criteria of published LMNS plans (South West London's "how we
/// will measure success", Herefordshire and Worcestershire's MVP and training figures, North West London's PCSP goal),
/// with targets and trajectories, and two years of synthetic returns from its trusts and the LMNS: the latest period
/// sent by two of the four trusts, so the completeness grid has something to show.
/// </summary>
public static class MeasureGenerator
{
    /// <summary>
    /// Seventeen measures as an LMNS analyst would write them, with one LMNS-defined dimension. Their returns are
    /// synthetic except <see cref="Safety.SafetyCodingMeasure.Id"/>'s, which the safety log writes when its cases are loaded.
    /// </summary>
    public const string MeasuresCsv = """
        Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority
        FORUMS_HELD,Listening forums held,MNVP forums with women from the priority groups,count,,,,,higher,quarter,,LMNS entry,1
        FORUM_ATTENDEES,Forum attendees,People attending the forums,count,,,,,higher,quarter,PriorityGroup,LMNS entry,1
        STAFF_CULTURAL,Staff trained in cultural competence,Maternity staff who completed the training,proportion,,,Staff trained,Maternity staff in post,higher,quarter,StaffGroup;AfcBand,trust return,3
        SI_ETHNIC_CODE,Serious incidents with a valid ethnic code,Serious incidents whose mother's ethnic category is valid,proportion,,,SIs with a valid code,Serious incidents,higher,quarter,,trust return,3
        SAFETY_ETHNICITY_CODED,Safety cases with a valid ethnic code,Cases in the safety log (every kind) whose woman's ethnic category is valid,proportion,,,Cases with a valid code,Cases logged,higher,month,,trust return,3
        FLU_VACC,Flu vaccination in pregnancy,Women vaccinated against flu in pregnancy,proportion,,,Vaccinated,Women booked,higher,quarter,EthnicGroup,trust return,2
        PMH_REFERRALS,Perinatal mental health referrals,Referrals to perinatal mental health services per 1000 births,rate,1000,,Referrals,Births,higher,quarter,EthnicGroup;ImdQuintile,trust return,2
        BREASTFEEDING_6_8,Breastfeeding at 6-8 weeks,Babies breastfed at the 6-8 week check,proportion,,,Breastfed,Babies checked,higher,quarter,ImdQuintile,trust return,2
        BFI_STAGE,Baby Friendly stage,UNICEF Baby Friendly Initiative accreditation stage,level,,Not started;Stage 1;Stage 2;Stage 3;Gold,,,higher,financial year,,trust return,2
        PCSP_APP,Personalised care plans through the app,Pregnant women using a PCSP through the app,proportion,,,Using a PCSP in the app,Pregnant women registered,higher,month,,LMNS entry,2
        INTERPRETER_USE,Bookings with an interpreter when needed,Bookings where an interpreter was needed and used,proportion,,,With an interpreter,Needing one,higher,quarter,Language,trust return,2
        EQUITY_LEAD,Equity lead in post,The trust has a named equity and equality lead,yes/no,,,,,higher,financial year,,trust return,4a
        WAIT_DAYS,Days from referral to booking,Mean days from referral to booking appointment,mean,,,,,lower,quarter,EthnicGroup,trust return,2
        FUNDING_SPENT,Equity funding spent,Money spent from the equity allocation,money,,,,,none,financial year,,LMNS entry,4e
        CSF_RECORDED,Complex social factors assessed,Women with complex social factors assessed at booking,proportion,,,Assessed,Booked,higher,month,ComplexSocialFactors,trust return,3
        COC_BAME,Continuity of carer for priority groups,Women from priority groups on a continuity pathway,proportion,,,On a pathway,Priority group bookings,higher,quarter,EthnicGroup;ImdDecile,trust return,1
        NARRATIVE,Quarterly narrative,What the trust did this quarter,text,,,,,none,quarter,,trust return,
        """;

    public const string DimensionsCsv = """
        Dimension,Code,Description
        PriorityGroup,Gypsy Roma and Traveller,Priority groups of the LMNS
        PriorityGroup,Armed forces family,
        PriorityGroup,Complex social factors,
        """;

    public const string TargetsCsv = """
        Measure,Org,Direction,Target,By,Baseline,BaselinePeriod,Reduction,Milestones,Source
        STAFF_CULTURAL,,at least,90,,,,,,SWL plan objective 3: 90% of staff trained
        PCSP_APP,,at least,80,2026-03,40,2023-03,,2024-09: 55,NWL SMART goal: 80% of pregnant users with a PCSP in the app in three years
        SATOD,,at most,6,2025-03,10.4,2022-03,,,NHS Long Term Plan: smoking at time of delivery 6% or less by March 2025
        PMH_REFERRALS,,at most,,2025-12,60,2023-12,50,,H&W plan: 50% reduction from the 2023 baseline
        BFI_STAGE,,at least,Stage 2,,,,,,Local Baby Friendly ambition
        EQUITY_LEAD,,at least,Yes,,,,,,Equity and equality guidance 2021
        SI_ETHNIC_CODE,,at least,90,,,,,,SWL plan objective 3: quarterly measurement of ethnicity data quality
        SI_ETHNIC_CODE,X1B,at least,95,,,,,,Northfield's own standard
        SAFETY_ETHNICITY_CODED,,at least,100,,,,,,"LMNS plans: ethnicity is recorded for all SIs and PMRT and HSIB cases"
        CSF_RECORDED,,at least,95,,,,,,CNST Maternity Incentive Scheme: complex social factors for 95% of women booked
        COC_BAME,,at least,75,2025-03,25,2023-03,,,NHS England equity and equality guidance (2021): 75% of women from priority groups on a continuity pathway
        BREASTFEEDING_6_8,,at least,50,,,,,,H&W plan: breastfeeding at 6-8 weeks of at least 50%
        INTERPRETER_USE,,at least,95,,,,,,LMNS standard: interpreters for 95% of bookings that need one
        """;

    /// <summary>Loads the measures, dimensions and targets into <paramref name="lmns"/> and writes returns for the 8 quarters (24 months, 2 financial years) ended by <paramref name="today"/>.</summary>
    public static int Generate(Database database, string lmns, DateOnly today, int seed = 7)
    {
        var admin = Access.System("demo");
        var folder = Directory.CreateTempSubdirectory("maternity-measures-").FullName;
        try
        {
            string Write(string name, string text) { var path = Path.Combine(folder, name); File.WriteAllText(path, text.ReplaceLineEndings("\n")); return path; }
            var content = MeasureFile.Read(Write("measures.csv", MeasuresCsv), lmns, Write("dimensions.csv", DimensionsCsv));
            if (content.Issues.Count > 0) throw new InvalidOperationException("the demo measures file has bad cells: " + content.Issues[0].Reason);
            MeasureStore.Import(database, admin, lmns, content);
            var set = MeasureStore.Load(database, lmns);
            var (targets, issues) = MeasureTarget.Read(Write("targets.csv", TargetsCsv), lmns, m => set.Find(m) is { } x ? (x.Unit, x.Levels) : null);
            if (issues.Count > 0) throw new InvalidOperationException("the demo targets file has bad cells: " + issues[0].Reason);
            MeasureStore.ImportTargets(database, admin, lmns, targets);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
        var measures = MeasureStore.Load(database, lmns);
        var trusts = Reference.OrgHierarchy.Read(database).OfType("Trust").Where(t => t.Parent == lmns).Select(t => t.Code).Order(StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        var lines = new List<(long, MeasureReturns.Line)>();
        foreach (var m in measures.Measures.Where(m => m.IsLocal && m.Id != Safety.SafetyCodingMeasure.Id))
        {
            var last = MeasureReturns.LatestEnded(today, m.Frequency);
            var periods = Enumerable.Range(0, m.Frequency switch { Frequency.Month => 24, Frequency.Quarter => 8, _ => 2 })
                .Select(i => last.AddMonths(-i * (m.Frequency switch { Frequency.Month => 1, Frequency.Quarter => 3, _ => 12 }))).Reverse().ToList();
            var orgs = m.Supplier == Supplier.TrustReturn ? trusts : [lmns];
            for (var o = 0; o < orgs.Count; o++)
                for (var p = 0; p < periods.Count; p++)
                {
                    // The latest period: only the first two trusts have sent it yet.
                    if (p == periods.Count - 1 && m.Supplier == Supplier.TrustReturn && o >= 2) continue;
                    var progress = periods.Count == 1 ? 1 : p / (double)(periods.Count - 1);
                    lines.AddRange(Values(m, measures, orgs[o], o, MeasurePeriod.Format(periods[p], m.Frequency), progress, random).Select(l => ((long)lines.Count + 2, l)));
                }
        }
        var result = MeasureReturns.Save(database, admin, measures, lines, submit: true, "demo", today);
        return result.Imported ? result.Added : throw new InvalidOperationException($"the demo returns were refused: row {result.Issues[0].Row} {result.Issues[0].Column}: {result.Issues[0].Reason}");
    }

    /// <summary>One organisation's lines for one period: the total, and each group of the measure's first coded breakdown.</summary>
    private static IEnumerable<MeasureReturns.Line> Values(MeasureDefinition m, MeasureStore.MeasureSet set, string org, int index, string period, double progress, Random random)
    {
        string Whole(double x) => Math.Round(x).ToString(CultureInfo.InvariantCulture);
        var total = new MeasureReturns.Line(org, period, m.Id, Dimension.Total, Dimension.Total);
        // Each trust starts from its own level and improves over the two years (the first trust least).
        var rate = m.Id switch
        {
            "STAFF_CULTURAL" => 0.5 + 0.3 * progress + 0.04 * index,
            "SI_ETHNIC_CODE" => 0.7 + 0.2 * progress,
            "FLU_VACC" => 0.45 + 0.1 * progress - 0.03 * index,
            "BREASTFEEDING_6_8" => 0.42 + 0.05 * progress + 0.02 * index,
            "PCSP_APP" => 0.4 + 0.3 * progress,
            "INTERPRETER_USE" => 0.8 + 0.1 * progress,
            "CSF_RECORDED" => 0.85 + 0.1 * progress,
            "COC_BAME" => 0.25 + 0.2 * progress,
            "PMH_REFERRALS" => 0.06 - 0.02 * progress,
            _ => 0.5,
        };
        switch (m.Unit)
        {
            case UnitKind.Proportion or UnitKind.Rate:
                var dimension = m.Dimensions.Select(set.Dimension).FirstOrDefault(d => d is { Codes.Count: > 0 and <= 8 });
                var denominator = m.Unit == UnitKind.Rate ? 400 + 150 * index + random.Next(0, 60) : m.Id == "PCSP_APP" ? 2400 + random.Next(0, 200) : 120 + 40 * index + random.Next(0, 40);
                if (dimension is null)
                {
                    yield return total with { Numerator = Whole(Binomial(denominator, rate, random)), Denominator = Whole(denominator) };
                    yield break;
                }
                var weights = dimension.Codes.Select((_, i) => 1.0 / (i + 1)).ToList();
                var sum = weights.Sum();
                long numerators = 0, denominators = 0;
                var groups = new List<MeasureReturns.Line>();
                for (var g = 0; g < dimension.Codes.Count; g++)
                {
                    var d = g == dimension.Codes.Count - 1 ? denominator - denominators : (long)Math.Round(denominator * weights[g] / sum);
                    var n = Binomial(d, Math.Clamp(rate * (1 - 0.06 * g), 0, 1), random);
                    numerators += n;
                    denominators += d;
                    groups.Add(new MeasureReturns.Line(org, period, m.Id, dimension.Name, dimension.Codes[g], Numerator: Whole(n), Denominator: Whole(d)));
                }
                yield return total with { Numerator = Whole(numerators), Denominator = Whole(denominators) };
                foreach (var line in groups) yield return line;
                break;
            case UnitKind.Mean:
                yield return total with { Value = (16 - 4 * progress + index + random.NextDouble()).ToString("0.0", CultureInfo.InvariantCulture), N = Whole(250 + 30 * index), SD = "6.5" };
                break;
            case UnitKind.Count:
                yield return total with { Value = Whole(m.Id == "FORUMS_HELD" ? 2 + random.Next(0, 4) : 30 + random.Next(0, 50)) };
                break;
            case UnitKind.Money:
                yield return total with { Value = Whole(20_000 + 30_000 * progress) };
                break;
            case UnitKind.YesNo:
                yield return total with { Value = index == 3 ? "No" : "Yes" };
                break;
            case UnitKind.Level:
                yield return total with { Value = m.Levels[Math.Min(m.Levels.Count - 1, 1 + index % 3)] };
                break;
            default:
                yield return total with { Value = $"Quarter {period}: listening events held with the MNVP; interpreter booking audited." };
                break;
        }
    }

    /// <summary>A binomial draw by the normal approximation, clamped to 0..n (the counts are illustrative, not a study).</summary>
    private static long Binomial(long n, double p, Random random)
    {
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Clamp((long)Math.Round(n * p + z * Math.Sqrt(n * p * (1 - p))), 0, n);
    }
}
