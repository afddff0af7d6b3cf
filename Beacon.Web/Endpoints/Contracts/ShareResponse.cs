using Beacon.Infrastructure.Accounts;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record ShareResponse(string UserId, string Email, DateTimeOffset SharedAt)
{
    public static ShareResponse From(JobShareInfo s) => new(s.UserId, s.Email, s.SharedAt);
}
