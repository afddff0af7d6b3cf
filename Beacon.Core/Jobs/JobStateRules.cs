namespace Beacon.Core.Jobs;

/// <summary>The state machine of jobs and cells. Terminal means never touched again (except retry-failed).</summary>
public static class JobStateRules
{
    /// <summary>How many times a cell may run in total, counting retries of failed cells.</summary>
    public const int MaxAttemptsPerCell = 3;

    public static bool IsTerminal(JobStatus status) =>
        status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    public static bool IsTerminal(ExecutionStatus status) =>
        status is ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.Cancelled;

    public static bool CanCancel(JobStatus status) => !IsTerminal(status);

    /// <summary>Retry-failed is allowed once the job has stopped running and some failed cell has attempts left.</summary>
    public static bool CanRetryCell(ExecutionStatus status, int attemptCount) =>
        status == ExecutionStatus.Failed && attemptCount < MaxAttemptsPerCell;

    public static bool CanMove(ExecutionStatus from, ExecutionStatus to) => (from, to) switch
    {
        (ExecutionStatus.Pending, ExecutionStatus.Running) => true,
        (ExecutionStatus.Pending, ExecutionStatus.Cancelled) => true,
        // A crash leaves a cell running; it is called again.
        (ExecutionStatus.Running, ExecutionStatus.Running) => true,
        (ExecutionStatus.Running, ExecutionStatus.Succeeded) => true,
        (ExecutionStatus.Running, ExecutionStatus.Failed) => true,
        (ExecutionStatus.Running, ExecutionStatus.Cancelled) => true,
        (ExecutionStatus.Failed, ExecutionStatus.Pending) => true,
        _ => false,
    };

    /// <summary>
    /// The final status of a job whose cells are all terminal: failed when not one cell produced an answer,
    /// completed otherwise (failed cells are then shown, and can be retried).
    /// </summary>
    public static JobStatus FinalStatus(StatusCounts counts, bool cancelRequested)
    {
        if (!counts.AllTerminal)
        {
            throw new InvalidOperationException("A job is final only when every cell is terminal.");
        }
        if (cancelRequested)
        {
            return JobStatus.Cancelled;
        }
        return counts.Succeeded == 0 && counts.Failed > 0 ? JobStatus.Failed : JobStatus.Completed;
    }
}
