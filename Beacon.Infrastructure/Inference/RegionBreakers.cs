using System.Collections.Concurrent;
using Beacon.Core.Inference;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// The <see cref="RegionBreaker"/> of every (protocol, region) in this process: the Beacon-protocol Modal app of a region
/// and an OpenAI-compatible server in the same region break independently, and no region's faults affect another's.
/// </summary>
public sealed class RegionBreakers(IOptions<InferenceOptions> options, TimeProvider time)
{
    public const string BeaconProtocol = "beacon";
    public const string OpenAiProtocol = "openai";

    private readonly ConcurrentDictionary<(string Protocol, string Region), RegionBreaker> _breakers = new();

    public RegionBreaker For(string protocol, string region) =>
        _breakers.GetOrAdd((protocol, region), _ => new RegionBreaker(options.Value.CircuitBreakerFailureThreshold, options.Value.CircuitBreakerBreakDuration, time));
}
