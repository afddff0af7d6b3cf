using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

public sealed class RegionEndpointOptions
{
    /// <summary>Inference URL (the Modal app's root web endpoint). Empty: the built-in emulator serves this region.</summary>
    public string? Url { get; set; }

    /// <summary>Health URL; defaults to the inference URL + "/health".</summary>
    public string? HealthUrl { get; set; }

    /// <summary>
    /// Model-info URL; by default derived from the health URL (<c>...-health.modal.run</c> becomes
    /// <c>...-model-info.modal.run</c>, a <c>/health</c> path becomes <c>/model-info</c>).
    /// </summary>
    public string? ModelInfoUrl { get; set; }

    /// <summary>
    /// Upper bound of calls in flight to this region at once, per worker process. The endpoint's model info reports
    /// its capacity (batch size x containers); Beacon uses the smaller of the two, this value when none is reported.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Modal proxy auth token id (sent as the Modal-Key header) for this region's endpoints; overrides the shared
    /// <see cref="EndpointOptions.ProxyTokenId"/>. Set it from the environment or a secret store, never in a committed file.
    /// </summary>
    public string? ProxyTokenId { get; set; }

    /// <summary>Modal proxy auth token secret (sent as the Modal-Secret header); never logged.</summary>
    public string? ProxyTokenSecret { get; set; }
}
