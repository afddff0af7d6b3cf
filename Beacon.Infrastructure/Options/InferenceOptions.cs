using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

/// <summary>
/// Timeouts nest: one HTTP attempt &lt; one cell (all attempts and 303 polls) &lt; warm-up allowance.
/// Attempts are sized for cold starts (minutes), not for the 10 s default.
/// </summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Beacon:Inference";

    [Range(typeof(TimeSpan), "00:00:00.1", "00:30:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(3);

    [Range(typeof(TimeSpan), "00:00:02", "02:00:00")]
    public TimeSpan CellTimeout { get; set; } = TimeSpan.FromMinutes(12);

    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan WarmupTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries after the first try for transient faults (network, 408, 429, 5xx); at least 1.</summary>
    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Failed attempts in a row that open a region's circuit breaker: a dead region is detected within this many calls,
    /// whatever it served before. Scattered faults (a few percent of 503s) do not line up this long.
    /// </summary>
    [Range(2, 10_000)]
    public int CircuitBreakerFailureThreshold { get; set; } = 10;

    /// <summary>How long an open breaker fails calls at once before it lets one probe through.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
