using System.Text.Json;
using Maternity.Indicators;

namespace Maternity.Quality;

/// <summary>
/// The data-quality scorecard's criteria as data: a scheme (e.g. a Maternity Incentive Scheme year) and its rules,
/// each a catalogue indicator with the threshold it must reach. A new scheme year is a new file, not new code.
/// </summary>
public sealed record QualityRules(string Scheme, IReadOnlyList<QualityRules.Rule> Rules)
{
    /// <param name="Indicator">A data-quality indicator of the catalogue (its cohort sets the month a record counts in), or
    /// <see cref="Cqims"/> for the number of CQIMs passing their national data-quality gates.</param>
    /// <param name="Threshold">The percentage that passes (at least this much); for <see cref="Cqims"/>, the number of CQIMs.</param>
    /// <param name="Fields">The data items a trust fixes when the rule fails, for the records-to-fix list.</param>
    public sealed record Rule(string Id, string Title, string Indicator, double Threshold, string Fields);

    /// <summary>The "indicator" of the rule that counts the CQIMs passing their data-quality gates (safety action 2, criterion 2).</summary>
    public const string Cqims = "CQIM";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The built-in rules (safety action 2 as LMNS plans quote it).</summary>
    public static QualityRules Default { get; } = Parse(ReadDefault(), "default-rules.json");

    public static QualityRules Load(string path) => Parse(File.ReadAllText(path), path);

    public static QualityRules Parse(string json, string source)
    {
        QualityRules? rules;
        try
        {
            rules = JsonSerializer.Deserialize<QualityRules>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid rules file at line {e.LineNumber + 1}: {e.Message}", e);
        }
        if (rules?.Rules is not { Count: > 0 }) throw new InvalidDataException($"{source}: expected {{\"scheme\": ..., \"rules\": [...]}} with at least one rule");
        foreach (var (rule, i) in rules.Rules.Select((r, i) => (r, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(rule.Id)) throw new InvalidDataException($"{source}: rule {i} has no id");
            if (rule.Indicator == Cqims)
            {
                if (rule.Threshold < 0 || rule.Threshold > CqimGates.Cqims.Count || rule.Threshold != Math.Floor(rule.Threshold))
                    throw new InvalidDataException($"{source}: rule {rule.Id}: threshold {rule.Threshold} is not a number of CQIMs (0 to {CqimGates.Cqims.Count})");
                continue;
            }
            if (Catalogue.Find(rule.Indicator) is not { Unit: "%" })
                throw new InvalidDataException($"{source}: rule {rule.Id}: '{rule.Indicator}' is not a percentage indicator of the catalogue (nor {Cqims}, the number of CQIMs passing)");
            if (rule.Threshold is < 0 or > 100) throw new InvalidDataException($"{source}: rule {rule.Id}: threshold {rule.Threshold} is not a percentage");
        }
        if (rules.Rules.Select(r => r.Id).Distinct().Count() != rules.Rules.Count) throw new InvalidDataException($"{source}: rule ids must be unique");
        return rules;
    }

    private static string ReadDefault()
    {
        using var stream = typeof(QualityRules).Assembly.GetManifestResourceStream("Quality.default-rules.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
