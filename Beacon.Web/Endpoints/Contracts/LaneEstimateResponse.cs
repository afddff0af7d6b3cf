using Beacon.Core.Costs;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>
/// One lane of an estimate: who serves it now ("modal", "emulator", "openai:&lt;name&gt;", or "unconfigured" when nothing
/// would and its cells will fail), its rate and its share.
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
    decimal Usd)
{
    public static LaneEstimateResponse From(LaneCostEstimate l) => new(
        l.Model, l.Region, l.Served, l.Executions, l.Seconds, l.InputTokens, l.OutputTokens,
        l.Rate.UsdPerHour, l.Rate.UsdPerMillionInputTokens, l.Rate.UsdPerMillionOutputTokens, l.Usd);
}
