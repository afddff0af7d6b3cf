namespace Beacon.Core.Jobs;

public enum JobStatus
{
    Created,
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
