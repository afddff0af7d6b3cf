using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Live;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// A job's header figures (status counts, retryable cells, remaining time, cost) as one aggregate query read them
/// (<see cref="JobMatrixQuery.TotalsAsync"/>), kept current by the rows the worker's notifications carry, without
/// holding the job's rows (decision 0018). It remembers only the cells that were unfinished when it was read (id,
/// status, attempts: a few bytes each, and none once the job is done): the worker changes nothing else, so a carried row
/// whose cell is not remembered, or whose (attempts, progress) is not ahead of what is remembered, is already counted
/// and is skipped, and any other row moves its cell's part in every figure from the old state to the new one.
/// Changes announced by id only (cancel, retry, class overrides) are not applied here: the page reads the totals again.
/// Not thread-safe: the page reads and changes it only on its renderer's context.
/// </summary>
public sealed class JobTotals
{
    private readonly Dictionary<long, int> _unfinished;
    private readonly Dictionary<long, (double Billed, decimal Usd)> _paidBefore;
    private readonly RemainingTimeTally _timing;
    private readonly CostTally _cost;
    private CostBreakdown? _breakdown;

    internal JobTotals(StatusCounts counts, int retryable, RemainingTimeTally timing, CostTally cost,
        Dictionary<long, int> unfinished, Dictionary<long, (double Billed, decimal Usd)> paidBefore)
    {
        Counts = counts;
        Retryable = retryable;
        _timing = timing;
        _cost = cost;
        _unfinished = unfinished;
        _paidBefore = paidBefore;
    }

    public static JobTotals Empty => new(StatusCounts.Empty, 0, new RemainingTimeTally(), new CostTally(), [], []);

    public StatusCounts Counts { get; private set; }

    /// <summary>Failed cells that still have attempts left.</summary>
    public int Retryable { get; private set; }

    /// <summary>Cells remembered as unfinished (what this object holds per cell).</summary>
    public int Unfinished => _unfinished.Count;

    public CostBreakdown Cost => _breakdown ??= _cost.Breakdown();

    public TimeSpan? Remaining(Func<string, int> concurrencyOfRegion) => _timing.Estimate(concurrencyOfRegion);

    /// <summary>Applies rows the worker's notifications carried; returns how many changed a figure.</summary>
    public int Apply(IEnumerable<ExecutionRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var applied = 0;
        foreach (var row in rows)
        {
            if (!_unfinished.TryGetValue(row.Id, out var packed))
            {
                continue;
            }
            var (oldStatus, oldAttempts, oldEmulated) = Unpack(packed);
            if ((row.AttemptCount, Progress(row.Status)).CompareTo((oldAttempts, Progress(oldStatus))) <= 0)
            {
                continue;
            }
            applied++;
            Counts = Counts.Plus(oldStatus, -1).Plus(row.Status, +1);
            _timing.Remove(new CellTiming(row.Region, false, null));
            _timing.Add(Timing(row));
            if (_paidBefore.Remove(row.Id, out var paid))
            {
                _cost.Remove(row.ModelId, row.Region, oldEmulated, paid.Billed, paid.Usd);
            }
            if (row.BilledSeconds is { } billed)
            {
                _cost.Add(row.ModelId, row.Region, row.Emulated, billed, row.CostUsd ?? 0m);
                _breakdown = null;
            }
            if (JobStateRules.CanRetryCell(row.Status, row.AttemptCount))
            {
                Retryable++;
            }
            if (JobStateRules.IsTerminal(row.Status))
            {
                _unfinished.Remove(row.Id);
            }
            else
            {
                _unfinished[row.Id] = Pack(row.Status, row.AttemptCount, row.Emulated);
                if (row.BilledSeconds is { } b)
                {
                    _paidBefore[row.Id] = (b, row.CostUsd ?? 0m);
                }
            }
        }
        return applied;
    }

    internal static int Pack(ExecutionStatus status, int attempts, bool emulated) => (attempts << 4) | ((int)status << 1) | (emulated ? 1 : 0);

    private static (ExecutionStatus Status, int Attempts, bool Emulated) Unpack(int packed) =>
        ((ExecutionStatus)((packed >> 1) & 7), packed >> 4, (packed & 1) == 1);

    /// <summary>How far a cell is within one attempt: pending, running, finished.</summary>
    private static int Progress(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Pending => 0,
        ExecutionStatus.Running => 1,
        _ => 2,
    };

    /// <summary>As the remaining-time estimate counts a cell: a finished cell's wall-clock duration, else its reported inference time.</summary>
    private static CellTiming Timing(ExecutionRow r) => new(
        r.Region,
        JobStateRules.IsTerminal(r.Status),
        r.Status == ExecutionStatus.Cancelled ? null
            : r is { StartedAt: { } started, CompletedAt: { } completed } ? (completed - started).TotalSeconds
            : r.InferenceSeconds);
}
