using Beacon.Core.Costs;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>
/// What a job would cost on real endpoints, and about how long it would take (EstimatedDurationSeconds; EstimatedSeconds
/// is the billed call time summed over lanes). <see cref="EmulatedExecutions"/> of its executions would be served by the
/// emulator as configured now, and would cost nothing.
/// </summary>
public sealed record CostEstimateResponse(
    int ExecutionCount,
    double EstimatedSeconds,
    decimal EstimatedUsd,
    double EstimatedDurationSeconds,
    string Currency,
    int EmulatedExecutions,
    IReadOnlyList<LaneEstimateResponse> Lanes)
{
    public static CostEstimateResponse From(CostEstimate e) => new(
        e.Executions, e.Seconds, e.Usd, e.DurationSeconds, "USD", e.EmulatedExecutions,
        e.Lanes.Select(LaneEstimateResponse.From).ToList());
}
