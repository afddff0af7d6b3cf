using Beacon.Infrastructure.Accounts;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>A personal access token as listed: its prefix, never the token.</summary>
public sealed record TokenResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenResponse From(AccessTokenInfo t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt);
}
