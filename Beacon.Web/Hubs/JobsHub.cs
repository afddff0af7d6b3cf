using Microsoft.AspNetCore.SignalR;

namespace Beacon.Web.Hubs;

/// <summary>
/// Live job events for scripts and notebooks (the pages use the in-process notifier directly).
/// Call <c>Subscribe(jobId)</c>; receive <c>ExecutionsChanged</c> and <c>JobChanged</c>. See README "Live updates".
/// </summary>
public sealed class JobsHub : Hub
{
    public const string Path = "/hubs/jobs";

    public static string Group(Guid jobId) => "job-" + jobId.ToString("N");

    public Task Subscribe(Guid jobId) => Groups.AddToGroupAsync(Context.ConnectionId, Group(jobId));

    public Task Unsubscribe(Guid jobId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(jobId));
}
