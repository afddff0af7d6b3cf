namespace Beacon.Web.Components.Shared;

/// <summary>What changed since the last batch: execution ids to reload, and whether the job status, lanes or everything.</summary>
public sealed record JobEventBatch(IReadOnlyCollection<long> ExecutionIds, bool StatusChanged, bool LanesChanged, bool Resync)
{
    /// <summary>Ids of jobs whose events went into the batch (for pages that listen to every job).</summary>
    public IReadOnlyCollection<Guid> JobIds { get; init; } = [];
}
