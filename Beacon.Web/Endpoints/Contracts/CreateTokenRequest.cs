namespace Beacon.Web.Endpoints.Contracts;

public sealed record CreateTokenRequest(string? Name);
