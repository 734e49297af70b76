namespace Maternity.Indicators;

/// <summary>Which way is better for an indicator.</summary>
public enum Polarity { HigherIsBetter, LowerIsBetter, NoJudgement }
