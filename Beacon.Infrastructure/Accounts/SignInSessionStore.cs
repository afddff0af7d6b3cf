using System.Security.Claims;
using System.Security.Cryptography;
using Beacon.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Accounts;

/// <summary>
/// Server-side sessions for the sign-in cookie (ASP.NET Core's <see cref="ITicketStore"/>), in PostgreSQL so that every
/// web process sees the same sessions. Sign-out removes the session: the old cookie is then worthless at once.
/// </summary>
public sealed class SignInSessionStore(IDbContextFactory<BeaconDbContext> dbFactory, TimeProvider time) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = time.GetUtcNow();
        // Expired sessions go when new ones come: no timer needed, and the table stays small.
        await db.SignInSessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync();
        db.SignInSessions.Add(new SignInSession
        {
            Key = key,
            UserId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier),
            Ticket = TicketSerializer.Default.Serialize(ticket),
            CreatedAt = now,
            ExpiresAt = ticket.Properties.ExpiresUtc,
        });
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var bytes = TicketSerializer.Default.Serialize(ticket);
        var expires = ticket.Properties.ExpiresUtc;
        await db.SignInSessions.Where(s => s.Key == key)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Ticket, bytes).SetProperty(s => s.ExpiresAt, expires));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var session = await db.SignInSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key);
        if (session is null || session.ExpiresAt < time.GetUtcNow())
        {
            return null;
        }
        return TicketSerializer.Default.Deserialize(session.Ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.SignInSessions.Where(s => s.Key == key).ExecuteDeleteAsync();
    }

    /// <summary>Ends every session of a user (disabled, password reset).</summary>
    public async Task RemoveAllAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SignInSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }
}
