namespace Beacon.Core.Placement;

/// <summary>What Beacon can say about where an answer came from.</summary>
public enum PlacementVerdict
{
    /// <summary>The reported cloud region is in <see cref="CloudRegionTable"/> and inside the region asked for.</summary>
    Verified,

    /// <summary>The reported cloud region is in the table and outside the region asked for (another Beacon region, or none).</summary>
    Mismatch,

    /// <summary>No placement was reported, or a cloud region the table does not know: the raw value is kept, never guessed.</summary>
    Unverified,

    /// <summary>An OpenAI-compatible endpoint: the region is only what Beacon's configuration says.</summary>
    Declared,
}
