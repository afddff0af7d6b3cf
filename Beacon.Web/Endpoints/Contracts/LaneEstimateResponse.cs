using Beacon.Core.Costs;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>
/// One lane of an estimate: who serves it now ("modal", "emulator", "openai:&lt;name&gt;", or "unconfigured" when nothing
/// would and its cells will fail), its rate and its share, and how long a call and the warm-up take where it runs now
/// (the emulator's configured latency for an emulated lane; the duration is computed from these).
/// </summary>
public sealed record LaneEstimateResponse(
    string Model,
    string Region,
    string Served,
    int Executions,
    double Seconds,
    long InputTokens,
    long OutputTokens,
    decimal UsdPerHour,
    decimal UsdPerMillionInputTokens,
    decimal UsdPerMillionOutputTokens,
    decimal Usd,
    double RunSecondsPerCall,
    double RunColdStartSeconds)
{
    public static LaneEstimateResponse From(LaneCostEstimate l) => new(
        l.Model, l.Region, l.Served, l.Executions, l.Seconds, l.InputTokens, l.OutputTokens,
        l.Rate.UsdPerHour, l.Rate.UsdPerMillionInputTokens, l.Rate.UsdPerMillionOutputTokens, l.Usd,
        l.RunSecondsPerCall, l.RunColdStartSeconds);
}
