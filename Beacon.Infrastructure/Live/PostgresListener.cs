using System.Text.Json;
using System.Threading.Channels;
using Beacon.Infrastructure.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Beacon.Infrastructure.Live;

/// <summary>
/// One LISTEN connection per process: turns PostgreSQL notifications (issued inside the writing transactions, so
/// delivered only at COMMIT, from whichever process wrote) into <see cref="JobEvents"/>, published one at a time in the
/// order PostgreSQL delivered them (commit order): a notification carries rows, and a later version of a row must
/// never be overtaken by an earlier one. Reconnects with back-off (<see cref="ConnectionRetry"/>) and then asks every subscriber to reload, so nothing
/// committed while disconnected is missed on screen.
/// </summary>
public sealed class PostgresListener(NpgsqlDataSource dataSource, JobEvents events, TimeProvider time, ILogger<PostgresListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<JobEvent> _received = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once the first LISTEN is in place (tests and start-up wait on it).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the connection's thread, so a slow subscriber never delays reading the next notification.
        var publishing = Task.Run(PublishAsync, CancellationToken.None);
        try
        {
            await ListenAsync(stoppingToken);
        }
        finally
        {
            _received.Writer.TryComplete();
            await publishing;
        }
    }

    private async Task PublishAsync()
    {
        await foreach (var e in _received.Reader.ReadAllAsync(CancellationToken.None))
        {
            await events.PublishAsync(e);
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var first = true;
        // Failures since the last LISTEN: the back-off starts again once the listener was connected.
        var failures = 0;
        var reconnect = ConnectionRetry.Create(
            time,
            ex => !(ex is OperationCanceledException && stoppingToken.IsCancellationRequested),
            (ex, delay, _) =>
            {
                logger.LogWarning(ex, "Live updates lost their PostgreSQL connection; retrying in {Delay}", delay);
                first = false;
            },
            failures: () => failures++);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reconnect.ExecuteAsync(async ct =>
                {
                    await using var connection = await dataSource.OpenConnectionAsync(ct);
                    connection.Notification += (_, args) => Dispatch(args.Channel, args.Payload);
                    await using (var listen = new NpgsqlCommand(JobNotifications.ListenSql, connection))
                    {
                        await listen.ExecuteNonQueryAsync(ct);
                    }
                    _listening.TrySetResult();
                    if (!first)
                    {
                        // The server went away: idle pooled connections are dead too; drop them so the next query does not fail.
                        dataSource.Clear();
                        logger.LogInformation("Live updates reconnected; pages reload their state");
                        _received.Writer.TryWrite(JobEvent.ResyncAll);
                    }
                    first = false;
                    failures = 0;
                    while (!ct.IsCancellationRequested)
                    {
                        await connection.WaitAsync(TimeSpan.FromSeconds(30), ct);
                        if (connection.FullState != System.Data.ConnectionState.Open)
                        {
                            // Closed without an error: connect again at once.
                            return;
                        }
                    }
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Dispatch(string channel, string payload)
    {
        JobEvent? e;
        try
        {
            e = JobNotifications.Read(channel, payload);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            logger.LogWarning(ex, "Ignoring a malformed notification on {Channel}", channel);
            return;
        }
        if (e is not null)
        {
            _received.Writer.TryWrite(e);
        }
    }
}
