using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Jobs;

/// <summary>A change to one cell, queued for the next batched write.</summary>
public sealed record CellUpdate
{
    public required long ExecutionId { get; init; }
    public required ExecutionStatus Status { get; init; }
    public required DateTimeOffset At { get; init; }
    public Guid? RequestId { get; init; }
    public string? Response { get; init; }
    public int? TokensGenerated { get; init; }
    public double? InferenceSeconds { get; init; }
    public double? BilledSeconds { get; init; }
    public decimal? CostUsd { get; init; }
    public string? ReportedRegion { get; init; }
    public bool RegionMismatch { get; init; }
    public string? PlacementProvider { get; init; }
    public string? PlacementRegion { get; init; }
    /// <summary>A <see cref="Beacon.Core.Placement.PlacementVerdict"/> name; null for a cancelled cell.</summary>
    public string? PlacementVerdict { get; init; }
    public bool Emulated { get; init; }
    public bool Moderated { get; init; }
    public string? Receipt { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? Classification { get; init; }
    public string? ClassifierVersion { get; init; }
    public string? ClassificationRule { get; init; }
    public string? ClassificationEvidence { get; init; }
    /// <summary>The attempt record (JSON object) appended to the cell's history.</summary>
    public string? AttemptJson { get; init; }
}
