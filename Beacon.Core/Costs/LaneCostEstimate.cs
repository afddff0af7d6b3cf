namespace Beacon.Core.Costs;

public sealed record LaneCostEstimate(
    string Model,
    string Region,
    string Served,
    int Executions,
    double Seconds,
    long InputTokens,
    long OutputTokens,
    CostRate Rate,
    decimal Usd);
