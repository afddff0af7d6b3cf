using Microsoft.AspNetCore.Identity;

namespace Beacon.Infrastructure.Data;

/// <summary>A person who signs in. The email is the user name.</summary>
public sealed class BeaconUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }
}
