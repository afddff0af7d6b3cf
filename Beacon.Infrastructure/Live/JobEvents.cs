using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Live;

/// <summary>
/// The in-process notifier fed by <see cref="PostgresListener"/>. Pages and the SignalR bridge subscribe; every
/// event here was announced by PostgreSQL at COMMIT, so a subscriber never sees an uncommitted row.
/// </summary>
public sealed class JobEvents(ILogger<JobEvents> logger)
{
    private ImmutableList<Subscription> _subscriptions = ImmutableList<Subscription>.Empty;

    /// <summary>Subscribe to one job's events (or every job's with null). Resync events reach every subscriber.</summary>
    public IDisposable Subscribe(Guid? jobId, Func<JobEvent, Task> handler)
    {
        var subscription = new Subscription(this, jobId, handler);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    public async Task PublishAsync(JobEvent e)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (e.Resync || subscription.JobId is null || subscription.JobId == e.JobId)
            {
                try
                {
                    await subscription.Handler(e);
                }
                catch (Exception ex)
                {
                    // One broken page must not stop the others from hearing about the change.
                    logger.LogWarning(ex, "A subscriber failed to handle an event of job {JobId}", e.JobId);
                }
            }
        }
    }

    public int SubscriberCount => Volatile.Read(ref _subscriptions).Count;

    private sealed class Subscription(JobEvents owner, Guid? jobId, Func<JobEvent, Task> handler) : IDisposable
    {
        public Guid? JobId { get; } = jobId;
        public Func<JobEvent, Task> Handler { get; } = handler;

        public void Dispose() => ImmutableInterlocked.Update(ref owner._subscriptions, list => list.Remove(this));
    }
}
