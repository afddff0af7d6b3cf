namespace Beacon.Web.Hubs;

/// <summary>
/// Which jobs the hub's connections in this process subscribed to. The bridge reads changed rows only for jobs that
/// someone listens to: a job running flat out otherwise costs a query per batch for nobody.
/// </summary>
public sealed class JobsHubSubscriptions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<Guid>> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> _listeners = [];

    public void Add(string connectionId, Guid jobId)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var jobs))
            {
                _byConnection[connectionId] = jobs = [];
            }
            if (jobs.Add(jobId))
            {
                _listeners[jobId] = _listeners.GetValueOrDefault(jobId) + 1;
            }
        }
    }

    public void Remove(string connectionId, Guid jobId)
    {
        lock (_gate)
        {
            if (_byConnection.TryGetValue(connectionId, out var jobs) && jobs.Remove(jobId))
            {
                Release(jobId);
            }
        }
    }

    public void RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (_byConnection.Remove(connectionId, out var jobs))
            {
                foreach (var jobId in jobs)
                {
                    Release(jobId);
                }
            }
        }
    }

    public bool HasListeners(Guid jobId)
    {
        lock (_gate)
        {
            return _listeners.ContainsKey(jobId);
        }
    }

    private void Release(Guid jobId)
    {
        if (_listeners[jobId] <= 1)
        {
            _listeners.Remove(jobId);
        }
        else
        {
            _listeners[jobId]--;
        }
    }
}
