namespace Beacon.Infrastructure.Inference;

/// <summary>
/// What a region's endpoint reported in its model info: its capacity (requests it works on at once: batch size x
/// containers) and its region pinning with the price multiplier. Null fields were not reported (an older endpoint, or a
/// check that failed: then <see cref="Error"/> says why).
/// </summary>
public sealed record EndpointModelInfo(
    string Region,
    int? Capacity,
    int? MaxBatchSize,
    int? MaxContainers,
    string? Pinning,
    decimal? PinningMultiplier,
    DateTimeOffset CheckedAt,
    string? Error = null)
{
    /// <summary>Modal's price multiplier per pinning (docs/costs.md); used when an endpoint names its pinning only.</summary>
    public static decimal? MultiplierOf(string? pinning) => pinning switch
    {
        "broad" => 1.5m,
        "narrow" => 1.75m,
        _ => null,
    };
}
