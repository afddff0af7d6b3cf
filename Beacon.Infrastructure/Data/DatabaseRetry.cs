using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Beacon.Infrastructure.Data;

/// <summary>
/// Retries a database step through a PostgreSQL restart or a dropped connection, so a running job pauses and
/// continues instead of failing. Anything else (a constraint, a bug) is thrown at once.
/// </summary>
public static class DatabaseRetry
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMinutes(2);

    public static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState is "57P01" or "57P02" or "57P03" or "08006" or "08003" or "08001",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        _ => false,
    };

    /// <summary>
    /// Runs <paramref name="step"/>, retrying transient failures (<see cref="ConnectionRetry"/>'s back-off) for as long
    /// as <paramref name="patience"/> lasts; the waits are not cancelled, so a step once started is seen through.
    /// </summary>
    public static async Task RunAsync(Func<Task> step, ILogger logger, string what, TimeSpan? patience = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        var retry = ConnectionRetry.Create(
            time ?? TimeProvider.System,
            IsTransient,
            (ex, delay, attempt) => logger.LogWarning("{What} failed ({Error}); retrying in {Delay} (attempt {Attempt})", what, ex.Message, delay, attempt),
            patience ?? DefaultPatience);
        await retry.ExecuteAsync(async _ => await step(), CancellationToken.None);
    }
}
