namespace Maternity.Statistics;

/// <summary>
/// Age (or deprivation) standardisation of rates, as the public-health profiles compute it: directly standardised
/// rates by Dobson's method and indirectly standardised ratios and rates (PHEindicatormethods <c>calculate_dsr</c>,
/// <c>calculate_ISRatio</c>, <c>calculate_ISRate</c>).
/// </summary>
public static class Standardisation
{
    /// <summary>One band (an age group) of the local population: its events, its population and the standard population's weight.</summary>
    public sealed record Band(double Count, double Population, double Weight);

    /// <summary>One band of the local population with the reference population's events and population in the same band.</summary>
    public sealed record ReferenceBand(double Count, double Population, double ReferenceCount, double ReferencePopulation);

    /// <summary>A standardised rate or ratio: observed events, the total population (direct) or the expected events (indirect), and the interval.</summary>
    public sealed record Result(double Observed, double Population, double Expected, Interval Interval);

    /// <summary>The label PHEindicatormethods gives a directly standardised rate it does not publish.</summary>
    public const string DsrNotCalculated = "dsr NA for total count < 10";

    /// <summary>
    /// The 2013 European Standard Population in 19 five-year bands 0-4, 5-9, …, 85-89, 90+ (Eurostat 2013), the
    /// public-health default standard.
    /// </summary>
    public static IReadOnlyList<double> Esp2013 { get; } =
        [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000];

    /// <summary>
    /// Directly standardised rate: DSR = Σ(xᵢwᵢ/nᵢ)/Σwᵢ × multiplier, with xᵢ the band's events (NaN counted as 0),
    /// nᵢ its population and wᵢ the standard population. Dobson's interval: with O = Σxᵢ and
    /// var = Σ(xᵢ(wᵢ/nᵢ)²)/(Σwᵢ)², limits = DSR + √(var/O)(B(O) − O) × multiplier, B(O) Byar's lower or upper limit of
    /// O at the level. A DSR of fewer than 10 events is not calculated: value and limits NaN, method
    /// "dsr NA for total count &lt; 10". A band with no population is an error (its rate is undefined).
    /// Reference: Dobson AJ et al., Stat Med 1991;10:457-62; PHEindicatormethods R/DSR.R.
    /// </summary>
    public static Result DirectRate(IReadOnlyList<Band> bands, double level = 0.95, double multiplier = 100_000)
    {
        if (bands.Any(b => !(b.Population > 0))) throw new ArgumentOutOfRangeException(nameof(bands), "every band needs a population above 0");
        var observed = bands.Sum(b => Count(b.Count));
        var population = bands.Sum(b => b.Population);
        if (observed < 10) return new Result(observed, population, double.NaN, new Interval(double.NaN, double.NaN, double.NaN, DsrNotCalculated));
        var weights = bands.Sum(b => b.Weight);
        var dsr = bands.Sum(b => Count(b.Count) * b.Weight / b.Population) / weights;
        var variance = bands.Sum(b => Count(b.Count) * Math.Pow(b.Weight / b.Population, 2)) / (weights * weights);
        var scale = Math.Sqrt(variance / observed);
        return new Result(observed, population, double.NaN, new Interval(dsr * multiplier,
            (dsr + scale * (Rate.ByarsLower(observed, level) - observed)) * multiplier,
            (dsr + scale * (Rate.ByarsUpper(observed, level) - observed)) * multiplier, "Dobson"));
    }

    /// <summary>
    /// Indirectly standardised ratio: expected E = Σ nᵢ × Rᵢ/Pᵢ (the reference rate in each band applied to the local
    /// population; NaN counts and populations as 0), observed O = Σxᵢ, ratio O/E × <paramref name="referenceValue"/>
    /// (1, or 100 for the SMR convention). Limits are the count's limits over E: exact Poisson below 10 events, Byar's
    /// from 10 (<see cref="Rate.Interval"/>). A band with no local population adds nothing to E but its events still
    /// count. E = 0 gives NaN. Reference: Breslow and Day 1987; PHEindicatormethods R/ISRatio.R.
    /// </summary>
    public static Result IndirectRatio(IReadOnlyList<ReferenceBand> bands, double level = 0.95, double referenceValue = 1)
    {
        var (observed, population, expected) = Totals(bands);
        return new Result(observed, population, expected, Rate.Interval(observed, expected, level, referenceValue));
    }

    /// <summary>
    /// Indirectly standardised rate: the indirectly standardised ratio × the reference population's crude rate
    /// ΣRᵢ/ΣPᵢ × multiplier, limits likewise. Reference: PHEindicatormethods R/ISRate.R.
    /// </summary>
    public static Result IndirectRate(IReadOnlyList<ReferenceBand> bands, double level = 0.95, double multiplier = 100_000)
    {
        var (observed, population, expected) = Totals(bands);
        var referenceRate = bands.Sum(b => Count(b.ReferenceCount)) / bands.Sum(b => b.ReferencePopulation);
        return new Result(observed, population, expected, Rate.Interval(observed, expected, level, referenceRate * multiplier));
    }

    private static (double Observed, double Population, double Expected) Totals(IReadOnlyList<ReferenceBand> bands)
    {
        if (bands.Any(b => !(b.ReferencePopulation > 0))) throw new ArgumentOutOfRangeException(nameof(bands), "every band needs a reference population above 0");
        return (bands.Sum(b => Count(b.Count)), bands.Sum(b => Count(b.Population)),
            bands.Sum(b => Count(b.ReferenceCount) / b.ReferencePopulation * Count(b.Population)));
    }

    private static double Count(double value) => double.IsNaN(value) ? 0 : value;
}
