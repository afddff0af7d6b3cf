using System.Collections.Concurrent;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// The latest model info each region's endpoint reported (kept by <see cref="EndpointHealthMonitor"/>), and what it
/// means for the calls in flight per region (<see cref="Concurrency"/>) and the GPU price (<see cref="Find"/> for the
/// pinning multiplier). A region that never reported keeps its configured values.
/// </summary>
public sealed class EndpointModelInfoStore(EndpointResolver resolver)
{
    private readonly ConcurrentDictionary<string, EndpointModelInfo> _latest = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keeps a report; a failed check keeps the last good capacity and pinning (health informs, it never gates).</summary>
    public EndpointModelInfo Record(EndpointModelInfo info) =>
        _latest.AddOrUpdate(info.Region, info, (_, previous) => info.Error is null ? info
            : previous with { CheckedAt = info.CheckedAt, Error = info.Error });

    public EndpointModelInfo? Find(string region) => _latest.TryGetValue(region, out var info) ? info : null;

    public RegionConcurrency Concurrency(string region) =>
        new(resolver.MaxConcurrency(region), Find(region)?.Capacity);
}
