namespace Beacon.Web.Endpoints.Contracts;

public sealed record ShareRequest(string Email);
