namespace Beacon.Infrastructure.Inference;

public sealed record RegionEndpoint(string Region, Uri InferenceUrl, Uri HealthUrl, bool Emulated);
