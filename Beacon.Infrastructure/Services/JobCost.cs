namespace Beacon.Infrastructure.Services;

/// <summary>What a job has cost so far, as recorded on its executions, in total and per region, model and lane.</summary>
public sealed record JobCost(
    Guid JobId,
    CostLine Total,
    IReadOnlyList<CostLine> ByRegion,
    IReadOnlyList<CostLine> ByModel,
    IReadOnlyList<CostLine> ByLane);
