namespace Beacon.Core.Jobs;

/// <summary>Derives the stage shown on the job page from the stored status, the cell counts and the lanes.</summary>
public static class JobStageRules
{
    /// <summary>The stages of a job's path, in order; the last position is one of completed, failed or cancelled.</summary>
    public static IReadOnlyList<JobStage> Path { get; } =
        [JobStage.Created, JobStage.Queued, JobStage.WarmingUp, JobStage.Running, JobStage.Finalizing];

    /// <param name="status">The job's stored status.</param>
    /// <param name="counts">Its cells by status.</param>
    /// <param name="anyLaneWarmingUp">Whether some (model, region) lane is warming its endpoint up.</param>
    public static JobStage Derive(JobStatus status, StatusCounts counts, bool anyLaneWarmingUp)
    {
        switch (status)
        {
            case JobStatus.Completed:
                return JobStage.Completed;
            case JobStatus.Failed:
                return JobStage.Failed;
            case JobStatus.Cancelled:
                return JobStage.Cancelled;
        }

        // Every cell has an outcome but the finalizer has not written the job's status yet.
        if (counts.Total > 0 && counts.AllTerminal)
        {
            return JobStage.Finalizing;
        }
        // Cold starts take minutes: until the first answer arrives a warming lane is what the job is waiting for.
        if (anyLaneWarmingUp && counts.Terminal == 0)
        {
            return JobStage.WarmingUp;
        }
        // The old portal showed "queued" while results streamed in: a running cell means the job runs, whatever the
        // stored status says.
        if (counts.Running > 0)
        {
            return JobStage.Running;
        }
        return status switch
        {
            JobStatus.Created => JobStage.Created,
            JobStatus.Queued => JobStage.Queued,
            _ => JobStage.Running,
        };
    }

    public static bool IsFinal(JobStage stage) => stage is JobStage.Completed or JobStage.Failed or JobStage.Cancelled;

    /// <summary>What the stage means, in the words of the progress header.</summary>
    public static string Describe(JobStage stage) => stage switch
    {
        JobStage.Created => "Saving the job and its executions",
        JobStage.Queued => "Waiting for a worker",
        JobStage.WarmingUp => "Starting the regional endpoints (cold starts can take minutes)",
        JobStage.Running => "Executing questions",
        JobStage.Finalizing => "Every execution has finished; writing the job's result",
        JobStage.Completed => "Finished: every execution has an outcome",
        JobStage.Failed => "Failed: no execution produced an answer",
        JobStage.Cancelled => "Cancelled: unfinished executions were stopped; finished ones are kept",
        _ => stage.ToString(),
    };

    public static string Label(JobStage stage) => stage switch
    {
        JobStage.WarmingUp => "warming up",
        _ => stage.ToString().ToLowerInvariant(),
    };
}
