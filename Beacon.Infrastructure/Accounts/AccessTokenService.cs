using System.Security.Cryptography;
using System.Text;
using Beacon.Infrastructure.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Accounts;

/// <summary>
/// Personal access tokens for scripts: "bcn_" + 32 random bytes (base64url). Only the SHA-256 hash is stored (the
/// token has 256 bits of entropy, so a fast hash is enough); the token is returned once, at creation.
/// </summary>
public sealed class AccessTokenService(IDbContextFactory<BeaconDbContext> dbFactory, TimeProvider time)
{
    public const string TokenPrefix = "bcn_";
    public const int MaxNameLength = 100;
    private const int PrefixLength = 12;

    /// <summary>Last-used times are written at most this often per token, so a busy script does not write on every call.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedAccessToken> CreateAsync(string userId, string name, CancellationToken cancellationToken)
    {
        var token = TokenPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var row = new PersonalAccessToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim()[..Math.Min(name.Trim().Length, MaxNameLength)],
            Prefix = token[..PrefixLength],
            Hash = Hash(token),
            CreatedAt = time.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AccessTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessToken(Info(row), token);
    }

    public async Task<IReadOnlyList<AccessTokenInfo>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        return rows.Select(Info).ToList();
    }

    /// <summary>Revokes one of the user's own tokens; false when the user has no such token (or it was already revoked).</summary>
    public async Task<bool> RevokeAsync(string userId, Guid tokenId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await db.AccessTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken) > 0;
    }

    /// <summary>Revokes every token of a user (a disabled account's scripts stop at once).</summary>
    public async Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await db.AccessTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    /// <summary>The user a token belongs to, or null when it is unknown, revoked, or its user is disabled or locked out.</summary>
    public async Task<TokenUser?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }
        var hash = Hash(token);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.AccessTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { TokenId = t.Id, t.LastUsedAt, UserId = u.Id, u.Email, u.LockoutEnd })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || found.LockoutEnd > now)
        {
            return null;
        }
        var roles = await db.UserRoles.Where(ur => ur.UserId == found.UserId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(cancellationToken);
        if (found.LastUsedAt is null || now - found.LastUsedAt > LastUsedResolution)
        {
            await db.AccessTokens.Where(t => t.Id == found.TokenId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }
        return new TokenUser(found.UserId, found.Email ?? "", roles);
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static AccessTokenInfo Info(PersonalAccessToken t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt);
}
