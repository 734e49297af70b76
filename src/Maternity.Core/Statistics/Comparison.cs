namespace Maternity.Statistics;

/// <summary>
/// A group compared with a reference group (e.g. Black with White mothers; IMD quintile 1 with quintile 5; a
/// trust with the LMNS): a ratio and a difference, each with its interval.
/// </summary>
public static class Comparison
{
    /// <summary>
    /// Risk ratio (a/n₁)/(c/n₂) with the Katz log interval exp(ln RR ± z·√(1/a − 1/n₁ + 1/c − 1/n₂)).
    /// The WRES relative likelihoods are risk ratios. When a or c is 0 the ratio is 0 or infinite and the
    /// limits are NaN (not estimable); a zero denominator gives NaN throughout.
    /// Reference: Katz D et al., Biometrics 1978;34:469-74.
    /// </summary>
    public static Interval RiskRatio(double a, double n1, double c, double n2, double level = 0.95)
    {
        if (n1 <= 0 || n2 <= 0) return new Interval(double.NaN, double.NaN, double.NaN, "Katz log");
        var ratio = a / n1 / (c / n2);
        if (a == 0 || c == 0) return new Interval(ratio, double.NaN, double.NaN, "Katz log");
        var se = Math.Sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
        var z = Normal.TwoSidedZ(level);
        return new Interval(ratio, Math.Exp(Math.Log(ratio) - z * se), Math.Exp(Math.Log(ratio) + z * se), "Katz log");
    }

    /// <summary>
    /// Rate ratio (a/n₁)/(c/n₂) for Poisson counts with the log interval exp(ln RR ± z·√(1/a + 1/c)).
    /// a or c = 0 gives NaN limits. Reference: Rothman KJ, Greenland S, Modern Epidemiology, 3rd ed., ch. 14.
    /// </summary>
    public static Interval RateRatio(double a, double n1, double c, double n2, double level = 0.95)
    {
        if (n1 <= 0 || n2 <= 0) return new Interval(double.NaN, double.NaN, double.NaN, "Log");
        var ratio = a / n1 / (c / n2);
        if (a == 0 || c == 0) return new Interval(ratio, double.NaN, double.NaN, "Log");
        var se = Math.Sqrt(1 / a + 1 / c);
        var z = Normal.TwoSidedZ(level);
        return new Interval(ratio, Math.Exp(Math.Log(ratio) - z * se), Math.Exp(Math.Log(ratio) + z * se), "Log");
    }

    /// <summary>
    /// Difference of two proportions p₁ − p₂ with Newcombe's hybrid score interval (his method 10), built from the
    /// two Wilson intervals (l₁, u₁) and (l₂, u₂): lower = d − √((p₁ − l₁)² + (u₂ − p₂)²), upper = d + √((u₁ − p₁)² + (p₂ − l₂)²),
    /// all × <paramref name="multiplier"/>. Valid at 0 and n. Reference: Newcombe RG, Stat Med 1998;17:873-90.
    /// </summary>
    public static Interval ProportionDifference(double a, double n1, double c, double n2, double level = 0.95, double multiplier = 1)
    {
        if (n1 <= 0 || n2 <= 0) return new Interval(double.NaN, double.NaN, double.NaN, "Newcombe");
        var w1 = Proportion.Wilson(a, n1, level);
        var w2 = Proportion.Wilson(c, n2, level);
        var d = w1.Value - w2.Value;
        var lower = d - Math.Sqrt(Math.Pow(w1.Value - w1.Lower, 2) + Math.Pow(w2.Upper - w2.Value, 2));
        var upper = d + Math.Sqrt(Math.Pow(w1.Upper - w1.Value, 2) + Math.Pow(w2.Value - w2.Lower, 2));
        return new Interval(d * multiplier, lower * multiplier, upper * multiplier, "Newcombe");
    }

    /// <summary>
    /// Difference of two rates (a/n₁ − c/n₂) × multiplier with the normal interval ± z·√(a/n₁² + c/n₂²) × multiplier.
    /// Reference: Rothman and Greenland, Modern Epidemiology, ch. 14.
    /// </summary>
    public static Interval RateDifference(double a, double n1, double c, double n2, double level = 0.95, double multiplier = 1000)
    {
        if (n1 <= 0 || n2 <= 0) return new Interval(double.NaN, double.NaN, double.NaN, "Normal");
        var d = a / n1 - c / n2;
        var se = Math.Sqrt(a / (n1 * n1) + c / (n2 * n2));
        var z = Normal.TwoSidedZ(level);
        return new Interval(d * multiplier, (d - z * se) * multiplier, (d + z * se) * multiplier, "Normal");
    }
}
