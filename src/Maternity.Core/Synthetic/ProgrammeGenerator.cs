using System.Globalization;
using System.Text;
using Maternity.Measures;
using Maternity.Plans;
using Maternity.Programme;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Synthetic;

/// <summary>
/// A year of each programme register for the demo LMNS, shaped like the published plans (Herefordshire and
/// Worcestershire's allocation lines and MVP money, each trust's 0.2 WTE Health Inequalities Lead, cultural competence
/// training by trust and staff group, North West London's community assets), with one overdue instalment and one overdue
/// impact-assessment review so the board pack has something to show; and square LSOA boundaries for the synthetic LSOAs
/// (E01900001 to E01900600, a 30 by 20 grid), so the map draws without a real boundary file. Everything is synthetic.
/// </summary>
public static class ProgrammeGenerator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Trusts = ["X1A", "X1B", "X1C", "X1D"];
    private static readonly string[] Groups = ["Midwives", "Obstetricians", "Maternity support workers"];

    public static void Generate(Database database, string lmns, DateOnly today)
    {
        var access = Access.System("demo");
        var fy = today.Month >= 4 ? today.Year : today.Year - 1;
        var year = FinancialQuarter.FinancialYearText(fy);
        string D(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);
        DateOnly? Paid(DateOnly due, int days) => due.AddDays(-days) <= today ? due.AddDays(-days) : null;
        var h1 = new DateOnly(fy, 9, 30);
        var m4 = new DateOnly(fy, 7, 31);

        AddLeadMeasure(database, lmns);
        var sheets = new List<(string Sheet, string Csv)>
        {
            ("funding.streams", $"""
                Id,Source,Purpose,Year,Amount,Conditions,Actions
                CAP,NHS England,LMNS capacity (targeted),{year},150000,,A001
                GEN,NHS England,General implementation (targeted),{year},90000,subject to assurance,A002
                CGM,NHS England,Continuous glucose monitoring (targeted),{year},44000,,
                GRANTS,LMNS,Small grants pot for innovation,{year},20000,,A003
                MVP,ICB,MVP contribution (£4500 to each MVP annually),{year},9000,,
                """),
            ("funding.instalments", $"""
                Id,Stream,When,Amount,Received
                CAP-H1,CAP,H1,75000,{Opt(Paid(h1, 10))}
                CAP-H2,CAP,H2,75000,
                GEN-H1,GEN,H1,45000,
                GEN-H2,GEN,H2,45000,
                CGM-M4,CGM,M4,22000,{Opt(Paid(m4, 5))}
                CGM-M10,CGM,M10,22000,
                GRANTS-Y,GRANTS,M1,20000,{Opt(Paid(new DateOnly(fy, 4, 30), 20))}
                MVP-Y,MVP,Year,9000,
                """),
            ("funding.allocations", string.Join('\n', ["Id,Stream,Recipient,Kind,Amount,Spent,Awarded",
                .. Trusts.Select((t, i) => $"CAP-{t},CAP,{t},Trust,30000,{7500 * (i + 1)},{D(new DateOnly(fy, 5, 1))}"),
                $"G1,GRANTS,Peer support for Romanian-speaking women,Grant,5000,2500,{D(new DateOnly(fy, 6, 1))}",
                $"G2,GRANTS,Doula outreach in the most deprived areas,Grant,7500,1000,{D(new DateOnly(fy, 6, 1))}",
                $"MVP-N,MVP,Northfield and Riverside MVP,MVP,4500,3000,{D(new DateOnly(fy, 4, 1))}",
                $"MVP-S,MVP,Eastgate and Westmoor MVP,MVP,4500,1500,{D(new DateOnly(fy, 4, 1))}"])),
            ("posts.posts", string.Join('\n', ["Id,Role,Organisation,Wte,Stream,Status,Since,Actions,Measure",
                .. Trusts.Select((t, i) => $"HIL-{t},Health Inequalities Lead,{t},0.2,CAP,{(i < 2 ? "In post" : i == 2 ? "Recruiting" : "Vacant")},{D(today.AddMonths(-9 + i * 2))},A001,{LeadMeasure}"),
                $"EQL,LMNS equity and equality lead,{lmns},1,CAP,In post,{D(today.AddMonths(-11))},,",
                $"ISA,Independent senior advocate,{lmns},0.6,GEN,Planned,{D(today.AddMonths(-1))},,",
                $"CSC,Cultural safety champions,{lmns},1.8,GEN,Recruiting,{D(today.AddMonths(-4))},A002,"])),
            ("training.courses", """
                Id,Title,Topic,Provider
                CC,Cultural competence for maternity staff,Cultural competence,LMNS training team
                INT,Working with interpreters,Interpreting,Trust education teams
                """),
            ("training.sessions", Sessions(today)),
            ("training.staff", string.Join('\n', ["Id,Trust,StaffGroup,InPost,AsAt",
                .. Trusts.SelectMany((t, i) => Groups.Select((g, j) =>
                    $"{t}-{j},{t},{g},{(j == 0 ? 180 + 40 * i : j == 1 ? 30 + 5 * i : 60 + 10 * i)},{D(today.AddMonths(-12))}"))])),
            ("eia.assessments", $"""
                Id,Subject,Date,Author,Groups,Findings,Mitigations,Review,Status,Actions
                E1,Continuity of carer teams in the most deprived areas,{D(today.AddMonths(-14))},LMNS equity lead,Black women; Asian women; most deprived areas,Teams placed away from where the priority groups live,Two teams based in family hubs,{D(today.AddMonths(-2))},Open,A001
                E2,Digital personalised care plans,{D(today.AddMonths(-6))},Digital midwife,Women not speaking English; digital exclusion,App in five languages only,Paper plans offered at booking,{D(today.AddMonths(6))},Open,A002
                E3,Interpreting service change,{D(today.AddMonths(-11))},Head of midwifery,Women not speaking English; Deaf women,,Face-to-face interpreters kept for labour,{D(today.AddMonths(1))},Open,
                """),
            ("approvals.approvals", $"""
                Id,Version,Step,By,Date,Where,Note
                V1-A,v1.0,Approved,LMNS Board,{D(today.AddMonths(-11))},,
                V1-Q,v1.0,Approved,ICB quality subgroup,{D(today.AddMonths(-10).AddDays(-20))},,
                V1-S,v1.0,Submitted,NHS England regional team,{D(today.AddMonths(-10))},,
                V1-P,v1.0,Published,LMNS,{D(today.AddMonths(-9))},LMNS website,
                V1-M,v1.0,Shared,MVPs,{D(today.AddMonths(-9).AddDays(14))},MVP meetings,
                V2-A,v1.1,Approved,LMNS Board,{D(today.AddMonths(-3))},,Annual refresh
                """),
            ("assets.assets", """
                Id,Name,Kind,Services,Languages,Opening,ContactRole,Lsoa
                FH1,Riverside Family Hub,Family hub,Antenatal clinic; infant feeding,English; Urdu; Bengali,Mon-Fri 9-5,Hub manager,E01900031
                FH2,Northfield Family Hub,Family hub,Health visiting; baby groups,English; Polish,Mon-Fri 9-5,Hub manager,E01900214
                CC1,Eastgate Children's Centre,Children's centre,Baby groups; peer support,English; Romanian,Mon-Thu,Centre lead,E01900367
                FG1,Al-Noor community centre,Faith and community group,Women's group; advice,Arabic; Somali; English,Weekends,Outreach coordinator,E01900092
                FG2,St Mark's church hall,Faith and community group,Food bank; parent and baby group,English,Wednesdays,Volunteer lead,E01900455
                CL1,Westmoor community clinic,Community clinic,Community midwives; postnatal clinic,English,Mon-Fri,Community midwifery lead,E01900540
                FB1,Millbrook food bank,Food bank,Food; baby bank,English; Portuguese,Tue and Fri,Coordinator,E01900123
                PS1,Doula outreach project,Voluntary group,Doula support in pregnancy,English; Romanian; Urdu,By referral,Project lead,
                """),
            ("learning.greatix", $"""
                Id,Trust,Date,Summary,Themes,SharedWhere,Actions
                GX1,X1A,{D(today.AddDays(-80))},A midwife booked a face-to-face interpreter for every antenatal contact of a Dari-speaking woman,INTERPRETING,Safety huddle,A001
                GX2,X1C,{D(today.AddDays(-45))},The triage team escalated reduced fetal movements the same day and wrote the plan in the woman's language,ESCALATION;COMMUNICATION,Trust newsletter,A002
                GX3,X1B,{D(today.AddDays(-12))},A continuity team visited a woman at home in the most deprived area after she missed two appointments,SAFEGUARDING,,
                """),
            ("learning.qi", $"""
                Id,Title,Trust,Aim,Measures,Status,Started,Actions
                QI1,Interpreters at every contact,X1A,Raise interpreter use at booking for women who need one from 60% to 90% within 12 months,INTERPRETER_USE,Active,{D(today.AddMonths(-7))},A001
                QI2,Ethnicity recorded at booking,LMNSX1,A valid ethnic category on 98% of bookings in every trust by year end,DQ_ETHNICITY_VALID,Active,{D(today.AddMonths(-4))},A004
                QI3,Smoke-free pregnancy in the most deprived areas,X1D,Halve the gap in smoking at delivery between IMD quintiles 1 and 5 in two years,SATOD,Proposed,,
                """),
        };
        foreach (var (key, csv) in sheets)
        {
            var sheet = ProgrammeRegisters.Find(key);
            using var reader = new StringReader(csv);
            var result = ProgrammeStore.Import(database, access, lmns, ProgrammeFile.Read(reader, key + " (synthetic)", sheet));
            if (result.Issues.Count > 0)
                throw new InvalidOperationException($"synthetic {key}: " + string.Join("; ", result.Issues.Select(i => $"row {i.Row} {i.Column}: {i.Reason}")));
        }
        LsoaBoundaries.Store(database, access, lmns, Grid(), "the synthetic grid");
    }

    /// <summary>The measure the trusts' Health Inequalities Lead posts count towards (the plans' "each trust to recruit ...").</summary>
    public const string LeadMeasure = "HIL_IN_POST";

    /// <summary>
    /// Adds the yes/no measure "Health Inequalities Lead in post" (monthly, one value per trust) and its target (Yes in
    /// every trust) to the LMNS's own measures and targets, keeping those already there; the posts import fills it.
    /// </summary>
    private static void AddLeadMeasure(Database database, string lmns)
    {
        var admin = Access.System("demo");
        var folder = Directory.CreateTempSubdirectory("maternity-posts-").FullName;
        try
        {
            string Write(string name, string text) { var path = Path.Combine(folder, name); File.WriteAllText(path, text.ReplaceLineEndings("\n")); return path; }
            var content = MeasureFile.Read(Write("measures.csv", $"""
                Id,Title,Description,Unit,Per,Levels,Numerator,Denominator,Polarity,Frequency,Breakdowns,SuppliedBy,Priority
                {LeadMeasure},Health Inequalities Lead in post,Each trust has its 0.2 WTE Health Inequalities Lead in post (from the posts register),yes/no,,,,,higher,month,,trust return,5
                """), lmns);
            if (content.Issues.Count > 0) throw new InvalidOperationException("the demo posts measure has bad cells: " + content.Issues[0].Reason);
            MeasureStore.Import(database, admin, lmns, content);
            var set = MeasureStore.Load(database, lmns);
            var (targets, issues) = MeasureTarget.Read(Write("targets.csv", $"""
                Measure,Org,Direction,Target,By,Baseline,BaselinePeriod,Reduction,Milestones,Source
                {LeadMeasure},,at least,Yes,,,,,,Herefordshire and Worcestershire plan: each trust to recruit a Health Inequalities Lead 0.2 WTE
                """), lmns, m => set.Find(m) is { } x ? (x.Unit, x.Levels) : null);
            if (issues.Count > 0) throw new InvalidOperationException("the demo posts target has bad cells: " + issues[0].Reason);
            MeasureStore.ImportTargets(database, admin, lmns, [.. (set.Own ?? []).Where(t => t.MeasureId != LeadMeasure), .. targets]);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static string Opt(DateOnly? d) => d?.ToString("yyyy-MM-dd", Inv) ?? "";

    /// <summary>A session of each course a month for the last year, in each trust and staff group, of a few staff each.</summary>
    private static string Sessions(DateOnly today)
    {
        var csv = new StringBuilder("Id,Course,Date,Trust,StaffGroup,Attended\n");
        var random = new Random(2804);
        for (var m = 11; m >= 0; m--)
        {
            var date = new DateOnly(today.Year, today.Month, 1).AddMonths(-m).AddDays(9);
            foreach (var (t, i) in Trusts.Select((t, i) => (t, i)))
                foreach (var (g, j) in Groups.Select((g, j) => (g, j)))
                {
                    var course = (m + j) % 3 == 0 ? "INT" : "CC";
                    // Trusts differ: X1A trains most, X1D least.
                    var attended = random.Next(j == 1 ? 1 : 3, (j == 1 ? 4 : 14) - i * (j == 1 ? 0 : 2));
                    csv.Append(Inv, $"S-{date:yyyyMM}-{t}-{j},{course},{date:yyyy-MM-dd},{t},{g},{attended}\n");
                }
        }
        return csv.ToString();
    }

    private static List<LsoaBoundaries.Area> Grid() =>
    [
        .. Enumerable.Range(0, 600).Select(i =>
        {
            double x = i % 30 * 500, y = i / 30 * 500;
            IReadOnlyList<double[]> ring = [[x, y], [x + 500, y], [x + 500, y + 500], [x, y + 500], [x, y]];
            return new LsoaBoundaries.Area(string.Create(Inv, $"E019{i + 1:D5}"), null, [ring]);
        }),
    ];
}
