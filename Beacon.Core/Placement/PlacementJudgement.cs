namespace Beacon.Core.Placement;

/// <summary>
/// The verdict on one answer's placement, with the table row it rests on (null when the cloud region is unknown or
/// none was reported) and whether the region the endpoint reported differs from the one asked
/// (<see cref="RegionMismatch"/>, the executions' region_mismatch flag).
/// </summary>
public sealed record PlacementJudgement(PlacementVerdict Verdict, CloudRegion? Match, bool RegionMismatch);
