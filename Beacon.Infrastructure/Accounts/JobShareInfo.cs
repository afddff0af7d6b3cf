namespace Beacon.Infrastructure.Accounts;

/// <summary>A user a job is shared with.</summary>
public sealed record JobShareInfo(string UserId, string Email, DateTimeOffset SharedAt);
