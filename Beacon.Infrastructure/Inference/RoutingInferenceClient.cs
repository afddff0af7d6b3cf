using Beacon.Core.Abstractions;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Picks the protocol per (model, region): an OpenAI-compatible server when one is configured for exactly that pair,
/// otherwise the region's Beacon-protocol endpoint (Modal) or the emulator. Never another region's endpoint.
/// </summary>
public sealed class RoutingInferenceClient(RegionalEndpointClient regional, OpenAiCompatibleClient openAi, EndpointResolver resolver) : IInferenceClient
{
    public Task<InferenceOutcome> InferAsync(InferenceCall call, CancellationToken cancellationToken) =>
        resolver.FindOpenAi(call.Model, call.Region) is { } endpoint
            ? openAi.InferAsync(endpoint, call, cancellationToken)
            : regional.InferAsync(call, cancellationToken);

    /// <summary>
    /// The region's health as one answer: its Beacon-protocol endpoint's models, with the models that OpenAI-compatible
    /// servers serve in this region replaced by what those servers' model lists say.
    /// </summary>
    public async Task<EndpointHealth> CheckHealthAsync(string region, CancellationToken cancellationToken)
    {
        var servers = resolver.OpenAiEndpointsIn(region);
        var regionalCheck = regional.CheckHealthAsync(region, cancellationToken);
        if (servers.Count == 0)
        {
            return await regionalCheck;
        }
        var checks = await Task.WhenAll(servers.Select(s => openAi.CheckHealthAsync(s, cancellationToken)));
        var beacon = await regionalCheck;
        // A region served only by OpenAI-compatible servers needs no Beacon-protocol endpoint.
        var useBeacon = beacon.Status != "unconfigured";

        var moved = servers.Select(s => s.Model).ToHashSet(StringComparer.Ordinal);
        var listed = checks.Where(c => c.RemoteModelListed).Select(c => c.Endpoint.Model).ToList();
        var available = (useBeacon ? beacon.ModelsAvailable.Where(m => !moved.Contains(m)) : []).Concat(listed).Distinct().ToList();
        var ready = (useBeacon ? beacon.ModelsReady.Where(m => !moved.Contains(m)) : []).Concat(listed).Distinct().ToList();
        var reachable = (useBeacon && beacon.Reachable) || checks.Any(c => c.Reachable);
        var errors = checks.Select(c => c.Error).Prepend(useBeacon ? beacon.Error : null).Where(e => !string.IsNullOrEmpty(e)).ToList();
        var allGood = checks.All(c => c.Reachable && c.RemoteModelListed) && (!useBeacon || beacon.Reachable);
        var status = !reachable ? "down" : !allGood ? "degraded" : useBeacon ? beacon.Status : "healthy";
        return new EndpointHealth(
            region, reachable, status, available, ready, useBeacon && beacon.Emulated,
            checks.Select(c => c.LatencySeconds).Append(useBeacon ? beacon.LatencySeconds : 0).Max(),
            errors.Count == 0 ? null : string.Join(" ", errors));
    }
}
