namespace Beacon.Core.Costs;

/// <summary>
/// How one (model, region) lane is priced and what the estimate assumes about it. <paramref name="Served"/> says which
/// endpoint serves it ("modal", "emulator", "openai:&lt;name&gt;"); <paramref name="Rate"/> is the price a real run
/// pays, also for a lane the emulator serves today.
/// </summary>
public sealed record LaneCostProfile(
    CostRate Rate,
    double SecondsPerCall,
    double ColdStartSeconds,
    int OutputTokensPerCall,
    string Served);
