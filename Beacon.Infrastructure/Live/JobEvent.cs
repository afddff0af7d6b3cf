namespace Beacon.Infrastructure.Live;

/// <summary>
/// Something committed changed. <see cref="ExecutionIds"/> lists changed cells; <see cref="Status"/> a new job status;
/// <see cref="Lane"/> a lane stage. <see cref="Resync"/> means notifications may have been missed (the listener
/// reconnected): reload everything shown.
/// </summary>
public sealed record JobEvent(Guid JobId, IReadOnlyList<long> ExecutionIds, string? Status, LaneEvent? Lane, bool Resync = false)
{
    public static JobEvent ResyncAll { get; } = new(Guid.Empty, [], null, null, Resync: true);

    /// <summary>
    /// The changed rows as committed, when the notification carried them (the worker's writes do; cancel, retry and
    /// classification changes send ids only, and a subscriber reads those rows).
    /// </summary>
    public IReadOnlyList<ExecutionRow> Rows { get; init; } = [];
}
