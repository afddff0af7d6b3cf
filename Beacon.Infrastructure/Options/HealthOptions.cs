using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

public sealed class HealthOptions
{
    public const string SectionName = "Beacon:Health";

    /// <summary>How often each region's health URL is checked. Health informs the dashboard; it never gates traffic.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
