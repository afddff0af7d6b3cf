namespace Beacon.Web.Endpoints.Contracts;

public sealed record CreateUserRequest(string Email, string Password, string Role);
