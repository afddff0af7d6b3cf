namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Calls in flight to a region at once: the configured limit is an upper bound, and the endpoint's reported capacity
/// (model info) lowers it; without a reported capacity the configured limit applies.
/// </summary>
public sealed record RegionConcurrency(int Configured, int? Reported)
{
    public int Effective => Reported is { } reported ? Math.Clamp(reported, 1, Configured) : Configured;

    public string Describe() => Reported is { } reported
        ? $"{Effective} (configured {Configured}, endpoint capacity {reported})"
        : $"{Effective} (configured; the endpoint reports no capacity)";
}
