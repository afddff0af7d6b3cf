namespace Beacon.Infrastructure.Inference;

/// <summary>
/// A region's endpoint URLs and, when configured, the Modal proxy auth token pair its requests carry. The model-info URL
/// is null when Beacon cannot know it (then the configured concurrency and pinning multiplier apply).
/// </summary>
public sealed record RegionEndpoint(string Region, Uri InferenceUrl, Uri HealthUrl, bool Emulated, ProxyAuthToken? ProxyAuth = null, Uri? ModelInfoUrl = null);
