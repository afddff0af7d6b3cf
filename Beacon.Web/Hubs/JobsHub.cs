using Microsoft.AspNetCore.SignalR;

namespace Beacon.Web.Hubs;

/// <summary>
/// Live job events for scripts and notebooks (the pages use the in-process notifier directly).
/// Call <c>Subscribe(jobId)</c>; receive <c>ExecutionsChanged</c> and <c>JobChanged</c>. See README "Live updates".
/// </summary>
public sealed class JobsHub(JobsHubSubscriptions subscriptions) : Hub
{
    public const string Path = "/hubs/jobs";

    public static string Group(Guid jobId) => "job-" + jobId.ToString("N");

    public Task Subscribe(Guid jobId)
    {
        // Counted before joining: once Subscribe returns, the bridge reads this job's changed rows.
        subscriptions.Add(Context.ConnectionId, jobId);
        return Groups.AddToGroupAsync(Context.ConnectionId, Group(jobId));
    }

    public async Task Unsubscribe(Guid jobId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(jobId));
        subscriptions.Remove(Context.ConnectionId, jobId);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
