using System.ComponentModel.DataAnnotations;

namespace Beacon.Web.Security;

/// <summary>Fixed-window limits: sign-in attempts per client IP address, job submissions per user.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Beacon:RateLimits";

    [Range(1, 1_000_000)]
    public int SignInPermitLimit { get; set; } = 10;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 1_000_000)]
    public int SubmissionPermitLimit { get; set; } = 30;

    public TimeSpan SubmissionWindow { get; set; } = TimeSpan.FromMinutes(1);
}
