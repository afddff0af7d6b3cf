namespace Beacon.Infrastructure.Live;

/// <summary>
/// A notification on <see cref="JobNotifications.JobsChannel"/>: a job's new <see cref="Status"/> (a
/// <see cref="Core.Jobs.JobStatus"/> name), or one of its lanes' new stage (<see cref="Lane"/>; then no status).
/// Wire format: <c>{"jobId": ..., "status": "Running"}</c> or <c>{"jobId": ..., "lane": {"model", "region", "stage"}}</c>.
/// </summary>
public sealed record JobPayload(Guid JobId, string? Status, LaneEvent? Lane);
