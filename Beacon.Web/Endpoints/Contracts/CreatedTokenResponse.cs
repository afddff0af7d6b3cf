using Beacon.Infrastructure.Accounts;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>A token just created. <see cref="Token"/> is shown only in this answer: store it now.</summary>
public sealed record CreatedTokenResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, string Token)
{
    public static CreatedTokenResponse From(CreatedAccessToken t) => new(t.Info.Id, t.Info.Name, t.Info.Prefix, t.Info.CreatedAt, t.Token);
}
