using System.Text.Json;
using Npgsql;

namespace Beacon.Benchmarks;

/// <summary>
/// LISTENs to the channel Beacon's writer notifies in the same transaction as its UPDATE. PostgreSQL delivers a
/// notification only at COMMIT, so the time it arrives here is the commit time of the rows it names (plus a local
/// socket hop, the same one Beacon's own listener pays). The last notification naming a cell is its terminal commit:
/// a terminal cell never changes again.
/// </summary>
public sealed class CommitRecorder : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<long, DateTime> _lastNotified = [];
    private Task _loop = Task.CompletedTask;

    private CommitRecorder(NpgsqlConnection connection) => _connection = connection;

    public static async Task<CommitRecorder> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var recorder = new CommitRecorder(connection);
        connection.Notification += (_, e) => recorder.Record(e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN beacon_executions", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }
        recorder._loop = Task.Run(recorder.LoopAsync);
        return recorder;
    }

    /// <summary>Per execution id, when the last notification naming it arrived (UTC).</summary>
    public Dictionary<long, DateTime> Snapshot()
    {
        lock (_lastNotified)
        {
            return new Dictionary<long, DateTime>(_lastNotified);
        }
    }

    private void Record(string payload)
    {
        var at = DateTime.UtcNow;
        using var json = JsonDocument.Parse(payload);
        lock (_lastNotified)
        {
            foreach (var id in json.RootElement.GetProperty("ids").EnumerateArray())
            {
                _lastNotified[id.GetInt64()] = at;
            }
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _connection.WaitAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
