namespace Beacon.Infrastructure.Inference;

/// <summary>A region's endpoint URLs and, when configured, the Modal proxy auth token pair its requests carry.</summary>
public sealed record RegionEndpoint(string Region, Uri InferenceUrl, Uri HealthUrl, bool Emulated, ProxyAuthToken? ProxyAuth = null);
