namespace Beacon.Core.Costs;

/// <summary>One lane of an estimate: its cells, the seconds they are billed (calls plus one cold start) and their price.</summary>
public sealed record LaneCostEstimate(
    string Model,
    string Region,
    string Served,
    int Executions,
    double Seconds,
    long InputTokens,
    long OutputTokens,
    CostRate Rate,
    decimal Usd,
    double SecondsPerCall,
    double ColdStartSeconds);
