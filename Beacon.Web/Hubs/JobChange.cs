namespace Beacon.Web.Hubs;

/// <summary>A job status or lane stage change as pushed to hub clients.</summary>
public sealed record JobChange(Guid JobId, string? Status, string? LaneModel, string? LaneRegion, string? LaneStage, bool Resync);
