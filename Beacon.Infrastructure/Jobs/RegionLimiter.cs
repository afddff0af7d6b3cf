using System.Collections.Concurrent;
using Beacon.Infrastructure.Inference;

namespace Beacon.Infrastructure.Jobs;

/// <summary>
/// Bounds calls in flight per endpoint across all lanes of this process: one gate per region endpoint, and one per
/// OpenAI-compatible server (a separate machine with its own limit).
/// </summary>
public sealed class RegionLimiter(EndpointResolver resolver)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public int Limit(string region) => resolver.MaxConcurrency(region);

    public int Limit(string model, string region) =>
        resolver.FindOpenAi(model, region) is { } server ? server.MaxConcurrency : Limit(region);

    public Task<IDisposable> AcquireAsync(string region, CancellationToken cancellationToken) =>
        AcquireAsync(region, () => resolver.MaxConcurrency(region), cancellationToken);

    public Task<IDisposable> AcquireAsync(string model, string region, CancellationToken cancellationToken) =>
        resolver.FindOpenAi(model, region) is { } server
            ? AcquireAsync(server.Served, () => server.MaxConcurrency, cancellationToken)
            : AcquireAsync(region, cancellationToken);

    private async Task<IDisposable> AcquireAsync(string key, Func<int> limit, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(limit()));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
