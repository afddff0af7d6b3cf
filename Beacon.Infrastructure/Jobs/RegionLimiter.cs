using System.Collections.Concurrent;
using Beacon.Infrastructure.Inference;

namespace Beacon.Infrastructure.Jobs;

/// <summary>Bounds calls in flight per region endpoint across all lanes of this process.</summary>
public sealed class RegionLimiter(EndpointResolver resolver)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public int Limit(string region) => resolver.MaxConcurrency(region);

    public async Task<IDisposable> AcquireAsync(string region, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(region, r => new SemaphoreSlim(resolver.MaxConcurrency(r)));
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
