namespace Beacon.Infrastructure.Inference;

/// <summary>
/// The region-pinning price multiplier a region's GPU rate uses, and where it comes from: a configured override
/// (Beacon:Costs:Regions:&lt;code&gt;:PinningMultiplier), the endpoint's model info (broad 1.5x or narrow 1.75x, as
/// deployed), or the deploy default (broad) while the endpoint has not reported it.
/// </summary>
public sealed record RegionPinning(decimal Multiplier, string Source, string? Pinning)
{
    public const string Configured = "configured";
    public const string Reported = "reported";
    public const string Assumed = "assumed";

    /// <summary>A Modal app deploys with broad pinning unless told otherwise (BEACON_PINNING).</summary>
    public const decimal DefaultMultiplier = 1.5m;

    public static RegionPinning Choose(decimal? configured, EndpointModelInfo? reported) =>
        configured is { } value ? new(value, Configured, reported?.Pinning)
        : reported?.PinningMultiplier is { } multiplier ? new(multiplier, Reported, reported.Pinning)
        : new(DefaultMultiplier, Assumed, null);

    public string Describe() => Source switch
    {
        Configured => $"{Multiplier:0.##}x configured" + (Pinning is null ? "" : $" (endpoint: {Pinning})"),
        Reported => $"{Pinning ?? "?"} pinning, {Multiplier:0.##}x",
        _ => $"{Multiplier:0.##}x assumed (broad; not reported yet)",
    };
}
