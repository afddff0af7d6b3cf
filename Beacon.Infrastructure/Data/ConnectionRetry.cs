using Polly;
using Polly.Retry;

namespace Beacon.Infrastructure.Data;

/// <summary>
/// The one way Beacon retries through a lost PostgreSQL connection (a restart, a failover, a dropped socket): wait
/// 250 ms, doubling up to 5 s, without jitter, on a <see cref="TimeProvider"/> (so a test drives the clock). Used by
/// <see cref="DatabaseRetry"/> (a running job's database steps, for a limited patience) and by the live updates
/// listener (reconnecting for as long as the process runs).
/// </summary>
public static class ConnectionRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>The wait after <paramref name="failures"/> earlier failures: 250 ms, 500 ms, 1 s, 2 s, 4 s, then 5 s.</summary>
    public static TimeSpan Delay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 30)), MaxDelay.TotalMilliseconds));

    /// <summary>
    /// A pipeline that retries the failures <paramref name="shouldRetry"/> accepts, any number of times, while
    /// <paramref name="patience"/> lasts (counted from this call: build one per run), or with none until its token is
    /// cancelled. A failure after the patience is thrown.
    /// </summary>
    /// <param name="onRetry">Told the failure, the wait before the next attempt, and the attempt that failed (from 1).</param>
    /// <param name="failures">
    /// How many failures the next wait counts (it is called once per retry); by default every failure of this run. A
    /// caller whose attempts can succeed for a while (a listener that connected) resets its own count to start the
    /// back-off again.
    /// </param>
    public static ResiliencePipeline Create(
        TimeProvider time,
        Func<Exception, bool> shouldRetry,
        Action<Exception, TimeSpan, int> onRetry,
        TimeSpan? patience = null,
        Func<int>? failures = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(shouldRetry);
        ArgumentNullException.ThrowIfNull(onRetry);
        var deadline = patience is { } p ? time.GetUtcNow() + p : DateTimeOffset.MaxValue;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && shouldRetry(ex) && time.GetUtcNow() < deadline),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(failures?.Invoke() ?? args.AttemptNumber)),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception!, args.RetryDelay, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
