namespace Beacon.Infrastructure.Inference;

/// <summary>
/// What GET &lt;BaseUrl&gt;/models said about one OpenAI-compatible server: reachable, and whether the remote model it is
/// configured with is listed.
/// </summary>
public sealed record OpenAiEndpointHealth(
    OpenAiEndpoint Endpoint,
    bool Reachable,
    bool RemoteModelListed,
    IReadOnlyList<string> ListedModels,
    double LatencySeconds,
    string? Error);
