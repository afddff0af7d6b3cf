namespace Beacon.Core.Jobs;

/// <summary>
/// What <see cref="JobEstimate"/> assumes, from the old system's measurements (BEACON.md). Warm calls took 2-40 s;
/// 8 s is a typical short answer of the small models. Cold starts took 30-60 s (Mistral 150-160 s, the APAC GPU
/// queue up to ~480 s), so real jobs can take much longer than estimated.
/// </summary>
public sealed record JobEstimateAssumptions
{
    /// <summary>Mean duration of one warm call.</summary>
    public TimeSpan WarmCall { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>One cold start per region before its first answer (the lanes of a region warm up side by side).</summary>
    public TimeSpan ColdStart { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Calls in flight per region at once (the default per-region limit of a worker).</summary>
    public int ConcurrencyPerRegion { get; init; } = 4;

    /// <summary>A T4 GPU's price per hour.</summary>
    public decimal GpuDollarsPerHour { get; init; } = 0.59m;

    /// <summary>A container is kept warm this long after its last call (the deployment's idle timeout).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Pinning a region costs 1.5x-1.75x the list price; every Beacon region is pinned.</summary>
    public decimal RegionPinningLow { get; init; } = 1.5m;

    public decimal RegionPinningHigh { get; init; } = 1.75m;

    public static JobEstimateAssumptions Default { get; } = new();
}
