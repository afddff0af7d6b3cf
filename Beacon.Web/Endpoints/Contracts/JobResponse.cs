using Beacon.Core.Jobs;
using Beacon.Infrastructure.Services;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record JobResponse(
    Guid Id,
    string Name,
    string Status,
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
    StatusCountsResponse Counts,
    bool Judge,
    IReadOnlyList<string> Personas)
{
    public static JobResponse From(JobSummary j) => new(
        j.Id, j.Name, j.Status.ToString().ToLowerInvariant(), j.ExecutionCount, j.Models, j.Regions, j.QuestionCount, j.Repeats,
        j.Temperature, j.MaxTokens, j.Seed, j.SubmittedBy, j.CreatedAt, j.QueuedAt, j.StartedAt, j.FinishedAt,
        StatusCountsResponse.From(j.Counts), j.Judge, j.Personas ?? []);
}
