namespace Beacon.Core.Costs;

/// <summary>
/// How one (model, region) lane is priced and what the estimate assumes about it. <paramref name="Served"/> says which
/// endpoint serves it ("modal", "emulator", "openai:&lt;name&gt;"); <paramref name="Rate"/>, <paramref name="SecondsPerCall"/>
/// and <paramref name="ColdStartSeconds"/> are what a real run pays and takes, also for a lane the emulator serves today.
/// <paramref name="RunSecondsPerCall"/> and <paramref name="RunColdStartSeconds"/> are how long a call and the lane's
/// warm-up take on the endpoint serving it now when that differs (the emulator's configured latency); the duration
/// uses them. Lanes with the same <paramref name="ConcurrencyGroup"/> (a region's endpoint, or one OpenAI-compatible
/// server) share its <paramref name="Concurrency"/> calls in flight; null means the lane's region.
/// </summary>
public sealed record LaneCostProfile(
    CostRate Rate,
    double SecondsPerCall,
    double ColdStartSeconds,
    int OutputTokensPerCall,
    string Served,
    int Concurrency = 4,
    string? ConcurrencyGroup = null,
    double? RunSecondsPerCall = null,
    double? RunColdStartSeconds = null);
