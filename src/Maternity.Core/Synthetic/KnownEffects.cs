namespace Maternity.Synthetic;

/// <summary>
/// The effects the generator builds into its data, so that tests can check the engine finds them.
/// These are the true probabilities each record is drawn with; the observed rates vary by chance around them.
/// </summary>
public static class KnownEffects
{
    /// <summary>Share of births by the mother's ethnic category (a diverse urban LMNS).</summary>
    public static IReadOnlyList<(string Code, double Share)> EthnicMix { get; } =
    [
        ("A", 0.40), ("B", 0.02), ("C", 0.13),
        ("D", 0.015), ("E", 0.01), ("F", 0.01), ("G", 0.015),
        ("H", 0.06), ("J", 0.08), ("K", 0.04), ("L", 0.04),
        ("M", 0.03), ("N", 0.08), ("P", 0.01),
        ("R", 0.01), ("S", 0.05),
    ];

    /// <summary>Stillbirths per 1,000 total births by ethnic group: Black about twice White.</summary>
    public static IReadOnlyDictionary<string, double> StillbirthPer1000 { get; } = new Dictionary<string, double>
    {
        ["White"] = 3.5, ["Mixed"] = 4.5, ["Asian"] = 5.0, ["Black"] = 7.0, ["Other"] = 4.0,
    };

    /// <summary>Probability a live birth is preterm (before 37+0 weeks) by IMD quintile (1 = most deprived).</summary>
    public static IReadOnlyList<double> PretermByQuintile { get; } = [0.090, 0.080, 0.070, 0.065, 0.060];

    /// <summary>Probability of smoking at the time of delivery by IMD decile: 20% in decile 1 falling evenly to 3% in decile 10.</summary>
    public static double SmokingAtDelivery(int decile) => 0.20 - (decile - 1) * (0.17 / 9);

    /// <summary>Probability of smoking at booking: three points above the rate at delivery.</summary>
    public static double SmokingAtBooking(int decile) => SmokingAtDelivery(decile) + 0.03;

    /// <summary>IMD decile weights (1 = most deprived) by ethnic group: minority groups live more often in deprived areas.</summary>
    public static IReadOnlyList<double> DecileWeights(string group) => group switch
    {
        "White" => [10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
        "Black" or "Asian" => [22, 18, 14, 11, 9, 7, 6, 5, 4, 4],
        _ => [16, 14, 12, 11, 10, 9, 8, 7, 7, 6],
    };

    /// <summary>Share of mothers whose ethnic category is not validly recorded, by trust: X1C is the weak trust.</summary>
    public static double EthnicNotValid(string trust) => trust == "X1C" ? 0.20 : 0.03;

    /// <summary>Share of mothers with neither postcode nor LSOA recorded, by trust: X1B is the weak trust.</summary>
    public static double ResidenceMissing(string trust) => trust == "X1B" ? 0.08 : 0.01;

    /// <summary>Share of births by trust.</summary>
    public static IReadOnlyList<(string Trust, double Share)> TrustShare { get; } =
        [("X1A", 0.35), ("X1B", 0.25), ("X1C", 0.25), ("X1D", 0.15)];

    /// <summary>Share of births before 27 weeks that happen at the site with the level 3 neonatal unit (X1A01).</summary>
    public const double ExtremePretermAtLevel3 = 0.80;
}
