using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Services;

public enum DatasetSharingOutcome
{
    Done,
    /// <summary>No such set, or one the viewer may not see (answered alike).</summary>
    NotFound,
    /// <summary>The viewer sees the set (it is shared) but is neither its owner nor an administrator.</summary>
    NotAllowed,
}

/// <summary>What <see cref="DatasetService.SetSharedAsync"/> did, with the set as it is now.</summary>
public sealed record DatasetSharingResult(DatasetSharingOutcome Outcome, Dataset? Set);
