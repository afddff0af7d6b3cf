using Beacon.Core.Accounts;
using Beacon.Infrastructure.Accounts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Hubs;

/// <summary>
/// Access is not only checked when a hub connection subscribes: every <see cref="LiveHubOptions.AccessRecheckInterval"/> each
/// subscription is checked again against the users' current roles and shares. A withdrawn share or a lost role ends that
/// subscription (the client hears <c>SubscriptionEnded</c>); a disabled or deleted user's connection is closed. Every web
/// process sweeps its own connections, so the rule holds whichever process changed the access.
/// </summary>
public sealed class JobsHubAccessSweep(
    JobsHubSubscriptions subscriptions, AccountService accounts, JobAccess access, IHubContext<JobsHub> hub,
    IOptions<LiveHubOptions> options, TimeProvider time, ILogger<JobsHubAccessSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AccessRecheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Re-checking hub subscriptions failed; trying again at the next tick");
            }
        }
    }

    /// <summary>One pass over every connection of this process.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var connections = subscriptions.Snapshot();
        if (connections.Count == 0)
        {
            return;
        }
        var users = (await accounts.ListAsync(cancellationToken)).ToDictionary(u => u.Id, StringComparer.Ordinal);
        foreach (var (connection, jobs) in connections)
        {
            if (!users.TryGetValue(connection.UserId, out var user) || user.Disabled)
            {
                logger.LogInformation("Closing hub connection {ConnectionId}: its user is disabled or gone", connection.Id);
                connection.Context.Abort();
                subscriptions.RemoveConnection(connection.Id);
                continue;
            }
            var viewer = new Viewer(user.Id, user.Role == BeaconRoles.Administrator);
            foreach (var jobId in jobs)
            {
                if (!await access.CanSeeJobAsync(jobId, viewer, cancellationToken))
                {
                    await hub.Groups.RemoveFromGroupAsync(connection.Id, JobsHub.Group(jobId), cancellationToken);
                    subscriptions.Remove(connection.Id, jobId);
                    await hub.Clients.Client(connection.Id).SendAsync("SubscriptionEnded", jobId, "You may no longer see this job.", cancellationToken);
                }
            }
        }
    }
}
