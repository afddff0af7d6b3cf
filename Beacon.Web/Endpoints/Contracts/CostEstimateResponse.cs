using Beacon.Core.Costs;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>
/// What a job would cost on real endpoints. <see cref="EmulatedExecutions"/> of its executions would be served by the
/// emulator as configured now, and would cost nothing.
/// </summary>
public sealed record CostEstimateResponse(
    int ExecutionCount,
    double EstimatedSeconds,
    decimal EstimatedUsd,
    string Currency,
    int EmulatedExecutions,
    IReadOnlyList<LaneEstimateResponse> Lanes)
{
    public static CostEstimateResponse From(CostEstimate e) => new(
        e.Executions, e.Seconds, e.Usd, "USD", e.Lanes.Where(l => l.Served == "emulator").Sum(l => l.Executions),
        e.Lanes.Select(LaneEstimateResponse.From).ToList());
}
