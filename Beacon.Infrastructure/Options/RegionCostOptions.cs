namespace Beacon.Infrastructure.Options;

/// <summary><c>Beacon:Costs:Regions:&lt;code&gt;</c>: what an hour of the region's GPU costs.</summary>
public sealed class RegionCostOptions
{
    /// <summary>The GPU's list price per hour (a T4: about $0.59).</summary>
    public decimal UsdPerHour { get; set; } = 0.59m;

    /// <summary>
    /// Override of the region-pinning multiplier. Unset (the default): the multiplier of the pinning the endpoint reports
    /// in its model info (broad 1.5x, narrow 1.75x), or 1.5x until it has reported.
    /// </summary>
    public decimal? PinningMultiplier { get; set; }
}
