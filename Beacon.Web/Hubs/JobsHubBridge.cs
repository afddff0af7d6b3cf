using Beacon.Core.Jobs;
using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Services;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Beacon.Web.Hubs;

/// <summary>
/// Forwards the in-process notifier to hub groups (the server never connects to its own hub). Events are queued and
/// forwarded one at a time, in order, by a loop of its own: reading rows for hub clients never holds up the pages.
/// Changed rows a notification carries are forwarded as committed; the database is read only for ids sent without rows.
/// </summary>
public sealed class JobsHubBridge(
    JobEvents events, JobQueries queries, IHubContext<JobsHub> hub, JobsHubSubscriptions subscriptions, ILogger<JobsHubBridge> logger) : IHostedService
{
    private readonly Channel<JobEvent> _queue = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? _subscription;
    private Task _forwarding = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _forwarding = Task.Run(ForwardAllAsync, CancellationToken.None);
        _subscription = events.Subscribe(null, e =>
        {
            _queue.Writer.TryWrite(e);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _queue.Writer.TryComplete();
        await _forwarding.WaitAsync(cancellationToken);
    }

    private async Task ForwardAllAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await ForwardAsync(e);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Forwarding an event of job {JobId} to hub clients failed", e.JobId);
            }
        }
    }

    private async Task ForwardAsync(JobEvent e)
    {
        if (e.Resync)
        {
            await hub.Clients.All.SendAsync("JobChanged", new JobChange(Guid.Empty, null, null, null, null, true));
            return;
        }
        var group = hub.Clients.Group(JobsHub.Group(e.JobId));
        if (e.ExecutionIds.Count > 0 && subscriptions.HasListeners(e.JobId))
        {
            // The rows a notification carries are forwarded as they are (as the job page applies them); only ids sent
            // without rows (cancel, retry, class changes) are read.
            var changes = e.Rows.Select(Change).ToList();
            var carried = e.Rows.Select(r => r.Id).ToHashSet();
            var toRead = e.ExecutionIds.Where(id => !carried.Contains(id)).ToList();
            if (toRead.Count > 0)
            {
                var read = await queries.ExecutionsByIdAsync(e.JobId, toRead, CancellationToken.None);
                changes.AddRange(read.Select(r => new ExecutionChange(
                    r.Id, r.QuestionId, r.ModelId, r.Region, r.RepeatIndex, Status(r.Status), r.AttemptCount,
                    r.Classification, r.ErrorCode, r.InferenceSeconds, r.CompletedAt, r.OverrideClass)));
            }
            await group.SendAsync("ExecutionsChanged", e.JobId, changes);
        }
        if (e.Status is not null || e.Lane is not null)
        {
            await group.SendAsync("JobChanged", new JobChange(e.JobId, e.Status?.ToLowerInvariant(), e.Lane?.Model, e.Lane?.Region, e.Lane?.Stage, false));
        }
        logger.LogDebug("Forwarded an event of job {JobId} to hub clients", e.JobId);
    }

    // A carried row has no override: rows are carried only by the worker's writes, which change pending and running
    // cells, while an override is set on finished cells only and removed when a cell is retried.
    private static ExecutionChange Change(ExecutionRow r) => new(
        r.Id, r.QuestionId, r.ModelId, r.Region, r.RepeatIndex, Status(r.Status), r.AttemptCount,
        r.Classification, r.ErrorCode, r.InferenceSeconds, r.CompletedAt);

    private static string Status(ExecutionStatus status) => status.ToString().ToLowerInvariant();
}
