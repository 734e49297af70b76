namespace Maternity.Indicators;

/// <summary>
/// The tables of the indicator engine (<see cref="IndicatorEngine.Compute"/>). Each compute derives the features of every
/// pregnancy and every baby once, into temporary tables that every cohort is grouped from. What it keeps in the store
/// between computes is only a fingerprint of each of those rows: a hash of the whole row and the month it counts in for
/// each cohort, enough for the next compute to tell which months a changed, new or removed pregnancy or baby falls in.
/// The engine alone writes and reads them.
/// </summary>
public static class FeatureTables
{
    /// <summary>This compute's features, one row per pregnancy (temporary).</summary>
    public const string Pregnancy = "feature_pregnancy";

    /// <summary>This compute's features, one row per baby (temporary).</summary>
    public const string Baby = "feature_baby";

    /// <summary>The fingerprints of the pregnancies the stored counts were computed from.</summary>
    internal const string KeptPregnancy = "indicator_feature_pregnancy";

    /// <summary>The fingerprints of the babies the stored counts were computed from.</summary>
    internal const string KeptBaby = "indicator_feature_baby";

    internal const string NextPregnancy = "indicator_feature_pregnancy_next";
    internal const string NextBaby = "indicator_feature_baby_next";
}
