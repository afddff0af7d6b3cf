namespace Beacon.Web.Endpoints.Contracts;

/// <summary>The job's current review sample for the caller: progress and every item (blind until labelled).</summary>
public sealed record ReviewQueueResponse(Guid SampleId, DateTimeOffset CreatedAt, int Items, int Done, IReadOnlyList<ReviewItemResponse> Queue);
