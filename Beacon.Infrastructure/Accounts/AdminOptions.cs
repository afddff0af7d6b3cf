using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Accounts;

/// <summary>
/// The first administrator, created at start-up when the database has none. Without a password a random one is
/// generated and printed once to the console. Set the password through configuration (environment, user secrets),
/// never in a committed file.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Beacon:Admin";

    [Required, EmailAddress]
    public string Email { get; set; } = "admin@beacon.local";

    public string? Password { get; set; }
}
