namespace Maternity.Plans;

/// <summary>
/// A gap in the data that the plan admits ("ethnicity of MVP attendees not recorded"); actions name the gaps they
/// close (<see cref="PlanAction.GapIds"/>).
/// </summary>
public sealed record DataGap(string Id, string Description, string? Owner, PlanDate? Due, bool Closed, string? Note, int Order);
