namespace Beacon.Infrastructure.Accounts;

/// <summary>Who is looking: the signed-in user's id and whether they are an administrator. See <see cref="JobAccess"/>.</summary>
public sealed record Viewer(string UserId, bool IsAdministrator);
