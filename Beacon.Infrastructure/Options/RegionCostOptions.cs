namespace Beacon.Infrastructure.Options;

/// <summary><c>Beacon:Costs:Regions:&lt;code&gt;</c>: what an hour of the region's GPU costs.</summary>
public sealed class RegionCostOptions
{
    /// <summary>The GPU's list price per hour (a T4: about $0.59).</summary>
    public decimal UsdPerHour { get; set; } = 0.59m;

    /// <summary>Pinning a container to a region costs 1.5x-1.75x the list price; the low end by default.</summary>
    public decimal PinningMultiplier { get; set; } = 1.5m;

    public decimal EffectiveUsdPerHour => UsdPerHour * PinningMultiplier;
}
