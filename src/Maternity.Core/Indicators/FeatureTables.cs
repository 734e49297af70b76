namespace Maternity.Indicators;

/// <summary>
/// The tables of derived features the indicator engine keeps in the store between computes: one row per pregnancy and
/// one per baby, exactly as the counts last computed saw them (<see cref="IndicatorEngine.Compute"/>). They are derived
/// from the record-level tables and hold nothing those tables do not; the engine alone writes and reads them.
/// </summary>
public static class FeatureTables
{
    public const string Pregnancy = "indicator_feature_pregnancy";
    public const string Baby = "indicator_feature_baby";
    internal const string NextPregnancy = "indicator_feature_pregnancy_next";
    internal const string NextBaby = "indicator_feature_baby_next";
}
