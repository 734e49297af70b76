namespace Maternity.Assurance;

/// <summary>A trust's declared position on one framework item.</summary>
public enum Compliance
{
    Met,
    PartlyMet,
    NotMet,
    NotApplicable,
}

/// <summary>How a <see cref="Compliance"/> is written in files, the store and on screen (a symbol and words, never colour alone).</summary>
public static class ComplianceText
{
    public static string Code(Compliance c) => c switch
    {
        Compliance.Met => "met",
        Compliance.PartlyMet => "partly-met",
        Compliance.NotMet => "not-met",
        _ => "not-applicable",
    };

    public static string Label(Compliance c) => c switch
    {
        Compliance.Met => "Met",
        Compliance.PartlyMet => "Partly met",
        Compliance.NotMet => "Not met",
        _ => "Not applicable",
    };

    /// <summary>The grid's symbol: ✓ met, ◐ partly met, ✗ not met, – not applicable.</summary>
    public static string Symbol(Compliance c) => c switch
    {
        Compliance.Met => "✓",
        Compliance.PartlyMet => "◐",
        Compliance.NotMet => "✗",
        _ => "–",
    };

    /// <summary>Reads "met", "partly met", "partly-met", "Not met", "N/A" and the like; null when it is none of them.</summary>
    public static Compliance? Parse(string? text) =>
        (text ?? "").Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ') switch
        {
            "met" or "yes" or "compliant" => Compliance.Met,
            "partly met" or "partially met" or "partial" or "partlymet" => Compliance.PartlyMet,
            "not met" or "no" or "non compliant" or "notmet" => Compliance.NotMet,
            "not applicable" or "n/a" or "na" or "notapplicable" => Compliance.NotApplicable,
            _ => null,
        };
}
