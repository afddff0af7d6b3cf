using Beacon.Core.Jobs;
using Beacon.Infrastructure.Live;
using Beacon.Web.Components.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beacon.Web.Tests.Components;

public sealed class JobEventBufferTests
{
    private static readonly Guid Job = Guid.CreateVersion7();
    private readonly ManualTimers _time = new();
    private readonly List<JobEventBatch> _batches = [];

    private JobEventBuffer Buffer(Func<JobEventBatch, Task>? flush = null) =>
        new(TimeSpan.FromMilliseconds(200), (batch, _) =>
        {
            _batches.Add(batch);
            return flush?.Invoke(batch) ?? Task.CompletedTask;
        }, NullLogger.Instance, _time);

    [Fact]
    public async Task TheFirstEventAfterAQuietWindowIsAppliedAtOnce()
    {
        using var buffer = Buffer();
        await buffer.AddAsync(new JobEvent(Job, [1], null, null));

        Assert.Equal(TimeSpan.Zero, _time.Timer.DueTime);
        await _time.Timer.FireAsync();
        Assert.Equal([1L], Assert.Single(_batches).ExecutionIds);
    }

    [Fact]
    public async Task ABurstOfEventsBecomesOneBatchOnceTheWindowEnds()
    {
        using var buffer = Buffer();
        await buffer.AddAsync(new JobEvent(Job, [0], null, null));
        await _time.Timer.FireAsync();
        _batches.Clear();

        for (var i = 0; i < 100; i++)
        {
            await buffer.AddAsync(new JobEvent(Job, [i, i + 1], null, null));
        }
        await buffer.AddAsync(new JobEvent(Job, [], "Running", null));
        Assert.Empty(_batches);
        // Waits for the rest of the window that the previous flush opened.
        Assert.InRange(_time.Timer.DueTime, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));

        await _time.Timer.FireAsync();

        var batch = Assert.Single(_batches);
        Assert.Equal(101, batch.ExecutionIds.Count);
        Assert.True(batch.StatusChanged);
        Assert.False(batch.LanesChanged);
        Assert.False(batch.Resync);
        Assert.Equal([Job], batch.JobIds);
    }

    [Fact]
    public async Task CarriedRowsArriveInTheBatchInTheirLatestVersionAndOnlyIdsWithoutARowAreRead()
    {
        using var buffer = Buffer();
        await buffer.AddAsync(new JobEvent(Job, [0], null, null));
        await _time.Timer.FireAsync();
        _batches.Clear();

        var running = new ExecutionRow(1, "math_basic", "mistral-7b", "EU", 0, ExecutionStatus.Running, 1, null, null, false, null, null, false,
            DateTimeOffset.UnixEpoch, null, null, null);
        var succeeded = running with { Status = ExecutionStatus.Succeeded, Classification = "Substantive", CompletedAt = DateTimeOffset.UnixEpoch.AddSeconds(2) };
        await buffer.AddAsync(new JobEvent(Job, [1], null, null) { Rows = [running] });
        await buffer.AddAsync(new JobEvent(Job, [1], null, null) { Rows = [succeeded] });
        await buffer.AddAsync(new JobEvent(Job, [2, 3], null, null)); // a retry: ids only
        await _time.Timer.FireAsync();

        var batch = Assert.Single(_batches);
        Assert.Equal([succeeded], batch.Rows);
        Assert.Equal([2L, 3L], batch.IdsToRead.Order());
        Assert.Equal([1L, 2L, 3L], batch.ExecutionIds.Order());
    }

    [Fact]
    public async Task EventsDuringAFlushGoToTheNextBatch()
    {
        var release = new TaskCompletionSource();
        using var buffer = Buffer(_ => _batches.Count == 1 ? release.Task : Task.CompletedTask);
        await buffer.AddAsync(new JobEvent(Job, [1], null, null));
        var first = _time.Timer.FireAsync();

        await buffer.AddAsync(new JobEvent(Job, [2], null, new LaneEvent("mistral-7b", "EU", "Running")));
        release.SetResult();
        await first;
        await _time.Timer.FireAsync();

        Assert.Equal(2, _batches.Count);
        Assert.Equal([1L], _batches[0].ExecutionIds);
        Assert.Equal([2L], _batches[1].ExecutionIds);
        Assert.True(_batches[1].LanesChanged);
    }

    [Fact]
    public async Task AFailedFlushIsFollowedByAFullReload()
    {
        using var buffer = Buffer(_ => _batches.Count == 1 ? throw new InvalidOperationException("database down") : Task.CompletedTask);
        await buffer.AddAsync(new JobEvent(Job, [1], null, null));

        await _time.Timer.FireAsync();
        await _time.Timer.FireAsync();

        Assert.Equal(2, _batches.Count);
        Assert.True(_batches[1].Resync);
    }

    [Fact]
    public async Task NothingIsDeliveredAfterDispose()
    {
        var buffer = Buffer();
        await buffer.AddAsync(new JobEvent(Job, [1], null, null));
        buffer.Dispose();

        await buffer.AddAsync(new JobEvent(Job, [2], null, null));
        await _time.Timer.FireAsync();

        Assert.Empty(_batches);
    }

    /// <summary>A clock whose timers fire only when a test says so.</summary>
    private sealed class ManualTimers : TimeProvider
    {
        public ManualTimer Timer { get; private set; } = null!;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Timer = new ManualTimer(callback, state) { DueTime = dueTime };
    }

    private sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan DueTime { get; set; }

        /// <summary>Runs the callback; the flush it starts completes synchronously here, since every flush in these tests does.</summary>
        public async Task FireAsync()
        {
            callback(state);
            await Task.Yield();
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
