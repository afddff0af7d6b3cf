using Beacon.Core.Abstractions;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// A region's latest health: up/cold/down as the dashboard shows it, with the calls in flight Beacon allows the region
/// (configured limit lowered to the endpoint's reported capacity) and the pinning multiplier its cost uses.
/// </summary>
public sealed record EndpointHealthSnapshot(EndpointHealth Health, DateTimeOffset? CheckedAt, RegionConcurrency? Concurrency = null, RegionPinning? Pinning = null)
{
    public static EndpointHealthSnapshot Unknown(string region) =>
        new(new EndpointHealth(region, false, "unknown", [], [], false, 0, "Not checked yet."), null);

    /// <summary>healthy (some model warm), cold (reachable, nothing loaded), unauthorized (proxy auth missing or refused), down, or unknown.</summary>
    public string State => CheckedAt is null ? "unknown"
        : Health.Status is RegionalEndpointClient.EndpointAuthMissing or RegionalEndpointClient.EndpointAuthRefused ? "unauthorized"
        : !Health.Reachable ? "down"
        : Health.ModelsReady.Count > 0 ? "healthy"
        : "cold";
}
