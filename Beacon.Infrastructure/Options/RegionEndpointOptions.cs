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
}
