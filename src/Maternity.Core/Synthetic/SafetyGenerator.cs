using Dapper;
using Maternity.Plans;
using Maternity.Reference;
using Maternity.Safety;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Synthetic;

/// <summary>
/// A synthetic safety and learning log for the demo LMNS: the cases of every kind its trusts would log over the months
/// whose births are stored, drawn month by month for each trust, ethnic group and IMD quintile as Poisson counts from the
/// births stored there, and a lessons-learnt log linked to the plan's actions. Known effect: investigations (PSII, PMRT,
/// MNSI, maternal deaths, neonatal brain injuries) fall on Black women at <see cref="BlackExcess"/> times the rate of
/// White women; X1C, the trust weak at ethnicity coding, leaves the ethnicity of <see cref="NotCodedX1C"/> of its cases
/// blank (the others <see cref="NotCodedOthers"/>). The same store and seed give the same log.
/// </summary>
public static class SafetyGenerator
{
    /// <summary>Cases per 1,000 births for White women, by kind (PMRT: perinatal deaths reviewed; ATAIN: term admissions reviewed).</summary>
    public static IReadOnlyDictionary<string, double> Per1000 { get; } = new Dictionary<string, double>
    {
        ["PSII"] = 2.0, ["PMRT"] = 4.0, ["MNSI"] = 0.8, ["MATERNAL_DEATH"] = 0.1, ["NEONATAL_BRAIN_INJURY"] = 1.0,
        ["ATAIN"] = 15.0, ["COMPLAINT"] = 5.0,
    };

    /// <summary>The rate ratio of investigations for Black against White women built into the log.</summary>
    public const double BlackExcess = 2.5;

    public const double NotCodedX1C = 0.15;

    public const double NotCodedOthers = 0.03;

    public sealed record Summary(int Cases, int Lessons);

    public static Summary Generate(Database database, string lmns, int seed = 1)
    {
        var random = new Random(seed);
        var admin = Access.System("synthetic safety log");
        var trusts = SafetyStore.TrustsOf(database, lmns);
        using var connection = database.Open();
        var births = connection.Query<(string Org, DateTime Month, string Group, long Births)>(connection.Sql("""
            SELECT org_code, period_start, group_code, denominator FROM indicator_count
            WHERE indicator_id = $indicator AND org_level = 'Provider' AND breakdown = 'EthnicGroupByImdQuintile' AND source = 'record-level'
            ORDER BY org_code, period_start, group_code
            """), new { indicator = SafetyAnalysis.BirthsIndicator }).Where(b => trusts.Contains(b.Org)).ToList();
        var lsoas = connection.Query<(string Code, int Decile)>("SELECT lsoa_code, imd_decile FROM imd_lsoa WHERE edition = 'IMD2019' ORDER BY lsoa_code")
            .GroupBy(l => ((l.Decile + 1) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Select(l => l.Code).ToArray());
        var cases = new List<SafetyCase>();
        var numbers = new Dictionary<string, int>();
        foreach (var cell in births)
        {
            var parts = cell.Group.Split(" | ");
            var group = parts[0];
            var quintile = parts.Length > 1 ? parts[1] : "Unknown";
            foreach (var (kind, rate) in Per1000)
            {
                var excess = group == EthnicCategory.Black && SafetyCodes.Investigations.Contains(kind) ? BlackExcess : 1;
                for (var n = Poisson(random, rate * excess * cell.Births / 1000); n > 0; n--)
                {
                    var month = DateOnly.FromDateTime(cell.Month);
                    var date = month.AddDays(random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
                    var key = $"{cell.Org}-{kind}";
                    numbers[key] = numbers.GetValueOrDefault(key) + 1;
                    cases.Add(Case(random, cell.Org, kind, $"{cell.Org}-{Short(kind)}-{numbers[key]:0000}", date, group,
                        lsoas.TryGetValue(quintile, out var pool) && pool.Length > 0 ? pool[random.Next(pool.Length)] : null));
                }
            }
        }
        if (cases.Count > 0) SafetyImport.Store(database, admin, cases, "synthetic safety log");
        var plan = PlanStore.Load(database, admin, lmns);
        var actions = plan.Actions.Select(a => a.Id).Take(6).ToArray();
        var refs = cases.Where(c => SafetyCodes.Investigations.Contains(c.Kind)).Select(c => c.CaseRef).Take(12).ToArray();
        var latest = cases.Count > 0 ? cases.Max(c => c.EventDate) : DateOnly.FromDateTime(DateTime.UtcNow);
        List<SafetyLesson> lessons = actions.Length == 0 ? [] :
        [
            new(lmns, "L01", "Offer a professional interpreter at every contact, not only at booking; never use family members.", [.. refs.Take(3)],
                [actions[0]], "LMNS safety forum; trust newsletters", latest.AddMonths(-2)),
            new(lmns, "L02", "Escalate reduced fetal movements the same day, with a plan written in the woman's language.", [.. refs.Skip(3).Take(3)],
                [.. actions.Skip(1).Take(2)], "Perinatal quality surveillance meeting", latest.AddMonths(-4)),
            new(lmns, "L03", "Review investigations for culture, ethnicity and language, and record the woman's ethnic category on every case.", [.. refs.Skip(6).Take(4)],
                [.. actions.Skip(3).Take(1)], "LMNS Board", latest.AddMonths(-1)),
            new(lmns, "L04", "Share GREATix positive reports of continuity teams in the most deprived areas.", [],
                [.. actions.Skip(4).Take(2)], null, null),
        ];
        if (lessons.Count > 0) SafetyLessons.Replace(database, admin, lmns, lessons, "synthetic lessons-learnt log");
        return new Summary(cases.Count, lessons.Count);
    }

    private static SafetyCase Case(Random random, string trust, string kind, string reference, DateOnly date, string group, string? lsoa)
    {
        var codes = EthnicCategory.Valid.Where(c => c.Group == group).Select(c => c.Code).ToArray();
        var coded = random.NextDouble() >= (trust == "X1C" ? NotCodedX1C : NotCodedOthers);
        string? ethnic = codes.Length == 0 ? (group == EthnicCategory.NotStated ? "Z" : null) : coded ? codes[random.Next(codes.Length)] : null;
        var interpreter = random.NextDouble() < (group is EthnicCategory.Asian or EthnicCategory.Other ? 0.25 : group == EthnicCategory.Black ? 0.2 : 0.03);
        var themes = new List<string>();
        var themeCodes = SafetyCodes.Themes.Select(t => t.Code).ToArray();
        for (var i = 1 + random.Next(2); i > 0; i--) themes.Add(themeCodes[random.Next(themeCodes.Length)]);
        if (interpreter && random.NextDouble() < 0.5) themes.Add("INTERPRETING");
        if (group is EthnicCategory.Black or EthnicCategory.Asian && random.NextDouble() < 0.25) themes.Add("BIAS");
        var factorCodes = SafetyCodes.Factors.Select(f => f.Code).ToArray();
        var factors = new List<string> { factorCodes[random.Next(factorCodes.Length)] };
        if (themes.Contains("INTERPRETING")) factors.Add("INTERPRETING");
        if (themes.Contains("BIAS")) factors.Add("BIAS");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var dueDays = kind switch { "PSII" => 90, "PMRT" => 120, "MNSI" => 180, _ => 60 };
        var due = date.AddDays(dueDays);
        var status = due.AddDays(30) < today ? (random.NextDouble() < 0.9 ? SafetyCodes.Closed : "under review")
            : random.NextDouble() < 0.5 ? "under review" : "reported";
        var harm = kind switch
        {
            "PMRT" or "MATERNAL_DEATH" => "death",
            "NEONATAL_BRAIN_INJURY" => "severe",
            "PSII" or "MNSI" => random.NextDouble() < 0.6 ? "moderate" : "severe",
            "ATAIN" => random.NextDouble() < 0.7 ? "low" : "moderate",
            _ => random.NextDouble() < 0.6 ? "none" : "low",
        };
        var gestation = kind == "ATAIN" ? 37 + random.Next(5) : 24 + random.Next(18);
        return new SafetyCase(trust, reference, kind, date, Category(kind, random), harm, ethnic,
            interpreter ? Languages[random.Next(Languages.Length)] : "English", interpreter ? "Y" : "N", lsoa,
            SafetyCodes.AgeBands[Math.Min(random.Next(7), random.Next(7))], gestation, random.NextDouble() < 0.3 ? "Complex social factors" : null,
            status, kind == "PMRT" && status == SafetyCodes.Closed ? Grades[random.Next(Grades.Length)] : null,
            [.. themes.Distinct()], [.. factors.Distinct()], due);
    }

    private static readonly string[] Languages = ["Urdu", "Bengali", "Polish", "Romanian", "Arabic", "Somali", "Tigrinya", "Punjabi"];

    private static readonly string[] Grades = ["A", "A", "B", "B", "C", "D"];

    private static string Category(string kind, Random random) => kind switch
    {
        "PSII" => new[] { "Delay in treatment", "Fetal monitoring", "Postpartum haemorrhage", "Medication" }[random.Next(4)],
        "PMRT" => random.NextDouble() < 0.6 ? "Stillbirth" : "Neonatal death",
        "ATAIN" => new[] { "Respiratory", "Hypoglycaemia", "Jaundice", "Suspected infection" }[random.Next(4)],
        "COMPLAINT" => new[] { "Communication", "Attitude of staff", "Clinical care", "Access to interpreters" }[random.Next(4)],
        _ => SafetyCodes.KindTitle(kind),
    };

    private static string Short(string kind) => kind switch
    {
        "MATERNAL_DEATH" => "MD",
        "NEONATAL_BRAIN_INJURY" => "NBI",
        "COMPLAINT" => "C",
        _ => kind,
    };

    /// <summary>A Poisson draw (Knuth's method; the means here are small).</summary>
    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        return k;
    }
}
