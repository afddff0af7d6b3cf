namespace Beacon.Web.Endpoints.Contracts;

public sealed record ActionResponse(int Executions, string Message);
