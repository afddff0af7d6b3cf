using Beacon.Infrastructure.Accounts;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record UserResponse(string Id, string Email, string Role, bool Disabled, DateTimeOffset? LockedOutUntil, DateTimeOffset CreatedAt)
{
    public static UserResponse From(UserSummary u) => new(u.Id, u.Email, u.Role, u.Disabled, u.LockedOutUntil, u.CreatedAt);
}
