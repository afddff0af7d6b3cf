namespace Beacon.Infrastructure.Accounts;

/// <summary>Who a valid personal access token belongs to.</summary>
public sealed record TokenUser(string UserId, string Email, IReadOnlyList<string> Roles);
