using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Maternity.Statistics;

/// <summary>One period of a Poisson CUSUM: the statistic after the period and the signal it raised (0 none, 1 or 2).</summary>
public sealed record CusumPoint(int Index, double Observed, double Expected, double K, double S, int Signal);

/// <summary>A g chart (opportunities between events): the centre, the limits and the points above the upper limit.</summary>
public sealed record GChartResult(double Mean, double Lower, double Upper, IReadOnlyList<bool> AboveUpper);

/// <summary>
/// Charts for rare events such as stillbirths and neonatal deaths, where monthly rates are mostly noise:
/// the Poisson CUSUM of NHS England's Maternity Outcomes Signal System (MOSS), the VLAD (cumulative
/// observed minus expected), and g and t charts of the births or days between events.
/// </summary>
public static class RareEvents
{
    /// <summary>Grid step of the Markov-chain approximation of the CUSUM's run length.</summary>
    private const int Scale = 20;

    /// <summary>
    /// Upper Poisson CUSUM as MOSS runs it: in-control mean μ₀ₜ (the expected events of period t), out-of-control
    /// mean μ₁ = ratio × μ₀ (MOSS: twice), reference value kₜ = (μ₁ − μ₀)/(ln μ₁ − ln μ₀), Sₜ = max(0, Sₜ₋₁ + Xₜ − kₜ)
    /// from S₀ = 0. A level-2 signal when Sₜ ≥ h₂, after which S resets to 0; a level-1 signal when h₁ ≤ Sₜ &lt; h₂,
    /// except in a period with no events. A period with μ₀ = 0 adds its events with k = 0.
    /// Reference: Hawkins DM, Olwell DH, Cumulative Sum Charts and Charting for Quality Improvement (1998);
    /// nhsengland/Maternity-MOSS "MOSS Calculations.r".
    /// </summary>
    public static IReadOnlyList<CusumPoint> PoissonCusum(IReadOnlyList<double> observed, IReadOnlyList<double> expected,
        double h1, double h2, double ratio = 2)
    {
        if (observed.Count != expected.Count) throw new ArgumentException("observed and expected differ in length", nameof(expected));
        var points = new List<CusumPoint>(observed.Count);
        var s = 0.0;
        for (var t = 0; t < observed.Count; t++)
        {
            var k = ReferenceValue(expected[t], ratio);
            s = Math.Max(0, s + observed[t] - k);
            var signal = s >= h2 ? 2 : s >= h1 && observed[t] > 0 ? 1 : 0;
            points.Add(new CusumPoint(t, observed[t], expected[t], k, s, signal));
            if (signal == 2) s = 0;
        }
        return points;
    }

    /// <summary>k = (μ₁ − μ₀)/(ln μ₁ − ln μ₀) with μ₁ = ratio × μ₀; for a doubling, k = μ₀/ln 2.</summary>
    public static double ReferenceValue(double mu0, double ratio = 2) =>
        mu0 <= 0 ? 0 : (ratio * mu0 - mu0) / Math.Log(ratio);

    /// <summary>
    /// In-control average run length of the upper Poisson CUSUM with in-control mean μ₀, reference value k and
    /// decision interval h, by the Markov-chain method of Brook and Evans (Biometrika 1972;59:539-49) on a grid
    /// of 1/20 (k and h are rounded to it).
    /// </summary>
    public static double AverageRunLength(double mu0, double k, double h)
    {
        var states = (int)Math.Round(h * Scale);
        if (states < 1) return 1;
        var kd = (int)Math.Round(k * Scale);
        var r = Matrix<double>.Build.Dense(states, states);
        var maxEvents = (int)Math.Ceiling((states + kd) / (double)Scale) + 1;
        var pmf = Enumerable.Range(0, maxEvents + 1).Select(x => Poisson.PMF(mu0, x)).ToArray();
        for (var i = 0; i < states; i++)
        {
            for (var x = 0; x <= maxEvents; x++)
            {
                var j = i + x * Scale - kd;
                if (j >= states) break;
                r[i, Math.Max(0, j)] += pmf[x];
            }
        }
        var a = Matrix<double>.Build.DenseIdentity(states) - r;
        var arl = a.Solve(Vector<double>.Build.Dense(states, 1.0));
        return arl[0];
    }

    /// <summary>
    /// The decision interval h (on the 1/20 grid) whose in-control average run length first reaches
    /// <paramref name="targetArl"/>, for in-control mean μ₀ and an out-of-control mean ratio × μ₀. MOSS uses
    /// target ARLs of 20 (level 1) and 100 (level 2) periods, the role of R CUSUMdesign <c>getH(distr = 3)</c>.
    /// </summary>
    public static double DecisionInterval(double mu0, double targetArl, double ratio = 2)
    {
        if (mu0 <= 0 || targetArl <= 1) throw new ArgumentOutOfRangeException(nameof(mu0), "need mu0 > 0 and a target ARL above 1");
        var k = ReferenceValue(mu0, ratio);
        double lo = 0, hi = 1.0 / Scale;
        while (AverageRunLength(mu0, k, hi) < targetArl) { lo = hi; hi *= 2; }
        while (hi - lo > 0.5 / Scale)
        {
            var mid = Math.Round((lo + hi) / 2 * Scale) / Scale;
            if (mid <= lo || mid >= hi) break;
            if (AverageRunLength(mu0, k, mid) < targetArl) lo = mid; else hi = mid;
        }
        return hi;
    }

    /// <summary>Variable life-adjusted display: the running total of observed minus expected events.</summary>
    public static IReadOnlyList<double> Vlad(IReadOnlyList<double> observed, IReadOnlyList<double> expected)
    {
        var total = 0.0;
        return [.. observed.Select((o, i) => total += o - expected[i])];
    }

    /// <summary>
    /// g chart of the number of opportunities (e.g. births) between consecutive events: centre ḡ (the mean),
    /// upper limit ḡ + 3√(ḡ(ḡ + 1)), lower limit max(0, ḡ − 3√(ḡ(ḡ + 1))) from the geometric distribution. For an
    /// adverse event a point above the upper limit is a long gap (improvement). Reference: Benneyan JC, Health Care
    /// Manag Sci 2001;4:305-18.
    /// </summary>
    public static GChartResult GChart(IReadOnlyList<double> between)
    {
        if (between.Count == 0) return new GChartResult(double.NaN, double.NaN, double.NaN, []);
        var mean = between.Average();
        var spread = 3 * Math.Sqrt(mean * (mean + 1));
        return new GChartResult(mean, Math.Max(0, mean - spread), mean + spread, [.. between.Select(g => g > mean + spread)]);
    }

    /// <summary>
    /// t chart of the time between events: the times are transformed by t^(1/3.6) to near-normality, charted as an
    /// XmR chart, and the centre and limits transformed back by y^3.6. Reference: Provost LP, Murray SK, The
    /// Health Care Data Guide (2011), ch. 7.
    /// </summary>
    public static SpcResult TChart(IReadOnlyList<double> daysBetween, SpcOptions? options = null)
    {
        var chart = Spc.XmR([.. daysBetween.Select(t => Math.Pow(t, 1 / 3.6))], options);
        static double Back(double y) => y <= 0 ? 0 : Math.Pow(y, 3.6);
        return chart with
        {
            Points = [.. chart.Points.Select(p => p with
            {
                Value = Back(p.Value), Mean = Back(p.Mean), Lower = Back(p.Lower), Upper = Back(p.Upper),
                NearLower = Back(p.NearLower), NearUpper = Back(p.NearUpper),
            })],
        };
    }
}
