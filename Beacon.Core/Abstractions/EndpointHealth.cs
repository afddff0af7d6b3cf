namespace Beacon.Core.Abstractions;

public sealed record EndpointHealth(
    string Region,
    bool Reachable,
    string Status,
    IReadOnlyList<string> ModelsAvailable,
    IReadOnlyList<string> ModelsReady,
    bool Emulated,
    double LatencySeconds,
    string? Error);
