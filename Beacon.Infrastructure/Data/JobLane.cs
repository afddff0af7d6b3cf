namespace Beacon.Infrastructure.Data;

/// <summary>One (model, region) lane of a job: the unit a worker runs, and where its warm-up is recorded.</summary>
public sealed class JobLane
{
    public Guid JobId { get; set; }
    public string ModelId { get; set; } = "";
    public string Region { get; set; } = "";
    public LaneStage Stage { get; set; }
    public string? Worker { get; set; }
    public DateTimeOffset? WarmupStartedAt { get; set; }
    public double? WarmupSeconds { get; set; }
    public string? WarmupNote { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}
