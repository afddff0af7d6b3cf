namespace Beacon.Web.Endpoints.Contracts;

public sealed record AccountResponse(string Id, string Email, IReadOnlyList<string> Roles);
