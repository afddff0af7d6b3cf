using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Data;

/// <summary>
/// <see cref="JobStatus"/> names as SQL literals for raw SQL (the column stores the enum's name), taken from the enum
/// with <c>nameof</c> so a rename changes the SQL too. The sets follow <see cref="JobStateRules"/> (a test checks).
/// </summary>
public static class JobStatusSql
{
    public const string Created = "'" + nameof(JobStatus.Created) + "'";
    public const string Queued = "'" + nameof(JobStatus.Queued) + "'";
    public const string Running = "'" + nameof(JobStatus.Running) + "'";
    public const string Completed = "'" + nameof(JobStatus.Completed) + "'";
    public const string Failed = "'" + nameof(JobStatus.Failed) + "'";
    public const string Cancelled = "'" + nameof(JobStatus.Cancelled) + "'";

    /// <summary>Jobs whose cells have not started: submitted, not yet running.</summary>
    public const string NotStarted = "(" + Created + ", " + Queued + ")";

    /// <summary>Jobs that are over: never touched again (except by retry-failed).</summary>
    public const string Terminal = "(" + Completed + ", " + Failed + ", " + Cancelled + ")";
}
