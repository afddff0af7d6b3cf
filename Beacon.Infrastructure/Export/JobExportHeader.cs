using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Export;

/// <summary>What reproduces a job: its questions as sent, models, regions, repeats, generation parameters and system prompt template.</summary>
public sealed record JobExportHeader(
    Guid Id,
    string Name,
    string Status,
    IReadOnlyList<JobQuestion> Questions,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Regions,
    int Repeats,
    double Temperature,
    int MaxTokens,
    int? Seed,
    string SystemPromptTemplate,
    int ExecutionCount,
    string SubmittedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string> Personas);
