namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Calls in flight of one (model, region) lane at once: the region's configured limit is an upper bound, lowered to the
/// capacity the endpoint reports per model (model info: batch size x containers; each model has its own containers).
/// Without a reported capacity the configured limit applies. The region's calls of all models together stay within the
/// configured limit.
/// </summary>
public sealed record RegionConcurrency(int Configured, int? Reported)
{
    public int Effective => Reported is { } reported ? Math.Clamp(reported, 1, Configured) : Configured;

    public string Describe() => Reported is { } reported
        ? $"{Effective} per model (configured {Configured} per region, endpoint capacity {reported} per model)"
        : $"{Effective} per model (configured; the endpoint reports no capacity)";
}
