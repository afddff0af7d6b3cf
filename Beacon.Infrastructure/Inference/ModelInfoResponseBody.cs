namespace Beacon.Infrastructure.Inference;

/// <summary>The body of GET &lt;model-info URL&gt; (contracts/regional-endpoint/model-info-response.schema.json), as far as Beacon reads it.</summary>
public sealed record ModelInfoResponseBody
{
    public string? Region { get; init; }
    public ModelInfoCapacityBody? Capacity { get; init; }
    public string? Pinning { get; init; }
    public decimal? PinningMultiplier { get; init; }
}
