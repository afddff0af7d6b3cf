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

    /// <summary>
    /// Why retry-failed cannot run now (null when it can), in words for the disabled button: a cancelled job is
    /// submitted again instead, and only failed cells with attempts left are retried.
    /// </summary>
    public static string? WhyNoRetry(JobStatus status, int failed, int retryable) =>
        status == JobStatus.Cancelled ? "The job was cancelled: submit it again instead of retrying."
        : retryable > 0 ? null
        : failed > 0 ? $"Every failed execution has used its {MaxAttemptsPerCell} attempts."
        : IsTerminal(status) ? "No execution failed: nothing to retry."
        : "No execution has failed so far; failed ones can be retried while the job runs or after it.";

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
