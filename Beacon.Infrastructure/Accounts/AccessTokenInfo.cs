namespace Beacon.Infrastructure.Accounts;

/// <summary>A personal access token as listed to its owner: never the token itself, which is shown only when created.</summary>
public sealed record AccessTokenInfo(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
