using Beacon.Core.Abstractions;

namespace Beacon.Infrastructure.Inference;

/// <summary>Counts the HTTP requests one logical call made (resilience retries and 303 polls included).</summary>
public sealed class RequestCounter
{
    public static readonly HttpRequestOptionsKey<RequestCounter> Key = new("beacon.request-counter");
    public static readonly HttpRequestOptionsKey<string> RegionKey = new("beacon.region");

    /// <summary>Set on health checks: they inform about a region and never count for (or against) its circuit breaker.</summary>
    public static readonly HttpRequestOptionsKey<bool> ProbeKey = new("beacon.probe");

    private readonly List<HttpTry> _tries = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The requests finished so far, in the order they finished.</summary>
    public IReadOnlyList<HttpTry> Tries
    {
        get
        {
            lock (_tries)
            {
                return _tries.ToList();
            }
        }
    }

    public void Increment() => Interlocked.Increment(ref _count);

    public void Record(HttpTry attempt)
    {
        lock (_tries)
        {
            _tries.Add(attempt);
        }
    }
}
