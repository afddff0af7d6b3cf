namespace Beacon.Infrastructure.Data;

/// <summary>
/// A browser's signed-in session, kept on the server: the cookie carries only <see cref="Key"/>. Signing out deletes
/// the row, so a copy of the old cookie signs nobody in any more, in any web process.
/// </summary>
public sealed class SignInSession
{
    public string Key { get; set; } = "";
    public string? UserId { get; set; }
    public byte[] Ticket { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}
