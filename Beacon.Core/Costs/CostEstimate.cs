namespace Beacon.Core.Costs;

/// <summary>
/// A job's expected cost before it is submitted, in total and per lane, and how long it should take
/// (<see cref="DurationSeconds"/>: the slowest group of lanes sharing an endpoint's concurrency, see CostEstimator).
/// </summary>
public sealed record CostEstimate(int Executions, double Seconds, decimal Usd, double DurationSeconds, IReadOnlyList<LaneCostEstimate> Lanes)
{
    public static CostEstimate Empty { get; } = new(0, 0, 0m, 0, []);

    /// <summary>Executions the emulator serves as configured now: they would cost nothing.</summary>
    public int EmulatedExecutions => Lanes.Where(l => l.Served == "emulator").Sum(l => l.Executions);
}
