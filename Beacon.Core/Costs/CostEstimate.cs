namespace Beacon.Core.Costs;

/// <summary>A job's expected cost before it is submitted, in total and per lane.</summary>
public sealed record CostEstimate(int Executions, double Seconds, decimal Usd, IReadOnlyList<LaneCostEstimate> Lanes);
