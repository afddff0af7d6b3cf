namespace Beacon.Web.Endpoints.Contracts;

public sealed record ResetPasswordRequest(string Password);
