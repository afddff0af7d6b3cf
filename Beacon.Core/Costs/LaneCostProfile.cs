namespace Beacon.Core.Costs;

/// <summary>
/// How one (model, region) lane is priced and what the estimate assumes about it. <paramref name="Served"/> says which
/// endpoint serves it ("modal", "emulator", "openai:&lt;name&gt;"); <paramref name="Rate"/> is the price a real run
/// pays, also for a lane the emulator serves today. Lanes with the same <paramref name="ConcurrencyGroup"/> (a region's
/// endpoint, or one OpenAI-compatible server) share its <paramref name="Concurrency"/> calls in flight; null means the
/// lane's region.
/// </summary>
public sealed record LaneCostProfile(
    CostRate Rate,
    double SecondsPerCall,
    double ColdStartSeconds,
    int OutputTokensPerCall,
    string Served,
    int Concurrency = 4,
    string? ConcurrencyGroup = null);
