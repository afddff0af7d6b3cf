namespace Beacon.Infrastructure.Accounts;

/// <summary>A user as the administrators' list shows them.</summary>
public sealed record UserSummary(string Id, string Email, string Role, bool Disabled, DateTimeOffset? LockedOutUntil, DateTimeOffset CreatedAt);
