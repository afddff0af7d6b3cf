namespace Beacon.Infrastructure.Data;

/// <summary>A job its owner (or an administrator) shared with another user, who may then see and act on it.</summary>
public sealed class JobShare
{
    public Guid JobId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
