namespace Beacon.Infrastructure.Accounts;

/// <summary>A token just created: <see cref="Token"/> is shown this once and stored only as a hash.</summary>
public sealed record CreatedAccessToken(AccessTokenInfo Info, string Token);
