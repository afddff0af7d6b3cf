namespace Beacon.Infrastructure.Live;

/// <summary>
/// A notification on <see cref="JobNotifications.ExecutionsChannel"/>: cells of a job changed. The worker's writes also
/// carry the changed <see cref="Rows"/> as committed (then <see cref="Ids"/> are their ids); cancel, retry and
/// classification changes send ids only, and a subscriber reads those rows.
/// Wire format: <c>{"jobId": ..., "ids": [...], "rows": [...]}</c>, <c>rows</c> absent when there are none.
/// </summary>
public sealed record ExecutionsPayload(Guid JobId, IReadOnlyList<long> Ids, IReadOnlyList<ExecutionRow> Rows);
