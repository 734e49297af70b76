using System.Globalization;
using Dapper;
using Maternity.Returns;
using Maternity.Statistics;
using Maternity.Storage;

namespace Maternity.National;

/// <summary>
/// What the national pages, API and command line show from the stored publications (<c>national_count</c>): each
/// rate of <see cref="NationalMapping.Rates"/> for England, the regions, every trust and an LMNS as the sum of its
/// trusts (where the organisation hierarchy is loaded), with its coverage, and a trust's population profile.
/// <para>Rate = Σ numerator categories / Σ denominator categories, × 100; 95% Wilson interval, labelled approximate
/// because every published count is rounded to the nearest 5. A rate with any part missing (<c>*</c>, blank) is not
/// shown. Coverage = the recorded denominator / the organisation's total deliveries (or total babies, for a dimension
/// counted in babies) of the period; below <c>minCoverage</c> the rate is flagged and left out of comparisons.</para>
/// <para>Against England: "higher" or "lower" when England's value is outside the organisation's interval, else
/// "similar"; the verdict is recomputed with every published count moved by up to 2 (the rounding) in the direction
/// that moves the rate most, and when that could change it the verdict is "not judged: rounding could change it".
/// No verdict against a target: the publication's cohorts are not the catalogue's.</para>
/// </summary>
public static class NationalView
{
    public const double DefaultMinCoverage = 50;

    /// <summary>One loaded publication period.</summary>
    public sealed record Publication(string Name, string PeriodType, DateOnly Start, string File, long Rows, long Missing, DateTime LoadedAt)
    {
        public string Label => NationalStatistics.Label(PeriodType, Start);
    }

    /// <summary>An organisation's rate for one period. <see cref="Value"/> is null when a part is missing (<see cref="Withheld"/> says which).</summary>
    public sealed record Figure(string Period, DateOnly Start, string Level, string Org, string OrgName, long? Numerator, long? Denominator, long? Total,
        double? Coverage, Interval? Value, string? Withheld, bool LowCoverage, int Parts, int NumeratorParts)
    {
        public bool Comparable => Value is not null && !LowCoverage;
    }

    /// <summary>Where a value sits among all trusts with enough coverage: the spine chart's range, quartiles and England.</summary>
    public sealed record Spread(double Min, double Q1, double Median, double Q3, double Max, int Trusts);

    /// <summary>One rate for one organisation and period with its benchmarks.</summary>
    public sealed record RateRow(NationalMapping.Rate Rate, Figure? England, Figure? Org, string Verdict, Spread? Spread);

    public sealed record Organisation(string Code, string Name, string Level);

    /// <summary>Every loaded publication period, latest first.</summary>
    public static IReadOnlyList<Publication> Publications(Database database) =>
        database.ReadOrKept<IReadOnlyList<Publication>>("national-publications", connection => [.. connection.Query<(string Publication, string PeriodType, DateTime Start, string File, long Rows, long Missing, DateTime LoadedAt)>("""
            SELECT publication, period_type, period_start, file_name, rows_stored, missing_cells, loaded_at FROM national_publication
            ORDER BY period_start DESC, publication
            """).Select(p => new Publication(p.Publication, p.PeriodType, DateOnly.FromDateTime(p.Start), p.File, p.Rows, p.Missing, p.LoadedAt))]);

    /// <summary>
    /// The trusts of the publications (latest name) and the LMNSs whose trusts are in them; kept while the store is
    /// unchanged, since every page of a store holding only the publication lists them.
    /// </summary>
    public static IReadOnlyList<Organisation> Organisations(Database database) =>
        database.ReadOrKept<IReadOnlyList<Organisation>>("national-organisations", connection =>
        {
            var trusts = connection.Query<(string Code, string Name)>("""
                SELECT org_code, MAX(org_name) FROM national_count WHERE org_level = 'Provider' GROUP BY org_code ORDER BY 2
                """).Select(t => new Organisation(t.Code, Title(t.Name), "Provider")).ToList();
            var lmns = Lmns(connection).Where(l => l.Value.Any(t => trusts.Any(x => x.Code == t))).Select(l => new Organisation(l.Key, l.Key, "LMNS"));
            return [.. lmns, .. trusts];
        });

    /// <summary>The organisation the pages open on: the given one if known, else the first LMNS with trusts in the publication, else none (England).</summary>
    public static Organisation? Choose(Database database, string? org)
    {
        var all = Organisations(database);
        return org is null ? all.FirstOrDefault(o => o.Level == "LMNS") : all.FirstOrDefault(o => o.Code.Equals(org, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every figure of one rate: every organisation (England, regions, trusts, LMNSs summed from their trusts) and period.</summary>
    public static IReadOnlyList<Figure> Figures(Database database, NationalMapping.Rate rate, double minCoverage = DefaultMinCoverage)
    {
        using var connection = database.Open();
        var cells = connection.Query<(DateTime Start, string PeriodType, string Dimension, string Category, string Level, string Org, string OrgName, string CountOf, long? Value)>(
            connection.Sql("""
                SELECT period_start, period_type, dimension, category, org_level, org_code, org_name, count_of, value FROM national_count
                WHERE dimension IN ($dimension, 'TotalDeliveries', 'TotalBabies')
                """), new { dimension = rate.Dimension }).ToList();
        var lmns = Lmns(connection);
        var parents = lmns.SelectMany(l => l.Value.Select(t => (Trust: t, Lmns: l.Key))).ToLookup(x => x.Trust, x => x.Lmns);
        // An LMNS is the sum of its trusts: each trust's cells again under the LMNS's code (the trust's code kept as the name).
        var all = cells.Concat(cells.Where(c => c.Level == "Provider").SelectMany(c => parents[c.Org].Select(l => c with { Level = "LMNS", Org = l, OrgName = c.Org })));
        var figures = new List<Figure>();
        foreach (var group in all.GroupBy(c => (c.Start, c.PeriodType, c.Level, c.Org)))
        {
            var parts = group.Where(c => c.Dimension == rate.Dimension).ToList();
            if (parts.Count == 0) continue;
            var start = DateOnly.FromDateTime(group.Key.Start);
            var label = NationalStatistics.Label(group.Key.PeriodType, start);
            var numeratorParts = parts.Where(c => rate.Numerator.Contains(c.Category, StringComparer.OrdinalIgnoreCase)).ToList();
            var denominatorParts = parts.Where(c => NationalMapping.InDenominator(rate, c.Category)).ToList();
            var unit = parts[0].CountOf.Equals("Babies", StringComparison.OrdinalIgnoreCase) ? "TotalBabies" : "TotalDeliveries";
            var totals = group.Where(c => c.Dimension == unit).ToList();
            long? total = totals.Count > 0 && totals.All(t => t.Value is not null) ? totals.Sum(t => t.Value!.Value) : null;
            var name = group.Key.Level == "LMNS" ? group.Key.Org : Title(group.First().OrgName);
            if (group.Key.Level == "LMNS")
            {
                var expected = lmns[group.Key.Org].Count(t => cells.Any(c => c.Org == t && c.Start == group.Key.Start));
                var present = parts.Select(c => c.OrgName).Distinct().Count();
                if (present < expected) { figures.Add(Withheld(label, start, group.Key, name, "a trust of the LMNS has no figures for this rate")); continue; }
            }
            if (numeratorParts.Concat(denominatorParts).Where(c => c.Value is null).Take(1).ToList() is [{ Category: var missing, OrgName: var at }])
            {
                figures.Add(Withheld(label, start, group.Key, name, $"'{missing}' is suppressed or blank in the publication{(group.Key.Level == "LMNS" ? $" for {at}" : "")}"));
                continue;
            }
            var x = numeratorParts.Sum(c => c.Value!.Value);
            var n = denominatorParts.Sum(c => c.Value!.Value);
            if (n == 0) { figures.Add(Withheld(label, start, group.Key, name, "no one recorded")); continue; }
            double? coverage = total is > 0 ? 100.0 * n / total.Value : null;
            figures.Add(new Figure(label, start, group.Key.Level, group.Key.Org, name, x, n, total, coverage, Proportion.Wilson(x, n, multiplier: 100), null,
                coverage is null || coverage < minCoverage, denominatorParts.Count, numeratorParts.Count));
        }
        return [.. figures.OrderBy(f => f.Start).ThenBy(f => LevelOrder(f.Level)).ThenBy(f => f.OrgName, StringComparer.Ordinal)];

        static Figure Withheld(string label, DateOnly start, (DateTime, string, string Level, string Org) key, string name, string why) =>
            new(label, start, key.Level, key.Org, name, null, null, null, null, null, why, true, 0, 0);
    }

    /// <summary>Each rate for one organisation and period (latest if none given), beside England and the spread of trusts.</summary>
    public static IReadOnlyList<RateRow> Overview(Database database, string? org, DateOnly? period, double minCoverage = DefaultMinCoverage) =>
        [.. NationalMapping.Rates.Select(rate =>
        {
            var figures = Figures(database, rate, minCoverage);
            var start = period ?? (figures.Count == 0 ? default : figures.Max(f => f.Start));
            var year = figures.Where(f => f.Start == start).ToList();
            var england = year.FirstOrDefault(f => f.Level == "National");
            var mine = org is null ? null : year.FirstOrDefault(f => f.Org.Equals(org, StringComparison.OrdinalIgnoreCase));
            return new RateRow(rate, england, mine, Verdict(mine, england), SpreadOf(year));
        }).Where(r => r.England is not null || r.Org is not null)];

    /// <summary>The spread of the trusts' values with enough coverage, or null with none.</summary>
    public static Spread? SpreadOf(IEnumerable<Figure> figures)
    {
        var values = figures.Where(f => f.Level == "Provider" && f.Comparable).Select(f => f.Value!.Value).Order().ToArray();
        if (values.Length == 0) return null;
        return new Spread(values[0], Quantile(values, 0.25), Quantile(values, 0.5), Quantile(values, 0.75), values[^1], values.Length);
    }

    /// <summary>The peers of a trust: the <paramref name="count"/> other trusts whose total (the rate's recorded denominator) is nearest, coverage permitting.</summary>
    public static IReadOnlyList<Figure> Peers(IReadOnlyList<Figure> year, string org, int count = 5)
    {
        var mine = year.FirstOrDefault(f => f.Org.Equals(org, StringComparison.OrdinalIgnoreCase));
        if (mine?.Total is not { } size) return [];
        return [.. year.Where(f => f.Level == "Provider" && f.Org != mine.Org && f.Comparable && f.Total is not null)
            .OrderBy(f => Math.Abs(f.Total!.Value - size)).ThenBy(f => f.Org, StringComparer.Ordinal).Take(count)];
    }

    /// <summary>The funnel of all English trusts with enough coverage, around England's value.</summary>
    public static FunnelResult FunnelOf(IReadOnlyList<Figure> year)
    {
        var england = year.FirstOrDefault(f => f.Level == "National" && f.Value is not null);
        var units = year.Where(f => f.Level == "Provider" && f.Comparable).Select(f => new FunnelUnit(f.Org, f.Numerator!.Value, f.Denominator!.Value)).ToList();
        return units.Count == 0 ? new FunnelResult(FunnelMethod.Wilson, 0, [], [], null, null, null) : Funnel.Proportions(units, target: england?.Value?.Value);
    }

    /// <summary>
    /// An organisation against England: "higher", "lower" or "similar" (England's value against the 95% interval);
    /// "not judged: rounding could change it" when moving each published count by up to 2 could change that;
    /// "not compared: ..." for low coverage or a missing part.
    /// </summary>
    public static string Verdict(Figure? org, Figure? england)
    {
        if (org is null || england is null || org.Level == "National") return "";
        if (org.Value is null || england.Value is null) return "not compared: a part is missing";
        if (org.LowCoverage) return "not compared: coverage below the threshold";
        var reference = england.Value.Value;
        var verdict = Side(org.Numerator!.Value, org.Denominator!.Value);
        // Each published count is within 2 of the truth: the numerator's parts and the rest of the denominator's.
        var slackX = 2.0 * org.NumeratorParts;
        var slackRest = 2.0 * Math.Max(0, org.Parts - org.NumeratorParts);
        var (x, rest) = ((double)org.Numerator.Value, (double)(org.Denominator.Value - org.Numerator.Value));
        var low = Side(Math.Max(0, x - slackX), Math.Max(0, x - slackX) + rest + slackRest);
        var high = Side(x + slackX, x + slackX + Math.Max(0, rest - slackRest));
        return low == verdict && high == verdict ? verdict : "not judged: rounding could change it";

        string Side(double events, double n)
        {
            if (n <= 0) return "similar";
            var i = Proportion.Wilson(Math.Min(events, n), n, multiplier: 100);
            return reference < i.Lower ? "higher" : reference > i.Upper ? "lower" : "similar";
        }
    }

    /// <summary>One category of a population profile: the organisation's share of deliveries beside England's.</summary>
    public sealed record ProfileRow(string Category, long? Count, double? Share, long? England, double? EnglandShare);

    /// <summary>A profile dimension for one organisation and period: deliveries by category, as shares of all deliveries in the dimension.</summary>
    public sealed record Profile(string Dimension, string Title, IReadOnlyList<ProfileRow> Rows, long Missing);

    /// <summary>Deliveries by ethnic group, deprivation decile and age at booking for an organisation (an LMNS summed from its trusts) beside England.</summary>
    public static IReadOnlyList<Profile> Profiles(Database database, string org, DateOnly period)
    {
        string[] dimensions = ["EthnicCategoryMotherGroup", "DeprivationDecileAtBooking", "AgeAtBookingMotherGroup"];
        using var connection = database.Open();
        var lmns = Lmns(connection);
        var codes = lmns.TryGetValue(org, out var trusts) ? trusts : [org];
        var cells = connection.Query<(string Dimension, string Category, string Org, long? Value)>(connection.Sql("""
            SELECT dimension, category, org_code, value FROM national_count
            WHERE period_start = $period AND period_type = 'FinancialYear'
              AND dimension IN ('EthnicCategoryMotherGroup', 'DeprivationDecileAtBooking', 'AgeAtBookingMotherGroup')
            """), new { period }).ToList();
        var result = new List<Profile>();
        foreach (var dimension in dimensions)
        {
            var here = cells.Where(c => c.Dimension == dimension && codes.Contains(c.Org)).ToList();
            var england = cells.Where(c => c.Dimension == dimension && c.Org == "ENGLAND").ToList();
            if (here.Count == 0 && england.Count == 0) continue;
            var mineTotal = here.Where(c => c.Value is not null).Sum(c => c.Value!.Value);
            var englandTotal = england.Where(c => c.Value is not null).Sum(c => c.Value!.Value);
            var rows = here.Concat(england).Select(c => c.Category).Distinct().Order(StringComparer.Ordinal).Select(category =>
            {
                var mine = here.Where(c => c.Category == category).ToList();
                long? count = mine.Count == 0 ? 0 : mine.Any(c => c.Value is null) ? null : mine.Sum(c => c.Value!.Value);
                var e = england.Where(c => c.Category == category).Select(c => c.Value).FirstOrDefault();
                return new ProfileRow(category, count, count is { } k && mineTotal > 0 ? 100.0 * k / mineTotal : null, e,
                    e is { } v && englandTotal > 0 ? 100.0 * v / englandTotal : null);
            }).ToList();
            result.Add(new Profile(dimension, NationalMapping.Dimensions.First(d => d.Name == dimension).Title, rows, here.Count(c => c.Value is null)));
        }
        return result;
    }

    /// <summary>Upper-case publication names in title case ("MANCHESTER UNIVERSITY NHS FOUNDATION TRUST" as "Manchester University NHS Foundation Trust").</summary>
    public static string Title(string name)
    {
        if (name.Any(char.IsLower)) return name;
        var words = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.ToLowerInvariant()).Split(' ');
        return string.Join(' ', words.Select(w => w is "Nhs" ? "NHS" : w is "And" or "Of" or "The" ? w.ToLowerInvariant() : w));
    }

    /// <summary>A value with its interval, labelled as resting on published-rounded counts.</summary>
    public static string Format(Figure? f)
    {
        if (f is null) return "-";
        if (f.Value is not { } v) return "not shown";
        return string.Create(CultureInfo.InvariantCulture, $"{v.Value:0.0}% ({v.Lower:0.0} to {v.Upper:0.0}, approx.)");
    }

    private static int LevelOrder(string level) => level switch { "National" => 0, "Region" => 1, "LMNS" => 2, _ => 3 };

    private static double Quantile(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    private static Dictionary<string, List<string>> Lmns(System.Data.Common.DbConnection connection) =>
        connection.Query<(string Trust, string Lmns)>("""
            SELECT t.org_code, l.org_code FROM org t JOIN org l ON l.org_code = t.parent_code WHERE t.org_type = 'Trust' AND l.org_type = 'LMNS'
            """).GroupBy(x => x.Lmns).ToDictionary(g => g.Key, g => g.Select(x => x.Trust).ToList(), StringComparer.OrdinalIgnoreCase);
}
