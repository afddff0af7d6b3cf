using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

/// <summary>
/// Prices and the assumptions of the pre-submission estimate (docs/costs.md). A region missing from
/// <see cref="Regions"/> uses <see cref="RegionCostOptions"/>' defaults: a T4 at $0.59/h with a 1.5x region-pinning
/// multiplier.
/// </summary>
public sealed class CostOptions
{
    public const string SectionName = "Beacon:Costs";

    public Dictionary<string, RegionCostOptions> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-model overrides of the estimate's assumptions.</summary>
    public Dictionary<string, ModelCostOptions> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Observed on T4s: Mistral's cold start took 150-160 s, the small models' 30-60 s.
        ["mistral-7b"] = new ModelCostOptions { ColdStartSeconds = 155 },
    };

    /// <summary>Assumed call time of a warm endpoint (observed 2-40 s at 500 max tokens).</summary>
    [Range(0.0, 3600.0)]
    public double SecondsPerCall { get; set; } = 15;

    /// <summary>Assumed cold start per (model, region) lane (observed 30-60 s).</summary>
    [Range(0.0, 3600.0)]
    public double ColdStartSeconds { get; set; } = 45;

    /// <summary>Assumed generated tokens per call, for per-token prices (capped by the job's max tokens).</summary>
    [Range(0, 100_000)]
    public int OutputTokensPerCall { get; set; } = 250;
}
