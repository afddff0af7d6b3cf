namespace Beacon.Core.Costs;

/// <summary>
/// One lane of an estimate: its cells, the seconds they are billed (calls plus one cold start) and their price at a
/// real endpoint, and how long a call and the warm-up take on the endpoint serving it now (the duration's basis).
/// </summary>
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
    double ColdStartSeconds,
    double RunSecondsPerCall,
    double RunColdStartSeconds);
