namespace Beacon.Infrastructure.Data;

/// <summary>
/// An API token for scripts. Only the SHA-256 hash of the token is stored; the token itself is shown once, when it
/// is created. <see cref="Prefix"/> (the first characters) lets its owner recognise it in a list.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public byte[] Hash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
