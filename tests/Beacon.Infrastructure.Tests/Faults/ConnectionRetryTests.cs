using Beacon.Infrastructure.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Polly;

namespace Beacon.Infrastructure.Tests.Faults;

/// <summary>The back-off shared by the database steps and the live updates listener, on a clock the test moves.</summary>
public sealed class ConnectionRetryTests
{
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(10);

    private static NpgsqlException Dropped() => new("The connection was dropped.", new IOException("reset by peer"));

    [Fact]
    public async Task WaitsAQuarterSecondDoublingUpToFiveSecondsBetweenAttempts()
    {
        var time = new TimerLog();
        var calls = 0;
        var retry = ConnectionRetry.Create(time, DatabaseRetry.IsTransient, (_, _, _) => { });

        var run = retry.ExecuteAsync(_ => ++calls <= 7 ? throw Dropped() : ValueTask.CompletedTask, CancellationToken.None).AsTask();

        foreach (var ms in new[] { 250, 500, 1000, 2000, 4000, 5000, 5000 })
        {
            Assert.Equal(TimeSpan.FromMilliseconds(ms), await time.NextTimerAsync());
            time.Advance(TimeSpan.FromMilliseconds(ms));
        }
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(8, calls);
    }

    [Fact]
    public async Task StopsRetryingOnceThePatienceIsOverAndThrowsTheFailure()
    {
        var time = new TimerLog();
        var calls = 0;
        var retry = ConnectionRetry.Create(time, DatabaseRetry.IsTransient, (_, _, _) => { }, patience: TimeSpan.FromSeconds(2));

        var run = retry.ExecuteAsync(_ =>
        {
            calls++;
            throw Dropped();
        }, CancellationToken.None).AsTask();

        // Failures at 0, 0.25, 0.75 and 1.75 s are retried; the one at 3.75 s is past the patience.
        foreach (var ms in new[] { 250, 500, 1000, 2000 })
        {
            Assert.Equal(TimeSpan.FromMilliseconds(ms), await time.NextTimerAsync());
            time.Advance(TimeSpan.FromMilliseconds(ms));
        }
        await Assert.ThrowsAsync<NpgsqlException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(5, calls);
        Assert.Equal(0, time.Pending);
    }

    [Fact]
    public async Task AFailureThatIsNotAboutTheConnectionIsThrownAtOnce()
    {
        var time = new TimerLog();
        var calls = 0;
        var retry = ConnectionRetry.Create(time, DatabaseRetry.IsTransient, (_, _, _) => { }, Patient);

        await Assert.ThrowsAsync<InvalidOperationException>(() => retry.ExecuteAsync(_ =>
        {
            calls++;
            throw new InvalidOperationException("a bug");
        }, CancellationToken.None).AsTask());

        Assert.Equal(1, calls);
        Assert.Equal(0, time.Created);
    }

    [Fact]
    public async Task ResettingTheFailureCountStartsTheBackOffAgain()
    {
        var time = new TimerLog();
        var failures = 0;
        var calls = 0;
        var told = new List<(TimeSpan Delay, int Attempt)>();
        var retry = ConnectionRetry.Create(time, _ => true, (_, delay, attempt) => told.Add((delay, attempt)), failures: () => failures++);

        var run = retry.ExecuteAsync(_ =>
        {
            calls++;
            if (calls == 3)
            {
                // Connected for a while (as the listener does), then dropped.
                failures = 0;
            }
            return calls < 5 ? throw Dropped() : ValueTask.CompletedTask;
        }, CancellationToken.None).AsTask();

        foreach (var ms in new[] { 250, 500, 250, 500 })
        {
            Assert.Equal(TimeSpan.FromMilliseconds(ms), await time.NextTimerAsync());
            time.Advance(TimeSpan.FromMilliseconds(ms));
        }
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(
            [(TimeSpan.FromMilliseconds(250), 1), (TimeSpan.FromMilliseconds(500), 2), (TimeSpan.FromMilliseconds(250), 3), (TimeSpan.FromMilliseconds(500), 4)],
            told);
    }

    [Fact]
    public async Task CancellingEndsTheWaitWithoutAnotherAttempt()
    {
        var time = new TimerLog();
        var calls = 0;
        using var stopping = new CancellationTokenSource();
        var retry = ConnectionRetry.Create(time, ex => ex is not OperationCanceledException, (_, _, _) => { });

        var run = retry.ExecuteAsync(_ =>
        {
            calls++;
            throw Dropped();
        }, stopping.Token).AsTask();
        await time.NextTimerAsync();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ADatabaseStepIsRetriedThroughADroppedConnection()
    {
        var time = new TimerLog();
        var calls = 0;

        var run = DatabaseRetry.RunAsync(() => ++calls <= 2 ? throw Dropped() : Task.CompletedTask, NullLogger.Instance, "A step", time: time);

        foreach (var ms in new[] { 250, 500 })
        {
            Assert.Equal(TimeSpan.FromMilliseconds(ms), await time.NextTimerAsync());
            time.Advance(TimeSpan.FromMilliseconds(ms));
        }
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void TheWaitsAreTheDocumentedOnes()
    {
        Assert.Equal(
            new[] { 250, 500, 1000, 2000, 4000, 5000, 5000 }.Select(ms => TimeSpan.FromMilliseconds(ms)),
            Enumerable.Range(0, 7).Select(ConnectionRetry.Delay));
        Assert.Equal(ConnectionRetry.MaxDelay, ConnectionRetry.Delay(int.MaxValue));
    }

    /// <summary>A fake clock that tells the test each wait it is asked for, so the test moves time only once it is waited on.</summary>
    private sealed class TimerLog : FakeTimeProvider
    {
        private readonly SemaphoreSlim _created = new(0);
        private readonly Queue<TimeSpan> _dueTimes = new();
        private readonly Lock _gate = new();

        public int Created { get; private set; }

        public int Pending => _created.CurrentCount;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_gate)
            {
                Created++;
                _dueTimes.Enqueue(dueTime);
            }
            _created.Release();
            return timer;
        }

        public async Task<TimeSpan> NextTimerAsync()
        {
            Assert.True(await _created.WaitAsync(TimeSpan.FromSeconds(10)), "a wait was expected");
            lock (_gate)
            {
                return _dueTimes.Dequeue();
            }
        }
    }
}
