using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Services;

public sealed record JobSummary(
    Guid Id,
    string Name,
    JobStatus Status,
    int ExecutionCount,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Regions,
    int QuestionCount,
    int Repeats,
    double Temperature,
    int MaxTokens,
    int? Seed,
    string SubmittedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    StatusCounts Counts,
    IReadOnlyList<string>? Personas = null)
{
    /// <summary>Whether the job asked for the LLM judge as well.</summary>
    public bool Judge { get; init; }
}
