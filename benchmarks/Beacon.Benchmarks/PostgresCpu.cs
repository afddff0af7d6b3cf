using System.Globalization;
using Npgsql;

namespace Beacon.Benchmarks;

/// <summary>
/// CPU time (user + system, from /proc) of the PostgreSQL backends serving one database, over a window: the share of
/// the cost of an execution that the database pays (issue 18). PostgreSQL runs on this machine and is shared with other
/// work, so only the processes that pg_stat_activity lists for the benchmark's database are counted (client backends,
/// and autovacuum workers while they work on it), sampled every 250 ms so a backend that exits in the window still
/// counts up to its last sample. Not counted: the server-wide processes (WAL writer, checkpointer, background writer).
/// </summary>
public sealed class PostgresCpu : IAsyncDisposable
{
    // USER_HZ: the unit of /proc/<pid>/stat's times; 100 on Linux for every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly string _connectionString;
    private readonly string _database;
    private readonly Dictionary<int, (long First, long Last)> _ticks = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private PostgresCpu(string connectionString)
    {
        _connectionString = connectionString;
        _database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        _loop = Task.Run(SampleAsync);
    }

    /// <summary>Starts sampling now: CPU used before this moment by backends that already exist is not counted.</summary>
    public static PostgresCpu Start(string connectionString) => new(connectionString);

    /// <summary>Stops sampling and returns the CPU time used in the window.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_ticks)
        {
            return TimeSpan.FromSeconds(_ticks.Values.Sum(t => t.Last - t.First) / TicksPerSecond);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        // Its own connection (not pooled with Beacon's), outside the database measured.
        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        var first = true;
        while (true)
        {
            await using (var cmd = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", connection))
            {
                cmd.Parameters.AddWithValue("db", _database);
                await using var reader = await cmd.ExecuteReaderAsync();
                var pids = new List<int>();
                while (await reader.ReadAsync())
                {
                    pids.Add(reader.GetInt32(0));
                }
                lock (_ticks)
                {
                    foreach (var pid in pids)
                    {
                        if (Ticks(pid) is not { } now)
                        {
                            continue;
                        }
                        // A backend first seen after the start began in the window: all of its CPU counts.
                        _ticks[pid] = _ticks.TryGetValue(pid, out var seen) ? (seen.First, now) : (first ? now : 0, now);
                    }
                }
            }
            first = false;
            if (_stop.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // One last sample after the stop, so the window ends now.
            }
        }
    }

    private static long? Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may contain spaces) in parentheses: state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
