using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

public sealed class RegionEndpointOptions
{
    /// <summary>Inference URL (the Modal app's root web endpoint). Empty: the built-in emulator serves this region.</summary>
    public string? Url { get; set; }

    /// <summary>Health URL; defaults to the inference URL + "/health".</summary>
    public string? HealthUrl { get; set; }

    /// <summary>Calls in flight to this region at once, per worker process (Modal runs one container per region).</summary>
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
