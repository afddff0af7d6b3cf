namespace Beacon.Infrastructure.Inference;

/// <summary>Model info's "capacity": how many requests the endpoint works on at once.</summary>
public sealed record ModelInfoCapacityBody
{
    public int? MaxBatchSize { get; init; }
    public int? MaxContainers { get; init; }
    public int? SuggestedConcurrency { get; init; }
}
