namespace Beacon.Core.Costs;

/// <summary>
/// What calls to one endpoint cost: per hour of call time (a GPU you rent), per million tokens (a hosted API), or
/// nothing (the emulator). Both parts are added, so a rate is usually one or the other.
/// </summary>
public sealed record CostRate(decimal UsdPerHour, decimal UsdPerMillionInputTokens = 0m, decimal UsdPerMillionOutputTokens = 0m)
{
    public static CostRate Free { get; } = new(0m);

    public bool IsPerToken => UsdPerMillionInputTokens > 0 || UsdPerMillionOutputTokens > 0;

    public decimal UsdFor(double seconds, long inputTokens, long outputTokens) =>
        UsdPerHour * (decimal)Math.Max(seconds, 0) / 3600m
        + UsdPerMillionInputTokens * Math.Max(inputTokens, 0) / 1_000_000m
        + UsdPerMillionOutputTokens * Math.Max(outputTokens, 0) / 1_000_000m;
}
