using System.Globalization;
using Maternity.Statistics;

namespace Maternity.Wres;

/// <summary>
/// The nine WRES indicators from counts, as NHS England's WRES technical guidance defines them (indicator list:
/// england.nhs.uk/publication/workforce-race-equality-standard-wres-indicators/; see docs/wres.md). The comparison is
/// White against BME; unknown ethnicity is left out of indicators 2 to 8 and counted in the denominators of 1 and 9.
/// Several organisations' counts are pooled by summing them (the LMNS's pooled figure).
/// <list type="bullet">
/// <item>1: each band's BME share of its staff against the BME share of all staff, in percentage points.</item>
/// <item>2: (White appointed / White shortlisted) / (BME appointed / BME shortlisted); above 1 favours White applicants.</item>
/// <item>3: (BME entering a formal disciplinary investigation / BME staff) / (White entering / White staff), over this
/// year and the one before (the guidance's two-year rolling average: both years' entrants over both years' staff);
/// above 1 disadvantages BME staff. One year only when the year before is not loaded, and said so.</item>
/// <item>4: (White staff accessing non-mandatory training and CPD / White staff) / (BME accessing / BME staff); above 1 favours White staff.</item>
/// <item>5-8: the percentage of each group's survey respondents answering so, Wilson 95% intervals, BME minus White
/// with Newcombe's interval. When only a percentage was given, the count is percentage × respondents, rounded.</item>
/// <item>9: the BME share of board members (voting; executive; non-executive) minus the BME share of all staff.</item>
/// </list>
/// Relative likelihoods carry the Katz log 95% interval (<see cref="Comparison.RiskRatio"/>); when either group has
/// no events the ratio has no interval, and fewer than <see cref="SmallEvents"/> events in either group is flagged as
/// small numbers (the interval is wide and a single case moves the ratio).
/// </summary>
public static class WresIndicators
{
    /// <summary>Fewer events than this in either group of a comparison is flagged as small numbers.</summary>
    public const int SmallEvents = 10;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyDictionary<int, string> Titles = new Dictionary<int, string>
    {
        [1] = "Staff in each band compared with the overall workforce",
        [2] = "Relative likelihood of White applicants being appointed from shortlisting compared with BME applicants",
        [3] = "Relative likelihood of BME staff entering the formal disciplinary process compared with White staff",
        [4] = "Relative likelihood of White staff accessing non-mandatory training and CPD compared with BME staff",
        [5] = "Staff experiencing harassment, bullying or abuse from patients, relatives or the public in the last 12 months",
        [6] = "Staff experiencing harassment, bullying or abuse from staff in the last 12 months",
        [7] = "Staff believing that the trust provides equal opportunities for career progression or promotion",
        [8] = "Staff who personally experienced discrimination at work from a manager, team leader or other colleagues in the last 12 months",
        [9] = "Board membership compared with the overall workforce (BME percentage points)",
    };

    /// <summary>
    /// The indicators for <paramref name="org"/> from <paramref name="rows"/> (this year's rows of the organisations pooled,
    /// one staff group) and <paramref name="previous"/> (the year before's, for indicator 3).
    /// </summary>
    public static WresReport Compute(string org, int year, string staffGroup, IReadOnlyList<WresFile.Row> rows, IReadOnlyList<WresFile.Row> previous,
        string exactness = "exact")
    {
        var staff = rows.Where(r => r.Item == WresFile.StaffInPost).ToList();
        var workforce = Heads(staff);
        var bands = staff.GroupBy(r => (r.Category, r.Band))
            .OrderBy(g => Array.IndexOf(WresFile.Categories, g.Key.Category))
            .ThenBy(g => g.Key.Category == "Medical" ? Array.IndexOf(WresFile.MedicalGrades, g.Key.Band) : Array.IndexOf(WresFile.AfcBands, g.Key.Band))
            .Select(g =>
            {
                var h = Heads(g);
                return new WresReport.Band(g.Key.Category, g.Key.Band, h, h.BmeShare.Value - workforce.BmeShare.Value);
            }).ToList();

        var likelihoods = new List<WresReport.Likelihood>();
        var (shortW, shortB) = (Sum(rows, WresFile.Shortlisted, WresFile.White), Sum(rows, WresFile.Shortlisted, WresFile.Bme));
        var (appW, appB) = (Sum(rows, WresFile.Appointed, WresFile.White), Sum(rows, WresFile.Appointed, WresFile.Bme));
        if (shortW + shortB > 0)
            likelihoods.Add(Likelihood(2, "White applicants", "BME applicants", appW, shortW, appB, shortB, 1,
                "to be appointed from shortlisting"));

        var prevStaff = previous.Where(r => r.Item == WresFile.StaffInPost).ToList();
        var hasPrevious = prevStaff.Count > 0 && previous.Any(r => r.Item == WresFile.Disciplinary);
        if (rows.Any(r => r.Item == WresFile.Disciplinary))
        {
            var prevHeads = hasPrevious ? Heads(prevStaff) : new WresReport.Headcount(0, 0, 0);
            var discB = Sum(rows, WresFile.Disciplinary, WresFile.Bme) + (hasPrevious ? Sum(previous, WresFile.Disciplinary, WresFile.Bme) : 0);
            var discW = Sum(rows, WresFile.Disciplinary, WresFile.White) + (hasPrevious ? Sum(previous, WresFile.Disciplinary, WresFile.White) : 0);
            likelihoods.Add(Likelihood(3, "BME staff", "White staff", discB, workforce.Bme + prevHeads.Bme, discW, workforce.White + prevHeads.White,
                hasPrevious ? 2 : 1, "to enter the formal disciplinary process"));
        }
        if (rows.Any(r => r.Item == WresFile.Training))
            likelihoods.Add(Likelihood(4, "White staff", "BME staff", Sum(rows, WresFile.Training, WresFile.White), workforce.White,
                Sum(rows, WresFile.Training, WresFile.Bme), workforce.Bme, 1, "to access non-mandatory training and CPD"));

        var surveys = new List<WresReport.Survey>();
        for (var i = 0; i < WresFile.SurveyItems.Length; i++)
        {
            var item = WresFile.SurveyItems[i];
            if (!rows.Any(r => r.Item == item)) continue;
            var (wy, wn) = Answers(rows, item, WresFile.White);
            var (by, bn) = Answers(rows, item, WresFile.Bme);
            surveys.Add(Survey(i + 5, wy, wn, by, bn));
        }

        var boards = new List<WresReport.Board>();
        foreach (var item in WresFile.BoardItems)
        {
            var members = Heads(rows.Where(r => r.Item == item));
            if (members.Total == 0) continue;
            var kind = item switch { "BoardVoting" => "Voting members", "BoardExecutive" => "Executive members", _ => "Non-executive members" };
            var difference = members.BmeShare.Value - workforce.BmeShare.Value;
            boards.Add(new WresReport.Board(kind, members, workforce.BmeShare.Value, difference,
                !double.IsFinite(difference) ? "No staff in post loaded to compare with."
                : $"{Points(difference)}: BME people are {Math.Abs(difference).ToString("0.0", Inv)} points {(difference < 0 ? "less" : "more")} of the board's "
                  + $"{kind.ToLowerInvariant()} ({members.BmeShare.Value.ToString("0.0", Inv)}%) than of the workforce ({workforce.BmeShare.Value.ToString("0.0", Inv)}%)."));
        }

        var trusts = rows.Select(r => r.Org).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new WresReport(org, year, staffGroup, bands, workforce, likelihoods, surveys, boards, exactness, trusts);
    }

    /// <summary>
    /// A relative likelihood (topEvents/topDenominator)/(bottomEvents/bottomDenominator) with its Katz log interval and
    /// the sentence that says which way it points.
    /// </summary>
    public static WresReport.Likelihood Likelihood(int indicator, string top, string bottom, long a, long n1, long c, long n2, int years, string what)
    {
        var value = Comparison.RiskRatio(a, n1, c, n2);
        var small = a < SmallEvents || c < SmallEvents;
        return new WresReport.Likelihood(indicator, Titles[indicator], top, bottom, a, n1, c, n2, value, small, years, Direction(value, top, bottom, what, small));
    }

    /// <summary>"1.45: White applicants 1.45 times as likely as BME applicants to be appointed from shortlisting", with what the interval says.</summary>
    public static string Direction(Interval value, string top, string bottom, string what, bool small)
    {
        if (!double.IsFinite(value.Value) || value.Value == 0)
            return value.Value == 0 ? $"0.00: none of the {top} but some of the {bottom} {what.Replace("to ", "", StringComparison.Ordinal)}; no ratio can be estimated."
                : $"Not estimable: no {bottom} {what.Replace("to ", "", StringComparison.Ordinal)}, or no {bottom} to compare.";
        var rl = value.Value.ToString("0.00", Inv);
        var sentence = value.Value >= 1
            ? $"{rl}: {top} were {rl} times as likely as {bottom} {what}"
            : $"{rl}: {top} were less likely than {bottom} {what} ({bottom} {(1 / value.Value).ToString("0.00", Inv)} times as likely)";
        var interval = !double.IsFinite(value.Lower) ? "; no interval can be estimated"
            : value.Lower <= 1 && value.Upper >= 1 ? $"; the 95% interval ({value.Lower.ToString("0.00", Inv)} to {value.Upper.ToString("0.00", Inv)}) includes 1, so the data do not show a clear difference"
            : $" (95% interval {value.Lower.ToString("0.00", Inv)} to {value.Upper.ToString("0.00", Inv)})";
        return sentence + interval + (small ? "; small numbers: read with care." : ".");
    }

    private static WresReport.Survey Survey(int indicator, long wy, long wn, long by, long bn)
    {
        var white = Proportion.Wilson(wy, wn, multiplier: 100);
        var bme = Proportion.Wilson(by, bn, multiplier: 100);
        var difference = Comparison.ProportionDifference(by, bn, wy, wn, multiplier: 100);
        var lowerIsBetter = indicator != 7;
        var small = wn < 30 || bn < 30;
        string direction;
        if (!double.IsFinite(difference.Value)) direction = "Not estimable: no respondents in one group.";
        else
        {
            var worse = lowerIsBetter ? difference.Value > 0 : difference.Value < 0;
            var clear = difference.Lower > 0 || difference.Upper < 0;
            direction = $"{Points(difference.Value)}: BME {bme.Value.ToString("0.0", Inv)}%, White {white.Value.ToString("0.0", Inv)}%"
                + (Math.Abs(difference.Value) < 0.05 ? "; no difference" : $"; worse for {(worse ? "BME" : "White")} staff")
                + (clear || Math.Abs(difference.Value) < 0.05 ? "" : " but the 95% interval includes no difference")
                + (small ? "; fewer than 30 respondents in a group: read with care." : ".");
        }
        return new WresReport.Survey(indicator, Titles[indicator], lowerIsBetter, wy, wn, by, bn, white, bme, difference, small, direction);
    }

    private static string Points(double value) => (value >= 0 ? "+" : "") + value.ToString("0.0", Inv) + " points";

    private static (long Yes, long Respondents) Answers(IReadOnlyList<WresFile.Row> rows, string item, string ethnicity)
    {
        long yes = 0, respondents = 0;
        foreach (var r in rows.Where(r => r.Item == item && r.Ethnicity == ethnicity))
        {
            var n = r.Respondents ?? 0;
            respondents += n;
            yes += r.Count ?? (r.StatedValue is { } p ? (long)Math.Round(p * n / 100, MidpointRounding.AwayFromZero) : 0);
        }
        return (Math.Min(yes, respondents), respondents);
    }

    private static long Sum(IEnumerable<WresFile.Row> rows, string item, string ethnicity) =>
        rows.Where(r => r.Item == item && r.Ethnicity == ethnicity).Sum(r => r.Count ?? 0);

    private static WresReport.Headcount Heads(IEnumerable<WresFile.Row> rows)
    {
        long white = 0, bme = 0, unknown = 0;
        foreach (var r in rows)
        {
            if (r.Ethnicity == WresFile.White) white += r.Count ?? 0;
            else if (r.Ethnicity == WresFile.Bme) bme += r.Count ?? 0;
            else if (r.Ethnicity == WresFile.Unknown) unknown += r.Count ?? 0;
        }
        return new WresReport.Headcount(white, bme, unknown);
    }
}
