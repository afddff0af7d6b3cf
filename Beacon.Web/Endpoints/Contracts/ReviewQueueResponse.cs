using Beacon.Infrastructure.Services;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>The job's current review sample for the caller: progress and every item (blind until labelled).</summary>
public sealed record ReviewQueueResponse(Guid SampleId, DateTimeOffset CreatedAt, int Items, int Done, IReadOnlyList<ReviewItemResponse> Queue)
{
    /// <summary>The sample's jobs the caller may see (several when jobs were sampled together).</summary>
    public IReadOnlyList<ReviewJob> Jobs { get; init; } = [];
}
