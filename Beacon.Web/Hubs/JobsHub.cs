using Beacon.Infrastructure.Accounts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Beacon.Web.Hubs;

/// <summary>
/// Live job events for scripts and notebooks (the pages use the in-process notifier directly).
/// Call <c>Subscribe(jobId)</c>; receive <c>ExecutionsChanged</c> and <c>JobChanged</c>. See README "Live updates".
/// Signed-in users only (a token as access_token, or the cookie); a job the caller may not see cannot be subscribed to,
/// and <see cref="JobsHubAccessSweep"/> ends a subscription (<c>SubscriptionEnded</c>) or the whole connection as soon as
/// the caller may no longer see the job or is disabled.
/// </summary>
[Authorize]
public sealed class JobsHub(JobAccess access, JobsHubSubscriptions subscriptions) : Hub
{
    public const string Path = "/hubs/jobs";

    public static string Group(Guid jobId) => "job-" + jobId.ToString("N");

    public async Task Subscribe(Guid jobId)
    {
        var user = Context.User ?? throw new HubException("Sign-in required.");
        if (!await access.CanSeeJobAsync(jobId, CurrentUser.Viewer(user), Context.ConnectionAborted))
        {
            // The same answer as for a job that does not exist.
            throw new HubException($"There is no job {jobId}.");
        }
        // Counted before joining: once Subscribe returns, the bridge reads this job's changed rows.
        subscriptions.Add(Context.ConnectionId, jobId);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(jobId));
    }

    public override Task OnConnectedAsync()
    {
        subscriptions.Connect(Context.ConnectionId, CurrentUser.Id(Context.User!), Context);
        return base.OnConnectedAsync();
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
