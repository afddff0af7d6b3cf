using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Services;
using Microsoft.AspNetCore.SignalR;

namespace Beacon.Web.Hubs;

/// <summary>Forwards the in-process notifier to hub groups (the server never connects to its own hub).</summary>
public sealed class JobsHubBridge(
    JobEvents events, JobQueries queries, IHubContext<JobsHub> hub, JobsHubSubscriptions subscriptions, ILogger<JobsHubBridge> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(null, ForwardAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
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
            var rows = await queries.ExecutionsByIdAsync(e.JobId, e.ExecutionIds, CancellationToken.None);
            var changes = rows.Select(r => new ExecutionChange(
                r.Id, r.QuestionId, r.ModelId, r.Region, r.RepeatIndex, r.Status.ToString().ToLowerInvariant(), r.AttemptCount,
                r.Classification, r.ErrorCode, r.InferenceSeconds, r.CompletedAt, r.OverrideClass)).ToList();
            await group.SendAsync("ExecutionsChanged", e.JobId, changes);
        }
        if (e.Status is not null || e.Lane is not null)
        {
            await group.SendAsync("JobChanged", new JobChange(e.JobId, e.Status?.ToLowerInvariant(), e.Lane?.Model, e.Lane?.Region, e.Lane?.Stage, false));
        }
        logger.LogDebug("Forwarded an event of job {JobId} to hub clients", e.JobId);
    }
}
