using System.Collections.Concurrent;
using Beacon.Infrastructure.Inference;

namespace Beacon.Infrastructure.Jobs;

/// <summary>
/// Bounds calls in flight across all lanes (and jobs) of this process: one gate per region endpoint (its configured
/// MaxConcurrency), one per (model, region) of a region endpoint (the configured limit lowered to the capacity the
/// endpoint reports for each model in its model info, <see cref="EndpointModelInfoStore"/>: every model has its own
/// containers), and one per OpenAI-compatible server (a separate machine with its own limit). Limits are read at every
/// acquire, so a capacity learned or changed while lanes run applies to their next calls.
/// </summary>
public sealed class RegionLimiter(EndpointResolver resolver, EndpointModelInfoStore modelInfo)
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Calls in flight to the region's endpoint at once, all models together (configured).</summary>
    public int Limit(string region) => resolver.MaxConcurrency(region);

    /// <summary>Calls in flight of one lane: its server's limit, or the region's limit lowered to the model's reported capacity.</summary>
    public int Limit(string model, string region) =>
        resolver.FindOpenAi(model, region) is { } server ? server.MaxConcurrency : modelInfo.Concurrency(region).Effective;

    public Task<IDisposable> AcquireAsync(string region, CancellationToken cancellationToken) =>
        Acquire(region, () => Limit(region), cancellationToken);

    public async Task<IDisposable> AcquireAsync(string model, string region, CancellationToken cancellationToken)
    {
        if (resolver.FindOpenAi(model, region) is { } server)
        {
            return await Acquire(server.Served, () => server.MaxConcurrency, cancellationToken);
        }
        var lane = await Acquire(model + "@" + region, () => Limit(model, region), cancellationToken);
        try
        {
            return new Both(lane, await AcquireAsync(region, cancellationToken));
        }
        catch
        {
            lane.Dispose();
            throw;
        }
    }

    private Task<IDisposable> Acquire(string key, Func<int> limit, CancellationToken cancellationToken) =>
        _gates.GetOrAdd(key, _ => new Gate(limit)).AcquireAsync(cancellationToken);

    private sealed class Both(IDisposable lane, IDisposable region) : IDisposable
    {
        public void Dispose()
        {
            region.Dispose();
            lane.Dispose();
        }
    }

    /// <summary>A first-come first-served gate whose limit may change between acquires (a semaphore's cannot).</summary>
    private sealed class Gate(Func<int> limit)
    {
        private readonly Lock _lock = new();
        private readonly LinkedList<TaskCompletionSource<IDisposable>> _waiting = new();
        private int _inFlight;

        public Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LinkedListNode<TaskCompletionSource<IDisposable>> node;
            lock (_lock)
            {
                if (_waiting.Count == 0 && _inFlight < Math.Max(1, limit()))
                {
                    _inFlight++;
                    return Task.FromResult<IDisposable>(new Release(this));
                }
                node = _waiting.AddLast(new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously));
            }
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() =>
                {
                    lock (_lock)
                    {
                        if (node.List is null)
                        {
                            return; // already granted: the caller owns the slot and releases it
                        }
                        _waiting.Remove(node);
                    }
                    node.Value.TrySetCanceled(cancellationToken);
                });
                node.Value.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
            }
            return node.Value.Task;
        }

        private void Exit()
        {
            var granted = new List<TaskCompletionSource<IDisposable>>();
            lock (_lock)
            {
                _inFlight--;
                var allowed = Math.Max(1, limit());
                while (_waiting.First is { } next && _inFlight < allowed)
                {
                    _waiting.RemoveFirst();
                    _inFlight++;
                    granted.Add(next.Value);
                }
            }
            foreach (var waiter in granted)
            {
                waiter.SetResult(new Release(this));
            }
        }

        private sealed class Release(Gate gate) : IDisposable
        {
            private int _released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    gate.Exit();
                }
            }
        }
    }
}
