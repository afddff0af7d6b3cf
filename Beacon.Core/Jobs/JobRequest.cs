namespace Beacon.Core.Jobs;

/// <summary>What a researcher submits: questions x models x regions [x personas] x repeats.</summary>
public sealed record JobRequest
{
    public string? Name { get; init; }
    public IReadOnlyList<string>? QuestionIds { get; init; }
    public IReadOnlyList<string>? Models { get; init; }
    public IReadOnlyList<string>? Regions { get; init; }
    public int? Repeats { get; init; }
    public double? Temperature { get; init; }
    public int? MaxTokens { get; init; }
    public int? Seed { get; init; }
    public string? SystemPromptTemplate { get; init; }
    /// <summary>Also have the configured LLM judge classify the answers once the job has finished (beside the built-in class).</summary>
    public bool? Judge { get; init; }

    /// <summary>
    /// The system prompt's regional personas to cross with the serving regions: region codes, "none" (no system prompt)
    /// and "matched" (each region's own). Absent or empty: matched only, the persona is the serving region.
    /// </summary>
    public IReadOnlyList<string>? Personas { get; init; }

    /// <summary>
    /// A shortcut: also run each chosen question's variants in these languages (language codes, e.g. "en", "zh-Hans"), from
    /// the question's variant group. Absent: exactly the questions listed.
    /// </summary>
    public IReadOnlyList<string>? Languages { get; init; }
}
