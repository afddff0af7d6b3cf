using Beacon.Infrastructure.Live;

namespace Beacon.Web.Components.Shared;

/// <summary>What changed since the last batch: execution ids, and whether the job status, lanes or everything.</summary>
/// <param name="ExecutionIds">Every execution that changed.</param>
public sealed record JobEventBatch(IReadOnlyCollection<long> ExecutionIds, bool StatusChanged, bool LanesChanged, bool Resync)
{
    /// <summary>Ids of jobs whose events went into the batch (for pages that listen to every job).</summary>
    public IReadOnlyCollection<Guid> JobIds { get; init; } = [];

    /// <summary>The job the subscription that collected the batch follows (null: every job).</summary>
    public Guid? SubscribedJobId { get; init; }

    /// <summary>Changed rows as the notifications carried them, the latest version of each (apply these first).</summary>
    public IReadOnlyCollection<ExecutionRow> Rows { get; init; } = [];

    /// <summary>Executions announced by id only: read them (after applying <see cref="Rows"/>, as the read is newer).</summary>
    public IReadOnlyCollection<long> IdsToRead { get; init; } = [];
}
