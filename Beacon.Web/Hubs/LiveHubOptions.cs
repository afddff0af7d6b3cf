using System.ComponentModel.DataAnnotations;

namespace Beacon.Web.Hubs;

/// <summary>Settings of the live-updates hub (/hubs/jobs).</summary>
public sealed class LiveHubOptions
{
    public const string SectionName = "Beacon:Hub";

    /// <summary>How often every subscription is checked again against current access (shares, roles, disabled users).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AccessRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
