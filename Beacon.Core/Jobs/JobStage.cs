namespace Beacon.Core.Jobs;

/// <summary>
/// Where a job is, as a researcher reads it: finer than <see cref="JobStatus"/> (warm-up and finalizing are not
/// stored statuses) and derived by <see cref="JobStageRules.Derive"/>. Declared in the order a job goes through them.
/// </summary>
public enum JobStage
{
    Created,
    Queued,
    WarmingUp,
    Running,
    Finalizing,
    Completed,
    Failed,
    Cancelled,
}
