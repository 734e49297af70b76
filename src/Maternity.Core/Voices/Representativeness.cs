using Maternity.Statistics;

namespace Maternity.Voices;

/// <summary>
/// Whether the people an MNVP heard reflect the women booked (or a population profile), for one characteristic.
/// For each group g: the share heard hₘ/H (people heard in g over all heard whose group was stated), the reference share
/// bₘ/B (women booked in g over all booked whose group was valid), and the representation ratio (hₘ/H)/(bₘ/B): 1 means
/// heard in proportion, under 1 under-represented. The ratio's 95% interval is the Wilson score interval of the share
/// heard divided by the reference share: the women booked are every woman booked in those trusts and months, not a sample,
/// so only the share heard carries sampling error. A group is flagged under-represented when the interval's upper limit
/// is below 1 (over-represented when its lower limit is above 1). The whole is tested by Pearson's chi-squared goodness
/// of fit of the counts heard against the reference shares (<see cref="GoodnessOfFit.ChiSquared"/>). "Not stated" and
/// unknown groups are left out of both sides. H = 0 gives NaN ratios, no flags and no test.
/// </summary>
public static class Representativeness
{
    public const string Under = "Under-represented";
    public const string Over = "Over-represented";
    public const string InLine = "In line";

    public sealed record Row(string Group, long Heard, double HeardShare, double Reference, double ReferenceShare, Interval Ratio, string Verdict);

    public sealed record Result(string Characteristic, string Title, string ReferenceSource, long Heard, double ReferenceTotal,
        IReadOnlyList<Row> Rows, GoodnessOfFit.Result Test)
    {
        public IReadOnlyList<string> UnderRepresented => [.. Rows.Where(r => r.Verdict == Under).Select(r => r.Group)];
    }

    /// <summary>Compares <paramref name="heard"/> with <paramref name="reference"/> (counts, or shares) over the groups of <paramref name="characteristic"/> other than "Not stated".</summary>
    public static Result Compare(Characteristic characteristic, IReadOnlyDictionary<string, long> heard, IReadOnlyDictionary<string, double> reference,
        string referenceSource, double level = 0.95)
    {
        var groups = characteristic.Groups.Where(g => g != Characteristic.NotStated).ToList();
        var h = groups.Sum(g => heard.GetValueOrDefault(g));
        var b = groups.Sum(g => reference.GetValueOrDefault(g));
        var rows = groups.Select(g =>
        {
            var x = heard.GetValueOrDefault(g);
            var r = reference.GetValueOrDefault(g);
            var share = b > 0 ? r / b : double.NaN;
            var wilson = h > 0 ? Proportion.Wilson(x, h, level) : new Interval(double.NaN, double.NaN, double.NaN, "Wilson");
            var ratio = share > 0 && h > 0
                ? new Interval(wilson.Value / share, wilson.Lower / share, wilson.Upper / share, "Wilson share / reference share")
                : new Interval(double.NaN, double.NaN, double.NaN, "Wilson share / reference share");
            var verdict = ratio.Upper < 1 ? Under : ratio.Lower > 1 ? Over : InLine;
            return new Row(g, x, h > 0 ? x / (double)h : double.NaN, r, share, ratio, double.IsNaN(ratio.Value) ? "" : verdict);
        }).ToList();
        var test = GoodnessOfFit.ChiSquared([.. groups.Select(g => (double)heard.GetValueOrDefault(g))], [.. groups.Select(g => reference.GetValueOrDefault(g))]);
        return new Result(characteristic.Name, characteristic.Title, referenceSource, h, b, rows, test);
    }
}
