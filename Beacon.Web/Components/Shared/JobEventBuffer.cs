using Beacon.Infrastructure.Live;

namespace Beacon.Web.Components.Shared;

/// <summary>
/// Coalesces a page's live job events: a burst (a lane writes hundreds of cells a second) becomes at most one batch per
/// window, handed to <c>flush</c> one at a time and in order, so a later reload never lands before an earlier one.
/// The first event after a quiet window is applied at once (throttling, not debouncing): a page waits for the window
/// only while changes keep coming, so a single change shows as soon as it can be read.
/// Pass <see cref="AddAsync"/> to <see cref="JobEvents.Subscribe"/>; it only records and never blocks the notifier.
/// </summary>
public sealed class JobEventBuffer : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly TimeSpan _window;
    private readonly Func<JobEventBatch, CancellationToken, Task> _flush;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private long _lastFlush;
    private HashSet<long> _ids = [];
    private HashSet<long> _idsToRead = [];
    private Dictionary<long, ExecutionRow> _rows = [];
    private HashSet<Guid> _jobs = [];
    private bool _status;
    private bool _lanes;
    private bool _resync;
    private bool _scheduled;

    public JobEventBuffer(TimeSpan window, Func<JobEventBatch, CancellationToken, Task> flush, ILogger logger, TimeProvider? time = null)
    {
        _window = window;
        _flush = flush;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _lastFlush = _time.GetTimestamp() - (long)(window.TotalSeconds * _time.TimestampFrequency) - 1;
        _timer = _time.CreateTimer(_ => _ = FlushAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public Task AddAsync(JobEvent e)
    {
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }
            _ids.UnionWith(e.ExecutionIds);
            // Events arrive in commit order, so a later version of a row replaces an earlier one.
            foreach (var row in e.Rows)
            {
                _rows[row.Id] = row;
            }
            if (e.Rows.Count < e.ExecutionIds.Count)
            {
                var carried = e.Rows.Select(r => r.Id).ToHashSet();
                _idsToRead.UnionWith(e.ExecutionIds.Where(id => !carried.Contains(id)));
            }
            if (e.JobId != Guid.Empty)
            {
                _jobs.Add(e.JobId);
            }
            _status |= e.Status is not null;
            _lanes |= e.Lane is not null;
            _resync |= e.Resync;
            if (!_scheduled)
            {
                _scheduled = true;
                var wait = _window - _time.GetElapsedTime(_lastFlush);
                _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Asks for a full reload (after subscribing, so nothing committed before the subscription is missed).</summary>
    public Task ResyncAsync() => AddAsync(JobEvent.ResyncAll);

    private async Task FlushAsync()
    {
        try
        {
            await _oneAtATime.WaitAsync(_disposed.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            JobEventBatch batch;
            lock (_gate)
            {
                _lastFlush = _time.GetTimestamp();
                batch = new JobEventBatch(_ids, _status, _lanes, _resync) { JobIds = _jobs, Rows = _rows.Values, IdsToRead = _idsToRead };
                _ids = [];
                _idsToRead = [];
                _rows = [];
                _jobs = [];
                _status = _lanes = _resync = _scheduled = false;
            }
            await _flush(batch, _disposed.Token);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_disposed.IsCancellationRequested)
        {
            // The page went away while its update was being applied.
        }
        catch (Exception ex)
        {
            // What this batch carried is lost: reload everything a little later rather than show a stale page.
            _logger.LogWarning(ex, "Applying live job updates failed; reloading the page's state in {Delay}", RetryDelay);
            lock (_gate)
            {
                _resync = true;
                if (!_scheduled && !_disposed.IsCancellationRequested)
                {
                    _scheduled = true;
                    _timer.Change(RetryDelay, Timeout.InfiniteTimeSpan);
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }
            _disposed.Cancel();
        }
        _timer.Dispose();
    }
}
