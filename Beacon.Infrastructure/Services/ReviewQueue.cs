namespace Beacon.Infrastructure.Services;

/// <summary>A job's current review sample as one reviewer sees it.</summary>
public sealed record ReviewQueue(Guid JobId, string JobName, Guid SampleId, DateTimeOffset CreatedAt, IReadOnlyList<ReviewQueueItem> Items)
{
    public int Done => Items.Count(i => i.Mine is not null);
}
