using System.Globalization;
using System.Text;
using Maternity.Security;
using Maternity.Storage;
using Maternity.Wres;

namespace Maternity.Synthetic;

/// <summary>
/// Synthetic WRES data for the demo LMNS's four trusts: three years, the whole trust with its maternity and neonatal
/// staff, loaded through the same file and importer a trust uses. Known disparities, so the page has something to find:
/// White applicants are <see cref="AppointmentRatio"/> times as likely as BME applicants to be appointed from shortlisting,
/// BME staff <see cref="DisciplinaryRatio"/> times as likely to enter a formal disciplinary investigation, BME staff
/// thinner at each higher band, and more BME than White staff report discrimination (indicator 8).
/// </summary>
public static class WresGenerator
{
    public const double AppointmentRatio = 1.5;
    public const double DisciplinaryRatio = 2.0;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (string Trust, int Staff, double BmeShare)[] Trusts =
        [("X1A", 6200, 0.38), ("X1B", 4600, 0.30), ("X1C", 3500, 0.24), ("X1D", 2400, 0.16)];

    private static readonly (string Group, double Share)[] Groups = [("Trust", 1.0), ("Maternity", 0.085), ("Neonatal", 0.03)];

    /// <summary>Clinical and non-clinical bands with the share of staff in each and how BME representation there compares with the whole.</summary>
    private static readonly (string Category, string Band, double Share, double BmeFactor)[] Bands =
    [
        ("Clinical", "2", 0.06, 1.3), ("Clinical", "3", 0.08, 1.3), ("Clinical", "4", 0.05, 1.2), ("Clinical", "5", 0.18, 1.4), ("Clinical", "6", 0.16, 1.0),
        ("Clinical", "7", 0.11, 0.8), ("Clinical", "8a", 0.04, 0.6), ("Clinical", "8b", 0.015, 0.5), ("Clinical", "8c", 0.006, 0.4), ("Clinical", "8d", 0.003, 0.3),
        ("Non-clinical", "2", 0.06, 1.1), ("Non-clinical", "3", 0.05, 1.0), ("Non-clinical", "4", 0.04, 0.9), ("Non-clinical", "5", 0.02, 0.8),
        ("Non-clinical", "6", 0.015, 0.7), ("Non-clinical", "7", 0.01, 0.6), ("Non-clinical", "8a", 0.008, 0.5), ("Non-clinical", "9", 0.002, 0.3),
        ("Non-clinical", "VSM", 0.002, 0.2),
        ("Medical", "Consultant", 0.05, 1.1), ("Medical", "Non-consultant career grade", 0.02, 1.8), ("Medical", "Trainee", 0.06, 1.5),
    ];

    /// <summary>
    /// Loads three WRES years ending <paramref name="lastYear"/> for the demo's trusts; returns the rows loaded. With
    /// <paramref name="modelEmployer"/>, the demo LMNS also defines the Model Employer measures and has them written
    /// (<see cref="WresModelEmployer"/>), so the measures page shows the trajectory.
    /// </summary>
    public static int Generate(Database database, int lastYear, int seed = 24, bool modelEmployer = false)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(string.Join(',', WresFile.Columns)).Append('\n');
        foreach (var (trust, staff, bmeShare) in Trusts)
            for (var year = lastYear - 2; year <= lastYear; year++)
            {
                // A few per cent growth a year, and BME representation creeping up.
                var growth = 1 + 0.03 * (year - lastYear + 2);
                var share = bmeShare + 0.01 * (year - lastYear + 2);
                foreach (var (group, groupShare) in Groups)
                {
                    var size = staff * groupShare * growth;
                    long white = 0, bme = 0;
                    foreach (var (category, band, bandShare, factor) in Bands)
                    {
                        if (group != "Trust" && category == "Non-clinical" && band is "9" or "VSM") continue;
                        var n = size * bandShare / 0.8;
                        var b = Noisy(random, n * Math.Min(0.95, share * factor));
                        var u = Noisy(random, n * 0.04);
                        var w = Math.Max(0, Noisy(random, n) - b - u);
                        white += w;
                        bme += b;
                        Line(csv, trust, year, group, WresFile.StaffInPost, category, band, WresFile.White, w);
                        Line(csv, trust, year, group, WresFile.StaffInPost, category, band, WresFile.Bme, b);
                        Line(csv, trust, year, group, WresFile.StaffInPost, category, band, WresFile.Unknown, u);
                    }
                    // Shortlisted in proportion to applicants (BME applicants over-represented); appointed at the known ratio.
                    var shortW = Noisy(random, size * 0.25);
                    var shortB = Noisy(random, size * 0.25 * 1.2 * share / (1 - share));
                    var rateW = 0.30;
                    Line(csv, trust, year, group, WresFile.Shortlisted, "", "", WresFile.White, shortW);
                    Line(csv, trust, year, group, WresFile.Shortlisted, "", "", WresFile.Bme, shortB);
                    Line(csv, trust, year, group, WresFile.Appointed, "", "", WresFile.White, Math.Min(shortW, Noisy(random, shortW * rateW)));
                    Line(csv, trust, year, group, WresFile.Appointed, "", "", WresFile.Bme, Math.Min(shortB, Noisy(random, shortB * rateW / AppointmentRatio)));
                    Line(csv, trust, year, group, WresFile.Disciplinary, "", "", WresFile.White, Noisy(random, white * 0.006));
                    Line(csv, trust, year, group, WresFile.Disciplinary, "", "", WresFile.Bme, Noisy(random, bme * 0.006 * DisciplinaryRatio));
                    Line(csv, trust, year, group, WresFile.Training, "", "", WresFile.White, Noisy(random, white * 0.22));
                    Line(csv, trust, year, group, WresFile.Training, "", "", WresFile.Bme, Noisy(random, bme * 0.20));
                    (double White, double Bme)[] survey = [(0.27, 0.29), (0.24, 0.28), (0.58, 0.45), (0.07, 0.15)];
                    for (var i = 0; i < survey.Length; i++)
                    {
                        var rw = Math.Max(1, Noisy(random, white * 0.45));
                        var rb = Math.Max(1, Noisy(random, bme * 0.40));
                        Line(csv, trust, year, group, WresFile.SurveyItems[i], "", "", WresFile.White, Math.Min(rw, Noisy(random, rw * survey[i].White)), rw);
                        Line(csv, trust, year, group, WresFile.SurveyItems[i], "", "", WresFile.Bme, Math.Min(rb, Noisy(random, rb * survey[i].Bme)), rb);
                    }
                }
                var boardBme = (long)Math.Round(12 * share * 0.6);
                Line(csv, trust, year, "Trust", "BoardVoting", "", "", WresFile.White, 12 - boardBme);
                Line(csv, trust, year, "Trust", "BoardVoting", "", "", WresFile.Bme, boardBme);
                Line(csv, trust, year, "Trust", "BoardExecutive", "", "", WresFile.White, 6 - boardBme / 2);
                Line(csv, trust, year, "Trust", "BoardExecutive", "", "", WresFile.Bme, boardBme / 2);
                Line(csv, trust, year, "Trust", "BoardNonExecutive", "", "", WresFile.White, 7 - (boardBme - boardBme / 2));
                Line(csv, trust, year, "Trust", "BoardNonExecutive", "", "", WresFile.Bme, boardBme - boardBme / 2);
            }
        var path = Path.Combine(Path.GetTempPath(), $"wres-demo-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, csv.ToString());
            var result = WresStore.Import(database, Access.System("demo"), path, "wres-demo.csv");
            if (!result.Imported) throw new InvalidOperationException("synthetic WRES data refused: " + string.Join("; ", result.Issues.Take(3).Select(i => i.Reason)));
            if (modelEmployer)
            {
                var system = Access.System("demo");
                var lmns = Plans.PlanStore.DefaultLmns(database);
                Measures.MeasureStore.Import(database, system, lmns, new Measures.MeasureFile.Content([.. WresModelEmployer.Definitions(lmns), .. WresModelEmployer.BandDefinitions(lmns)], [], []));
                var written = WresModelEmployer.Write(database, system, lmns);
                if (written.Values is { Imported: false } v)
                    throw new InvalidOperationException("synthetic Model Employer values refused: " + string.Join("; ", v.Issues.Take(3).Select(i => i.Reason)));
            }
            return result.Rows;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static long Noisy(Random random, double expected)
    {
        if (expected <= 0) return 0;
        // Normal approximation to a Poisson count, good enough for synthetic data.
        var u = 1 - random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Max(0, (long)Math.Round(expected + z * Math.Sqrt(expected)));
    }

    private static void Line(StringBuilder csv, string org, int year, string group, string item, string category, string band, string ethnicity, long count, long? respondents = null) =>
        csv.Append(CultureInfo.InvariantCulture, $"{org},{year.ToString(Inv)},{group},{item},{category},{band},{ethnicity},{count.ToString(Inv)},{respondents?.ToString(Inv)},\n");
}
