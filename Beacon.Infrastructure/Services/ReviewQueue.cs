namespace Beacon.Infrastructure.Services;

/// <summary>A job's current review sample as one reviewer sees it (the items of every job of the sample the reviewer may see).</summary>
public sealed record ReviewQueue(Guid JobId, string JobName, Guid SampleId, DateTimeOffset CreatedAt, IReadOnlyList<ReviewQueueItem> Items)
{
    /// <summary>The sample's jobs the reviewer may see, oldest first (one unless several jobs were sampled together).</summary>
    public IReadOnlyList<ReviewJob> Jobs { get; init; } = [];

    public int Done => Items.Count(i => i.Mine is not null);
}
