namespace Maternity.Statistics;

/// <summary>A point estimate with lower and upper confidence limits, in the unit of the estimate.</summary>
public sealed record Interval(double Value, double Lower, double Upper, string Method);
