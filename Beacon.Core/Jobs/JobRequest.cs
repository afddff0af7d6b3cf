namespace Beacon.Core.Jobs;

/// <summary>What a researcher submits: questions x models x regions x repeats.</summary>
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
}
