namespace Beacon.Web.Endpoints.Contracts;

public sealed record ChangeRoleRequest(string Role);
