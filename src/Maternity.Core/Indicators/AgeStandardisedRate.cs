using Maternity.Statistics;

namespace Maternity.Indicators;

/// <summary>
/// One organisation's outcome standardised for the mother's age band at booking, against a reference organisation (its
/// LMNS) over the same months: the crude rate, the indirectly standardised ratio and the standardised rate.
/// </summary>
/// <param name="Reference">The organisation whose age-band rates give the expected events (the LMNS).</param>
/// <param name="Observed">The organisation's events, summed over the age bands (Unknown age is a band of its own).</param>
/// <param name="Denominator">Its denominators summed over the same bands.</param>
/// <param name="Crude">Observed / denominator in the indicator's unit, with the interval the indicator's values carry.</param>
/// <param name="Expected">The events expected at the reference's rates: Σ band denominator × reference band events /
/// reference band denominator.</param>
/// <param name="Ratio">Observed / expected (1: as many events as the reference's age-band rates predict) with the exact
/// (below 10 events) or Byar's 95% interval; NaN, with the reason as the method, when it cannot be computed.</param>
/// <param name="Rate">The ratio × the reference's crude rate, in the indicator's unit, limits likewise.</param>
/// <param name="Exactness">"exact", or "suppressed" when any count it was computed from was rounded for the viewer.</param>
public sealed record AgeStandardisedRate(string OrgLevel, string OrgCode, string Reference, long Observed, long Denominator,
    Interval Crude, double Expected, Interval Ratio, Interval Rate, string Exactness);
