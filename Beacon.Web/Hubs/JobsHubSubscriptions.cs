using Microsoft.AspNetCore.SignalR;

namespace Beacon.Web.Hubs;

/// <summary>
/// The hub's connections in this process: who each one is and which jobs it subscribed to. The bridge reads changed rows
/// only for jobs that someone listens to, and <see cref="JobsHubAccessSweep"/> re-checks every subscription against the
/// current access rules.
/// </summary>
public sealed class JobsHubSubscriptions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> _listeners = [];

    /// <summary>A connection, its signed-in user and the jobs it follows.</summary>
    public sealed record Connection(string Id, string UserId, HubCallerContext Context)
    {
        public HashSet<Guid> Jobs { get; } = [];
    }

    public void Connect(string connectionId, string userId, HubCallerContext context)
    {
        lock (_gate)
        {
            _connections.TryAdd(connectionId, new Connection(connectionId, userId, context));
        }
    }

    public void Add(string connectionId, Guid jobId)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(connectionId, out var connection) && connection.Jobs.Add(jobId))
            {
                _listeners[jobId] = _listeners.GetValueOrDefault(jobId) + 1;
            }
        }
    }

    public void Remove(string connectionId, Guid jobId)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(connectionId, out var connection) && connection.Jobs.Remove(jobId))
            {
                Release(jobId);
            }
        }
    }

    public void RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (_connections.Remove(connectionId, out var connection))
            {
                foreach (var jobId in connection.Jobs)
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

    /// <summary>A copy of every connection with its jobs, for the access sweep.</summary>
    public IReadOnlyList<(Connection Connection, Guid[] Jobs)> Snapshot()
    {
        lock (_gate)
        {
            return _connections.Values.Select(c => (c, c.Jobs.ToArray())).ToList();
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
